using System.Net;
using System.Text.RegularExpressions;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using UnionWeChat.Functions.Platform.Hosting;
using UnionWeChat.Functions.Tests.Hardening;
using UnionWeChat.Testing;
using UnionWeChat.WeChat.Receiving;
using UnionWeChat.WeChat.Simulator;

namespace UnionWeChat.Functions.Tests.Hosting;

/// <summary>
/// docs/SECURITY.md promises no full openid in the logs; that must hold from any working directory, with
/// appsettings.json found or not, and whatever levels the configuration asks for.
/// </summary>
public sealed class LoggingSetupTests(AzuriteFixture azurite) : IClassFixture<AzuriteFixture>
{
    // A real openid's shape: 28 characters starting with "o".
    private const string OpenId = "oUpF8uMuAJO_M2pxb1Q9zNjWeS6o";
    private const string Account = "gh_logredaction01";

    [Fact]
    public async Task Started_from_a_folder_without_its_configuration_at_the_most_verbose_levels_the_app_logs_no_full_openid()
    {
        var contentRoot = Directory.CreateTempSubdirectory("unionwechat-noconfig-").FullName;
        try
        {
            await using var wechat = await FakeWeChatServer.StartAsync();
            var settings = AppProcess.Settings(azurite, wechat, "logs");
            settings["Logging__LogLevel__Default"] = "Trace";
            // Same category as the rule in code: the code wins, so routing's Debug lines stay out.
            settings["Logging__LogLevel__Microsoft.AspNetCore"] = "Trace";
            // Narrower and console-only, so it wins: request lines with their query strings are written, masked.
            settings["Logging__Console__LogLevel__Microsoft.AspNetCore.Hosting.Diagnostics"] = "Information";
            string output;
            await using (var app = await AppProcess.StartAsync(settings, contentRoot))
            {
                var pusher = new MessagePusher(app.Client, new Uri(app.Client.BaseAddress!, "/api/wechat"), AppFactory.Token, AppFactory.AppId);
                var push = await pusher.PushAsync(
                    PushXml.Text(OpenId, Account, "你好", 7_100_000_001, TimeProvider.System.GetUtcNow().ToUnixTimeSeconds()), PushMode.Plaintext, CancellationToken.None);
                Assert.Equal(HttpStatusCode.OK, push.StatusCode);
                // Not followed: the vote page sends a member without a session on to WeChat's sign-in.
                using var browser = new HttpClient(new HttpClientHandler { AllowAutoRedirect = false }) { BaseAddress = app.Client.BaseAddress };
                using var vote = await browser.GetAsync(new Uri($"/api/vote/0123456789ab?openid={OpenId}", UriKind.Relative));

                // A request's line is written once its response has gone.
                Assert.True(
                    await Eventually.HoldsAsync(() => Task.FromResult(Regex.Count(app.Output, "Request finished") >= 2)),
                    "no request lines were logged:\n" + app.Output);
                output = app.Output;
            }

            Assert.False(File.Exists(Path.Combine(contentRoot, "appsettings.json")));
            Assert.Contains("Content root path: " + contentRoot, output, StringComparison.Ordinal);
            Assert.Contains("/api/wechat?", output, StringComparison.Ordinal);
            Assert.Contains("/api/vote/0123456789ab?openid=" + OpenIds.Shorten(OpenId)[..6], output, StringComparison.Ordinal);
            Assert.DoesNotContain("\"Category\":\"Microsoft.AspNetCore.Routing", output, StringComparison.Ordinal);
            Assert.DoesNotContain(OpenId, output, StringComparison.Ordinal);
        }
        finally
        {
            Directory.Delete(contentRoot, recursive: true);
        }
    }

    [Fact]
    public void Under_a_generic_host_builder_no_provider_sees_a_full_openid_in_a_message_a_value_or_an_exception()
    {
        var builder = Host.CreateApplicationBuilder(new HostApplicationBuilderSettings { EnvironmentName = "Production", Args = [] });
        builder.Configuration.AddInMemoryCollection(new Dictionary<string, string?>
        {
            ["Logging:LogLevel:Default"] = "Trace",
            ["Logging:LogLevel:Microsoft.AspNetCore"] = "Trace",
        });
        builder.Logging.AddAppLogging(builder.Environment);
        // Added after the call, as a host's own provider may be: the redaction is in front of it all the same.
        var seen = new CapturingProvider();
        builder.Logging.AddProvider(seen);
        using var host = builder.Build();
        var loggers = host.Services.GetRequiredService<ILoggerFactory>();

        var logger = loggers.CreateLogger("UnionWeChat.Test");
        logger.LogInformation("Reply to {OpenId} from {Url}", "sim-user-0001", "/api/wechat?openid=" + OpenId);
        logger.LogWarning(new InvalidOperationException("bad request line: GET /api/vote?openid=" + OpenId), "Request refused");

        Assert.False(loggers.CreateLogger("Microsoft.AspNetCore.Hosting.Diagnostics").IsEnabled(LogLevel.Information));
        var all = string.Join("\n", seen.Lines);
        Assert.Contains("Reply to sim-us… from /api/wechat?openid=oUpF8u…", all, StringComparison.Ordinal);
        Assert.Contains("OpenId=sim-us…", all, StringComparison.Ordinal);
        Assert.Contains("InvalidOperationException: bad request line: GET /api/vote?openid=oUpF8u…", all, StringComparison.Ordinal);
        Assert.DoesNotContain(OpenId, all, StringComparison.Ordinal);
        Assert.DoesNotContain("sim-user-0001", all, StringComparison.Ordinal);
    }

    /// <summary>Keeps each entry's message, state values and exception text, as a structured provider would write them.</summary>
    private sealed class CapturingProvider : ILoggerProvider
    {
        private readonly System.Collections.Concurrent.ConcurrentQueue<string> _lines = new();

        public IReadOnlyList<string> Lines => [.. _lines];

        public ILogger CreateLogger(string categoryName) => new Logger(_lines);

        public void Dispose()
        {
        }

        private sealed class Logger(System.Collections.Concurrent.ConcurrentQueue<string> lines) : ILogger
        {
            public IDisposable? BeginScope<TState>(TState state)
                where TState : notnull => null;

            public bool IsEnabled(LogLevel logLevel) => true;

            public void Log<TState>(LogLevel logLevel, EventId eventId, TState state, Exception? exception, Func<TState, Exception?, string> formatter)
            {
                var values = state is IEnumerable<KeyValuePair<string, object?>> pairs ? string.Join(" ", pairs.Select(p => $"{p.Key}={p.Value}")) : "";
                lines.Enqueue($"{formatter(state, exception)} | {values} | {exception}");
            }
        }
    }
}
