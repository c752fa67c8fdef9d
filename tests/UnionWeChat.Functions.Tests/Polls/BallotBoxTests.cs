using Azure.Data.Tables;
using Microsoft.Extensions.DependencyInjection;
using UnionWeChat.Functions.Members;
using UnionWeChat.Functions.Notices;
using UnionWeChat.Functions.Platform.Storage;
using UnionWeChat.Functions.Platform.Storage.Tables;
using UnionWeChat.Functions.Polls;
using UnionWeChat.Testing;

namespace UnionWeChat.Functions.Tests.Polls;

public sealed class BallotBoxTests(AzuriteFixture azurite) : IClassFixture<AzuriteFixture>
{
    [Fact]
    public async Task Fifty_concurrent_ballots_from_one_member_store_one_and_count_one()
    {
        await using var app = new AppFactory(azurite.ConnectionString);
        var (poll, box) = await StartAsync(app, maxChoices: 1);
        var member = Follower(PollKit.Member("Same", 1));

        var outcomes = await Task.WhenAll(Enumerable.Range(0, 50).Select(i =>
            box.CastAsync(poll, member, member.OpenId, [i % 3 + 1], BallotChannel.Chat, CancellationToken.None)));

        Assert.Single(outcomes, o => o.Result == BallotResult.Accepted);
        Assert.Equal(49, outcomes.Count(o => o.Result == BallotResult.AlreadyVoted));
        Assert.Single(outcomes.Select(o => o.Receipt).Distinct());
        var recount = await app.RecountAsync(poll.Id);
        Assert.Equal(1, recount.Ballots);
        Assert.Equal(1, recount.TallyVoters);
        Assert.True(recount.Matches);
    }

    [Fact]
    public async Task Ballots_of_many_members_spread_over_partitions_and_the_tally_equals_the_recount()
    {
        await using var app = new AppFactory(azurite.ConnectionString);
        var (poll, box) = await StartAsync(app, maxChoices: 2);
        var expected = new long[3];
        var ballots = Enumerable.Range(0, 240).Select(i =>
        {
            int[] choices = i % 4 == 0 ? [1, 3] : [i % 3 + 1];
            foreach (var c in choices)
            {
                expected[c - 1]++;
            }
            return (Member: Follower(PollKit.Member("Many", i)), Choices: choices);
        }).ToList();

        var outcomes = await Task.WhenAll(ballots.Select(b => box.CastAsync(poll, b.Member, b.Member.OpenId, b.Choices, BallotChannel.Page, CancellationToken.None)));

        Assert.All(outcomes, o => Assert.Equal(BallotResult.Accepted, o.Result));
        var tally = await app.TallyAsync(poll.Id);
        Assert.Equal(240, tally.Voters);
        Assert.Equal(expected, tally.Counts);
        var recount = await app.RecountAsync(poll.Id);
        Assert.True(recount.Matches, $"recount {string.Join(',', recount.Counts)} vs tally {string.Join(',', recount.TallyCounts)}");
        var partitions = new HashSet<string>();
        await foreach (var row in (await Ballots(app)).QueryAsync(select: ["PartitionKey"]))
        {
            partitions.Add(row.PartitionKey);
        }
        Assert.Equal(poll.Partitions, partitions.Count);
    }

    [Fact]
    public async Task Ballot_rows_never_hold_the_members_openid()
    {
        await using var app = new AppFactory(azurite.ConnectionString);
        var (poll, box) = await StartAsync(app, maxChoices: 1);
        var member = Follower(PollKit.Member("Secret", 7));
        await box.CastAsync(poll, member, member.OpenId, [2], BallotChannel.Chat, CancellationToken.None);

        var rows = new List<TableEntity>();
        await foreach (var row in (await Ballots(app)).QueryAsync())
        {
            rows.Add(row);
        }

        Assert.NotEmpty(rows);
        Assert.DoesNotContain(rows, r => r.PartitionKey.Contains(member.OpenId, StringComparison.Ordinal)
            || r.RowKey.Contains(member.OpenId, StringComparison.Ordinal)
            || r.Any(p => p.Value is { } v && v.ToString()!.Contains(member.OpenId, StringComparison.Ordinal)));
    }

