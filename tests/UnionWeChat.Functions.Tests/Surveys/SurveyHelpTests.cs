using System.Net;
using System.Text;
using Microsoft.Extensions.DependencyInjection;
using UnionWeChat.Functions.Cases;
using UnionWeChat.Functions.Surveys;
using UnionWeChat.Functions.Tests.Polls;
using UnionWeChat.Testing;

namespace UnionWeChat.Functions.Tests.Surveys;

/// <summary>「我需要工会帮助」: an answer that files a 求助 case, named or anonymous, and what stays unlinked.</summary>
public sealed class SurveyHelpTests(AzuriteFixture azurite) : IClassFixture<AzuriteFixture>
{
    [Fact]
    public async Task In_an_anonymous_survey_a_named_request_for_help_files_one_case_and_the_response_stays_unlinked()
    {
        await using var chat = await StartAsync();
        var named = SurveyKit.Member("Help", 1);
        var hidden = SurveyKit.Member("Help", 2);
        await chat.FollowAsync(named);
        await chat.FollowAsync(hidden);
        var id = await chat.Http.CreateAsync(SurveyKit.FiveKinds().With("anonymous", true));

        var (phone, _, form) = await chat.OpenSurveyAsync(named, id);
        using var _p = phone;
        (string, string)[] withHelp = [.. SurveyKit.FiveAnswers(choice: "1"), ("help0", "named"), ("note0", "三个月没发工资")];
        var (status, thanks) = await phone.SubmitAsync(id, form, withHelp);
        var (_, again) = await phone.SubmitAsync(id, form, withHelp);
        (string, string)[] moreSaid = [.. SurveyKit.FiveAnswers(choice: "1"), ("help0", "anonymous"), ("note0", "老板说下个月再发")];
        var (_, supplemented) = await phone.SubmitAsync(id, form, moreSaid);
        await phone.SubmitAsync(id, form, moreSaid);
        var (otherPhone, _, otherForm) = await chat.OpenSurveyAsync(hidden, id);
        using var _o = otherPhone;
        var (_, anonymousThanks) = await otherPhone.SubmitAsync(id, otherForm, [.. SurveyKit.FiveAnswers(choice: "1"), ("help0", "anonymous")]);
        var (refusedStatus, refused) = await otherPhone.SubmitAsync(id, otherForm, [.. SurveyKit.FiveAnswers(choice: "1"), ("help0", "named"), ("note0", new string('欠', 501))]);
        var cases = await chat.App.HelpCasesAsync();
        using var csv = await chat.Http.SendAsync(HttpMethod.Get, $"{SurveyKit.Api}/{id}/responses.csv", PollKit.Vic);
        var export = Encoding.UTF8.GetString(await csv.Content.ReadAsByteArrayAsync());
        var results = await chat.Http.ResultsAsync(id);

        Assert.Equal(HttpStatusCode.OK, status);
        Assert.Equal(2, cases.Count);
        var mine = Assert.Single(cases, c => !c.Anonymous);
        Assert.Equal(named, mine.OpenId);
        Assert.Contains("来自问卷《2026年职工权益状况调查》\n问：您是否遇到过欠薪？\n答：遇到过\n情况：三个月没发工资", mine.Description, StringComparison.Ordinal);
        Assert.Contains($"您的求助已提交，编号：{mine.Number}", thanks, StringComparison.Ordinal);
        Assert.Contains($"您的求助之前已经提交，编号：{mine.Number}", again, StringComparison.Ordinal);
        Assert.Contains("新写的情况已转给工作人员", supplemented, StringComparison.Ordinal);
        var history = await chat.App.Services.GetRequiredService<CaseStore>().HistoryAsync(mine.Number, CancellationToken.None);
        Assert.Equal("老板说下个月再发", Assert.Single(history, e => e.Action == SurveyHelp.NoteAction).Detail);
        var theirs = Assert.Single(cases, c => c.Anonymous);
        Assert.Contains(theirs.Number, anonymousThanks, StringComparison.Ordinal);
        Assert.Equal(HttpStatusCode.BadRequest, refusedStatus);
        Assert.Contains("求助说明最多 500 个字", refused, StringComparison.Ordinal);
        Assert.Equal(HttpStatusCode.OK, csv.StatusCode);
        // No time more precise than the day, so no response can be matched to the named case by when it came in.
        var day = UnionWeChat.Functions.Platform.Hosting.ChinaTime.Format(mine.CreatedAt, "yyyy-MM-dd");
        Assert.Contains($"1,{day},{day},网页,遇到过,法律援助、技能培训,4 分,东方机械厂,希望多组织技能培训", export, StringComparison.Ordinal);
        Assert.DoesNotContain(UnionWeChat.Functions.Platform.Hosting.ChinaTime.Minute(mine.CreatedAt), export, StringComparison.Ordinal);
        Assert.All(results.GetProperty("questions")[4].GetProperty("texts").EnumerateArray(), t =>
            Assert.Equal(TimeSpan.Zero, t.GetProperty("at").GetDateTimeOffset().ToOffset(TimeSpan.FromHours(8)).TimeOfDay));
    }

    [Fact]
    public async Task In_the_chat_a_worker_asks_for_help_by_name_and_a_named_surveys_export_lists_the_case()
    {
        await using var chat = await StartAsync();
        var worker = SurveyKit.Member("HelpChat", 1);
        await chat.FollowAsync(worker);
        var id = await chat.Http.CreateAsync(SurveyKit.Body(
            SurveyKit.Single("您是否遇到过欠薪？", true, "遇到过", "没有遇到"), SurveyKit.Rating("加班情况严重吗？", mayOpenCase: true)));

        await chat.SayAsync(worker, "问卷");
        await chat.SayAsync(worker, "1");
        await chat.SayAsync(worker, "1");
        await chat.SayAsync(worker, "5");
        var done = await chat.SayAsync(worker, "2");
        var followUp = await chat.SayAsync(worker, "我的案件");
        var cases = await chat.App.HelpCasesAsync();
        using var csv = await chat.Http.SendAsync(HttpMethod.Get, $"{SurveyKit.Api}/{id}/responses.csv", PollKit.Vic);
        var export = Encoding.UTF8.GetString(await csv.Content.ReadAsByteArrayAsync());

        var filed = Assert.Single(cases, c => !c.Anonymous);
        var hidden = Assert.Single(cases, c => c.Anonymous);
        Assert.Contains(hidden.Number, done, StringComparison.Ordinal);
        Assert.DoesNotContain(hidden.Number, export, StringComparison.Ordinal);
        Assert.Contains($"您的求助已提交，编号：{filed.Number}", done, StringComparison.Ordinal);
        Assert.Contains(filed.Number, followUp, StringComparison.Ordinal);
        Assert.Contains("求助编号", export, StringComparison.Ordinal);
        Assert.Contains(filed.Number, export, StringComparison.Ordinal);
        Assert.Contains("公众号对话", export, StringComparison.Ordinal);
        Assert.DoesNotContain(worker, export, StringComparison.Ordinal);
    }

    private Task<ChatHarness> StartAsync() => ChatHarness.StartAsync(azurite, configure: app => app.WithStaff());
}
