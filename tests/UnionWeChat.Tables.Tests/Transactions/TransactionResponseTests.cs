using System.Net;

namespace UnionWeChat.Tables.Tests.Transactions;

/// <summary>The Azure service's own $batch response shapes (Azurite's are covered by the storage tests).</summary>
public sealed class TransactionResponseTests
{
    private const string ConnectionString = "AccountName=unionacct;AccountKey=c2VjcmV0LWtleS1ieXRlcw==";

    [Fact]
    public async Task A_failure_reports_the_index_from_the_service_message()
    {
        const string Body =
            "--batchresponse_7ab1c2d3\r\n"
            + "Content-Type: multipart/mixed; boundary=changesetresponse_e52f0a3b\r\n\r\n"
            + "--changesetresponse_e52f0a3b\r\n"
            + "Content-Type: application/http\r\nContent-Transfer-Encoding: binary\r\n\r\n"
            + "HTTP/1.1 409 Conflict\r\nX-Content-Type-Options: nosniff\r\nDataServiceVersion: 3.0;\r\n"
            + "Content-Type: application/json;odata=minimalmetadata;streaming=true;charset=utf-8\r\n\r\n"
            + "{\"odata.error\":{\"code\":\"EntityAlreadyExists\",\"message\":{\"lang\":\"en-US\",\"value\":\"1:The specified entity already exists.\\nRequestId:6b4bd9e0\\nTime:2026-11-21T01:02:03.0000000Z\"}}}\r\n"
            + "--changesetresponse_e52f0a3b--\r\n--batchresponse_7ab1c2d3--\r\n";
        var table = TableFor(new ScriptedHttpHandler().Then(HttpStatusCode.Accepted, Body, "multipart/mixed; boundary=batchresponse_7ab1c2d3"));

        var result = await table.SubmitTransactionAsync(ThreeAdds());

        Assert.Equal((false, 1, 409, "EntityAlreadyExists"), (result.Succeeded, result.FailedIndex, result.FailedStatus, result.ErrorCode));
        Assert.Empty(result.ETags);
    }

    [Fact]
    public async Task A_success_returns_each_operations_etag_in_order()
    {
        static string Part(string status, string? etag) =>
            "--changesetresponse_e52f0a3b\r\nContent-Type: application/http\r\nContent-Transfer-Encoding: binary\r\n\r\n"
            + $"HTTP/1.1 {status}\r\nCache-Control: no-cache\r\nDataServiceVersion: 1.0;\r\n"
            + (etag is null ? "" : $"ETag: {etag}\r\n") + "\r\n\r\n";
        var body = "--batchresponse_7ab1c2d3\r\nContent-Type: multipart/mixed; boundary=changesetresponse_e52f0a3b\r\n\r\n"
            + Part("204 No Content", "W/\"datetime'2026-11-21T01%3A02%3A03.1Z'\"")
            + Part("204 No Content", "W/\"datetime'2026-11-21T01%3A02%3A03.2Z'\"")
            + Part("204 No Content", null)
            + "--changesetresponse_e52f0a3b--\r\n--batchresponse_7ab1c2d3--\r\n";
        var table = TableFor(new ScriptedHttpHandler().Then(HttpStatusCode.Accepted, body, "multipart/mixed; boundary=batchresponse_7ab1c2d3"));

        var result = await table.SubmitTransactionAsync(ThreeAdds());

        Assert.True(result.Succeeded);
        Assert.Equal(
            ["W/\"datetime'2026-11-21T01%3A02%3A03.1Z'\"", "W/\"datetime'2026-11-21T01%3A02%3A03.2Z'\"", null],
            result.ETags);
    }

    [Fact]
    public async Task The_request_is_one_changeset_of_absolute_sub_requests()
    {
        var handler = new ScriptedHttpHandler().Then(HttpStatusCode.BadRequest);
        var table = TableFor(handler);

        await Assert.ThrowsAsync<TableStorageException>(() => table.SubmitTransactionAsync(
        [
            new(TableTransactionActionType.Add, new TableEntity("p", "a").Set("N", 1)),
            new(TableTransactionActionType.Delete, new TableEntity("p", "it's") { ETag = "W/\"e1\"" }),
        ]));

        var request = Assert.Single(handler.Requests);
        var body = Assert.Single(handler.Bodies)!;
        Assert.Equal("https://unionacct.table.core.windows.net/$batch", request.RequestUri!.AbsoluteUri);
        Assert.StartsWith("multipart/mixed; boundary=batch_", request.Content!.Headers.ContentType!.ToString(), StringComparison.Ordinal);
        Assert.Contains("POST https://unionacct.table.core.windows.net/cases HTTP/1.1\r\n", body, StringComparison.Ordinal);
        Assert.Contains("DELETE https://unionacct.table.core.windows.net/cases(PartitionKey='p',RowKey='it%27%27s') HTTP/1.1\r\n", body, StringComparison.Ordinal);
        Assert.Contains("If-Match: W/\"e1\"\r\n", body, StringComparison.Ordinal);
        Assert.Single(System.Text.RegularExpressions.Regex.Matches(body, "boundary=changeset_"));
    }

    private static TableClient TableFor(ScriptedHttpHandler handler) =>
        TableServiceClient.FromConnectionString(ConnectionString, handler.Options()).GetTableClient("cases");

    private static List<TableTransactionAction> ThreeAdds() =>
        new[] { "a", "b", "c" }.Select(rk => new TableTransactionAction(TableTransactionActionType.Add, new TableEntity("p", rk))).ToList();
}
