using Azure;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging.Abstractions;
using UnionWeChat.Functions.Platform.Hosting;
using UnionWeChat.WeChat.Api;

namespace UnionWeChat.Functions.Tests.Hosting;

/// <summary>What staff see when WeChat or storage fails under a request (the API case is in TagAudienceTests).</summary>
public sealed class UpstreamFailuresTests
{
    [Fact]
    public async Task A_console_page_whose_storage_is_unreachable_gets_a_page_in_chinese_saying_to_try_again()
    {
        var (http, body) = await RunAsync(new RequestFailedException("connection refused"), accept: "text/html,application/xhtml+xml");

        Assert.Equal(StatusCodes.Status503ServiceUnavailable, http.Response.StatusCode);
        Assert.Equal("30", http.Response.Headers.RetryAfter.ToString());
        Assert.StartsWith("text/html", http.Response.ContentType, StringComparison.Ordinal);
        Assert.Contains("存储暂时不可用，请稍后再试", body, StringComparison.Ordinal);
        Assert.Contains("没有做任何更改", body, StringComparison.Ordinal);
    }

    [Fact]
    public async Task An_ip_whitelist_refusal_is_a_502_that_tells_the_operator_what_to_fix()
    {
        var ex = new WeChatApiException(40164, "invalid ip 203.0.113.9, not in whitelist", WeChatErrorKind.IpNotWhitelisted, "/cgi-bin/tags/get");

        var (http, body) = await RunAsync(ex, accept: "application/json");

        Assert.Equal(StatusCodes.Status502BadGateway, http.Response.StatusCode);
        Assert.Contains("IP 白名单", body, StringComparison.Ordinal);
        Assert.False(http.Response.Headers.ContainsKey("Retry-After"));
    }

    [Fact]
    public async Task A_storage_error_that_is_a_bug_is_not_dressed_up_as_an_outage()
    {
        var conflict = new RequestFailedException(409, "conflict");

        var thrown = await Assert.ThrowsAsync<RequestFailedException>(() => RunAsync(conflict, accept: "application/json"));

        Assert.Same(conflict, thrown);
    }

    private static async Task<(HttpContext Http, string Body)> RunAsync(Exception failure, string accept)
    {
        var http = new DefaultHttpContext { RequestServices = new ServiceCollection().AddLogging().AddProblemDetails().BuildServiceProvider() };
        http.Request.Path = "/api/console/";
        http.Request.Headers.Accept = accept;
        using var body = new MemoryStream();
        http.Response.Body = body;
        var middleware = new UpstreamFailures(_ => throw failure, NullLogger<UpstreamFailures>.Instance);

        await middleware.InvokeAsync(http);

        return (http, System.Text.Encoding.UTF8.GetString(body.ToArray()));
    }
}
