namespace UnionWeChat.Functions.Answers;

/// <summary>A keyword answer (FAQ): any keyword found in a worker's text brings this answer.</summary>
public sealed record Answer(string Id, IReadOnlyList<string> Keywords, string Text, int Order);
