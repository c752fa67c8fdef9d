using UnionWeChat.Testing;

namespace UnionWeChat.Tables.Tests;

[Collection(AzuriteCollection.Name)]
public sealed class TypedPropertyTests(AzuriteFixture azurite)
{
    [Fact]
    public async Task Every_supported_type_round_trips_with_its_type()
    {
        var table = await azurite.NewTableAsync();
        var when = new DateTimeOffset(2026, 11, 21, 9, 30, 15, TimeSpan.FromHours(8)).AddTicks(1234567);
        var id = Guid.NewGuid();
        byte[] bytes = [0, 1, 2, 254, 255];
        await table.AddAsync(new TableEntity("p", "r")
            .Set("Text", "职工之家 – 维权投诉 \"quoted\" \\ ✓")
            .Set("Int", int.MinValue)
            .Set("Long", long.MaxValue)
            .Set("NegativeLong", -5_000_000_000L)
            .Set("Double", 3.14159)
            .Set("WholeDouble", 2.0)
            .Set("Flag", true)
            .Set("When", when)
            .Set("Id", id)
            .Set("Bytes", bytes)
            .Set("Empty", ""));

        var read = (await table.GetAsync("p", "r"))!;

        Assert.Equal("职工之家 – 维权投诉 \"quoted\" \\ ✓", read.GetString("Text"));
        Assert.Equal(int.MinValue, read.GetInt32("Int"));
        Assert.IsType<long>(read["Long"]);
        Assert.Equal(long.MaxValue, read.GetInt64("Long"));
        Assert.Equal(-5_000_000_000L, read.GetInt64("NegativeLong"));
        Assert.Equal(3.14159, read.GetDouble("Double"));
        Assert.Equal(2.0, read.GetDouble("WholeDouble"));
        Assert.Equal(true, read.GetBoolean("Flag"));
        Assert.Equal(when, read.GetDateTimeOffset("When"));
        Assert.Equal(when.UtcTicks, read.GetDateTimeOffset("When")!.Value.UtcTicks);
        Assert.Equal(TimeSpan.Zero, read.GetDateTimeOffset("When")!.Value.Offset);
        Assert.Equal(id, read.GetGuid("Id"));
        Assert.Equal(bytes, read.GetBinary("Bytes"));
        Assert.Equal("", read.GetString("Empty"));
        Assert.Equal(11, read.Count);
    }

    [Fact]
    public async Task An_int32_property_reads_as_int64_and_double()
    {
        var table = await azurite.NewTableAsync();
        await table.AddAsync(new TableEntity("p", "r").Set("Count", 42));

        var read = (await table.GetAsync("p", "r"))!;

        Assert.Equal(42L, read.GetInt64("Count"));
        Assert.Equal(42.0, read.GetDouble("Count"));
    }

    [Fact]
    public async Task Absent_properties_read_as_null()
    {
        var table = await azurite.NewTableAsync();
        await table.AddAsync(new TableEntity("p", "r"));

        var read = (await table.GetAsync("p", "r"))!;

        Assert.Null(read.GetString("Missing"));
        Assert.Null(read.GetInt32("Missing"));
        Assert.Null(read.GetInt64("Missing"));
        Assert.Null(read.GetDouble("Missing"));
        Assert.Null(read.GetBoolean("Missing"));
        Assert.Null(read.GetDateTimeOffset("Missing"));
        Assert.Null(read.GetGuid("Missing"));
        Assert.Null(read.GetBinary("Missing"));
        Assert.Null(read["Missing"]);
    }

    [Fact]
    public async Task Typed_values_can_be_filtered_on()
    {
        var table = await azurite.NewTableAsync();
        var id = Guid.NewGuid();
        var when = new DateTimeOffset(2026, 1, 1, 0, 0, 0, TimeSpan.Zero);
        await table.AddAsync(new TableEntity("p", "match")
            .Set("Long", 5_000_000_000L).Set("When", when).Set("Id", id).Set("Flag", true).Set("Ratio", 0.5));
        await table.AddAsync(new TableEntity("p", "other")
            .Set("Long", 1L).Set("When", when.AddDays(-1)).Set("Id", Guid.NewGuid()).Set("Flag", false).Set("Ratio", 2.0));

        async Task<string> Only(TableFilter filter) => Assert.Single(await table.QueryAsync(filter).ToListAsync()).RowKey;

        Assert.Equal("match", await Only(TableFilter.Create($"Long gt {4_000_000_000L}")));
        Assert.Equal("match", await Only(TableFilter.Create($"When ge {when}")));
        Assert.Equal("match", await Only(TableFilter.Create($"Id eq {id}")));
        Assert.Equal("match", await Only(TableFilter.Create($"Flag eq {true}")));
        Assert.Equal("match", await Only(TableFilter.Create($"Ratio lt {1.0}")));
    }
}
