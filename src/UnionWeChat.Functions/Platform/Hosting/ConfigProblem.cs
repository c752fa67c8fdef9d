namespace UnionWeChat.Functions.Platform.Hosting;

/// <summary>One configuration problem, named by its environment-variable key (e.g. <c>WeChat__EncodingAESKey</c>).</summary>
public sealed record ConfigProblem(string Key, string Message)
{
    public override string ToString() => $"{Key} {Message}";
}
