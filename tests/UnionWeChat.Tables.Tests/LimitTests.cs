using UnionWeChat.Testing;

namespace UnionWeChat.Tables.Tests;

/// <summary>Entities the service would reject are refused before any request, with the property named.</summary>
[Collection(AzuriteCollection.Name)]
public sealed class LimitTests(AzuriteFixture azurite)
{
    public static TheoryData<string, string?, Func<TableEntity>> Violations => new()
    {
        { "string over 32,000 characters", "Body", () => new TableEntity("p", "r").Set("Body", new string('x', 32_001)) },
        { "binary over 64,000 bytes", "Photo", () => new TableEntity("p", "r").Set("Photo", new byte[64_001]) },
        { "more than 252 properties", null, () => WithProperties(253) },
        { "entity over 1 MiB", null, () => WithStrings(18, 30_000) },
        { "partition key over 512 characters", "PartitionKey", () => new TableEntity(new string('k', 513), "r") },
        { "row key with a slash", "RowKey", () => new TableEntity("p", "a/b") },
        { "partition key with a backslash", "PartitionKey", () => new TableEntity("a\\b", "r") },
        { "row key with a hash", "RowKey", () => new TableEntity("p", "a#b") },
        { "row key with a question mark", "RowKey", () => new TableEntity("p", "a?b") },
        { "row key with a tab", "RowKey", () => new TableEntity("p", "a\tb") },
        { "row key with U+0085", "RowKey", () => new TableEntity("p", "a\u0085b") },
        { "row key with DEL", "RowKey", () => new TableEntity("p", "a\u007Fb") },
        { "string with a lone surrogate", "Text", () => new TableEntity("p", "r").Set("Text", "a\uD800b") },
        { "NaN", "Ratio", () => new TableEntity("p", "r").Set("Ratio", double.NaN) },
        { "date before 1601", "When", () => new TableEntity("p", "r").Set("When", new DateTimeOffset(1600, 12, 31, 0, 0, 0, TimeSpan.Zero)) },
    };

    [Theory]
    [MemberData(nameof(Violations))]
    public async Task A_limit_violation_throws_before_any_request_and_stores_nothing(
        string violation, string? property, Func<TableEntity> entity)
    {
        var table = await azurite.NewTableAsync(RequestCounter.Attach(out var counter));
        var sent = counter.Count;

        var add = await Assert.ThrowsAsync<TableEntityException>(() => table.AddAsync(entity()));
        await Assert.ThrowsAsync<TableEntityException>(() => table.UpsertAsync(entity()));
        await Assert.ThrowsAsync<TableEntityException>(() => table.UpdateAsync(entity(), "*"));

        Assert.Equal(property, add.PropertyName);
        Assert.False(string.IsNullOrWhiteSpace(add.Message), violation);
        Assert.Equal(sent, counter.Count);
        Assert.Empty(await table.QueryAsync().ToListAsync());
    }

    [Fact]
    public async Task Entities_at_the_limits_are_accepted()
    {
        var table = await azurite.NewTableAsync();
        var entity = new TableEntity(new string('键', 512), new string('r', 512))
            .Set("Body", new string('字', 32_000))
            .Set("Photo", new byte[64_000]);
        for (var i = 0; i < 250; i++)
        {
            entity.Set($"P{i}", i);
        }

        var added = await table.AddAsync(entity);

        Assert.True(added.Added);
        var read = (await table.GetAsync(entity.PartitionKey, entity.RowKey))!;
        Assert.Equal(252, read.Count);
        Assert.Equal(new string('字', 32_000), read.GetString("Body")); // long Chinese text arrives unmangled
        Assert.Equal(64_000, read.GetBinary("Photo")!.Length);
    }

    [Fact]
    public async Task Bad_keys_in_reads_and_deletes_throw_before_any_request()
    {
        var table = await azurite.NewTableAsync(RequestCounter.Attach(out var counter));
        var sent = counter.Count;

        await Assert.ThrowsAsync<TableEntityException>(() => table.GetAsync("p", "a/b"));
        await Assert.ThrowsAsync<TableEntityException>(() => table.DeleteAsync("p?", "r"));

        Assert.Equal(sent, counter.Count);
    }

    [Fact]
    public void Error_messages_name_the_property_but_never_repeat_the_value()
    {
        var secret = "oABCD-openid-" + new string('x', 40_000);

        var ex = Assert.Throws<TableEntityException>(() =>
            EntityLimits.CheckEntity(new TableEntity("p", "r").Set("OpenId", secret)));

        Assert.Contains("OpenId", ex.Message, StringComparison.Ordinal);
        Assert.DoesNotContain("oABCD", ex.Message, StringComparison.Ordinal);
    }

    private static TableEntity WithProperties(int count)
    {
        var entity = new TableEntity("p", "r");
        for (var i = 0; i < count; i++)
        {
            entity.Set($"P{i}", i);
        }
        return entity;
    }

    private static TableEntity WithStrings(int count, int length)
    {
        var entity = new TableEntity("p", "r");
        for (var i = 0; i < count; i++)
        {
            entity.Set($"S{i}", new string('x', length));
        }
        return entity;
    }
}
