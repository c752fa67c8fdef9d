using UnionWeChat.Functions.Cases;
using UnionWeChat.Functions.Tests.Staff;
using UnionWeChat.Testing;
using UnionWeChat.WeChat.Simulator;
using Xunit.Abstractions;

namespace UnionWeChat.Functions.Tests.Hardening;

/// <summary>
/// Staff answer thirty cases while a fifth of WeChat's answers are faults (<see cref="WeChatFaultMix"/>). Each reply
/// reaches the worker at most once, and what the case history says about its delivery is what WeChat received.
/// </summary>
public sealed class ReplyFaultTests(AzuriteFixture azurite, ITestOutputHelper output) : IClassFixture<AzuriteFixture>
{
    private const int Workers = 30;
    private const int RepliesEach = 5;

    [Fact]
    public async Task Staff_replies_through_random_WeChat_faults_reach_each_worker_at_most_once_as_their_case_records()
    {
        await using var desk = await StaffDesk.StartAsync(azurite, app => WeChatFaultMix.Impatient(app));
        var wechat = desk.Chat.WeChat.State;
        var workers = Enumerable.Range(0, Workers).Select(i => $"oWorkerFault{i:D14}").ToList();
        var cases = new List<Case>();
        foreach (var w in workers)
        {
            cases.Add(await desk.FileComplaintAsync(w, "公司拖欠三个月工资"));
        }
        var before = (Sends: wechat.Sends.Count, Tokens: wechat.CallCount(WeChatFaultMix.StableTokenPath));
        WeChatFaultMix.Start(wechat, seed: 1121);
        var staff = desk.As(StaffDesk.Triage);

        // One staff member per case, each answering five times; the cases in parallel.
        var answered = await Task.WhenAll(cases.Select(async c =>
        {
            var deliveries = new List<(string Text, string Delivery)>();
            for (var i = 1; i <= RepliesEach; i++)
            {
                // Short enough for a template's thing field (20 characters), and unique, to find it at WeChat.
                var text = $"第{i}次答复{c.Number[^4..]}";
                var replied = await StaffDesk.JsonAsync(await StaffDesk.PostAsync(staff, $"/api/staff/cases/{c.Number}/replies", new { text }));
                deliveries.Add((text, replied.GetProperty("reply").GetProperty("delivery").GetString()!));
            }
            return (Case: c, Deliveries: deliveries);
        }));

        var outcomes = new Dictionary<string, int>();
        foreach (var (c, deliveries) in answered)
        {
            var history = await desk.Service<CaseStore>().HistoryAsync(c.Number, CancellationToken.None);
            var received = wechat.MessagesFor(c.OpenId);
            foreach (var (text, delivery) in deliveries)
            {
                var recorded = Assert.Single(history, e => e.Action == "reply" && e.Detail.StartsWith(text + "\n", StringComparison.Ordinal));
                var custom = received.Count(m => m.Channel == SendChannel.Custom && m.Text?.Contains(text, StringComparison.Ordinal) == true);
                var template = received.Count(m => m.Channel == SendChannel.Template && m.Text?.Contains(text, StringComparison.Ordinal) == true);
                var note = recorded.Detail[(text.Length + 1)..];
                switch (delivery)
                {
                    case nameof(ReplyDelivery.CustomMessage):
                        Assert.Equal((1, 0), (custom, template));
                        Assert.Equal($"〔{new ReplyReport(ReplyDelivery.CustomMessage, null).Note}〕", note);
                        break;
                    case nameof(ReplyDelivery.TemplateMessage):
                        Assert.Equal((0, 1), (custom, template));
                        Assert.Equal($"〔{new ReplyReport(ReplyDelivery.TemplateMessage, null).Note}〕", note);
                        break;
                    default:
                        Assert.Equal(nameof(ReplyDelivery.NotDelivered), delivery);
                        Assert.StartsWith("〔未能推送（", note, StringComparison.Ordinal);
                        // A timed-out send may have reached the worker, and the note says so; it is not sent again.
                        // Any other failure reached nobody.
                        Assert.Equal(0, template);
                        Assert.InRange(custom, 0, note.Contains("可能已送达", StringComparison.Ordinal) ? 1 : 0);
                        break;
                }
                var key = delivery == nameof(ReplyDelivery.NotDelivered) ? note : delivery;
                outcomes[key] = outcomes.GetValueOrDefault(key) + 1;
            }
        }

        var injected = wechat.InjectedFaults;
        var tokenCalls = wechat.CallCount(WeChatFaultMix.StableTokenPath) - before.Tokens;
        var tokenBound = 1 + WeChatFaultMix.Injected(wechat, StandInFault.ErrCode(40001));
        output.WriteLine($"{injected.Count} faults ({string.Join(", ", injected.GroupBy(i => $"{i.Path[(i.Path.LastIndexOf('/', i.Path.Length - 6) + 1)..]} {i.Fault}").Select(g => $"{g.Key}: {g.Count()}"))}); " +
            $"{string.Join(", ", outcomes.Select(o => $"{o.Key}: {o.Value}"))}; stable_token {tokenCalls} of at most {tokenBound}");
        // The faults that matter here happened: window closed, answer lost, invalid token.
        Assert.Contains(injected, i => i.Fault == StandInFault.ErrCode(45015));
        Assert.Contains(injected, i => i.Fault == StandInFault.AnswerLost);
        Assert.Contains(injected, i => i.Fault == StandInFault.ErrCode(40001));
        Assert.Contains(nameof(ReplyDelivery.TemplateMessage), outcomes.Keys);
        Assert.InRange(tokenCalls, 0, tokenBound);
        Assert.Equal(0, wechat.ForceRefreshCount);
        Assert.Equal(0, wechat.CallCount(WeChatFaultMix.TokenPath));
        Assert.True(wechat.Sends.Count - before.Sends <= Workers * RepliesEach);
    }
}
