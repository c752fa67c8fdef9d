using System.Net;
using UnionWeChat.Functions.Members;
using UnionWeChat.Functions.Tests.Membership;
using UnionWeChat.Functions.Tests.Polls;
using UnionWeChat.Testing;

namespace UnionWeChat.Functions.Tests.Surveys;

/// <summary>The survey page (<c>/api/survey/{id}</c>) as a member uses it, opened from WeChat.</summary>
public sealed class SurveyPageTests(AzuriteFixture azurite) : IClassFixture<AzuriteFixture>
{
    [Fact]
    public async Task A_member_answers_every_kind_sees_their_answers_again_and_a_changed_response_is_counted_once()
    {
        await using var chat = await StartAsync();
        var worker = SurveyKit.Member("Page", 1);
        await chat.FollowAsync(worker);
        var id = await chat.Http.CreateAsync(SurveyKit.FiveKinds());
        var (phone, status, form) = await chat.OpenSurveyAsync(worker, id);
        using var _ = phone;

        var (savedStatus, thanks) = await phone.SubmitAsync(id, form, SurveyKit.FiveAnswers(choice: "2", rating: "4"));
        using var again = await phone.GetAsync("/api/survey/" + id);
        var shownBack = await again.Content.ReadAsStringAsync();
        var (changedStatus, changed) = await phone.SubmitAsync(id, shownBack, SurveyKit.FiveAnswers(choice: "1", rating: "5", advice: "加强劳动保护"));
        var results = await chat.Http.ResultsAsync(id);

        Assert.Equal(HttpStatusCode.OK, status);
        Assert.Contains("您是否遇到过欠薪？", form, StringComparison.Ordinal);
        Assert.Contains("我需要工会帮助", form, StringComparison.Ordinal);
        Assert.Equal(HttpStatusCode.OK, savedStatus);
        Assert.Contains("提交成功！谢谢您！工会会认真研究每一条意见。", thanks, StringComparison.Ordinal);
        Assert.Contains("您已填写过这份问卷", shownBack, StringComparison.Ordinal);
        Assert.Contains("""name="q2" value="4" checked""", shownBack, StringComparison.Ordinal);
        Assert.Contains("希望多组织技能培训</textarea>", shownBack, StringComparison.Ordinal);
        Assert.Equal(HttpStatusCode.OK, changedStatus);
        Assert.Contains("已更新您的答案", changed, StringComparison.Ordinal);
        Assert.Equal(1, results.GetProperty("responses").GetInt32());
        Assert.Equal([1, 0], results.CountsOf(0));
        Assert.Equal([1, 1, 0, 0], results.CountsOf(1));
        Assert.Equal(5.0, results.GetProperty("questions")[2].GetProperty("average").GetDouble());
        var advice = Assert.Single(results.GetProperty("questions")[4].GetProperty("texts").EnumerateArray());
        Assert.Equal("加强劳动保护", advice.GetProperty("text").GetString());
    }

    [Fact]
    public async Task Out_of_range_answers_an_overlong_text_and_missing_answers_are_shown_back_and_nothing_is_stored()
    {
        await using var chat = await StartAsync();
        var worker = SurveyKit.Member("PageBad", 1);
        await chat.FollowAsync(worker);
        var id = await chat.Http.CreateAsync(SurveyKit.FiveKinds());
        var (phone, _, form) = await chat.OpenSurveyAsync(worker, id);
        using var _p = phone;

        var (badStatus, bad) = await phone.SubmitAsync(id, form,
            ("q0", "3"), ("q1", "1"), ("q1", "2"), ("q1", "3"), ("q2", "6"), ("q3", "<script>alert(1)</script>"), ("q4", new string('很', 10_000)));
        var (emptyStatus, empty) = await phone.SubmitAsync(id, form);
        var noToken = JoinKitless(form);
        using var forged = await phone.PostAsync("/api/survey/" + id, new FormUrlEncodedContent(noToken));
        var forgedHtml = await forged.Content.ReadAsStringAsync();
        // A phone with a valid form token from another member page but never signed in to the survey page.
        var (stranger, _, joinForm) = await chat.OpenMemberPageAsync(SurveyKit.Member("PageBad", 2), "/api/member/join");
        using var _s = stranger;
        var (unsigned, unsignedHtml) = await stranger.SubmitAsync(id, joinForm, SurveyKit.FiveAnswers());
        using var forgedCode = await stranger.GetAsync($"/api/survey/{id}?code=made-up-code&state=made-up");
        using var madeUp = await phone.GetAsync("/api/survey/ffffffffffff");
        var results = await chat.Http.ResultsAsync(id);

        Assert.Equal(HttpStatusCode.BadRequest, badStatus);
        Assert.Contains("没有第 3 项", bad, StringComparison.Ordinal);
        Assert.Contains("最多只能选 2 项", bad, StringComparison.Ordinal);
        Assert.Contains("请选择 1 到 5 分", bad, StringComparison.Ordinal);
        Assert.Contains("最多 1000 个字，您写了 10000 个字", bad, StringComparison.Ordinal);
        Assert.Contains("&lt;script&gt;", bad, StringComparison.Ordinal);
        Assert.DoesNotContain("<script>", bad, StringComparison.Ordinal);
        Assert.Equal(HttpStatusCode.BadRequest, emptyStatus);
        Assert.Contains("这道题必须回答", empty, StringComparison.Ordinal);
        Assert.Equal(HttpStatusCode.BadRequest, forged.StatusCode);
        Assert.Contains("页面已过期", forgedHtml, StringComparison.Ordinal);
        Assert.Equal(HttpStatusCode.Unauthorized, unsigned);
        Assert.Contains("请从公众号里的链接重新打开这个页面", unsignedHtml, StringComparison.Ordinal);
        Assert.Equal(HttpStatusCode.BadRequest, forgedCode.StatusCode);
        Assert.Equal(HttpStatusCode.NotFound, madeUp.StatusCode);
        Assert.Equal(0, results.GetProperty("responses").GetInt32());
    }

