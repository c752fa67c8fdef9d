using System.Net;
using System.Security.Cryptography;
using System.Text;
using UnionWeChat.Tables.Pipeline;
using UnionWeChat.Testing;

namespace UnionWeChat.Tables.Tests.Pipeline;

/// <summary>
/// Shared Key for the Table service, checked against strings-to-sign written out by hand from
/// https://learn.microsoft.com/rest/api/storageservices/authorize-with-shared-key (the Azurite tests prove
/// path-style signing end to end).
/// </summary>
public sealed class SharedKeyTests
{
    private const string Key = "c2VjcmV0LWtleS1ieXRlcw=="; // "secret-key-bytes"
    private static readonly DateTimeOffset Now = new(2026, 11, 21, 1, 2, 3, TimeSpan.Zero);

    [Fact]
    public async Task A_host_style_request_signs_account_plus_path()
    {
        var handler = new ScriptedHttpHandler().Then(HttpStatusCode.NotFound);
        var options = handler.Options();
        options.TimeProvider = new ManualTimeProvider(Now);
        var table = TableServiceClient
            .FromConnectionString($"DefaultEndpointsProtocol=https;AccountName=unionacct;AccountKey={Key}", options)
            .GetTableClient("cases");

        await table.GetAsync("2026-11", "it's 工会");

        var request = Assert.Single(handler.Requests);
        Assert.Equal(
            "https://unionacct.table.core.windows.net/cases(PartitionKey='2026-11',RowKey='it%27%27s%20%E5%B7%A5%E4%BC%9A')",
            request.RequestUri!.AbsoluteUri);
        const string Expected = "GET\n\n\nSat, 21 Nov 2026 01:02:03 GMT\n"
            + "/unionacct/cases(PartitionKey='2026-11',RowKey='it%27%27s%20%E5%B7%A5%E4%BC%9A')";
        Assert.Equal($"SharedKey unionacct:{Hmac(Expected)}", Header(request, "Authorization"));
        Assert.Equal("Sat, 21 Nov 2026 01:02:03 GMT", Header(request, "x-ms-date"));
        Assert.Equal("2019-02-02", Header(request, "x-ms-version"));
        Assert.Equal("application/json;odata=minimalmetadata", Header(request, "Accept").Replace(" ", "", StringComparison.Ordinal));
    }

    [Fact]
    public async Task A_path_style_request_signs_the_account_twice_and_the_content_type()
    {
        var handler = new ScriptedHttpHandler().Then(HttpStatusCode.NoContent);
        var options = handler.Options();
        options.TimeProvider = new ManualTimeProvider(Now);
        var table = TableServiceClient
            .FromConnectionString(
                $"DefaultEndpointsProtocol=http;AccountName=devstoreaccount1;AccountKey={Key};TableEndpoint=http://127.0.0.1:10002/devstoreaccount1/",
                options)
            .GetTableClient("cases");

        await table.CreateIfNotExistsAsync();

        var request = Assert.Single(handler.Requests);
        Assert.Equal("http://127.0.0.1:10002/devstoreaccount1/Tables", request.RequestUri!.AbsoluteUri);
        const string Expected = "POST\n\napplication/json\nSat, 21 Nov 2026 01:02:03 GMT\n/devstoreaccount1/devstoreaccount1/Tables";
        Assert.Equal($"SharedKey devstoreaccount1:{Hmac(Expected)}", Header(request, "Authorization"));
        Assert.Equal("return-no-content", Header(request, "Prefer"));
    }

    [Fact]
    public void The_comp_parameter_is_the_only_query_parameter_signed()
    {
        var uri = new Uri("https://unionacct.table.core.windows.net/cases?$filter=x&comp=acl&timeout=30");

        Assert.Equal("/unionacct/cases?comp=acl", TableSharedKeyPolicy.CanonicalizedResource("unionacct", uri));
        Assert.Equal("/unionacct/Tables",
            TableSharedKeyPolicy.CanonicalizedResource("unionacct", new Uri("https://unionacct.table.core.windows.net/Tables?$top=1")));
    }

    [Fact]
    public async Task Each_retry_is_signed_again_with_the_time_of_that_attempt()
    {
        var clock = new ManualTimeProvider(Now);
        var handler = new ScriptedHttpHandler().Then(HttpStatusCode.ServiceUnavailable).Then(HttpStatusCode.OK, """{"value":[]}""");
        var options = handler.Options();
        options.TimeProvider = clock;
        options.AddPolicy(new AdvanceClockPolicy(clock), Azure.Core.HttpPipelinePosition.PerCall);
        var service = TableServiceClient.FromConnectionString($"AccountName=unionacct;AccountKey={Key}", options);

        await service.PingAsync(CancellationToken.None);

        var dates = handler.Requests.Select(r => Header(r, "x-ms-date")).ToList();
        Assert.Equal(["Sat, 21 Nov 2026 01:02:04 GMT", "Sat, 21 Nov 2026 01:02:04 GMT"], dates);
        Assert.All(handler.Requests, r => Assert.Equal(
            $"SharedKey unionacct:{Hmac($"GET\n\n\n{Header(r, "x-ms-date")}\n/unionacct/Tables")}", Header(r, "Authorization")));
    }

    private static string Hmac(string stringToSign) =>
        Convert.ToBase64String(HMACSHA256.HashData(Convert.FromBase64String(Key), Encoding.UTF8.GetBytes(stringToSign)));

    private static string Header(HttpRequestMessage request, string name) =>
        request.Headers.TryGetValues(name, out var values) ? string.Join(",", values)
        : request.Content is not null && request.Content.Headers.TryGetValues(name, out var contentValues) ? string.Join(",", contentValues)
        : throw new Xunit.Sdk.XunitException($"no {name} header");

    /// <summary>Moves the clock one second when a call starts, to show the date comes from the injected clock.</summary>
    private sealed class AdvanceClockPolicy(ManualTimeProvider clock) : Azure.Core.Pipeline.HttpPipelineSynchronousPolicy
    {
        public override void OnSendingRequest(Azure.Core.HttpMessage message) => clock.Advance(TimeSpan.FromSeconds(1));
    }
}
