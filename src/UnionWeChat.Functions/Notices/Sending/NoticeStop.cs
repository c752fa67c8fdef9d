namespace UnionWeChat.Functions.Notices;

/// <summary>Why a run stopped sending a notice before every recipient had an outcome.</summary>
public enum NoticeStop
{
    /// <summary>The run used its time (<see cref="NoticeOptions.MaxRunTime"/>); the next run continues.</summary>
    RunTimeUsed,
    /// <summary>Staff paused it.</summary>
    Paused,
    /// <summary>Staff cancelled it.</summary>
    Cancelled,
    /// <summary>The day's quota is used up (45009 or our own count): the rest waits for the next day.</summary>
    QuotaExhausted,
    /// <summary>WeChat refused the account's credentials or IP (40001/40164…): nothing can be sent until fixed.</summary>
    AccountProblem,
    /// <summary>WeChat refused the template or its data (40037, 47001, 47003): the notice is paused for staff.</summary>
    TemplateRejected,
    /// <summary>Another instance holds the notice's mass-send lease.</summary>
    Busy,
}
