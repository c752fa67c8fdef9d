namespace UnionWeChat.Functions.Notices;

/// <summary>
/// The hook through which a notice reaches a poll's audience. The Polls feature implements it; without an
/// implementation a notice to a poll's audience is refused as invalid.
/// </summary>
public interface IPollAudience
{
    Task<bool> ExistsAsync(string pollId, CancellationToken ct);

    IAsyncEnumerable<string> OpenIdsAsync(string pollId, CancellationToken ct);

    /// <summary>Polls staff may address a notice to, newest first: the console's choice of poll.</summary>
    Task<IReadOnlyList<PollChoice>> ChoicesAsync(CancellationToken ct);
}

/// <summary>A poll as the notice form offers it.</summary>
public sealed record PollChoice(string Id, string Title);
