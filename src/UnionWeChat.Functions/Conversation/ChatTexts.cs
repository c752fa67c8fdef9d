namespace UnionWeChat.Functions.Conversation;

/// <summary>What the router itself says, in one place so the wording is easy to review.</summary>
public static class ChatTexts
{
    public const string Cancelled = "已取消，本次填写的内容没有保存。需要时可以随时重新开始。";
    public const string TimedOut = "您上次的填写因长时间未回复，已超时自动取消，内容没有保存。";
    public const string Nothing = "当前没有正在进行的填写。";
    public const string ConfirmWord = "是";

    public static string AskSwitch(string current, string next) =>
        $"您正在填写「{current}」，还没有完成。\n回复“{ConfirmWord}”放弃当前填写并开始「{next}」；\n回复其他内容继续当前填写。";
}
