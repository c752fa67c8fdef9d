using System.Text.RegularExpressions;
using Microsoft.Extensions.DependencyInjection;
using UnionWeChat.Functions.Conversation;
using UnionWeChat.Functions.Members;
using UnionWeChat.Functions.Polls;
using UnionWeChat.Testing;
using UnionWeChat.WeChat.Api;
using UnionWeChat.WeChat.Simulator;

namespace UnionWeChat.Functions.Tests.Polls;

public sealed class PollChatTests(AzuriteFixture azurite) : IClassFixture<AzuriteFixture>
{
    [Fact]
    public async Task A_member_votes_by_replying_the_option_number_and_gets_a_receipt()
    {
        await using var chat = await StartAsync();
        var id = await chat.Http.CreateApprovedAsync(PollKit.Body());
        var worker = PollKit.Member("Chat", 1);

        var ballot = await chat.SayAsync(worker, "投票");
        var done = await chat.SayAsync(worker, "2");

        Assert.Contains("2026年度和谐企业评选", ballot);
        Assert.Contains("2. 乙纺织公司", ballot);
        Assert.Contains("投票成功", done);
        Assert.Matches(Receipts.BallotReceipt(), done);
        Assert.DoesNotContain("乙纺织公司", done);
        var tally = await chat.App.TallyAsync(id);
        Assert.Equal([0L, 1L, 0L], tally.Counts);
    }

    [Fact]
    public async Task The_vote_menu_item_starts_the_same_dialog()
    {
        await using var chat = await StartAsync();
        await chat.Http.CreateApprovedAsync(PollKit.Body());

        var ballot = await chat.ClickAsync(PollKit.Member("Menu", 1), "VOTE");

        Assert.Contains("1. 甲机械厂", ballot);
    }

    [Fact]
    public async Task Bad_choices_get_a_clear_message_store_nothing_and_leave_the_ballot_open()
    {
        await using var chat = await StartAsync();
        var id = await chat.Http.CreateApprovedAsync(PollKit.Body().With("maxChoices", 2));
        var worker = PollKit.Member("Bad", 1);
        await chat.SayAsync(worker, "投票");

        var replies = new Dictionary<string, string>();
        foreach (var input in new[] { "-1", "0", "4", "99999999999999999999", "1,1", "1,2,3", "甲", "一" })
        {
            replies[input] = await chat.SayAsync(worker, input);
        }

        Assert.Contains("不是选项编号", replies["-1"]);
        Assert.Contains("没有第 0 项", replies["0"]);
        Assert.Contains("选项编号是 1 到 3", replies["4"]);
        Assert.Contains("没有第", replies["99999999999999999999"]);
        Assert.Contains("选了两次", replies["1,1"]);
        Assert.Contains("最多只能选 2 项", replies["1,2,3"]);
        Assert.Contains("不是选项编号", replies["甲"]);
        Assert.All(replies.Values, r => Assert.DoesNotContain("投票成功", r));
        Assert.Equal(0, (await chat.App.TallyAsync(id)).Voters);
        Assert.Equal(0, (await chat.App.RecountAsync(id)).Ballots);

        var done = await chat.SayAsync(worker, "1，3");
        Assert.Contains("投票成功", done);
        Assert.Equal([1L, 0L, 1L], (await chat.App.TallyAsync(id)).Counts);
    }

    [Fact]
    public async Task A_second_ballot_is_refused_with_the_same_receipt_and_the_first_stands()
    {
        await using var chat = await StartAsync();
        var id = await chat.Http.CreateApprovedAsync(PollKit.Body());
        var worker = PollKit.Member("Twice", 1);
        await chat.SayAsync(worker, "投票");
        var first = await chat.SayAsync(worker, "1");

        var again = await chat.SayAsync(worker, "投票");

        Assert.Contains("您已投过票，投票不能修改", again);
        Assert.Equal(Receipts.BallotReceipt().Match(first).Value, Receipts.BallotReceipt().Match(again).Value);
        Assert.Equal([1L, 0L, 0L], (await chat.App.TallyAsync(id)).Counts);
    }

