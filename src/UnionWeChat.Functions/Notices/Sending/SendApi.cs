namespace UnionWeChat.Functions.Notices;

/// <summary>The WeChat send APIs that each have their own daily quota.</summary>
public enum SendApi
{
    Template,
    Custom,
    Mass,
}
