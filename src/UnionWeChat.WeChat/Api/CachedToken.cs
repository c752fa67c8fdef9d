namespace UnionWeChat.WeChat.Api;

/// <summary>An access token as kept in the shared store. <see cref="Value"/> is a secret: never log it.</summary>
/// <param name="Value">The access_token WeChat issued.</param>
/// <param name="ExpiresAt">When WeChat stops accepting it (fetch time + expires_in).</param>
/// <param name="FetchedAt">When it was fetched.</param>
public sealed record CachedToken(string Value, DateTimeOffset ExpiresAt, DateTimeOffset FetchedAt)
{
    /// <summary>
    /// Whether the token can still be handed out at <paramref name="now"/> without renewing: until
    /// <paramref name="margin"/> before expiry, but never less than half its lifetime, so a token that
    /// arrives already inside the margin (WeChat rotates 5 min early) does not trigger a fetch loop.
    /// </summary>
    public bool IsFreshAt(DateTimeOffset now, TimeSpan margin)
    {
        var halfLife = FetchedAt + ((ExpiresAt - FetchedAt) / 2);
        var renewAt = ExpiresAt - margin;
        if (renewAt < halfLife)
        {
            renewAt = halfLife;
        }

        return now < renewAt && now < ExpiresAt;
    }

    /// <summary>Keeps the token value out of logs and exception messages.</summary>
    public override string ToString() => $"CachedToken {{ ExpiresAt = {ExpiresAt:O}, FetchedAt = {FetchedAt:O} }}";
}
