using Microsoft.Extensions.DependencyInjection;
using UnionWeChat.Functions.Cases;
using UnionWeChat.Functions.Conversation;
using UnionWeChat.Functions.Menu;
using UnionWeChat.Testing;
using UnionWeChat.WeChat.Receiving;
using UnionWeChat.WeChat.Simulator;

namespace UnionWeChat.Functions.Tests.Cases;

public sealed class ComplaintConversationTests(AzuriteFixture azurite) : IClassFixture<AzuriteFixture>
{
    [Theory]
    [InlineData(PushMode.Plaintext)]
    [InlineData(PushMode.Safe)]
    public async Task A_worker_files_a_complaint_from_the_menu_and_finds_it_with_查询(PushMode mode)
    {
        await using var chat = await ChatHarness.StartAsync(azurite, mode);
        const string worker = "oWorkerFull0000000000000001";

        Assert.Contains("投诉", await chat.FollowAsync(worker, "qrscene_factory7"));
        Assert.Contains("请选择问题类别", await chat.ClickAsync(worker, MenuKeys.Complaint));
        Assert.Contains("用人单位", await chat.SayAsync(worker, "1"));
        Assert.Contains("事情经过", await chat.SayAsync(worker, "银川某某建筑有限公司"));
        Assert.Contains("第1份证据", await chat.SendImageAsync(worker, "media_evidence_001"));
        Assert.Contains("联系电话", await chat.SayAsync(worker, "2026年9月至11月的工资共12000元一直没有发放。"));
        Assert.Contains("匿名", await chat.SayAsync(worker, "138 0013 8000"));
        var summary = await chat.SayAsync(worker, "2");
        Assert.Contains("欠薪", summary);
        Assert.Contains("银川某某建筑有限公司", summary);
        Assert.Contains("13800138000", summary);

        var receipt = await chat.SayAsync(worker, "确认");
        var number = Receipts.CaseNumber().Match(receipt).Value;
        Assert.Matches("^TS-\\d{8}-\\d{4}$", number);
        Assert.Contains("个工作日内", receipt);

        Assert.Contains(number, await chat.SayAsync(worker, "查询"));
        var detail = await chat.SayAsync(worker, "查询 " + number);
        Assert.Contains("已提交，等待受理", detail);

        var stored = await chat.App.Services.GetRequiredService<CaseStore>().GetAsync(number, CancellationToken.None);
        Assert.NotNull(stored);
        Assert.Equal(CaseKind.Complaint, stored.Kind);
        Assert.Equal("欠薪", stored.Category);
        Assert.False(stored.Anonymous);
        Assert.Equal(["image:media_evidence_001"], stored.Evidence);
    }

    [Fact]
    public async Task An_aid_request_from_the_menu_skips_the_type_and_becomes_a_QZ_case()
    {
        await using var chat = await ChatHarness.StartAsync(azurite, PushMode.Plaintext);
        const string worker = "oWorkerAid00000000000000001";

        Assert.Contains("医疗救助", await chat.ClickAsync(worker, MenuKeys.AidMedical));
        Assert.Contains("联系电话", await chat.SayAsync(worker, "家人住院，自付医疗费用8万元，家庭收入难以承担。"));
        Assert.Contains("格式不正确", await chat.SayAsync(worker, "12345"));
        Assert.Contains("请核对", await chat.SayAsync(worker, "13912345678"));
        var receipt = await chat.SayAsync(worker, "确认");

        Assert.Matches("QZ-\\d{8}-\\d{4}", receipt);
    }

    [Fact]
    public async Task Invalid_answers_are_explained_and_the_step_is_asked_again()
    {
        await using var chat = await ChatHarness.StartAsync(azurite, PushMode.Plaintext);
        const string worker = "oWorkerBad00000000000000001";

        await chat.SayAsync(worker, "投诉");
        Assert.Contains("1 到 7", await chat.SayAsync(worker, "9"));
        Assert.Contains("1 到 7", await chat.SayAsync(worker, "-1"));
        await chat.SayAsync(worker, "欠薪");
        Assert.Contains("最多100字", await chat.SayAsync(worker, new string('厂', 101)));
        await chat.SayAsync(worker, "某公司");
        var tooLong = await chat.SayAsync(worker, new string('事', 1001));
        Assert.Contains("最多1000字", tooLong);
        Assert.Contains("1001字", tooLong);
        Assert.Contains("太短", await chat.SayAsync(worker, "没钱"));
    }

