namespace UnionWeChat.Functions.Conversation;

/// <summary>
/// Something a worker can ask for by typing one of <see cref="Words"/> (optionally followed by an argument, e.g.
/// "查询 TS-20261121-0042") or by tapping the menu item with <see cref="MenuKey"/>.
/// </summary>
public sealed record ChatCommand(string Name, IReadOnlyList<string> Words, string? MenuKey, string Help);
