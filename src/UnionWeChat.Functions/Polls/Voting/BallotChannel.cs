namespace UnionWeChat.Functions.Polls;

/// <summary>Where a ballot was cast: in the chat or on the vote page.</summary>
public enum BallotChannel
{
    Chat,
    Page,
}
