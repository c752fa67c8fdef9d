using System.Net;
using System.Text;
using Microsoft.Extensions.DependencyInjection;
using UnionWeChat.Functions.Notices;
using UnionWeChat.Functions.Surveys;
using UnionWeChat.Functions.Tests.Polls;
using UnionWeChat.Testing;

namespace UnionWeChat.Functions.Tests.Surveys;

/// <summary>Building, publishing and closing a survey through the staff API; the announcement as a notice.</summary>
public sealed class SurveyApiTests(AzuriteFixture azurite) : IClassFixture<AzuriteFixture>
{
    [Fact]
    public async Task A_survey_to_everyone_is_announced_by_a_notice_awaiting_a_second_admin_and_one_to_members_by_a_scheduled_notice()
    {
        await using var chat = await StartAsync();
        var everyone = SurveyKit.FiveKinds().With("announce", true);
        var members = SurveyKit.Body(SurveyKit.Rating("食堂满意度")).With("announce", true).With("audience", new { kind = "registered" });

        var toAll = await chat.Http.CreateAsync(everyone);
        var toMembers = await chat.Http.CreateAsync(members);
        var again = await (await chat.Http.SendAsync(HttpMethod.Post, $"{SurveyKit.Api}/{toAll}/publish", PollKit.Carol)).JsonAsync(HttpStatusCode.OK);
        var notices = chat.App.Services.GetRequiredService<NoticeStore>();
        var allNotice = await notices.GetAsync(SurveyAnnouncements.NoticeIdFor(toAll), CancellationToken.None);
        var membersNotice = await notices.GetAsync(SurveyAnnouncements.NoticeIdFor(toMembers), CancellationToken.None);
        var view = await (await chat.Http.SendAsync(HttpMethod.Get, $"{SurveyKit.Api}/{toAll}", PollKit.Vic)).JsonAsync(HttpStatusCode.OK);

        Assert.NotNull(allNotice);
        Assert.Equal(NoticeStatus.AwaitingApproval, allNotice.Status);
        Assert.Equal(AudienceKind.All, allNotice.Audience.Kind);
        Assert.Equal("【问卷】2026年职工权益状况调查", allNotice.Title);
        Assert.Contains($"https://union.example.cn/api/survey/{toAll}", allNotice.Body, StringComparison.Ordinal);
        Assert.DoesNotContain("回复“问卷”", allNotice.Body, StringComparison.Ordinal);
        Assert.NotNull(membersNotice);
        Assert.Equal(NoticeStatus.Scheduled, membersNotice.Status);
        Assert.Equal(AudienceKind.Registered, membersNotice.Audience.Kind);
        Assert.Contains("也可以回复“问卷”直接在这里作答", membersNotice.Body, StringComparison.Ordinal);
        Assert.Equal("Published", again.GetProperty("status").GetString());
        Assert.Equal(5, view.GetProperty("questions").GetArrayLength());
        Assert.False(view.GetProperty("fitsChat").GetBoolean());
        Assert.Contains(view.GetProperty("history").EnumerateArray(), e => e.GetProperty("action").GetString() == "发布问卷" && e.GetProperty("actor").GetString() == "carol");
    }

