using System.Diagnostics;
using System.Net.Sockets;
using System.Text;
using UnionWeChat.Testing;

namespace UnionWeChat.Functions.Tests.Deployment;

/// <summary>
/// The unpacked executable started the way the Functions host starts a custom handler: from the package root, with
/// the app settings as environment variables and <c>FUNCTIONS_CUSTOMHANDLER_PORT</c> naming the port to listen on.
/// </summary>
public sealed class HandlerProcess : IAsyncDisposable
{
    // The host gives a custom handler 60 seconds to start listening:
    // https://learn.microsoft.com/azure/azure-functions/functions-custom-handlers#restrictions
    private static readonly TimeSpan StartLimit = TimeSpan.FromSeconds(60);

    private readonly Process _process;
    private readonly StringBuilder _output = new();
    private bool _disposed;

    private HandlerProcess(Process process, int port)
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

    /// <param name="workingDirectory">Where the process starts (its content root); the package root when null.</param>
    public static async Task<HandlerProcess> StartAsync(
        string appDirectory, string executable, IReadOnlyDictionary<string, string> appSettings, string? workingDirectory = null)
    {
        var port = FreePort.Next();
        var psi = new ProcessStartInfo(Path.Combine(appDirectory, executable))
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
        psi.Environment["FUNCTIONS_CUSTOMHANDLER_PORT"] = port.ToString();
        var process = Process.Start(psi) ?? throw new InvalidOperationException("could not start " + executable);
        var handler = new HandlerProcess(process, port);
        process.OutputDataReceived += (_, e) => handler.Append(e.Data);
        process.ErrorDataReceived += (_, e) => handler.Append(e.Data);
        process.BeginOutputReadLine();
        process.BeginErrorReadLine();
        try
        {
            await handler.WaitUntilListeningAsync();
        }
        catch
        {
            await handler.DisposeAsync();
            throw;
        }
        return handler;
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
                throw new InvalidOperationException($"the handler exited with code {_process.ExitCode} before listening on {Port}:\n{Output}");
            }
            if (deadline.IsCancellationRequested)
            {
                throw new InvalidOperationException($"the handler did not listen on FUNCTIONS_CUSTOMHANDLER_PORT {Port} within {StartLimit}:\n{Output}");
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