    [Fact]
    public async Task A_members_only_survey_refuses_a_follower_who_has_not_joined_and_takes_a_registered_member()
    {
        await using var chat = await StartAsync();
        var follower = SurveyKit.Member("Aud", 1);
        var member = SurveyKit.Member("Aud", 2);
        await chat.FollowAsync(follower);
        await chat.App.SaveMemberAsync(new Member { OpenId = member, Following = true, Registered = true });
        var id = await chat.Http.CreateAsync(SurveyKit.Body(SurveyKit.Rating("会员服务满意度")).With("audience", new { kind = "registered" }));

        var (followerPhone, refused, refusedHtml) = await chat.OpenSurveyAsync(follower, id);
        followerPhone.Dispose();
        var (memberPhone, shown, form) = await chat.OpenSurveyAsync(member, id);
        using var _ = memberPhone;
        var (saved, _) = await memberPhone.SubmitAsync(id, form, ("q0", "5"));

        Assert.Equal(HttpStatusCode.Forbidden, refused);
        Assert.Contains("只请已入会的工会会员填写", refusedHtml, StringComparison.Ordinal);
        Assert.Equal(HttpStatusCode.OK, shown);
        Assert.Equal(HttpStatusCode.OK, saved);
        Assert.Equal(1, (await chat.Http.ResultsAsync(id)).GetProperty("responses").GetInt32());
    }

    [Fact]
    public async Task A_survey_for_a_WeChat_tag_takes_the_tagged_follower_refuses_another_and_counts_the_rate_against_the_tag()
    {
        await using var chat = await StartAsync();
        var insider = SurveyKit.Member("Tag", 1);
        var outsider = SurveyKit.Member("Tag", 2);
        chat.WeChat.State.AddFollower(insider, tags: ["一线职工"]);
        chat.WeChat.State.AddFollower(outsider);
        await chat.FollowAsync(insider);
        await chat.FollowAsync(outsider);
        var id = await chat.Http.CreateAsync(SurveyKit.Body(SurveyKit.Rating("班组安全满意度")).With("audience", new { kind = "tags", tags = new[] { "一线职工" } }));

        var (outPhone, refused, _) = await chat.OpenSurveyAsync(outsider, id);
        outPhone.Dispose();
        var (inPhone, shown, form) = await chat.OpenSurveyAsync(insider, id);
        using var _ = inPhone;
        var (saved, _) = await inPhone.SubmitAsync(id, form, ("q0", "4"));
        var results = await chat.Http.ResultsAsync(id);

        Assert.Equal(HttpStatusCode.Forbidden, refused);
        Assert.Equal(HttpStatusCode.OK, shown);
        Assert.Equal(HttpStatusCode.OK, saved);
        Assert.Equal(1, results.GetProperty("audienceSize").GetInt32());
        Assert.Equal(1.0, results.GetProperty("responseRate").GetDouble());
    }

    private static Dictionary<string, string> JoinKitless(string form)
    {
        var fields = Membership.JoinKit.HiddenFields(form);
        fields.Remove("__RequestVerificationToken");
        foreach (var (field, value) in SurveyKit.FiveAnswers().Where(a => a.Item1 != "q1"))
        {
            fields[field] = value;
        }
        fields["q1"] = "1";
        return fields;
    }

    private Task<ChatHarness> StartAsync() => ChatHarness.StartAsync(azurite, configure: app => app.WithStaff());
}
