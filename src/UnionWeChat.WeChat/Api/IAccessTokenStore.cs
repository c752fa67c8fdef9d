namespace UnionWeChat.WeChat.Api;

/// <summary>
/// The access-token cache every instance shares (the app implements it on Table Storage).
/// WeChat keeps one valid stable token per account, so instances must share it rather than each fetching their own.
/// </summary>
public interface IAccessTokenStore
{
    /// <summary>The stored token, or null when none has been saved.</summary>
    Task<CachedToken?> GetAsync(CancellationToken cancellationToken);

    /// <summary>Stores <paramref name="token"/> for every instance (last writer wins: all writers hold the same lease).</summary>
    Task SaveAsync(CachedToken token, CancellationToken cancellationToken);

    /// <summary>
    /// Takes the refresh lease for <paramref name="duration"/> if nobody else holds an unexpired one (re-entrant for the same owner).
    /// Must be atomic across instances (e.g. insert-if-absent or an ETag-guarded update).
    /// </summary>
    Task<bool> TryAcquireRefreshLeaseAsync(string owner, TimeSpan duration, CancellationToken cancellationToken);

    /// <summary>Gives the lease back early; does nothing if <paramref name="owner"/> no longer holds it.</summary>
    Task ReleaseRefreshLeaseAsync(string owner, CancellationToken cancellationToken);
}
