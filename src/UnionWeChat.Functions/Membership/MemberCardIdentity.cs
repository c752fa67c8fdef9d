using Microsoft.AspNetCore.DataProtection;
using UnionWeChat.Functions.Platform.Web;

namespace UnionWeChat.Functions.Membership;

/// <summary>Who opened the member card page (<see cref="WeChatPageIdentity"/> for <c>/api/member</c>).</summary>
public sealed class MemberCardIdentity(IDataProtectionProvider protection, MembershipOptions options, TimeProvider time)
    : WeChatPageIdentity(protection, time, new PageArea(CardEndpoints.Root, CookieName, "UnionWeChat.Membership.Card.v1", options.CardCookieLifetime))
{
    public const string CookieName = "uwc_member";
}