    [Fact]
    public async Task Cancel_leaves_no_case_and_the_worker_can_start_again()
    {
        await using var chat = await ChatHarness.StartAsync(azurite, PushMode.Plaintext);
        const string worker = "oWorkerCancel00000000000001";

        await chat.SayAsync(worker, "投诉");
        await chat.SayAsync(worker, "2");
        Assert.Contains("已取消", await chat.SayAsync(worker, "取消"));

        Assert.Contains("还没有提交过", await chat.SayAsync(worker, "查询"));
        Assert.Contains("请选择问题类别", await chat.SayAsync(worker, "投诉"));
    }

    [Fact]
    public async Task An_idle_dialog_times_out_leaving_no_half_case()
    {
        await using var chat = await ChatHarness.StartAsync(azurite, PushMode.Plaintext);
        const string worker = "oWorkerIdle0000000000000001";
        await chat.SayAsync(worker, "投诉");
        await chat.SayAsync(worker, "1");

        // The worker walked away 31 minutes ago.
        var dialogs = chat.App.Services.GetRequiredService<DialogStore>();
        var dialog = await dialogs.GetAsync(worker, CancellationToken.None);
        await dialogs.SaveAsync(worker, dialog! with { UpdatedAt = TimeProvider.System.GetUtcNow().AddMinutes(-31) }, CancellationToken.None);

        var reply = await chat.SayAsync(worker, "某公司");
        Assert.Contains("超时", reply);
        Assert.Null(await dialogs.GetAsync(worker, CancellationToken.None));
        Assert.Contains("还没有提交过", await chat.SayAsync(worker, "查询"));
    }

    [Fact]
    public async Task Another_menu_item_mid_dialog_asks_before_abandoning()
    {
        await using var chat = await ChatHarness.StartAsync(azurite, PushMode.Plaintext);
        const string worker = "oWorkerSwitch00000000000001";
        await chat.SayAsync(worker, "投诉");
        await chat.SayAsync(worker, "1");

        Assert.Contains("还没有完成", await chat.ClickAsync(worker, MenuKeys.MyCases));
        // Anything but "是" goes back to the complaint, as its next answer.
        Assert.Contains("事情经过", await chat.SayAsync(worker, "某公司"));

        Assert.Contains("还没有完成", await chat.ClickAsync(worker, MenuKeys.MyCases));
        Assert.Contains("还没有提交过", await chat.SayAsync(worker, "是"));
        Assert.Null(await chat.App.Services.GetRequiredService<DialogStore>().GetAsync(worker, CancellationToken.None));
    }

    [Fact]
    public async Task Another_workers_case_number_reads_exactly_like_a_number_that_does_not_exist()
    {
        await using var chat = await ChatHarness.StartAsync(azurite, PushMode.Plaintext);
        var number = await FileComplaintAsync(chat, "oWorkerOwner000000000000001");

        var other = await chat.SayAsync("oWorkerNosy0000000000000001", "查询 " + number);
        var missing = await chat.SayAsync("oWorkerNosy0000000000000001", "查询 " + number[..^4] + "9999");

        Assert.Equal(missing.Replace(number[..^4] + "9999", "N", StringComparison.Ordinal), other.Replace(number, "N", StringComparison.Ordinal));
        Assert.DoesNotContain("银川", other);
    }

    [Fact]
    public async Task A_retried_confirmation_push_never_creates_a_second_case()
    {
        await using var chat = await ChatHarness.StartAsync(azurite, PushMode.Plaintext);
        const string worker = "oWorkerRetry000000000000001";
        await chat.SayAsync(worker, "投诉");
        await chat.SayAsync(worker, "1");
        await chat.SayAsync(worker, "某公司");
        await chat.SayAsync(worker, "工资三个月没有发放了。");
        await chat.SayAsync(worker, "跳过");
        await chat.SayAsync(worker, "1");

        var confirm = PushXml.Text(worker, ChatHarness.AccountId, "确认", chat.NextMsgId(), ChatHarness.Now);
        var replies = await Task.WhenAll(chat.PushAsync(confirm), chat.PushAsync(confirm), chat.PushAsync(confirm));

        var cases = await chat.App.Services.GetRequiredService<CaseStore>().ListForWorkerAsync(WorkerRef.Of(worker), CancellationToken.None);
        Assert.Single(cases);
        Assert.All(replies, r => Assert.Contains(cases[0].Number, ChatHarness.ContentOf(r)));
    }

