using System.Diagnostics;

namespace UnionWeChat.Functions.Tests.Hosting;

public sealed class ConfigurationTests
{
    [Theory]
    [InlineData("WeChat__EncodingAESKey", "short")]
    [InlineData("WeChat__Token", "")]
    [InlineData("Storage__ConnectionString", "AccountName=x;nonsense")]
    public async Task A_bad_setting_stops_the_app_with_one_line_naming_the_key(string key, string value)
    {
        var (exitCode, stdout, stderr) = await RunAppAsync(new() { [key] = value });

        Assert.NotEqual(0, exitCode);
        var lines = stderr.Split('\n', StringSplitOptions.RemoveEmptyEntries);
        Assert.Single(lines);
        Assert.Contains(key, lines[0]);
        Assert.DoesNotContain("   at ", stderr + stdout);
    }

    internal static async Task<(int ExitCode, string Stdout, string Stderr)> RunAppAsync(Dictionary<string, string> env)
    {
        var dll = Path.Combine(AppContext.BaseDirectory, "UnionWeChat.Functions.dll");
        var psi = new ProcessStartInfo("dotnet") { RedirectStandardOutput = true, RedirectStandardError = true };
        psi.ArgumentList.Add(dll);
        psi.ArgumentList.Add("--urls");
        psi.ArgumentList.Add("http://127.0.0.1:0");
        psi.Environment["WeChat__AppId"] = AppFactory.AppId;
        psi.Environment["WeChat__AppSecret"] = AppFactory.AppSecret;
        psi.Environment["WeChat__Token"] = AppFactory.Token;
        psi.Environment["ASPNETCORE_ENVIRONMENT"] = "Production";
        foreach (var (k, v) in env)
        {
            psi.Environment[k] = v;
        }
        using var process = Process.Start(psi)!;
        var stdout = process.StandardOutput.ReadToEndAsync();
        var stderr = process.StandardError.ReadToEndAsync();
        using var guard = new CancellationTokenSource(TimeSpan.FromSeconds(60));
        try
        {
            await process.WaitForExitAsync(guard.Token);
        }
        catch (OperationCanceledException)
        {
            process.Kill(true);
            throw new InvalidOperationException("the app kept running instead of refusing its configuration");
        }
        return (process.ExitCode, await stdout, await stderr);
    }
}
