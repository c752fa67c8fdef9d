using UnionWeChat.Functions.Tests.Polls;
using UnionWeChat.Testing;

namespace UnionWeChat.Functions.Tests.Surveys;

/// <summary>A short survey answered in the chat, question by question, with 上一题 and 取消.</summary>
public sealed class SurveyChatTests(AzuriteFixture azurite) : IClassFixture<AzuriteFixture>
{
    private static Dictionary<string, object?> Short() => SurveyKit.Body(
        SurveyKit.Single("您是否遇到过欠薪？", true, "遇到过", "没有遇到"),
        SurveyKit.Multiple("您最希望工会提供哪些服务？", 2, "法律援助", "技能培训", "困难帮扶"),
        SurveyKit.Rating("您对单位劳动保护的满意度"));

    [Fact]
    public async Task A_worker_answers_question_by_question_goes_back_and_bad_replies_get_the_hint()
    {
        await using var chat = await StartAsync();
        var worker = SurveyKit.Member("Chat", 1);
        await chat.FollowAsync(worker);
        var id = await chat.Http.CreateAsync(Short());

        var start = await chat.SayAsync(worker, "问卷");
        var outOfRange = await chat.SayAsync(worker, "5");
        var helpOffer = await chat.SayAsync(worker, "1");
        var badHelp = await chat.SayAsync(worker, "4");
        var second = await chat.SayAsync(worker, "2");
        var back = await chat.SayAsync(worker, "上一题");
        await chat.SayAsync(worker, "1");
        await chat.SayAsync(worker, "3");
        var tooMany = await chat.SayAsync(worker, "1,2,3");
        var rating = await chat.SayAsync(worker, "1，2");
        var badScore = await chat.SayAsync(worker, "9");
        var done = await chat.SayAsync(worker, "４");
        var results = await chat.Http.ResultsAsync(id);

        Assert.Contains("【问卷】2026年职工权益状况调查", start, StringComparison.Ordinal);
        Assert.Contains("第 1/3 题（单选）\n您是否遇到过欠薪？\n1 遇到过\n2 没有遇到", start, StringComparison.Ordinal);
        Assert.Contains("没有第 5 项", outOfRange, StringComparison.Ordinal);
        Assert.Contains("我需要工会帮助（实名", helpOffer, StringComparison.Ordinal);
        Assert.Contains("请回复 1、2 或 3", badHelp, StringComparison.Ordinal);
        Assert.Contains("第 2/3 题（多选）", second, StringComparison.Ordinal);
        Assert.Contains("回复“上一题”返回", second, StringComparison.Ordinal);
        Assert.Contains("第 1/3 题", back, StringComparison.Ordinal);
        Assert.Contains("最多只能选 2 项", tooMany, StringComparison.Ordinal);
        Assert.Contains("第 3/3 题（评分）", rating, StringComparison.Ordinal);
        Assert.Contains("请选择 1 到 5 分", badScore, StringComparison.Ordinal);
        Assert.Contains("提交成功！谢谢您！", done, StringComparison.Ordinal);
        Assert.Equal(1, results.GetProperty("responses").GetInt32());
        Assert.Equal([1, 0], results.CountsOf(0));
        Assert.Equal([1, 1, 0], results.CountsOf(1));
        Assert.Equal([0, 0, 0, 1, 0], results.CountsOf(2));
        // The first help choice (匿名) was taken back with 上一题 and then declined: no case.
        Assert.Empty(await chat.App.HelpCasesAsync());
    }

    [Fact]
    public async Task Cancelling_keeps_nothing_a_long_survey_gets_the_page_link_and_two_surveys_are_offered_to_pick()
    {
        await using var chat = await StartAsync();
        var worker = SurveyKit.Member("ChatMore", 1);
        await chat.FollowAsync(worker);
        var none = await chat.SayAsync(worker, "问卷");
        var shortId = await chat.Http.CreateAsync(Short());
        var longId = await chat.Http.CreateAsync(SurveyKit.FiveKinds().With("title", "职工生活状况调查").With("closesAt", PollKit.Now.AddDays(2)));

        var pick = await chat.SayAsync(worker, "问卷");
        var badPick = await chat.SayAsync(worker, "7");
        var link = await chat.SayAsync(worker, "2");
        await chat.SayAsync(worker, "问卷");
        var started = await chat.SayAsync(worker, "1");
        await chat.SayAsync(worker, "2");
        var cancelled = await chat.SayAsync(worker, "取消");

        Assert.Contains("现在没有需要您填写的问卷", none, StringComparison.Ordinal);
        Assert.Contains("请回复序号选择问卷", pick, StringComparison.Ordinal);
        Assert.Contains("1 到 2 之间", badPick, StringComparison.Ordinal);
        // Listed by closing time: the short one closes first.
        Assert.True(pick.IndexOf("2026年职工权益状况调查", StringComparison.Ordinal) < pick.IndexOf("职工生活状况调查", StringComparison.Ordinal));
        Assert.Contains($"共 5 题，请点击链接填写：\nhttps://union.example.cn/api/survey/{longId}", link, StringComparison.Ordinal);
        Assert.Contains("第 1/3 题", started, StringComparison.Ordinal);
        Assert.Contains("已取消", cancelled, StringComparison.Ordinal);
        Assert.Equal(0, (await chat.Http.ResultsAsync(shortId)).GetProperty("responses").GetInt32());
    }

    [Fact]
    public async Task A_member_who_answered_on_the_page_answers_again_in_the_chat_and_the_chat_answers_replace_the_page_ones()
    {
        await using var chat = await StartAsync();
        var worker = SurveyKit.Member("ChatAgain", 1);
        await chat.FollowAsync(worker);
        var id = await chat.Http.CreateAsync(Short());
        var (phone, _, form) = await chat.OpenSurveyAsync(worker, id);
        using var _p = phone;
        await phone.SubmitAsync(id, form, ("q0", "2"), ("q1", "3"), ("q2", "1"));

        var start = await chat.SayAsync(worker, "问卷");
        await chat.SayAsync(worker, "1");
        await chat.SayAsync(worker, "3");
        await chat.SayAsync(worker, "2");
        var done = await chat.SayAsync(worker, "5");
        var results = await chat.Http.ResultsAsync(id);

        Assert.Contains("您已填写过这份问卷，重新回答会替换之前的答案", start, StringComparison.Ordinal);
        Assert.Contains("已更新您的答案", done, StringComparison.Ordinal);
        Assert.Equal(1, results.GetProperty("responses").GetInt32());
        Assert.Equal([1, 0], results.CountsOf(0));
        Assert.Equal([0, 1, 0], results.CountsOf(1));
        Assert.Equal([0, 0, 0, 0, 1], results.CountsOf(2));
    }

    private Task<ChatHarness> StartAsync() => ChatHarness.StartAsync(azurite, configure: app => app.WithStaff().With("Polls:PublicBaseUrl", "https://union.example.cn"));
}