    [Fact]
    public async Task The_same_choice_sent_twice_at_once_and_a_retried_push_count_once()
    {
        await using var chat = await StartAsync();
        var id = await chat.Http.CreateApprovedAsync(PollKit.Body());
        var worker = PollKit.Member("Burst", 1);
        await chat.SayAsync(worker, "投票");
        var push = PushXml.Text(worker, ChatHarness.AccountId, "3", chat.NextMsgId(), ChatHarness.Now);
        var other = PushXml.Text(worker, ChatHarness.AccountId, "3", chat.NextMsgId(), ChatHarness.Now);

        var replies = await Task.WhenAll(chat.PushAsync(push), chat.PushAsync(push), chat.PushAsync(other));

        var texts = replies.Select(ChatHarness.ContentOf).ToList();
        Assert.Equal(texts[0], texts[1]);
        Assert.Single(texts.Distinct(), t => t.Contains("投票成功", StringComparison.Ordinal));
        var tally = await chat.App.TallyAsync(id);
        Assert.Equal(1, tally.Voters);
        Assert.True((await chat.App.RecountAsync(id)).Matches);
    }

    [Fact]
    public async Task A_member_outside_the_audience_is_shown_no_poll_and_cannot_vote()
    {
        await using var chat = await StartAsync();
        var id = await chat.Http.CreateApprovedAsync(PollKit.Body().With("audience", "tags").With("tags", new[] { "一线职工" }));
        var outsider = PollKit.Member("Out", 1);
        var insider = PollKit.Member("In", 1);
        await chat.App.SaveMemberAsync(new Member { OpenId = insider, Following = true, Tags = ["一线职工"] });

        var refused = await chat.SayAsync(outsider, "投票");
        var shown = await chat.SayAsync(insider, "投票");

        Assert.Contains("目前没有您可以参加的投票", refused);
        Assert.Contains("甲机械厂", shown);
        Assert.Equal(0, (await chat.App.TallyAsync(id)).Voters);
    }

    [Fact]
    public async Task Several_open_polls_are_listed_and_one_is_picked_by_number()
    {
        await using var chat = await StartAsync();
        var first = await chat.Http.CreateApprovedAsync(PollKit.Body().With("title", "先截止的投票").With("closesAt", PollKit.Now.AddMinutes(30)));
        var second = await chat.Http.CreateApprovedAsync(PollKit.Body().With("title", "后截止的投票"));
        var worker = PollKit.Member("Pick", 1);

        var list = await chat.SayAsync(worker, "投票");
        var wrong = await chat.SayAsync(worker, "5");
        var ballot = await chat.SayAsync(worker, "2");
        var done = await chat.SayAsync(worker, "1");

        Assert.Contains("1. 先截止的投票", list);
        Assert.Contains("2. 后截止的投票", list);
        Assert.Contains("请回复 1 到 2", wrong);
        Assert.Contains("后截止的投票", ballot);
        Assert.Contains("投票成功", done);
        Assert.Equal(0, (await chat.App.TallyAsync(first)).Voters);
        Assert.Equal(1, (await chat.App.TallyAsync(second)).Voters);
    }

    [Fact]
    public async Task Without_an_open_poll_the_member_is_told_so()
    {
        await using var chat = await StartAsync();
        await chat.Http.CreateApprovedAsync(PollKit.Body().With("opensAt", PollKit.Now.AddHours(1)).With("closesAt", PollKit.Now.AddHours(2)));

        var reply = await chat.SayAsync(PollKit.Member("None", 1), "投票");

        Assert.Contains("目前没有您可以参加的投票", reply);
    }

    [Fact]
    public async Task A_chat_ballot_costs_three_storage_calls_for_its_two_pushes_and_writes_the_member_row_once()
    {
        var calls = new StorageCalls();
        await using var chat = await StartAsync(calls.CountCallsOf);
        var id = await chat.Http.CreateApprovedAsync(PollKit.Body());
        var worker = PollKit.Member("Calls", 1);
        // A follower from before the poll, whose row this instance has not read yet.
        await chat.App.SaveMemberAsync(new Member { OpenId = worker, Following = true });
        await chat.App.PollAsync(id);
        calls.Clear();

        await chat.SayAsync(worker, "投票");
        var done = await chat.SayAsync(worker, "2");

        Assert.Contains("投票成功", done);
        var storage = calls.All.Where(c => !c.Path.EndsWith("/Tables", StringComparison.Ordinal) && !c.Path.Contains("polls", StringComparison.Ordinal)).ToList();
        Assert.True(storage.Count <= 3, string.Join(", ", storage));
        Assert.Collection(calls.Writes,
            w => Assert.Equal(("PUT", true), (w.Method, w.Path.Contains(MemberRows.TableName + "(", StringComparison.Ordinal))),
            w => Assert.Equal(("POST", true), (w.Method, w.Path.EndsWith(BallotBox.TableName, StringComparison.Ordinal))));
        Assert.Equal([0L, 1L, 0L], (await chat.App.TallyAsync(id)).Counts);
    }