    [Fact]
    public async Task Unfollowing_deletes_the_profile_and_dialog_but_refollowing_reconnects_the_cases()
    {
        await using var chat = await ChatHarness.StartAsync(azurite, PushMode.Plaintext);
        const string worker = "oWorkerLeave000000000000001";
        await chat.FollowAsync(worker, "qrscene_site9");
        var number = await FileComplaintAsync(chat, worker);
        await chat.SayAsync(worker, "投诉");

        await chat.UnfollowAsync(worker);

        var members = chat.App.Services.GetRequiredService<UnionWeChat.Functions.Members.MemberStore>();
        var left = await members.GetAsync(worker, CancellationToken.None);
        Assert.False(left!.Following);
        Assert.Null(left.Scene);
        Assert.Null(await chat.App.Services.GetRequiredService<DialogStore>().GetAsync(worker, CancellationToken.None));
        Assert.NotNull(await chat.App.Services.GetRequiredService<CaseStore>().GetAsync(number, CancellationToken.None));

        await chat.FollowAsync(worker);
        Assert.Contains(number, await chat.SayAsync(worker, "查询"));
    }

    [Fact]
    public async Task An_anonymous_complaint_is_marked_so_and_the_worker_still_follows_it()
    {
        await using var chat = await ChatHarness.StartAsync(azurite, PushMode.Plaintext);
        const string worker = "oWorkerAnon0000000000000001";
        var number = await FileComplaintAsync(chat, worker, anonymous: true);

        var stored = await chat.App.Services.GetRequiredService<CaseStore>().GetAsync(number, CancellationToken.None);
        Assert.True(stored!.Anonymous);
        Assert.Contains("已提交", await chat.SayAsync(worker, "查询 " + number));
    }

    [Fact]
    public async Task A_closed_case_is_rated_by_its_worker_once()
    {
        await using var chat = await ChatHarness.StartAsync(azurite, PushMode.Plaintext);
        const string worker = "oWorkerRate0000000000000001";
        var number = await FileComplaintAsync(chat, worker);
        var store = chat.App.Services.GetRequiredService<CaseStore>();
        var closed = await store.ChangeAsync(number, c => (c with { Status = CaseStatus.Closed }, null), CancellationToken.None);
        await chat.App.Services.GetRequiredService<RatingFeature>().OpenAsync(closed!, CancellationToken.None);

        Assert.Contains("1 到 5", await chat.SayAsync(worker, "10"));
        Assert.Contains("5 分", await chat.SayAsync(worker, "5 处理及时"));
        Assert.Contains("已经评价过", await chat.SayAsync(worker, $"评价 {number} 1"));

        var rated = await store.GetAsync(number, CancellationToken.None);
        Assert.Equal(5, rated!.Rating);
        Assert.Equal("处理及时", rated.RatingComment);
    }

    [Fact]
    public async Task Two_hundred_workers_filing_at_once_get_two_hundred_distinct_numbers()
    {
        await using var chat = await ChatHarness.StartAsync(azurite, PushMode.Plaintext);
        var workers = Enumerable.Range(0, 200).Select(i => $"oWorkerCrowd{i:D15}").ToArray();

        // All 200 dialogs run at once; at most 16 messages are in flight, as a web front would admit.
        using var inFlight = new SemaphoreSlim(16);
        var numbers = await Task.WhenAll(workers.Select(w => FileComplaintAsync(chat, w, inFlight: inFlight)));

        Assert.Equal(200, numbers.Distinct().Count());
        var store = chat.App.Services.GetRequiredService<CaseStore>();
        foreach (var (worker, number) in workers.Zip(numbers))
        {
            var mine = await store.ListForWorkerAsync(WorkerRef.Of(worker), CancellationToken.None);
            Assert.Equal(number, Assert.Single(mine).Number);
        }
    }

    internal static async Task<string> FileComplaintAsync(ChatHarness chat, string worker, bool anonymous = false, SemaphoreSlim? inFlight = null)
    {
        async Task<string> Say(string text)
        {
            if (inFlight is not null)
            {
                await inFlight.WaitAsync();
            }
            try
            {
                return await chat.SayUntilHeardAsync(worker, text);
            }
            finally
            {
                inFlight?.Release();
            }
        }

        await Say("投诉");
        await Say("1");
        await Say("银川某某建筑有限公司");
        await Say("三个月的工资共12000元一直没有发放。");
        await Say("13800138000");
        await Say(anonymous ? "1" : "2");
        // Under heavy load an answer can be lost or come back "系统繁忙" whether or not the case was filed. The
        // worker then does what the account tells them: confirm again while the dialog is open, else look it up.
        var receipt = await Say("确认");
        for (var attempt = 0; attempt < 6 && !Receipts.CaseNumber().IsMatch(receipt); attempt++)
        {
            receipt = await Say(receipt.Contains("还没有完成", StringComparison.Ordinal) || receipt.Contains("请回复“确认”", StringComparison.Ordinal) ? "确认" : "查询");
        }
        var number = Receipts.CaseNumber().Match(receipt).Value;
        Assert.False(string.IsNullOrEmpty(number), "no case number in: " + receipt);
        return number;
    }
}
