using System.Net;
using Microsoft.Extensions.DependencyInjection;
using UnionWeChat.Functions.Members;
using UnionWeChat.Functions.Polls;
using UnionWeChat.Functions.Tests.Polls;
using UnionWeChat.Functions.Tests.Staff;

namespace UnionWeChat.Functions.Tests.Hardening;

/// <summary>Option numbers no ballot may be made of, in the chat and on the vote page: a clear sentence, no ballot.</summary>
public sealed class BallotInputTests(BallotInputTests.OpenPoll poll) : IClassFixture<BallotInputTests.OpenPoll>
{
    public static TheoryData<string> BadNumbers => new()
    {
        "-1", "0", "-0", "00", "4", "１０", "99999999999999999999", "-99999999999999999999",
        "٢", "२", "²", "⑵", "二", "1e1", "0x1", "+1", "1.0", "1\u200b", "%31", "&#49;",
    };

    [Theory]
    [MemberData(nameof(BadNumbers))]
    public async Task A_bad_option_number_in_the_chat_gets_a_chinese_explanation_and_no_ballot(string text)
    {
        var member = PollKit.Member("ChatBad" + Math.Abs(text.GetHashCode() % 100000), 1);
        await poll.Chat.SayAsync(member, "投票");

        var reply = await poll.Chat.SayAsync(member, text);

        Assert.Contains("选项编号", reply, StringComparison.Ordinal);
        Assert.DoesNotContain("投票成功", reply, StringComparison.Ordinal);
        Assert.Null(await poll.ReceiptOfAsync(member));
    }

    [Theory]
    [MemberData(nameof(BadNumbers))]
    public async Task A_bad_option_number_on_the_vote_page_is_explained_and_stores_no_ballot(string value)
    {
        var member = PollKit.Member("PageBad" + Math.Abs(value.GetHashCode() % 100000), 1);
        await poll.Chat.App.SaveMemberAsync(new Member { OpenId = member, Following = true });
        using var phone = new VoteBrowserlessClient(poll.Chat);
        var page = await phone.SignInAsync(poll.Id, member);

        using var response = await phone.SubmitAsync(poll.Id, page, [value]);
        var html = await response.Content.ReadAsStringAsync();

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        Assert.Contains("class=\"error\"", html, StringComparison.Ordinal);
        Assert.Contains("选项编号", html, StringComparison.Ordinal);
        Assert.Null(await poll.ReceiptOfAsync(member));
    }

    [Fact]
    public async Task A_nul_in_the_vote_form_is_refused_and_stores_no_ballot()
    {
        // A chat message cannot carry NUL (XML forbids it: see HostilePushTests); a crafted form can.
        const string member = "oMemberNulForm000000000001x";
        await poll.Chat.App.SaveMemberAsync(new Member { OpenId = member, Following = true });
        using var phone = new VoteBrowserlessClient(poll.Chat);
        var page = await phone.SignInAsync(poll.Id, member);

        using var response = await phone.SubmitAsync(poll.Id, page, ["1\u0000"]);

        // The form reader refuses the NUL, so the anti-forgery check fails first and asks for a fresh page.
        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        Assert.Contains("请刷新页面", await response.Content.ReadAsStringAsync(), StringComparison.Ordinal);
        Assert.Null(await poll.ReceiptOfAsync(member));
    }

    [Fact]
    public async Task A_megabyte_vote_form_is_refused_before_it_is_read_and_stores_no_ballot()
    {
        const string member = "oMemberHugeForm00000000001x";
        await poll.Chat.App.SaveMemberAsync(new Member { OpenId = member, Following = true });
        using var phone = new VoteBrowserlessClient(poll.Chat);
        var page = await phone.SignInAsync(poll.Id, member);

        using var response = await phone.SubmitAsync(poll.Id, page, ["1"], ("padding", new string('x', 1024 * 1024)));

        Assert.Equal(HttpStatusCode.RequestEntityTooLarge, response.StatusCode);
        Assert.Contains("A vote form may be at most 16 KiB", await response.Content.ReadAsStringAsync(), StringComparison.Ordinal);
        Assert.Null(await poll.ReceiptOfAsync(member));
    }

    public sealed class OpenPoll : HostileDesk
    {
        public ChatHarness Chat => Desk.Chat;

        public string Id { get; private set; } = "";

        protected override void Configure(AppFactory app) => app.WithStaff().With("Polls:SubmissionsPerMemberPerMinute", "100");

        protected override async Task SeedAsync(StaffDesk desk) => Id = await desk.Chat.Http.CreateApprovedAsync(PollKit.Body());

        public async Task<string?> ReceiptOfAsync(string member) =>
            await Chat.App.Services.GetRequiredService<BallotBox>().ReceiptIfVotedAsync(await Chat.App.PollAsync(Id), member, CancellationToken.None);
    }
}