    [Fact]
    public async Task A_retried_ballot_push_gets_the_same_receipt_and_the_ballot_counts_once()
    {
        await using var chat = await StartAsync();
        var id = await chat.Http.CreateApprovedAsync(PollKit.Body());
        var worker = PollKit.Member("Retry", 1);
        await chat.SayAsync(worker, "投票");
        var push = PushXml.Text(worker, ChatHarness.AccountId, "1", chat.NextMsgId(), ChatHarness.Now);

        var first = ChatHarness.ContentOf(await chat.PushAsync(push));
        var retried = ChatHarness.ContentOf(await chat.PushAsync(push));

        Assert.Contains("投票成功", first);
        Assert.Equal(first, retried);
        Assert.Equal([1L, 0L, 0L], (await chat.App.TallyAsync(id)).Counts);
        Assert.True((await chat.App.RecountAsync(id)).Matches);
    }

    [Fact]
    public async Task A_retry_that_met_its_own_ballot_is_recorded_so_a_third_attempt_asks_the_ballot_box_nothing()
    {
        var calls = new StorageCalls();
        await using var chat = await StartAsync(calls.CountCallsOf);
        await chat.Http.CreateApprovedAsync(PollKit.Body());
        var worker = PollKit.Member("Third", 1);
        await chat.SayAsync(worker, "投票");
        var push = PushXml.Text(worker, ChatHarness.AccountId, "2", chat.NextMsgId(), ChatHarness.Now);
        var first = ChatHarness.ContentOf(await chat.PushAsync(push));
        var second = ChatHarness.ContentOf(await chat.PushAsync(push));
        calls.Clear();

        var third = ChatHarness.ContentOf(await chat.PushAsync(push));

        Assert.Contains("投票成功", first);
        Assert.Equal(first, second);
        Assert.Equal(first, third);
        Assert.DoesNotContain(calls.All, c => c.Path.Contains(BallotBox.TableName, StringComparison.Ordinal));
    }

    [Fact]
    public async Task A_ballot_begun_from_the_menu_writes_the_typed_choice_so_the_long_service_window_opens()
    {
        await using var chat = await StartAsync();
        await chat.Http.CreateApprovedAsync(PollKit.Body());
        var worker = PollKit.Member("Window", 1);
        await chat.ClickAsync(worker, PollChatFeature.MenuKey);

        Assert.Contains("投票成功", await chat.SayAsync(worker, "1"));

        var member = await chat.App.Services.GetRequiredService<MemberStore>().GetAsync(worker, CancellationToken.None);
        Assert.Equal(InteractionKind.UserMessage, member!.LastInteractionKind);
        Assert.Null(await chat.App.Services.GetRequiredService<DialogStore>().GetAsync(worker, CancellationToken.None));
    }

    [Fact]
    public async Task A_ballot_that_lands_while_the_chat_asks_about_switching_leaves_nothing_to_go_back_to()
    {
        await using var chat = await StartAsync();
        var id = await chat.Http.CreateApprovedAsync(PollKit.Body());
        var worker = PollKit.Member("Switch", 1);
        await chat.SayAsync(worker, "投票");
        Assert.Contains("还没有完成", await chat.SayAsync(worker, "投诉"));
        // The member's ballot arrives meanwhile (here: from the vote page).
        var box = chat.App.Services.GetRequiredService<BallotBox>();
        Assert.Equal(BallotResult.Accepted, (await box.CastAsync(await chat.App.PollAsync(id), new Member { OpenId = worker, Following = true }, worker, [3], BallotChannel.Page, "page", CancellationToken.None)).Result);

        var reply = await chat.SayAsync(worker, "你好");

        Assert.DoesNotContain("选项编号", reply);
        Assert.Null(await chat.App.Services.GetRequiredService<DialogStore>().GetAsync(worker, CancellationToken.None));
    }

