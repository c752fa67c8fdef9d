using System.Net;
using UnionWeChat.Functions.Tests.Polls;
using UnionWeChat.Testing;

namespace UnionWeChat.Functions.Tests.Membership;

/// <summary>网上入会 in the chat, as a worker types it.</summary>
public sealed class JoinConversationTests(AzuriteFixture azurite) : IClassFixture<AzuriteFixture>
{
    [Fact]
    public async Task A_worker_applies_in_the_chat_and_staff_see_the_application_with_the_mobile_masked_except_for_admins()
    {
        await using var chat = await StartAsync();
        var worker = JoinKit.Worker("Apply", 1);

        var id = await chat.ApplyAsync(worker);
        var again = await chat.SayAsync(worker, "确认");

        var pending = await chat.Http.ListAsync("Pending");
        var mine = Assert.Single(pending.EnumerateArray(), a => a.GetProperty("id").GetString() == id);
        Assert.Equal("张小红", mine.GetProperty("name").GetString());
        Assert.Equal("138****5678", mine.GetProperty("mobile").GetString());
        Assert.Equal("已建立", mine.GetProperty("employerUnion").GetString());
        Assert.Equal("13812345678", (await chat.Http.ApplicationAsync(id, PollKit.Alice)).GetProperty("mobile").GetString());
        Assert.DoesNotContain(worker, pending.ToString(), StringComparison.Ordinal);
        Assert.DoesNotContain("入会申请已提交", again, StringComparison.Ordinal);
        Assert.Single((await chat.Http.ListAsync("Pending")).EnumerateArray(), a => a.GetProperty("name").GetString() == "张小红");
    }

    [Fact]
    public async Task Bad_answers_get_a_clear_message_and_nothing_is_filed_until_the_worker_confirms()
    {
        await using var chat = await StartAsync();
        var worker = JoinKit.Worker("Bad", 1);
        await chat.FollowAsync(worker);
        await chat.SayAsync(worker, "入会");

        var badName = await chat.SayAsync(worker, "1");
        await chat.SayAsync(worker, "李四");
        var landline = await chat.SayAsync(worker, "021-12345678");
        await chat.SayAsync(worker, "13912345678");
        var hugeEmployer = await chat.SayAsync(worker, new string('厂', 10_000));
        await chat.SayAsync(worker, "南方纺织公司");
        await chat.SayAsync(worker, "挡车工");
        var outOfRange = await chat.SayAsync(worker, "5");
        await chat.SayAsync(worker, "3");
        var refused = await chat.SayAsync(worker, "不同意");
        var cancelled = await chat.SayAsync(worker, "取消");

        Assert.Contains("真实姓名", badName, StringComparison.Ordinal);
        Assert.Contains("手机号码格式不正确", landline, StringComparison.Ordinal);
        Assert.Contains("过长", hugeEmployer, StringComparison.Ordinal);
        Assert.Contains("请回复 1（已建立）", outOfRange, StringComparison.Ordinal);
        Assert.Contains("请回复“同意”继续", refused, StringComparison.Ordinal);
        Assert.Contains("取消", cancelled, StringComparison.Ordinal);
        Assert.DoesNotContain((await chat.Http.ListAsync("Pending")).EnumerateArray(), a => a.GetProperty("name").GetString() == "李四");
        Assert.Null((await chat.App.MemberAsync(worker))!.JoinApplication);
    }

    [Fact]
    public async Task Asking_again_while_the_application_is_reviewed_says_so_and_files_nothing_new()
    {
        await using var chat = await StartAsync();
        var worker = JoinKit.Worker("Twice", 1);
        var id = await chat.ApplyAsync(worker, name: "王二");

        var again = await chat.SayAsync(worker, "入会");

        Assert.Contains("正在审核中", again, StringComparison.Ordinal);
        Assert.Contains(id, again, StringComparison.Ordinal);
        Assert.Single((await chat.Http.ListAsync("Pending")).EnumerateArray(), a => a.GetProperty("name").GetString() == "王二");
    }

    [Fact]
    public async Task A_worker_who_unfollows_and_follows_again_while_the_application_is_reviewed_is_told_so_and_files_nothing_new()
    {
        await using var chat = await StartAsync();
        var worker = JoinKit.Worker("Refollow", 1);
        var id = await chat.ApplyAsync(worker, name: "孙三");

        await chat.UnfollowAsync(worker);
        await chat.FollowAsync(worker);
        var again = await chat.SayAsync(worker, "入会");

        Assert.Contains("正在审核中", again, StringComparison.Ordinal);
        Assert.Contains(id, again, StringComparison.Ordinal);
        Assert.Equal(id, (await chat.App.MemberAsync(worker))!.JoinApplication);
        Assert.Single((await chat.Http.ListAsync("Pending")).EnumerateArray(), a => a.GetProperty("name").GetString() == "孙三");
    }

    [Fact]
    public async Task The_join_guide_tells_workers_how_to_apply_online()
    {
        await using var chat = await StartAsync();
        var worker = JoinKit.Worker("Guide", 1);
        await chat.FollowAsync(worker);

        var guide = await chat.SayAsync(worker, "入会指南");
        var card = await chat.SayAsync(worker, "会员卡");

        Assert.Contains("回复“入会”", guide, StringComparison.Ordinal);
        Assert.Contains("您还不是工会会员", card, StringComparison.Ordinal);
    }

    private Task<ChatHarness> StartAsync() => ChatHarness.StartAsync(azurite, configure: app => app.WithStaff()
        .With("Membership:Unions:0", "市总工会").With("Membership:Unions:1", "开发区总工会"));
}
