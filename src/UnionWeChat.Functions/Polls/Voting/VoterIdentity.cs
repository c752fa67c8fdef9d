using Microsoft.AspNetCore.DataProtection;
using UnionWeChat.Functions.Platform.Web;

namespace UnionWeChat.Functions.Polls;

/// <summary>Who is voting on the page (<see cref="WeChatPageIdentity"/> for <c>/api/vote</c>).</summary>
public sealed class VoterIdentity(IDataProtectionProvider protection, PollsOptions options, TimeProvider time)
    : WeChatPageIdentity(protection, time, new PageArea(VoteEndpoints.Root, CookieName, "UnionWeChat.Polls.Voter.v1", options.VoterCookieLifetime))
{
    public const string CookieName = "uwc_voter";
}
