using System.Net;
using UnionWeChat.Testing;

namespace UnionWeChat.Tables.Tests.Pipeline;

public sealed class RetryTests
{
    private const string ConnectionString =
        "DefaultEndpointsProtocol=https;AccountName=unionacct;AccountKey=c2VjcmV0LWtleS1ieXRlcw==";

    [Theory]
    [InlineData(408)]
    [InlineData(429)]
    [InlineData(500)]
    [InlineData(502)]
    [InlineData(503)]
    [InlineData(504)]
    public async Task A_transient_status_is_retried_until_success(int status)
    {
        var handler = new ScriptedHttpHandler().Then((HttpStatusCode)status).Then(HttpStatusCode.OK, """{"value":[]}""");
        var service = TableServiceClient.FromConnectionString(ConnectionString, handler.Options());

        await service.PingAsync(CancellationToken.None);

        Assert.Equal(2, handler.Requests.Count);
    }

    [Theory]
    [InlineData(400, "InvalidInput")]
    [InlineData(401, null)]
    [InlineData(403, "AuthenticationFailed")]
    [InlineData(404, "ResourceNotFound")]
    [InlineData(409, "TableBeingDeleted")]
    [InlineData(412, "UpdateConditionNotSatisfied")]
    [InlineData(501, null)]
    public async Task Other_failures_are_not_retried_and_surface_as_table_storage_exceptions(int status, string? code)
    {
        var body = code is null ? null : """{"odata.error":{"code":"CODE","message":{"lang":"en-US","value":"Nope.\nRequestId:1"}}}""".Replace("CODE", code, StringComparison.Ordinal);
        var handler = new ScriptedHttpHandler().Then((HttpStatusCode)status, body);
        var service = TableServiceClient.FromConnectionString(ConnectionString, handler.Options());

        var ex = await Assert.ThrowsAsync<TableStorageException>(() => service.PingAsync(CancellationToken.None));

        Assert.Single(handler.Requests);
        Assert.Equal(status, ex.Status);
        Assert.Equal(code, ex.ErrorCode);
        Assert.DoesNotContain("RequestId", ex.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_network_error_is_retried()
    {
        var handler = new ScriptedHttpHandler()
            .ThenThrow(new HttpRequestException("Connection reset by peer"))
            .Then(HttpStatusCode.OK, """{"value":[]}""");
        var service = TableServiceClient.FromConnectionString(ConnectionString, handler.Options());

        await service.PingAsync(CancellationToken.None);

        Assert.Equal(2, handler.Requests.Count);
    }

    [Fact]
    public async Task A_persistent_503_gives_up_after_the_configured_retries()
    {
        var handler = new ScriptedHttpHandler().Repeat(4, HttpStatusCode.ServiceUnavailable);
        var options = handler.Options();
        options.Retry.MaxRetries = 3;
        var service = TableServiceClient.FromConnectionString(ConnectionString, options);

        var ex = await Assert.ThrowsAsync<TableStorageException>(() => service.PingAsync(CancellationToken.None));

        Assert.Equal(4, handler.Requests.Count);
        Assert.Equal(503, ex.Status);
    }

    [Fact]
    public async Task A_hanging_request_is_cut_off_by_the_network_timeout_and_retried()
    {
        var handler = new ScriptedHttpHandler().ThenHang().ThenHang();
        var options = handler.Options();
        options.Retry.MaxRetries = 1;
        options.Retry.NetworkTimeout = TimeSpan.FromMilliseconds(100);
        var service = TableServiceClient.FromConnectionString(ConnectionString, options);

        var ex = await Assert.ThrowsAsync<TableStorageException>(() => service.PingAsync(CancellationToken.None));

        Assert.Equal(2, handler.Requests.Count);
        Assert.Equal(0, ex.Status);
        Assert.Contains("timeout", ex.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Cancellation_by_the_caller_is_not_turned_into_a_storage_failure()
    {
        var handler = new ScriptedHttpHandler().ThenHang();
        var service = TableServiceClient.FromConnectionString(ConnectionString, handler.Options());
        using var cancel = new CancellationTokenSource();
        var ping = service.PingAsync(cancel.Token);

        await cancel.CancelAsync();

        await Assert.ThrowsAnyAsync<OperationCanceledException>(() => ping);
    }

    [Fact]
    public void The_hot_path_profile_retries_twice_quickly_within_wechats_window()
    {
        var options = TableClientOptions.CreateHotPath();

        Assert.Equal(2, options.Retry.MaxRetries);
        Assert.True(options.Retry.MaxDelay <= TimeSpan.FromMilliseconds(200));
        Assert.True(options.Retry.NetworkTimeout <= TimeSpan.FromSeconds(2));
        var worstCase = (options.Retry.MaxRetries + 1) * options.Retry.NetworkTimeout
            + (options.Retry.MaxRetries * options.Retry.MaxDelay);
        Assert.True(worstCase < TimeSpan.FromSeconds(5), $"worst case {worstCase}");
    }

    [Fact]
    public async Task The_hot_path_retries_a_503_twice_then_gives_up()
    {
        var handler = new ScriptedHttpHandler().Repeat(3, HttpStatusCode.ServiceUnavailable);
        var service = TableServiceClient.FromConnectionString(ConnectionString, handler.Options(TableClientOptions.CreateHotPath()));

        var ex = await Assert.ThrowsAsync<TableStorageException>(() => service.PingAsync(CancellationToken.None));

        Assert.Equal(3, handler.Requests.Count);
        Assert.Equal(503, ex.Status);
    }

    [Fact]
    public async Task The_hot_path_does_not_wait_out_a_long_retry_after()
    {
        var handler = new ScriptedHttpHandler().Repeat(1, HttpStatusCode.ServiceUnavailable, ("Retry-After", "30"));
        var service = TableServiceClient.FromConnectionString(ConnectionString, handler.Options(TableClientOptions.CreateHotPath()));

        var ex = await Assert.ThrowsAsync<TableStorageException>(() => service.PingAsync(CancellationToken.None));

        Assert.Single(handler.Requests);
        Assert.Equal(503, ex.Status);
    }

    [Fact]
    public async Task Unreachable_storage_makes_ping_throw_with_status_zero_after_retrying()
    {
        var closedPort = FreePort.Next();
        var options = RequestCounter.Attach(out var counter, TableClientOptions.CreateHotPath());
        var service = TableServiceClient.FromConnectionString(
            $"DefaultEndpointsProtocol=http;AccountName=devstoreaccount1;AccountKey={AzuriteProcess.AccountKey};TableEndpoint=http://127.0.0.1:{closedPort}/devstoreaccount1",
            options);

        var ex = await Assert.ThrowsAsync<TableStorageException>(() => service.PingAsync(CancellationToken.None));

        Assert.Equal(0, ex.Status);
        Assert.Equal(3, counter.Count);
        Assert.Contains($"127.0.0.1:{closedPort}", ex.Message, StringComparison.Ordinal);
        Assert.DoesNotContain(AzuriteProcess.AccountKey, ex.ToString(), StringComparison.Ordinal);
    }
}
