using System.Net;

namespace UnionWeChat.Tables.Tests;

/// <summary>A proxy page or a truncated body is an unexpected failure, reported as such.</summary>
public sealed class MalformedResponseTests
{
    private const string ConnectionString = "AccountName=unionacct;AccountKey=c2VjcmV0LWtleS1ieXRlcw==";

    [Fact]
    public async Task A_body_that_is_not_json_becomes_a_table_storage_exception()
    {
        var handler = new ScriptedHttpHandler()
            .Then(HttpStatusCode.OK, "<html>captive portal</html>", "text/html")
            .Then(HttpStatusCode.OK, """{"value":[{"PartitionKey":"p","RowKey":"r","N":12""");
        var table = TableServiceClient.FromConnectionString(ConnectionString, handler.Options()).GetTableClient("cases");

        var get = await Assert.ThrowsAsync<TableStorageException>(() => table.GetAsync("p", "r"));
        var query = await Assert.ThrowsAsync<TableStorageException>(async () =>
        {
            await foreach (var _ in table.QueryAsync())
            {
            }
        });

        Assert.Equal(200, get.Status);
        Assert.Contains("could not be read", query.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task An_error_page_without_an_odata_error_still_gives_the_status()
    {
        var handler = new ScriptedHttpHandler().Then(HttpStatusCode.Forbidden, "<html>denied</html>", "text/html");
        var table = TableServiceClient.FromConnectionString(ConnectionString, handler.Options()).GetTableClient("cases");

        var ex = await Assert.ThrowsAsync<TableStorageException>(() => table.AddAsync(new TableEntity("p", "r")));

        Assert.Equal((403, null), (ex.Status, ex.ErrorCode));
    }
}
