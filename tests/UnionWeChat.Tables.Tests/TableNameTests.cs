namespace UnionWeChat.Tables.Tests;

public sealed class TableNameTests
{
    private static readonly TableServiceClient Service = TableServiceClient.FromConnectionString("UseDevelopmentStorage=true");

    [Theory]
    [InlineData("ab")]
    [InlineData("1cases")]
    [InlineData("case-files")]
    [InlineData("case_files")]
    [InlineData("工会案件")]
    [InlineData("tables")]
    [InlineData("Tables")]
    [InlineData("a123456789012345678901234567890123456789012345678901234567890123")]
    public void Invalid_table_names_are_refused(string name)
    {
        Assert.Throws<ArgumentException>(() => Service.GetTableClient(name));
    }

    [Theory]
    [InlineData("abc")]
    [InlineData("Cases2026")]
    [InlineData("a12345678901234567890123456789012345678901234567890123456789012")]
    public void Valid_table_names_are_accepted(string name)
    {
        Assert.Equal(name, Service.GetTableClient(name).Name);
    }
}