    [Fact]
    public async Task Bad_surveys_are_refused_by_field_and_nothing_is_stored()
    {
        await using var chat = await StartAsync();
        var tooMany = SurveyKit.Body([.. Enumerable.Range(1, 31).Select(i => SurveyKit.Rating($"第{i}项"))]);
        var badQuestions = SurveyKit.Body(
            SurveyKit.Single("只有一个选项", false, "是"),
            SurveyKit.Multiple("最多选五项", 5, "甲", "乙", "丙"),
            SurveyKit.Text("文字题也想求助").With("mayOpenCase", true),
            SurveyKit.Single(new string('长', 101), false, "是", "否"),
            new Dictionary<string, object?> { ["kind"] = "dropdown", ["title"] = "下拉" });
        var backwards = SurveyKit.Body(SurveyKit.Rating("满意度")).With("closesAt", PollKit.Now.AddDays(-1)).With("opensAt", PollKit.Now.AddDays(-2));

        var manyErrors = await (await chat.Http.SendAsync(HttpMethod.Post, SurveyKit.Api, PollKit.Carol, tooMany)).JsonAsync(HttpStatusCode.BadRequest);
        var fieldErrors = (await (await chat.Http.SendAsync(HttpMethod.Post, SurveyKit.Api, PollKit.Carol, badQuestions)).JsonAsync(HttpStatusCode.BadRequest)).GetProperty("errors");
        var windowErrors = (await (await chat.Http.SendAsync(HttpMethod.Post, SurveyKit.Api, PollKit.Carol, backwards)).JsonAsync(HttpStatusCode.BadRequest)).GetProperty("errors");
        using var broken = await chat.Http.SendAsync(new HttpRequestMessage(HttpMethod.Post, SurveyKit.Api)
        {
            Content = new StringContent("{\"title\": [", Encoding.UTF8, "application/json"),
            Headers = { Authorization = new("Bearer", PollKit.Carol) },
        });
        using var viewer = await chat.Http.SendAsync(HttpMethod.Post, SurveyKit.Api, PollKit.Vic, SurveyKit.FiveKinds());
        var list = await (await chat.Http.SendAsync(HttpMethod.Get, SurveyKit.Api, PollKit.Vic)).JsonAsync(HttpStatusCode.OK);

        Assert.Contains("最多 30 题", manyErrors.GetProperty("errors").GetProperty("questions")[0].GetString(), StringComparison.Ordinal);
        Assert.Contains("第 1 题", fieldErrors.GetProperty("questions[0].options")[0].GetString(), StringComparison.Ordinal);
        Assert.Contains("2 到 3 之间", fieldErrors.GetProperty("questions[1].maxChoices")[0].GetString(), StringComparison.Ordinal);
        Assert.True(fieldErrors.TryGetProperty("questions[2].mayOpenCase", out _));
        Assert.True(fieldErrors.TryGetProperty("questions[3].title", out _));
        Assert.True(fieldErrors.TryGetProperty("questions[4].kind", out _));
        Assert.Contains("已经过了", windowErrors.GetProperty("closesAt")[0].GetString(), StringComparison.Ordinal);
        Assert.Equal(HttpStatusCode.BadRequest, broken.StatusCode);
        Assert.Equal(HttpStatusCode.Forbidden, viewer.StatusCode);
        Assert.Equal(0, list.GetArrayLength());
    }

    [Fact]
    public async Task A_draft_cannot_be_answered_a_closed_survey_refuses_answers_and_a_published_one_cannot_be_changed()
    {
        await using var chat = await StartAsync();
        var worker = SurveyKit.Member("Closed", 1);
        await chat.FollowAsync(worker);
        var draft = await chat.Http.CreateAsync(SurveyKit.FiveKinds(), publish: false);
        var open = await chat.Http.CreateAsync(SurveyKit.FiveKinds());
        var (phone, _, form) = await chat.OpenSurveyAsync(worker, open);
        using var _p = phone;

        using var draftPage = await phone.GetAsync("/api/survey/" + draft);
        var closed = await (await chat.Http.SendAsync(HttpMethod.Post, $"{SurveyKit.Api}/{open}/close", PollKit.Carol)).JsonAsync(HttpStatusCode.OK);
        using var closeAgain = await chat.Http.SendAsync(HttpMethod.Post, $"{SurveyKit.Api}/{open}/close", PollKit.Carol);
        using var announceEnded = await chat.Http.SendAsync(HttpMethod.Post, $"{SurveyKit.Api}/{open}/publish", PollKit.Carol);
        var (status, html) = await phone.SubmitAsync(open, form, SurveyKit.FiveAnswers());
        using var reopened = await phone.GetAsync("/api/survey/" + open);
        var desk = chat.App.Services.GetRequiredService<SurveyDesk>();
        var change = await desk.AddQuestionAsync(open, new QuestionRequest("rating", "再加一题", [], null, true, false), "carol", CancellationToken.None);
        var results = await chat.Http.ResultsAsync(open);

        Assert.Equal(HttpStatusCode.NotFound, draftPage.StatusCode);
        Assert.Equal("Closed", closed.GetProperty("status").GetString());
        Assert.Equal(HttpStatusCode.Conflict, closeAgain.StatusCode);
        Assert.Equal(HttpStatusCode.Conflict, announceEnded.StatusCode);
        Assert.Equal(HttpStatusCode.Conflict, status);
        Assert.Contains("已经结束，不再收集答案", html, StringComparison.Ordinal);
        Assert.Equal(HttpStatusCode.Gone, reopened.StatusCode);
        Assert.Contains("不能再修改", change.Refusal!.Reason, StringComparison.Ordinal);
        Assert.Equal(0, results.GetProperty("responses").GetInt32());
    }

