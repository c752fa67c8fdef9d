namespace UnionWeChat.Tables.Tests;

public sealed class TableFilterTests
{
    [Fact]
    public void Every_value_type_is_written_as_an_odata_literal()
    {
        var id = Guid.Parse("c2f0a7c4-3f8b-4b61-9d38-0cb1d9b9e3a1");
        var when = new DateTimeOffset(2026, 11, 21, 9, 30, 0, TimeSpan.FromHours(8)).AddTicks(5);

        var filter = TableFilter.Create(
            $"S eq {"it's"} and B eq {true} and I eq {42} and L eq {5_000_000_000L} and D eq {2.0} and E eq {0.25} and T eq {when} and G eq {id} and X eq {new byte[] { 0x0A, 0xFF }}");

        Assert.Equal(
            "S eq 'it''s' and B eq true and I eq 42 and L eq 5000000000L and D eq 2.0 and E eq 0.25 "
            + "and T eq datetime'2026-11-21T01:30:00.0000005Z' and G eq guid'c2f0a7c4-3f8b-4b61-9d38-0cb1d9b9e3a1' and X eq X'0aff'",
            filter.ToString());
    }

    [Fact]
    public void An_injection_attempt_stays_inside_the_string_literal()
    {
        var filter = TableFilter.PartitionKeyEquals("x' or PartitionKey ne '");

        Assert.Equal("PartitionKey eq 'x'' or PartitionKey ne '''", filter.ToString());
    }

    [Fact]
    public void And_and_or_parenthesise_their_operands()
    {
        var filter = TableFilter.PartitionKeyEquals("a").Or(TableFilter.PartitionKeyEquals("b"))
            .And(TableFilter.RowKeyRange("1", "5"));

        Assert.Equal(
            "((PartitionKey eq 'a') or (PartitionKey eq 'b')) and (RowKey ge '1' and RowKey lt '5')",
            filter.ToString());
    }

    [Fact]
    public void Partition_key_range_is_inclusive_then_exclusive()
    {
        Assert.Equal("PartitionKey ge '2026-11' and PartitionKey lt '2026-12'",
            TableFilter.PartitionKeyRange("2026-11", "2026-12").ToString());
    }

    [Fact]
    public void Null_unsupported_and_formatted_values_are_refused()
    {
        string? nothing = null;

        Assert.Throws<ArgumentException>(() => TableFilter.Create($"Name eq {nothing}"));
        Assert.Throws<ArgumentException>(() => TableFilter.Create($"Amount eq {1.5m}"));
        Assert.Throws<ArgumentException>(() => TableFilter.Create($"Count eq {5:D3}"));
        Assert.Throws<ArgumentException>(() => TableFilter.Create($"Ratio eq {double.NaN}"));
        Assert.Throws<ArgumentException>(() => TableFilter.Create($""));
    }
}
