using System.Net;
using System.Net.Http.Headers;
using System.Text.Json;
using UnionWeChat.Functions.Tests.Staff;
using UnionWeChat.Testing;
using UnionWeChat.WeChat.Receiving;

namespace UnionWeChat.Functions.Tests.Functions;

/// <summary>
/// Each HTTP function called directly, as the worker calls it, answers as the standalone route does: the function is
/// only a door to the app's one pipeline.
/// </summary>
public sealed class HttpFunctionTests(AzuriteFixture azurite) : IClassFixture<AzuriteFixture>
{
    [Fact]
    public async Task Health_function_answers_200_with_the_health_report_the_standalone_route_gives()
    {
        await using var app = new AppFactory(azurite.ConnectionString);
        using var client = app.CreateClient();

        var answer = await FunctionInvocation.InvokeAsync(app.Services, (f, r) => f.Health(r), "GET", "/api/health");
        var standalone = await FunctionInvocation.SendAsync(client, new HttpRequestMessage(HttpMethod.Get, "/api/health"));

        Assert.Equal(HttpStatusCode.OK, answer.Status);
        Assert.Equal("application/json", answer.MediaType);
        using var body = JsonDocument.Parse(answer.Body);
        Assert.Equal("ok", body.RootElement.GetProperty("status").GetString());
        Assert.Equal(standalone.Body, answer.Body);
    }

    [Fact]
    public async Task WeChat_function_echoes_the_server_verification_and_refuses_a_bad_signature()
    {
        await using var app = new AppFactory(azurite.ConnectionString);
        using var client = app.CreateClient();
        const string timestamp = "1763712000";
        var good = $"/api/wechat?signature={WeChatSignature.Compute(AppFactory.Token, timestamp, "n7")}&timestamp={timestamp}&nonce=n7&echostr=echo-2817";
        var bad = $"/api/wechat?signature={new string('0', 40)}&timestamp={timestamp}&nonce=n7&echostr=echo-2817";

        var echoed = await FunctionInvocation.InvokeAsync(app.Services, (f, r) => f.WeChat(r), "GET", good);
        var refused = await FunctionInvocation.InvokeAsync(app.Services, (f, r) => f.WeChat(r), "GET", bad);

        Assert.Equal(HttpStatusCode.OK, echoed.Status);
        Assert.Equal("echo-2817", echoed.Body);
        Assert.Equal(HttpStatusCode.Unauthorized, refused.Status);
        Assert.Equal((await FunctionInvocation.SendAsync(client, new HttpRequestMessage(HttpMethod.Get, bad))).Status, refused.Status);
    }

    [Fact]
    public async Task Staff_function_answers_401_without_a_key_and_serves_a_signed_in_member_as_the_standalone_route()
    {
        await using var app = StaffDesk.WithStaff(new AppFactory(azurite.ConnectionString));
        using var client = app.CreateClient();

        var anonymous = await FunctionInvocation.InvokeAsync(app.Services, (f, r) => f.Staff(r), "GET", "/api/staff/cases");
        var signedIn = await FunctionInvocation.InvokeAsync(app.Services, (f, r) => f.Staff(r), "GET", "/api/staff/cases",
            request => request.Headers.Authorization = "Bearer " + StaffDesk.Viewer);
        using var standaloneRequest = new HttpRequestMessage(HttpMethod.Get, "/api/staff/cases");
        standaloneRequest.Headers.Authorization = new AuthenticationHeaderValue("Bearer", StaffDesk.Viewer);
        var standalone = await FunctionInvocation.SendAsync(client, standaloneRequest);

        Assert.Equal(HttpStatusCode.Unauthorized, anonymous.Status);
        Assert.Equal(HttpStatusCode.OK, signedIn.Status);
        Assert.Equal(standalone.Status, signedIn.Status);
        Assert.Equal(standalone.Body, signedIn.Body);
    }

    [Fact]
    public async Task Vote_function_serves_the_vote_page_the_standalone_route_serves()
    {
        await using var app = new AppFactory(azurite.ConnectionString);
        using var client = app.CreateClient();

        // No such poll: the page says so, the same words and status either way.
        var answer = await FunctionInvocation.InvokeAsync(app.Services, (f, r) => f.Vote(r), "GET", "/api/vote/no-such-poll-1");
        var standalone = await FunctionInvocation.SendAsync(client, new HttpRequestMessage(HttpMethod.Get, "/api/vote/no-such-poll-1"));

        Assert.Equal(HttpStatusCode.NotFound, answer.Status);
        Assert.Equal("text/html", answer.MediaType);
        Assert.Contains("没有找到这项投票", answer.Body);
        Assert.Equal(standalone.Status, answer.Status);
        Assert.Equal(standalone.Body, answer.Body);
    }

    [Fact]
    public async Task Console_function_serves_the_sign_in_page()
    {
        await using var app = StaffDesk.WithStaff(new AppFactory(azurite.ConnectionString));
        using var client = app.CreateClient();

        var answer = await FunctionInvocation.InvokeAsync(app.Services, (f, r) => f.Console(r), "GET", "/api/console/signin");
        var standalone = await FunctionInvocation.SendAsync(client, new HttpRequestMessage(HttpMethod.Get, "/api/console/signin"));

        Assert.Equal(HttpStatusCode.OK, answer.Status);
        Assert.Equal("text/html", answer.MediaType);
        Assert.Equal(standalone.Status, answer.Status);
    }

    [Fact]
    public async Task A_function_answers_404_for_a_path_below_its_route_that_the_app_does_not_serve()
    {
        await using var app = new AppFactory(azurite.ConnectionString);
        using var _ = app.CreateClient();

        // The host passes everything under staff/{*rest}; the app's own route table decides.
        var answer = await FunctionInvocation.InvokeAsync(app.Services, (f, r) => f.Staff(r), "GET", "/api/staff/no-such-thing");

        Assert.Equal(HttpStatusCode.NotFound, answer.Status);
    }
}