    [Fact]
    public async Task The_excel_export_has_one_row_per_response_in_words_keeps_a_formula_as_text_and_has_no_openid()
    {
        await using var chat = await StartAsync();
        var worker = SurveyKit.Member("Xlsx", 1);
        await chat.FollowAsync(worker);
        var id = await chat.Http.CreateAsync(SurveyKit.FiveKinds());
        var (phone, _, form) = await chat.OpenSurveyAsync(worker, id);
        using var _p = phone;
        await phone.SubmitAsync(id, form, SurveyKit.FiveAnswers(advice: "=HYPERLINK(\"http://evil.example\")"));

        using var xlsx = await chat.Http.SendAsync(HttpMethod.Get, $"{SurveyKit.Api}/{id}/responses.xlsx", PollKit.Vic);
        using var stream = new MemoryStream(await xlsx.Content.ReadAsByteArrayAsync());
        var rows = MiniExcelLibs.MiniExcel.Query(stream, useHeaderRow: true).Cast<IDictionary<string, object>>().ToList();
        stream.Position = 0;
        using var zip = new System.IO.Compression.ZipArchive(stream);
        var sheetXml = string.Concat(zip.Entries.Where(e => e.FullName.StartsWith("xl/", StringComparison.Ordinal) && e.FullName.EndsWith(".xml", StringComparison.Ordinal))
            .Select(e => new StreamReader(e.Open()).ReadToEnd()));
        using var none = await chat.Http.SendAsync(HttpMethod.Get, $"{SurveyKit.Api}/ffffffffffff/responses.xlsx", PollKit.Vic);

        Assert.Equal(HttpStatusCode.OK, xlsx.StatusCode);
        Assert.Equal("application/vnd.openxmlformats-officedocument.spreadsheetml.sheet", xlsx.Content.Headers.ContentType!.MediaType);
        var row = Assert.Single(rows);
        Assert.Equal("没有遇到", row["1. 您是否遇到过欠薪？"]?.ToString());
        Assert.Equal("法律援助、技能培训", row["2. 您最希望工会提供哪些服务？"]?.ToString());
        Assert.Equal("4 分", row["3. 您对单位劳动保护的满意度"]?.ToString());
        Assert.Equal("=HYPERLINK(\"http://evil.example\")", row["5. 您对工会工作的意见和建议"]?.ToString());
        Assert.Equal("网页", row["方式"]?.ToString());
        Assert.DoesNotContain(row.Values, v => v?.ToString()?.Contains(worker, StringComparison.Ordinal) == true);
        Assert.Contains("HYPERLINK", sheetXml, StringComparison.Ordinal);
        Assert.DoesNotContain("<x:f>", sheetXml, StringComparison.Ordinal);
        Assert.DoesNotContain("<f>", sheetXml, StringComparison.Ordinal);
        Assert.Equal(HttpStatusCode.NotFound, none.StatusCode);
    }

    private Task<ChatHarness> StartAsync() => ChatHarness.StartAsync(azurite, configure: app => app.WithStaff().With("Polls:PublicBaseUrl", "https://union.example.cn"));
}
