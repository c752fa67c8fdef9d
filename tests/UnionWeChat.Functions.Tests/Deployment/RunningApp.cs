using System.Diagnostics;
using System.Net.Sockets;
using System.Text;
using UnionWeChat.Testing;

namespace UnionWeChat.Functions.Tests.Deployment;

/// <summary>
/// The app as a process of its own, standalone on Kestrel: <c>dotnet UnionWeChat.Functions.dll --urls …</c> from its
/// folder (the unpacked package, or the test output), with the app settings as environment variables, so a test can
/// start it from what was published, or SIGKILL it (<see cref="DisposeAsync"/>) and start it again on the same tables.
/// </summary>
public sealed class RunningApp : IAsyncDisposable
{
    // Flex Consumption gives an app 30 seconds to initialise; this limit only stops a hung start on a busy machine.
    private static readonly TimeSpan StartLimit = TimeSpan.FromSeconds(60);

    private readonly Process _process;
    private readonly StringBuilder _output = new();
    private bool _disposed;

    private RunningApp(Process process, int port)
    {
        _process = process;
        Port = port;
        Client = new HttpClient { BaseAddress = new Uri($"http://127.0.0.1:{port}") };
    }

    public int Port { get; }

    public HttpClient Client { get; }

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

    /// <param name="workingDirectory">Where the process starts (its content root); the app's folder when null.</param>
    public static async Task<RunningApp> StartAsync(
        string appDirectory, string assembly, IReadOnlyDictionary<string, string> appSettings, string? workingDirectory = null)
    {
        var port = FreePort.Next();
        var psi = new ProcessStartInfo("dotnet")
        {
            WorkingDirectory = workingDirectory ?? appDirectory,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
        };
        // The test runner's own ASP.NET Core settings must not leak into the app.
        foreach (var inherited in psi.Environment.Keys.Where(k => k.StartsWith("ASPNETCORE_", StringComparison.Ordinal) || k.StartsWith("DOTNET_", StringComparison.Ordinal)).ToList())
        {
            psi.Environment.Remove(inherited);
        }
        foreach (var (key, value) in appSettings)
        {
            psi.Environment[key] = value;
        }
        psi.ArgumentList.Add(Path.Combine(appDirectory, assembly));
        psi.ArgumentList.Add("--urls");
        psi.ArgumentList.Add($"http://127.0.0.1:{port}");
        var process = Process.Start(psi) ?? throw new InvalidOperationException("could not start " + assembly);
        var app = new RunningApp(process, port);
        process.OutputDataReceived += (_, e) => app.Append(e.Data);
        process.ErrorDataReceived += (_, e) => app.Append(e.Data);
        process.BeginOutputReadLine();
        process.BeginErrorReadLine();
        try
        {
            await app.WaitUntilListeningAsync();
        }
        catch
        {
            await app.DisposeAsync();
            throw;
        }
        return app;
    }

    public async ValueTask DisposeAsync()
    {
        Client.Dispose();
        if (_disposed)
        {
            return;
        }
        _disposed = true;
        if (!_process.HasExited)
        {
            _process.Kill(entireProcessTree: true);
            await _process.WaitForExitAsync();
        }
        _process.Dispose();
    }

    private async Task WaitUntilListeningAsync()
    {
        using var deadline = new CancellationTokenSource(StartLimit);
        while (!await IsListeningAsync(deadline.Token))
        {
            if (_process.HasExited)
            {
                throw new InvalidOperationException($"the app exited with code {_process.ExitCode} before listening on {Port}:\n{Output}");
            }
            if (deadline.IsCancellationRequested)
            {
                throw new InvalidOperationException($"the app did not listen on {Port} within {StartLimit}:\n{Output}");
            }
            await Task.Delay(TimeSpan.FromMilliseconds(20), CancellationToken.None);
        }
    }

    private async Task<bool> IsListeningAsync(CancellationToken cancellationToken)
    {
        try
        {
            using var client = new TcpClient();
            await client.ConnectAsync("127.0.0.1", Port, cancellationToken);
            return true;
        }
        catch (Exception e) when (e is SocketException or OperationCanceledException)
        {
            return false;
        }
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
}
