namespace UnionWeChat.Functions.Cases;

/// <summary>What a reply template's fields may use: <c>{number}</c>, <c>{text}</c>, <c>{time}</c>, <c>{status}</c>, <c>{kind}</c>.</summary>
public static class ReplyPlaceholders
{
    public static IReadOnlyCollection<string> All { get; } = ["number", "text", "time", "status", "kind"];
}