    [Fact]
    public async Task A_menu_link_tapped_after_voting_gets_no_ballot_prompt()
    {
        await using var chat = await StartAsync();
        await chat.Http.CreateApprovedAsync(PollKit.Body());
        var worker = PollKit.Member("View", 1);
        await chat.SayAsync(worker, "投票");
        await chat.SayAsync(worker, "2");

        var view = await chat.PushAsync(PushXml.Event(worker, ChatHarness.AccountId, "VIEW", "https://example.org/guide", ChatHarness.Now));

        Assert.Equal("", ChatHarness.ContentOf(view));
        Assert.Null(await chat.App.Services.GetRequiredService<DialogStore>().GetAsync(worker, CancellationToken.None));
    }

    [Fact]
    public async Task After_a_chat_ballot_the_next_message_is_not_taken_as_part_of_the_ballot()
    {
        await using var chat = await StartAsync();
        var id = await chat.Http.CreateApprovedAsync(PollKit.Body());
        var (cancel, command, word, again) = (PollKit.Member("After", 1), PollKit.Member("After", 2), PollKit.Member("After", 3), PollKit.Member("After", 4));
        foreach (var worker in new[] { cancel, command, word, again })
        {
            await chat.SayAsync(worker, "投票");
            Assert.Contains("投票成功", await chat.SayAsync(worker, "3"));
        }

        var cancelled = await chat.SayAsync(cancel, "取消");
        var complaint = await chat.SayAsync(command, "投诉");
        var hello = await chat.SayAsync(word, "你好");
        var vote = await chat.SayAsync(again, "投票");
        var choice = await chat.SayAsync(again, "1");

        Assert.Equal(ChatTexts.Nothing, cancelled);
        Assert.DoesNotContain("还没有完成", complaint);
        Assert.Contains("投诉", complaint);
        Assert.DoesNotContain("选项", hello);
        Assert.Contains("您已投过票", vote);
        Assert.DoesNotContain("投票成功", choice);
        Assert.DoesNotContain("您已投过票", choice);
        var dialogs = chat.App.Services.GetRequiredService<DialogStore>();
        Assert.Null(await dialogs.GetAsync(cancel, CancellationToken.None));
        Assert.Null(await dialogs.GetAsync(word, CancellationToken.None));
        Assert.Equal([0L, 0L, 4L], (await chat.App.TallyAsync(id)).Counts);
    }

    [Fact]
    public async Task A_ballot_dialog_left_since_the_ballot_is_not_reported_as_timed_out()
    {
        await using var chat = await StartAsync();
        await chat.Http.CreateApprovedAsync(PollKit.Body());
        var (voted, walkedAway) = (PollKit.Member("Idle", 1), PollKit.Member("Idle", 2));
        await chat.SayAsync(voted, "投票");
        await chat.SayAsync(voted, "2");
        await chat.SayAsync(walkedAway, "投票");
        var dialogs = chat.App.Services.GetRequiredService<DialogStore>();
        foreach (var worker in new[] { voted, walkedAway })
        {
            // An hour later: the dialog the row still holds is past the 30-minute timeout.
            var dialog = await dialogs.GetAsync(worker, CancellationToken.None);
            await dialogs.SaveAsync(worker, dialog! with { UpdatedAt = TimeProvider.System.GetUtcNow().AddHours(-1) }, CancellationToken.None);
        }

        var afterVoting = await chat.SayAsync(voted, "你好");
        var afterWalkingAway = await chat.SayAsync(walkedAway, "你好");

        Assert.DoesNotContain("超时", afterVoting);
        Assert.Contains("超时", afterWalkingAway);
        Assert.Null(await dialogs.GetAsync(voted, CancellationToken.None));
    }

    private Task<ChatHarness> StartAsync(Action<AppFactory>? configure = null) => ChatHarness.StartAsync(azurite, configure: app =>
    {
        app.WithStaff();
        configure?.Invoke(app);
    });
}
