namespace UnionWeChat.Tables.Tests;

public sealed class TableEntityTests
{
    [Fact]
    public void Setting_null_removes_a_property()
    {
        var entity = new TableEntity("p", "r").Set("A", 1);

        entity["A"] = null;

        Assert.False(entity.ContainsKey("A"));
        Assert.Equal(0, entity.Count);
    }

    [Fact]
    public void Unsupported_value_types_are_refused_with_the_property_named()
    {
        var entity = new TableEntity("p", "r");

        var ex = Assert.Throws<TableEntityException>(() => entity.Set("Amount", 1.5m));

        Assert.Equal("Amount", ex.PropertyName);
        Assert.Contains("Decimal", ex.Message, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("PartitionKey")]
    [InlineData("RowKey")]
    [InlineData("Timestamp")]
    [InlineData("1st")]
    [InlineData("has space")]
    [InlineData("dotted.name")]
    [InlineData("odata@type")]
    [InlineData("")]
    public void Invalid_or_system_property_names_are_refused(string name)
    {
        Assert.Throws<TableEntityException>(() => new TableEntity("p", "r").Set(name, 1));
    }

    [Theory]
    [InlineData("_private")]
    [InlineData("姓名")]
    [InlineData("Case2Status")]
    public void Identifier_property_names_are_accepted(string name)
    {
        Assert.Equal(1, new TableEntity("p", "r").Set(name, 1).GetInt32(name));
    }

    [Fact]
    public void A_property_name_longer_than_255_characters_is_refused()
    {
        Assert.Throws<TableEntityException>(() => new TableEntity("p", "r").Set(new string('a', 256), 1));
        Assert.True(new TableEntity("p", "r").Set(new string('a', 255), 1).ContainsKey(new string('a', 255)));
    }

    [Fact]
    public void Reading_a_property_as_the_wrong_type_names_both_types()
    {
        var entity = new TableEntity("p", "r").Set("Count", "three");

        var ex = Assert.Throws<InvalidCastException>(() => entity.GetInt32("Count"));

        Assert.Contains("Edm.String", ex.Message, StringComparison.Ordinal);
        Assert.Contains("Int32", ex.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void A_long_does_not_narrow_to_int32()
    {
        Assert.Throws<InvalidCastException>(() => new TableEntity("p", "r").Set("N", 1L).GetInt32("N"));
    }

    [Fact]
    public void Date_times_are_kept_in_utc()
    {
        var local = new DateTimeOffset(2026, 11, 21, 9, 0, 0, TimeSpan.FromHours(8));

        var stored = new TableEntity("p", "r").Set("When", local).GetDateTimeOffset("When");

        Assert.Equal(TimeSpan.Zero, stored!.Value.Offset);
        Assert.Equal(local, stored);
    }

    [Fact]
    public void Property_names_are_case_sensitive()
    {
        var entity = new TableEntity("p", "r").Set("Name", "a").Set("name", "b");

        Assert.Equal(("a", "b"), (entity.GetString("Name"), entity.GetString("name")));
        Assert.Equal(["Name", "name"], entity.Keys.Order(StringComparer.Ordinal));
    }
}
