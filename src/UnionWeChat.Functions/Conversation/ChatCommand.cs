namespace UnionWeChat.Functions.Conversation;

/// <summary>
/// Something a worker can ask for by typing one of <see cref="Words"/> (optionally followed by an argument, e.g.
/// "查询 TS-20261121-0042") or by tapping the menu item with <see cref="MenuKey"/>. <see cref="Help"/> says what it
/// does (the help list); <see cref="Title"/> names it where a dialog is named (「您正在填写…」), when that differs.
/// </summary>
public sealed record ChatCommand(string Name, IReadOnlyList<string> Words, string? MenuKey, string Help, string? Title = null)
{
    /// <summary>The name a worker reads for it: the title, else the help.</summary>
    public string Heading => Title ?? Help;
}
