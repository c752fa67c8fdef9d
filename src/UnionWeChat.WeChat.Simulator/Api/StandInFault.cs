namespace UnionWeChat.WeChat.Simulator;

/// <summary>What an injected fault does to a request.</summary>
public enum StandInFaultKind
{
    /// <summary>Answered at once with <c>{"errcode":Code}</c>; nothing is sent.</summary>
    ErrCode,

    /// <summary>Answered at once with HTTP <c>Code</c> and an empty body; nothing is sent.</summary>
    HttpStatus,

    /// <summary>
    /// Held before it is handled until the caller gives up (or the hold ends, then HTTP 504): a timeout in which
    /// the request never reached the API, so nothing is sent.
    /// </summary>
    NeverReached,

    /// <summary>
    /// Handled (a send is recorded) and its answer held until the caller gives up (or the hold ends): a timeout
    /// in which the request took effect but the answer was lost.
    /// </summary>
    AnswerLost,
}

/// <summary>One fault the stand-in can inject; <see cref="WeChatApiStandIn.FailRandomly(double, IReadOnlyList{StandInFault}, int, TimeSpan?)"/> draws from a list of them.</summary>
public sealed record StandInFault(StandInFaultKind Kind, int Code = 0)
{
    /// <summary>A timeout in which nothing reached the API.</summary>
    public static readonly StandInFault NeverReached = new(StandInFaultKind.NeverReached);

    /// <summary>A timeout after the API acted: delivered, answer lost.</summary>
    public static readonly StandInFault AnswerLost = new(StandInFaultKind.AnswerLost);

    /// <summary>An errcode answer (a randomly drawn 40001 also invalidates the issued tokens, as a real one means they are).</summary>
    public static StandInFault ErrCode(int errcode) => new(StandInFaultKind.ErrCode, errcode);

    /// <summary>An HTTP error status (e.g. 500, 502, 503) with an empty body.</summary>
    public static StandInFault HttpStatus(int status) => new(StandInFaultKind.HttpStatus, status);

    // Whether WeChat could answer this on the path: window codes come only from custom sends. A held answer
    // needs a JSON endpoint; media downloads stream theirs.
    internal bool AppliesTo(string path) => Kind switch
    {
        StandInFaultKind.ErrCode => Code is not (45015 or 45047) || path == "/cgi-bin/message/custom/send",
        StandInFaultKind.AnswerLost => path != "/cgi-bin/media/get",
        _ => true,
    };

    /// <summary>A short label for reports: <c>errcode 45009</c>, <c>HTTP 502</c>, <c>never reached</c>, <c>answer lost</c>.</summary>
    public override string ToString() => Kind switch
    {
        StandInFaultKind.ErrCode => $"errcode {Code}",
        StandInFaultKind.HttpStatus => $"HTTP {Code}",
        StandInFaultKind.NeverReached => "never reached",
        _ => "answer lost",
    };
}

/// <summary>A fault the stand-in injected, and on which path.</summary>
public sealed record InjectedFault(string Path, StandInFault Fault);
