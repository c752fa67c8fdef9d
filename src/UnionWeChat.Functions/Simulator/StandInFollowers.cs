using System.Globalization;
using System.Threading.Channels;
using Azure.Data.Tables;
using UnionWeChat.Functions.Platform.Storage;
using UnionWeChat.Functions.Platform.Storage.Tables;
using UnionWeChat.WeChat.Simulator;

namespace UnionWeChat.Functions.Simulator;

/// <summary>
/// Keeps the Development stand-in's followers and tags in a table, so they outlive a restart of <c>scripts/run</c>
/// as WeChat's own do: the simulator page still shows a member as 已关注 after a restart, and the account's next
/// announcement must still reach them. Loaded into the stand-in before the app serves requests; every change the
/// stand-in reports is written behind, one at a time, from its state at the time of writing (so the last write is
/// always the current state). Development only, like the stand-in; the tests' fake WeChat server keeps none.
/// </summary>
public sealed partial class StandInFollowers(WeChatApiStandIn standIn, AppTables tables, ILogger<StandInFollowers> logger) : IHostedService
{
    private const string TableName = TableRegistry.SimulatorFollowers;
    private const string FollowerPartition = "follower";
    private const string TagPartition = "tag";

    // null = the tag list changed; an openid = that follower's row.
    private readonly Channel<string?> _changes = Channel.CreateUnbounded<string?>(new UnboundedChannelOptions { SingleReader = true });
    private Task? _writer;

    public async Task StartAsync(CancellationToken cancellationToken)
    {
        try
        {
            await LoadAsync(cancellationToken);
        }
        catch (TableStorageException ex)
        {
            // A laptop without storage still gets a working simulator; it just starts without last run's followers.
            LogLoadFailed(ex.Status);
        }
        standIn.FollowersChanged += OnChanged;
        _writer = Task.Run(WriteAsync, CancellationToken.None);
    }

    public async Task StopAsync(CancellationToken cancellationToken)
    {
        standIn.FollowersChanged -= OnChanged;
        _changes.Writer.TryComplete();
        // What changed just before the stop is written before the app ends (bounded by the host's shutdown timeout).
        if (_writer is not null)
        {
            await _writer.WaitAsync(cancellationToken);
        }
    }

    private void OnChanged(object? sender, IReadOnlyList<string> openIds)
    {
        _changes.Writer.TryWrite(null);
        foreach (var openId in openIds)
        {
            _changes.Writer.TryWrite(openId);
        }
    }

    private async Task LoadAsync(CancellationToken ct)
    {
        var table = await tables.OpenAsync(TableName, ct);
        var tags = new List<KeyValuePair<int, string>>();
        var followers = new List<WeChatApiStandIn.FollowerSnapshot>();
        await foreach (var row in table.QueryAsync(ct: ct))
        {
            if (row.PartitionKey == TagPartition && int.TryParse(row.RowKey, NumberStyles.None, CultureInfo.InvariantCulture, out var id))
            {
                tags.Add(new(id, row.GetString("Name") ?? ""));
            }
            else if (row.PartitionKey == FollowerPartition)
            {
                var tagIds = (row.GetString("TagIds") ?? "").Split(',', StringSplitOptions.RemoveEmptyEntries)
                    .Select(t => int.Parse(t, NumberStyles.None, CultureInfo.InvariantCulture)).ToList();
                followers.Add(new(row.RowKey, row.GetString("Nickname") ?? "", row.GetBoolean("Following") ?? true,
                    row.GetDateTimeOffset("SubscribedAt") ?? DateTimeOffset.UnixEpoch, tagIds));
            }
        }
        // WeChat lists followers in the order they followed.
        standIn.Restore(tags, followers.OrderBy(f => f.SubscribedAt).ThenBy(f => f.OpenId, StringComparer.Ordinal));
        LogLoaded(followers.Count, tags.Count);
    }

    private async Task WriteAsync()
    {
        await foreach (var change in _changes.Reader.ReadAllAsync())
        {
            try
            {
                var table = await tables.OpenAsync(TableName);
                if (change is null)
                {
                    await WriteTagsAsync(table);
                }
                else if (standIn.FollowerOf(change) is { } follower)
                {
                    await table.UpsertAsync(new TableEntity(FollowerPartition, follower.OpenId)
                        .Set("Nickname", follower.Nickname)
                        .Set("Following", follower.Following)
                        .Set("SubscribedAt", follower.SubscribedAt)
                        .Set("TagIds", string.Join(',', follower.TagIds)), TableUpdateMode.Replace);
                }
            }
            catch (TableStorageException ex)
            {
                // Only the next restart is affected; the stand-in itself already has the change.
                LogWriteFailed(ex.Status);
            }
        }
    }

    // The stand-in allows at most 100 tags (WeChat's limit): one transaction on one partition.
    private async Task WriteTagsAsync(TableClient table)
    {
        var actions = standIn.Tags
            .Select(t => new TableTransactionAction(TableTransactionActionType.UpsertReplace,
                new TableEntity(TagPartition, t.Key.ToString(CultureInfo.InvariantCulture)).Set("Name", t.Value)))
            .Take(100)
            .ToList();
        if (actions.Count > 0)
        {
            await table.SubmitAsync(actions);
        }
    }

    [LoggerMessage(Level = LogLevel.Information, Message = "WeChat stand-in: {Followers} followers and {Tags} tags kept from the last run")]
    private partial void LogLoaded(int followers, int tags);

    [LoggerMessage(Level = LogLevel.Warning, Message = "WeChat stand-in: followers of the last run could not be read (storage status {Status})")]
    private partial void LogLoadFailed(int status);

    [LoggerMessage(Level = LogLevel.Warning, Message = "WeChat stand-in: a follower change was not kept for the next run (storage status {Status})")]
    private partial void LogWriteFailed(int status);
}
