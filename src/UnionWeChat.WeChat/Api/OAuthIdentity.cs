namespace UnionWeChat.WeChat.Api;

/// <summary>Who opened the page, from an OAuth2 code exchange (<c>/sns/oauth2/access_token</c>).</summary>
/// <param name="OpenId">The user's openid for this account (present even for non-followers).</param>
/// <param name="Scope">The scope granted, e.g. snsapi_base.</param>
public sealed record OAuthIdentity(string OpenId, string Scope);
