using UnionWeChat.Functions.Notices;
using UnionWeChat.Functions.Polls;

namespace UnionWeChat.Functions.Surveys;

/// <summary>
/// A survey's announcement: a notice (群发) to the survey's audience under an id fixed by the survey
/// (<c>survey_{id}_open</c>), sent from its opening time. It is a notice like any other: one to every follower waits
/// for an admin's approval in 通知, as every mass send to everyone does; one to tags or registered members is scheduled.
/// Creating it twice leaves the first standing.
/// </summary>
public sealed class SurveyAnnouncements(NoticeStore notices, NoticeOptions options, SurveyLinks links, TimeProvider time)
{
    public static string NoticeIdFor(string surveyId) => NoticeKeys.DerivedId("survey", surveyId, "open");

    public async Task<Notice?> EnsureAsync(Survey survey, string staff, CancellationToken ct)
    {
        if (!survey.Announce || survey.Status != SurveyStatus.Published)
        {
            return null;
        }
        var now = time.GetUtcNow();
        var notice = new Notice
        {
            Id = NoticeIdFor(survey.Id),
            Title = "【问卷】" + survey.Title,
            Body = SurveyTexts.Announcement(survey, links.PageFor(survey.Id)),
            Audience = AudienceOf(survey.Audience),
            Channel = NoticeChannel.Mass,
            SendAt = survey.OpensAt > now ? survey.OpensAt : now,
            CreatedBy = staff,
            CreatedAt = now,
            Buckets = options.Buckets,
        };
        notice = notice with { Status = notice.NeedsApproval ? NoticeStatus.AwaitingApproval : NoticeStatus.Scheduled };
        return (await notices.CreateIfAbsentAsync(notice, ct)).Notice;
    }

    public Task<Notice?> GetAsync(Survey survey, CancellationToken ct) => notices.GetAsync(NoticeIdFor(survey.Id), ct);

    private static NoticeAudience AudienceOf(PollAudience audience) => audience.Kind switch
    {
        AudienceKind.Tags => NoticeAudience.WithTags([.. audience.Tags]),
        AudienceKind.Registered => new NoticeAudience(AudienceKind.Registered, [], [], null),
        _ => NoticeAudience.Everyone,
    };
}

/// <summary>The survey page's address as sent in notices and the chat; the public address every member page uses (<c>Polls__PublicBaseUrl</c>).</summary>
public sealed class SurveyLinks(PollsOptions polls)
{
    public const string Root = "/api/survey";

    public string? PageFor(string surveyId) =>
        string.IsNullOrEmpty(polls.PublicBaseUrl) ? null : polls.PublicBaseUrl.TrimEnd('/') + Root + "/" + surveyId;

    public string? PublicBaseUrl => polls.PublicBaseUrl;
}
