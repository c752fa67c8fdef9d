using System.Diagnostics;
using System.Text;
using UnionWeChat.Testing;

namespace UnionWeChat.Functions.Tests.Simulator;

/// <summary>
/// The README's run command, <c>scripts/run</c>, as a newcomer starts it: Azurite and the app in Development, on
/// free ports, with its data and local secrets in a temporary folder instead of the checkout's <c>.azurite/</c>.
/// It builds the configuration the tests were built in, so it reuses their build instead of making another.
/// </summary>
public sealed class RunCommand : IAsyncDisposable
{
    private readonly Process _process;
    private readonly string _location;
    private readonly StringBuilder _output = new();

    private RunCommand(Process process, string location, Uri baseUrl)
    {
        _process = process;
        _location = location;
        BaseUrl = baseUrl;
    }

    /// <summary>e.g. http://localhost:54321/ — what the command prints for the simulator and console.</summary>
    public Uri BaseUrl { get; }

    /// <summary>Everything the command printed so far (stdout and stderr).</summary>
    public string Output
    {
        get
        {
            lock (_output)
            {
                return _output.ToString();
            }
        }
    }

    /// <summary>The first staff admin key the command prints once, on its first run in a folder.</summary>
    public string AdminKey => KeyAfter("first admin key");

    /// <summary>The second admin key, printed with it: the one that approves what the first creates.</summary>
    public string SecondAdminKey => KeyAfter("second admin key");

    // The key is the first line after its heading that is one word (the heading may run over two lines).
    private string KeyAfter(string heading)
    {
        var lines = Output.Split('\n');
        var at = Array.FindIndex(lines, l => l.Contains(heading, StringComparison.Ordinal));
        var key = at < 0 ? null : lines.Skip(at + 1).Select(l => l.Trim()).FirstOrDefault(l => l.Length >= 16 && !l.Contains(' ', StringComparison.Ordinal));
        Assert.True(key is not null, $"the run command printed no {heading}:\n" + Output);
        return key;
    }

    public static async Task<RunCommand> StartAsync()
    {
        var port = FreePort.Next();
        var location = Directory.CreateTempSubdirectory("unionwechat-run-").FullName;
        // setsid: the command and everything it starts form one process group, stopped together at the end.
        var psi = new ProcessStartInfo("setsid")
        {
            WorkingDirectory = RepoPaths.Root,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
        };
        foreach (var arg in new[] { "bash", "scripts/run" })
        {
            psi.ArgumentList.Add(arg);
        }
        psi.Environment["PORT"] = port.ToString(System.Globalization.CultureInfo.InvariantCulture);
        psi.Environment["AZURITE_TABLE_PORT"] = FreePort.Next().ToString(System.Globalization.CultureInfo.InvariantCulture);
        psi.Environment["AZURITE_BLOB_PORT"] = FreePort.Next().ToString(System.Globalization.CultureInfo.InvariantCulture);
        psi.Environment["AZURITE_LOCATION"] = location;
        psi.Environment["BUILD_CONFIGURATION"] = BuiltConfiguration();
        psi.Environment["NO_BROWSER"] = "1";
        psi.Environment.Remove("ASPNETCORE_ENVIRONMENT");

        var process = Process.Start(psi) ?? throw new InvalidOperationException("scripts/run did not start");
        var run = new RunCommand(process, location, new Uri($"http://localhost:{port}/"));
        process.OutputDataReceived += (_, e) => run.Append(e.Data);
        process.ErrorDataReceived += (_, e) => run.Append(e.Data);
        process.BeginOutputReadLine();
        process.BeginErrorReadLine();

        using var http = new HttpClient { BaseAddress = run.BaseUrl, Timeout = TimeSpan.FromSeconds(5) };
        var up = await Eventually.HoldsAsync(async () =>
        {
            Assert.False(process.HasExited, "scripts/run ended early:\n" + run.Output);
            try
            {
                return (await http.GetAsync("api/health")).IsSuccessStatusCode;
            }
            catch (HttpRequestException)
            {
                return false;
            }
            catch (TaskCanceledException)
            {
                return false;
            }
        }, TimeSpan.FromMinutes(4), TimeSpan.FromMilliseconds(500));
        if (!up)
        {
            await run.DisposeAsync();
            Assert.Fail("the app started by scripts/run never answered /api/health:\n" + run.Output);
        }
        return run;
    }

    private void Append(string? line)
    {
        if (line is null)
        {
            return;
        }
        lock (_output)
        {
            _output.AppendLine(line);
        }
    }

    // The tests' own folder is …/bin/<Configuration>/net10.0/.
    private static string BuiltConfiguration() =>
        new DirectoryInfo(AppContext.BaseDirectory).Parent?.Name ?? "Debug";

    public async ValueTask DisposeAsync()
    {
        // Ctrl-C, as a person stops it: the script's trap stops Azurite and the app.
        Signal("INT");
        using var patience = new CancellationTokenSource(TimeSpan.FromSeconds(30));
        try
        {
            await _process.WaitForExitAsync(patience.Token);
        }
        catch (OperationCanceledException)
        {
            Signal("KILL");
            await _process.WaitForExitAsync();
        }
        _process.Dispose();
        try
        {
            Directory.Delete(_location, recursive: true);
        }
        catch (IOException)
        {
            // Azurite may still be closing its files; the folder is in the temp directory.
        }
    }

    private void Signal(string signal)
    {
        using var kill = Process.Start(new ProcessStartInfo("kill", $"-{signal} -- -{_process.Id}") { UseShellExecute = false });
        kill?.WaitForExit();
    }
}
