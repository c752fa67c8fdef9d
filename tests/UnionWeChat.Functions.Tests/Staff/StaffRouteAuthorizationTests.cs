using System.Net;
using System.Net.Http.Json;
using Microsoft.AspNetCore.Routing;
using Microsoft.Extensions.DependencyInjection;
using UnionWeChat.Testing;

namespace UnionWeChat.Functions.Tests.Staff;

/// <summary>Every route under /api/staff, as the app serves them: nobody gets in without a key, viewers never write.</summary>
public sealed class StaffRouteAuthorizationTests(AzuriteFixture azurite) : IClassFixture<AzuriteFixture>
{
    private const string MissingCase = "TS-20990101-0001";

    // A valid body per case write, so a writer's 404 is about the case and not the body. A new write route must be added here.
    private static readonly Dictionary<string, object> ValidBodies = new()
    {
        ["assign"] = new { assignee = "tom" },
        ["status"] = new { status = "Triaged" },
        ["priority"] = new { priority = "High" },
        ["notes"] = new { text = "内部备注" },
        ["replies"] = new { text = "您好" },
        ["transfer"] = new { team = "区总工会" },
        ["transfer/result"] = new { result = "已办结" },
        ["merge"] = new { into = "TS-20990101-0002" },
    };

    [Fact]
    public async Task Every_staff_route_answers_401_without_a_key_and_every_write_403_for_a_viewer()
    {
        await using var desk = await StaffDesk.StartAsync(azurite);
        var routes = StaffRoutes(desk.App);
        Assert.Contains(routes, r => r.Method == "GET");
        Assert.Contains(routes, r => r.Method == "POST");
        Assert.Contains(routes, r => r.Method == "PUT");
        Assert.Contains(routes, r => r.Method == "DELETE");
        Assert.DoesNotContain(routes, r => r.Path.Contains('{', StringComparison.Ordinal));
        var anonymous = desk.As(null);
        var viewer = desk.As(StaffDesk.Viewer);
        var wrongKey = desk.As("not-a-staff-key-at-all-0000");

        foreach (var (method, path) in routes)
        {
            using var none = await SendAsync(anonymous, method, path);
            Assert.True(none.StatusCode == HttpStatusCode.Unauthorized, $"{method} {path} without a key answered {(int)none.StatusCode}");

            if (method != "GET")
            {
                using var read = await SendAsync(viewer, method, path);
                Assert.True(read.StatusCode == HttpStatusCode.Forbidden, $"{method} {path} as a viewer answered {(int)read.StatusCode}");
            }
        }
        // One wrong key (fewer than the lockout) is a plain 401.
        using var wrong = await SendAsync(wrongKey, "GET", "/api/staff/cases");
        Assert.Equal(HttpStatusCode.Unauthorized, wrong.StatusCode);
    }

    [Fact]
    public async Task A_write_to_a_case_that_does_not_exist_is_404_for_a_writer_and_403_for_a_viewer()
    {
        await using var desk = await StaffDesk.StartAsync(azurite);
        var writes = StaffRoutes(desk.App).Where(r => r.Method == "POST" && r.Path.StartsWith($"/api/staff/cases/{MissingCase}/", StringComparison.Ordinal)).ToList();
        Assert.NotEmpty(writes);
        var triage = desk.As(StaffDesk.Triage);
        var viewer = desk.As(StaffDesk.Viewer);

        foreach (var (_, path) in writes)
        {
            var action = path[$"/api/staff/cases/{MissingCase}/".Length..];
            Assert.True(ValidBodies.TryGetValue(action, out var body), $"no valid body for {path}: add one to {nameof(ValidBodies)}");
            using var writer = await triage.PostAsJsonAsync(path, body);
            Assert.True(writer.StatusCode == HttpStatusCode.NotFound, $"{path} as triage answered {(int)writer.StatusCode}: {await writer.Content.ReadAsStringAsync()}");
            using var reader = await viewer.PostAsJsonAsync(path, body);
            Assert.Equal(HttpStatusCode.Forbidden, reader.StatusCode);
        }
    }

    [Fact]
    public async Task Triage_staff_may_not_edit_the_answers_but_admins_may()
    {
        await using var desk = await StaffDesk.StartAsync(azurite);
        var body = new { keywords = new[] { "工伤" }, text = "工伤认定请回复“投诉”。", order = 5 };

        using var triage = await desk.As(StaffDesk.Triage).PutAsJsonAsync("/api/staff/answers/injury", body);
        using var admin = await desk.As(StaffDesk.Admin).PutAsJsonAsync("/api/staff/answers/injury", body);

        Assert.Equal(HttpStatusCode.Forbidden, triage.StatusCode);
        Assert.Equal(HttpStatusCode.OK, admin.StatusCode);
    }

    /// <summary>Each (method, path) the app serves under /api/staff, with route values filled in.</summary>
    public static IReadOnlyList<(string Method, string Path)> StaffRoutes(AppFactory app)
    {
        using var _ = app.CreateClient();
        return app.Services.GetRequiredService<EndpointDataSource>().Endpoints
            .OfType<RouteEndpoint>()
            .Where(e => e.RoutePattern.RawText!.TrimStart('/').StartsWith("api/staff", StringComparison.Ordinal))
            .SelectMany(e => (e.Metadata.GetMetadata<HttpMethodMetadata>()?.HttpMethods ?? ["GET"]).Select(m => (m, Fill(e.RoutePattern.RawText!))))
            .Distinct()
            .ToList();
    }

    private static string Fill(string pattern) =>
        "/" + pattern.TrimStart('/')
            .Replace("{number}", MissingCase, StringComparison.Ordinal)
            .Replace("{id}", "no-such-answer", StringComparison.Ordinal)
            .Replace("{openId}", "oNoSuchFollower000000000000", StringComparison.Ordinal)
            .Replace("{name}", Uri.EscapeDataString("没有的标签"), StringComparison.Ordinal);

    private static Task<HttpResponseMessage> SendAsync(HttpClient client, string method, string path)
    {
        var request = new HttpRequestMessage(new HttpMethod(method), path);
        if (method is "POST" or "PUT")
        {
            request.Content = JsonContent.Create(new { });
        }
        return client.SendAsync(request);
    }
}
