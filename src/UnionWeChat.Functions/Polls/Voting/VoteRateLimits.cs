using System.Threading.RateLimiting;
using Microsoft.AspNetCore.RateLimiting;
using UnionWeChat.Functions.Platform.Hosting;
using UnionWeChat.Functions.Platform.Web;

namespace UnionWeChat.Functions.Polls;

/// <summary>
/// Rate limits of the vote page, per instance (each instance counts its own requests): every request per source
/// address through the ASP.NET Core rate limiter (generous, so a factory's shared Wi-Fi is not locked out), and
/// ballot submissions per member, checked in the handler once the member is known.
/// </summary>
public sealed class VoteRateLimits : IDisposable
{
    public const string PagePolicy = "vote-page";
    public const string TooMany = "操作太频繁，请稍后再试。";

    private readonly PartitionedRateLimiter<string> _submissions;

    public VoteRateLimits(PollsOptions options) =>
        _submissions = PartitionedRateLimiter.Create<string, string>(openId => RateLimitPartition.GetSlidingWindowLimiter(openId, _ =>
            new SlidingWindowRateLimiterOptions
            {
                PermitLimit = options.SubmissionsPerMemberPerMinute,
                Window = TimeSpan.FromMinutes(1),
                SegmentsPerWindow = 6,
                QueueLimit = 0,
            }));

    /// <summary>True when the member may submit a ballot now.</summary>
    public bool TryAcquireSubmission(string openId)
    {
        using var lease = _submissions.AttemptAcquire(openId);
        return lease.IsAcquired;
    }

    public void Dispose() => _submissions.Dispose();

    /// <summary>The per-address policy for the <c>/api/vote</c> group; rejections are a 429 page, not the middleware's 503.</summary>
    public sealed class PagePolicyHandler(PollsOptions options) : IRateLimiterPolicy<string>
    {
        public Func<OnRejectedContext, CancellationToken, ValueTask>? OnRejected { get; } = async (context, ct) =>
        {
            context.HttpContext.Response.Headers.RetryAfter = "60";
            await VotePage.Message(null, TooMany, null, StatusCodes.Status429TooManyRequests).ExecuteAsync(context.HttpContext);
        };

        public RateLimitPartition<string> GetPartition(HttpContext httpContext) =>
            RateLimitPartition.GetFixedWindowLimiter(ClientAddress.Of(httpContext), _ => new FixedWindowRateLimiterOptions
            {
                PermitLimit = options.PageRequestsPerAddressPerMinute,
                Window = TimeSpan.FromMinutes(1),
                QueueLimit = 0,
            });
    }
}
