using System.Text.RegularExpressions;
using Microsoft.AspNetCore.Antiforgery;
using UnionWeChat.Functions.Members;
using UnionWeChat.Functions.Platform.Hosting;
using UnionWeChat.Functions.Platform.Web;
using UnionWeChat.WeChat.Api;

namespace UnionWeChat.Functions.Polls;

/// <summary>
/// <c>/api/vote/{pollId}</c>, the page linked from announcements. Anonymous at the Functions host: the member is
/// identified by WeChat OAuth2 snsapi_base (no cookie → WeChat's authorize page → back here with a code → openid
/// → signed cookie). GET shows the ballot, the receipt, or the results; POST casts the ballot (anti-forgery token
/// required) with one storage write, then redirects back (post/redirect/get).
/// https://developers.weixin.qq.com/doc/service/guide/h5/
/// </summary>
public static partial class VoteEndpoints
{
    public const string Root = "/api/vote";

    public static IEndpointRouteBuilder MapVotePage(this IEndpointRouteBuilder app)
    {
        var vote = app.MapGroup(Root).RequireRateLimiting(VoteRateLimits.PagePolicy).ExcludeFromDescription();
        vote.MapGet("/{pollId}", ShowAsync);
        vote.MapPost("/{pollId}", CastAsync);
        return app;
    }

    public static async Task<IResult> ShowAsync(
        string pollId, HttpContext context, VoterIdentity identity, WeChatApiClient api, PollStore polls, MemberStore members,
        BallotBox box, TallyReader tallies, IAntiforgery antiforgery, PollsOptions options, IHostEnvironment environment,
        TimeProvider time, CancellationToken ct)
    {
        if (!PollStore.IsPollId(pollId))
        {
            return NoSuchPoll();
        }
        if (await identity.SignInStepAsync(context, api, options.PublicBaseUrl, $"{Root}/{pollId}", environment.IsDevelopment(), Expired, ct) is { } step)
        {
            return step;
        }
        var query = context.Request.Query;
        var openId = identity.OpenIdFrom(context.Request)!;

        var poll = await polls.GetForVotingAsync(pollId, ct);
        if (poll is null || poll.Status is PollStatus.AwaitingApproval or PollStatus.Cancelled)
        {
            return NoSuchPoll();
        }
        var now = time.GetUtcNow();
        var tally = poll.ResultsVisibleAt(now) ? await tallies.GetAsync(poll, ct) : null;
        if (await box.ReceiptIfVotedAsync(poll, openId, ct) is { } receipt)
        {
            return VotePage.Voted(poll, receipt, justNow: query["done"] == "1", tally);
        }
        if (!poll.AcceptsBallotsAt(now))
        {
            return VotePage.Message(poll, poll.HasEndedAt(now) ? PollTexts.Closed : PollTexts.NotOpen, tally);
        }
        if (!poll.Audience.Includes(await members.GetRecentAsync(openId, ct)))
        {
            return VotePage.Message(poll, PollTexts.NotAMember, tally, StatusCodes.Status403Forbidden);
        }
        return VotePage.Ballot(poll, antiforgery.GetAndStoreTokens(context), error: null, tally);
    }

    public static async Task<IResult> CastAsync(
        string pollId, HttpContext context, VoterIdentity identity, PollStore polls, MemberStore members, BallotBox box,
        TallyReader tallies, VoteSignals signals, VoteRateLimits limits, IAntiforgery antiforgery, TimeProvider time,
        CancellationToken ct)
    {
        if (!PollStore.IsPollId(pollId))
        {
            return NoSuchPoll();
        }
        var post = await identity.CheckPostAsync(context, antiforgery, limits.TryAcquireSubmission);
        if (post.Refusal != PagePostRefusal.None)
        {
            return VotePage.Message(null, post.Refusal switch
            {
                PagePostRefusal.NotAForm => "请在投票页面上选择后提交。",
                PagePostRefusal.Expired => "页面已过期，请刷新页面后重新提交。",
                PagePostRefusal.SignedOut => "请从公众号里的链接重新打开投票页面。",
                _ => VoteRateLimits.TooMany,
            }, null, post.Status);
        }
        var openId = post.OpenId!;
        var poll = await polls.GetForVotingAsync(pollId, ct);
        if (poll is null || poll.Status is PollStatus.AwaitingApproval or PollStatus.Cancelled)
        {
            return NoSuchPoll();
        }

        var form = await context.Request.ReadFormAsync(ct);
        var choice = ChoiceParser.FromValues(form["choice"].ToArray(), poll.Options.Count, poll.MaxChoices);
        var now = time.GetUtcNow();
        if (!choice.Ok)
        {
            var tally = poll.ResultsVisibleAt(now) ? await tallies.GetAsync(poll, ct) : null;
            return VotePage.Ballot(poll, antiforgery.GetAndStoreTokens(context), choice.Error, tally, StatusCodes.Status400BadRequest);
        }

        // One storage write: the ballot. The member and the poll are reads, both usually kept from the ballot page's
        // (a member who unfollowed in the last two minutes may still vote); the signal is counted in memory and
        // written later, off this path.
        var member = await members.GetRecentAsync(openId, ct);
        var outcome = await box.CastAsync(poll, member, openId, choice.Choices, BallotChannel.Page, Guid.NewGuid().ToString("N"), ct);
        if (outcome.Result is BallotResult.Accepted or BallotResult.AlreadyVoted)
        {
            signals.Note(poll.Id, ClientAddress.Of(context), outcome.Result == BallotResult.Accepted);
        }
        switch (outcome.Result)
        {
            case BallotResult.Accepted:
                return Results.Redirect($"/api/vote/{poll.Id}?done=1", permanent: false, preserveMethod: false);
            case BallotResult.AlreadyVoted:
                var tally = poll.ResultsVisibleAt(now) ? await tallies.GetAsync(poll, ct) : null;
                return VotePage.Voted(poll, outcome.Receipt!, justNow: false, tally, StatusCodes.Status409Conflict);
            default:
                return VotePage.Message(poll, PollChatFeature.Say(outcome), null, StatusCodes.Status403Forbidden);
        }
    }

    private static HtmlPage NoSuchPoll() => VotePage.Message(null, "没有找到这项投票，请确认链接是否完整。", null, StatusCodes.Status404NotFound);

    private static HtmlPage Expired() =>
        VotePage.Message(null, "登录已失效，请从公众号里的链接重新打开投票页面。", null, StatusCodes.Status400BadRequest);

}