    [Fact]
    public async Task Ballots_outside_the_window_or_the_audience_are_refused_and_not_stored()
    {
        await using var app = new AppFactory(azurite.ConnectionString);
        var (poll, box) = await StartAsync(app, maxChoices: 1);
        var follower = Follower(PollKit.Member("Edge", 1));
        var notFollowing = follower with { OpenId = PollKit.Member("Edge", 2), Following = false };
        var registeredOnly = poll with { Audience = new PollAudience(AudienceKind.Registered, []) };
        var notYet = poll with { OpensAt = PollKit.Now.AddMinutes(5) };
        var over = poll with { ClosesAt = PollKit.Now.AddSeconds(-1) };
        var unapproved = poll with { Status = PollStatus.AwaitingApproval };

        Assert.Equal(BallotResult.NotInAudience, (await box.CastAsync(poll, notFollowing, notFollowing.OpenId, [1], BallotChannel.Chat, default)).Result);
        Assert.Equal(BallotResult.NotInAudience, (await box.CastAsync(poll, null, PollKit.Member("Edge", 3), [1], BallotChannel.Chat, default)).Result);
        Assert.Equal(BallotResult.NotInAudience, (await box.CastAsync(registeredOnly, follower, follower.OpenId, [1], BallotChannel.Chat, default)).Result);
        Assert.Equal(BallotResult.NotOpen, (await box.CastAsync(notYet, follower, follower.OpenId, [1], BallotChannel.Chat, default)).Result);
        Assert.Equal(BallotResult.Closed, (await box.CastAsync(over, follower, follower.OpenId, [1], BallotChannel.Chat, default)).Result);
        Assert.Equal(BallotResult.NotOpen, (await box.CastAsync(unapproved, follower, follower.OpenId, [1], BallotChannel.Chat, default)).Result);
        await Assert.ThrowsAsync<ArgumentException>(() => box.CastAsync(poll, follower, follower.OpenId, [1, 2], BallotChannel.Chat, default));

        var tally = await app.TallyAsync(poll.Id);
        Assert.Equal(0, tally.Voters);
        Assert.Null(await box.ReceiptIfVotedAsync(poll, follower.OpenId, default));
    }

    [Fact]
    public async Task Page_views_within_the_cache_time_reuse_the_tally_and_later_ones_read_the_counters_again()
    {
        var clock = new ManualTimeProvider(PollKit.Now);
        await using var app = new AppFactory(azurite.ConnectionString).WithServices(s => s.AddSingleton<TimeProvider>(clock));
        var (poll, box) = await StartAsync(app, maxChoices: 1);
        var tallies = app.Services.GetRequiredService<TallyReader>();
        var member = Follower(PollKit.Member("Cache", 1));

        var before = await tallies.GetAsync(poll, default);
        await box.CastAsync(poll, member, member.OpenId, [1], BallotChannel.Page, default);
        var cached = await tallies.GetAsync(poll, default);
        clock.Advance(TimeSpan.FromSeconds(4));
        var refreshed = await tallies.GetAsync(poll, default);

        Assert.Equal(0, before.Voters);
        Assert.Equal(0, cached.Voters);
        Assert.Equal(before.CountedAt, cached.CountedAt);
        Assert.Equal(1, refreshed.Voters);
        Assert.Equal(1, (await tallies.ReadAsync(poll, default)).Voters);
    }

    private static Member Follower(string openId) => new() { OpenId = openId, Following = true };

    private static async Task<(Poll Poll, BallotBox Box)> StartAsync(AppFactory app, int maxChoices)
    {
        using var _ = app.CreateClient();
        var now = PollKit.Now;
        var poll = await app.Services.GetRequiredService<PollStore>().CreateAsync(new Poll
        {
            Id = PollStore.NewId(),
            Title = "t",
            Options = ["a", "b", "c"],
            MaxChoices = maxChoices,
            Audience = PollAudience.Everyone,
            OpensAt = now.AddMinutes(-1),
            ClosesAt = now.AddHours(1),
            Status = PollStatus.Scheduled,
            CreatedBy = "test",
            CreatedAt = now,
            Salt = PollStore.NewSalt(),
        }, CancellationToken.None);
        return (poll, app.Services.GetRequiredService<BallotBox>());
    }

    private static Task<TableClient> Ballots(AppFactory app) =>
        app.Services.GetRequiredService<AppTables>().OpenAsync(BallotBox.TableName);
}
