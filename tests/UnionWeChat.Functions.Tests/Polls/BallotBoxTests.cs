using Azure.Core;
using Azure.Core.Pipeline;
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
            box.CastAsync(poll, member, member.OpenId, [i % 3 + 1], BallotChannel.Chat, Attempt(), CancellationToken.None)));

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

        var outcomes = await Task.WhenAll(ballots.Select(b => box.CastAsync(poll, b.Member, b.Member.OpenId, b.Choices, BallotChannel.Page, Attempt(), CancellationToken.None)));

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
        await box.CastAsync(poll, member, member.OpenId, [2], BallotChannel.Chat, Attempt(), CancellationToken.None);

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

        Assert.Equal(BallotResult.NotInAudience, (await box.CastAsync(poll, notFollowing, notFollowing.OpenId, [1], BallotChannel.Chat, Attempt(), default)).Result);
        Assert.Equal(BallotResult.NotInAudience, (await box.CastAsync(poll, null, PollKit.Member("Edge", 3), [1], BallotChannel.Chat, Attempt(), default)).Result);
        Assert.Equal(BallotResult.NotInAudience, (await box.CastAsync(registeredOnly, follower, follower.OpenId, [1], BallotChannel.Chat, Attempt(), default)).Result);
        Assert.Equal(BallotResult.NotOpen, (await box.CastAsync(notYet, follower, follower.OpenId, [1], BallotChannel.Chat, Attempt(), default)).Result);
        Assert.Equal(BallotResult.Closed, (await box.CastAsync(over, follower, follower.OpenId, [1], BallotChannel.Chat, Attempt(), default)).Result);
        Assert.Equal(BallotResult.NotOpen, (await box.CastAsync(unapproved, follower, follower.OpenId, [1], BallotChannel.Chat, Attempt(), default)).Result);
        await Assert.ThrowsAsync<ArgumentException>(() => box.CastAsync(poll, follower, follower.OpenId, [1, 2], BallotChannel.Chat, Attempt(), default));

        var tally = await app.TallyAsync(poll.Id);
        Assert.Equal(0, tally.Voters);
        Assert.Null(await box.ReceiptIfVotedAsync(poll, follower.OpenId, default));
    }

    [Fact]
    public async Task Page_views_within_the_cache_time_reuse_the_tally_and_later_ones_count_the_ballots_again()
    {
        var clock = new ManualTimeProvider(PollKit.Now);
        await using var app = new AppFactory(azurite.ConnectionString).WithServices(s => s.AddSingleton<TimeProvider>(clock));
        var (poll, box) = await StartAsync(app, maxChoices: 1);
        var tallies = app.Services.GetRequiredService<TallyReader>();
        var member = Follower(PollKit.Member("Cache", 1));

        var before = await tallies.GetAsync(poll, default);
        await box.CastAsync(poll, member, member.OpenId, [1], BallotChannel.Page, Attempt(), default);
        var cached = await tallies.GetAsync(poll, default);
        clock.Advance(TimeSpan.FromSeconds(4));
        var refreshed = await tallies.GetAsync(poll, default);

        Assert.Equal(0, before.Voters);
        Assert.Equal(0, cached.Voters);
        Assert.Equal(before.CountedAt, cached.CountedAt);
        Assert.Equal(1, refreshed.Voters);
        Assert.Equal(1, (await tallies.ReadAsync(poll, default)).Voters);
    }

    [Fact]
    public async Task A_retry_after_the_close_is_told_its_ballot_is_in_and_a_new_ballot_is_refused()
    {
        var clock = new ManualTimeProvider(PollKit.Now);
        var (tables, _) = Tables(_ => { });
        var box = new BallotBox(tables, clock);
        var poll = OpenPoll(maxChoices: 1);
        var (voter, late) = (Follower(PollKit.Member("Close", 1)), Follower(PollKit.Member("Close", 2)));
        var attempt = Attempt();
        Assert.Equal(BallotResult.Accepted, (await box.CastAsync(poll, voter, voter.OpenId, [2], BallotChannel.Chat, attempt, default)).Result);
        clock.Advance(TimeSpan.FromHours(2));

        var retried = await box.CastAsync(poll, voter, voter.OpenId, [2], BallotChannel.Chat, attempt, default);
        var other = await box.CastAsync(poll, voter, voter.OpenId, [2], BallotChannel.Chat, Attempt(), default);
        var newcomer = await box.CastAsync(poll, late, late.OpenId, [1], BallotChannel.Chat, Attempt(), default);

        Assert.Equal((BallotResult.Accepted, true), (retried.Result, retried.Again));
        Assert.Equal(BallotKeys.For(poll, voter.OpenId).Receipt, retried.Receipt);
        Assert.Equal(BallotResult.Closed, other.Result);
        Assert.Equal(BallotResult.Closed, newcomer.Result);
        Assert.Null(await box.ReceiptIfVotedAsync(poll, late.OpenId, default));
    }

    [Fact]
    public async Task Casting_a_ballot_is_one_storage_write_and_leaves_only_the_ballot_row()
    {
        var calls = new StorageCalls();
        var (tables, prefix) = Tables(options => options.AddPolicy(calls, HttpPipelinePosition.PerRetry));
        var box = new BallotBox(tables, TimeProvider.System);
        var poll = OpenPoll(maxChoices: 2);
        var member = Follower(PollKit.Member("OneWrite", 1));
        await tables.OpenAsync(BallotBox.TableName);
        calls.Clear();

        var outcome = await box.CastAsync(poll, member, member.OpenId, [1, 3], BallotChannel.Page, Attempt(), default);

        Assert.Equal(BallotResult.Accepted, outcome.Result);
        var call = Assert.Single(calls.All);
        Assert.Equal("POST", call.Method);
        Assert.EndsWith("/" + prefix + BallotBox.TableName, call.Path, StringComparison.Ordinal);
        var keys = BallotKeys.For(poll, member.OpenId);
        var rows = new List<TableEntity>();
        await foreach (var row in (await tables.OpenAsync(BallotBox.TableName)).QueryAsync(TableFilter.Create($"PartitionKey eq {keys.PartitionKey}")))
        {
            rows.Add(row);
        }
        var ballot = Assert.Single(rows);
        Assert.Equal(keys.RowKey, ballot.RowKey);
        Assert.Equal("1,3", ballot.GetString("Choices"));
    }

    [Fact]
    public async Task A_ballot_whose_first_answer_was_lost_is_accepted_when_storage_retries_it_and_counted_once()
    {
        var lost = new LoseFirstBallotInsertAnswer();
        var (tables, _) = Tables(options => options.AddPolicy(lost, HttpPipelinePosition.PerRetry));
        var box = new BallotBox(tables, TimeProvider.System);
        var poll = OpenPoll(maxChoices: 1);
        var member = Follower(PollKit.Member("Lost", 1));

        var outcome = await box.CastAsync(poll, member, member.OpenId, [2], BallotChannel.Chat, Attempt(), default);

        Assert.True(lost.Lost, "the first insert's answer was not dropped, so the retry was not exercised");
        Assert.Equal(BallotResult.Accepted, outcome.Result);
        Assert.Equal(BallotKeys.For(poll, member.OpenId).Receipt, outcome.Receipt);
        var recount = await Recounter(tables).RecountAsync(poll, default);
        Assert.Equal(1, recount.Ballots);
        Assert.Equal([0L, 1L, 0L], recount.TallyCounts);
        Assert.True(recount.Matches);
    }

    [Fact]
    public async Task The_same_attempt_again_is_accepted_and_another_attempt_is_already_voted()
    {
        var (tables, _) = Tables(_ => { });
        var box = new BallotBox(tables, TimeProvider.System);
        var poll = OpenPoll(maxChoices: 1);
        var member = Follower(PollKit.Member("Again", 1));
        var attempt = Attempt();

        var first = await box.CastAsync(poll, member, member.OpenId, [1], BallotChannel.Chat, attempt, default);
        var same = await box.CastAsync(poll, member, member.OpenId, [1], BallotChannel.Chat, attempt, default);
        var other = await box.CastAsync(poll, member, member.OpenId, [2], BallotChannel.Page, Attempt(), default);

        Assert.Equal([BallotResult.Accepted, BallotResult.Accepted, BallotResult.AlreadyVoted], new[] { first.Result, same.Result, other.Result });
        Assert.Equal(first.Receipt, other.Receipt);
        var tally = await new TallyReader(tables, new PollsOptions(), TimeProvider.System).ReadAsync(poll, default);
        Assert.Equal(1, tally.Voters);
        Assert.Equal([1L, 0L, 0L], tally.Counts);
    }

    [Fact]
    public async Task Counter_rows_left_by_older_polls_are_not_counted_and_the_tally_equals_the_recount()
    {
        var (tables, _) = Tables(_ => { });
        var box = new BallotBox(tables, TimeProvider.System);
        var poll = OpenPoll(maxChoices: 1);
        var member = Follower(PollKit.Member("Old", 1));
        await box.CastAsync(poll, member, member.OpenId, [3], BallotChannel.Chat, Attempt(), default);
        var table = await tables.OpenAsync(BallotBox.TableName);
        await table.AddAsync(new TableEntity(BallotKeys.For(poll, member.OpenId).PartitionKey, "~c00") { ["Voters"] = 7L, ["O1"] = 7L });

        var recount = await Recounter(tables).RecountAsync(poll, default);

        Assert.Equal(1, recount.TallyVoters);
        Assert.Equal([0L, 0L, 1L], recount.TallyCounts);
        Assert.Equal(1, recount.Ballots);
        Assert.True(recount.Matches);
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

    private static string Attempt() => Guid.NewGuid().ToString("N");

    private (AppTables Tables, string Prefix) Tables(Action<TableClientOptions> adjust)
    {
        var options = new StorageOptions { ConnectionString = azurite.ConnectionString, TablePrefix = "b" + Guid.NewGuid().ToString("N")[..10] };
        return (new AppTables(new StorageClients(options, adjust), options), options.TablePrefix);
    }

    private static Recounter Recounter(AppTables tables) =>
        new(tables, new TallyReader(tables, new PollsOptions(), TimeProvider.System), TimeProvider.System);

    private static Poll OpenPoll(int maxChoices) => new()
    {
        Id = PollStore.NewId(),
        Title = "t",
        Options = ["a", "b", "c"],
        MaxChoices = maxChoices,
        Audience = PollAudience.Everyone,
        OpensAt = PollKit.Now.AddMinutes(-1),
        ClosesAt = PollKit.Now.AddHours(1),
        Status = PollStatus.Scheduled,
        CreatedBy = "test",
        CreatedAt = PollKit.Now,
        Salt = PollStore.NewSalt(),
    };

    /// <summary>Lets the first ballot insert reach storage, then fails as if the connection dropped before the answer.</summary>
    private sealed class LoseFirstBallotInsertAnswer : HttpPipelinePolicy
    {
        private int _lost;

        public bool Lost => Volatile.Read(ref _lost) == 1;

        public override void Process(HttpMessage message, ReadOnlyMemory<HttpPipelinePolicy> pipeline)
        {
            ProcessNext(message, pipeline);
            LoseFirst(message);
        }

        public override async ValueTask ProcessAsync(HttpMessage message, ReadOnlyMemory<HttpPipelinePolicy> pipeline)
        {
            await ProcessNextAsync(message, pipeline);
            LoseFirst(message);
        }

        private void LoseFirst(HttpMessage message)
        {
            if (message.Request.Method == RequestMethod.Post
                && message.Request.Uri.Path.EndsWith(BallotBox.TableName, StringComparison.Ordinal)
                && Interlocked.Exchange(ref _lost, 1) == 0)
            {
                throw new IOException("connection reset before the answer arrived");
            }
        }
    }

    private static Task<TableClient> Ballots(AppFactory app) =>
        app.Services.GetRequiredService<AppTables>().OpenAsync(BallotBox.TableName);
}
