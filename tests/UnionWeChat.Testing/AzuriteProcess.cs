using System.Diagnostics;
using System.Net.Sockets;

namespace UnionWeChat.Testing;

/// <summary>
/// A real Azurite, its Table and Blob services (npm package <c>azurite</c>, installed by scripts/test) on free loopback ports,
/// in-memory, started and stopped by the tests. <see cref="StopAsync"/> and <see cref="StartAsync"/> may be
/// called again to simulate an outage on the same port.
/// </summary>
public sealed class AzuriteProcess : IAsyncDisposable
{
    public const string AccountName = "devstoreaccount1";
    public const string AccountKey = "Eby8vdM02xNOcqFlqUwJPLlmEtlCDXJ1OUzFT50uSRZ6IFsuFq2UVErCz4I6tq/K1SZFPTOtr/KBHBeksoGMGw==";

    private Process? _process;

    private readonly string? _location;

    /// <param name="port">A fixed port, or a free one.</param>
    /// <param name="location">A folder to keep data in across stop and start (an outage); in memory when null.</param>
    public AzuriteProcess(int? port = null, string? location = null)
    {
        Port = port ?? FreePort.Next();
        BlobPort = FreePort.Next();
        _queuePort = FreePort.Next();
        _location = location;
    }

    private readonly int _queuePort;

    /// <summary>The Table service's port.</summary>
    public int Port { get; }

    public int BlobPort { get; }

    public string TableEndpoint => $"http://127.0.0.1:{Port}/{AccountName}";

    public string BlobEndpoint => $"http://127.0.0.1:{BlobPort}/{AccountName}";

    public string ConnectionString =>
        $"DefaultEndpointsProtocol=http;AccountName={AccountName};AccountKey={AccountKey};TableEndpoint={TableEndpoint};BlobEndpoint={BlobEndpoint};";

    public bool IsRunning => _process is { HasExited: false };

    public static async Task<AzuriteProcess> StartNewAsync()
    {
        var azurite = new AzuriteProcess();
        await azurite.StartAsync();
        return azurite;
    }

    public async Task StartAsync()
    {
        if (IsRunning)
        {
            return;
        }
        var bin = Path.Combine(RepoPaths.Root, "node_modules", "azurite", "dist", "src", "azurite.js");
        if (!File.Exists(bin))
        {
            throw new InvalidOperationException("Azurite is not installed: run scripts/test (it runs npm ci) first.");
        }
        var psi = new ProcessStartInfo("node")
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
        };
        var persistence = _location is null ? new[] { "--inMemoryPersistence" } : ["--location", _location];
        // The queue service starts too (azurite.js starts all three); nothing uses it.
        string[] args = [bin, .. persistence, "--tableHost", "127.0.0.1", "--tablePort", Port.ToString(),
            "--blobHost", "127.0.0.1", "--blobPort", BlobPort.ToString(), "--queueHost", "127.0.0.1", "--queuePort", _queuePort.ToString(),
            "--skipApiVersionCheck", "--disableProductStyleUrl", "--silent"];
        foreach (var arg in args)
        {
            psi.ArgumentList.Add(arg);
        }
        _process = Process.Start(psi) ?? throw new InvalidOperationException("could not start node");
        _process.OutputDataReceived += (_, _) => { };
        _process.ErrorDataReceived += (_, _) => { };
        _process.BeginOutputReadLine();
        _process.BeginErrorReadLine();
        await WaitUntilListeningAsync();
    }

    public async Task StopAsync()
    {
        if (_process is null)
        {
            return;
        }
        if (!_process.HasExited)
        {
            // With a data folder, stop it the way Ctrl-C does, so it writes what it holds; otherwise kill it.
            if (_location is not null && await InterruptAsync(_process))
            {
                // Azurite stops answering at once but only exits when every kept-alive connection has gone, which
                // may be never while an app holds one. Its store saves itself every 5 s (Loki autosave), and after
                // the interrupt nothing new is written, so 8 s is enough for the last writes to reach the disk.
                using var grace = new CancellationTokenSource(TimeSpan.FromSeconds(8));
                try
                {
                    await _process.WaitForExitAsync(grace.Token);
                }
                catch (OperationCanceledException)
                {
                }
            }
            if (!_process.HasExited)
            {
                _process.Kill(entireProcessTree: true);
            }
            await _process.WaitForExitAsync();
        }
        _process.Dispose();
        _process = null;
    }

    public async ValueTask DisposeAsync() => await StopAsync();

    private static async Task<bool> InterruptAsync(Process process)
    {
        using var kill = Process.Start(new ProcessStartInfo("kill", $"-INT {process.Id}") { UseShellExecute = false });
        if (kill is null)
        {
            return false;
        }
        await kill.WaitForExitAsync();
        return kill.ExitCode == 0;
    }

    private async Task WaitUntilListeningAsync()
    {
        // Generous: on a loaded machine Node takes a while to start; this waits, it does not time.
        using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(120));
        while (true)
        {
            if (_process is { HasExited: true })
            {
                throw new InvalidOperationException($"Azurite exited with code {_process.ExitCode} on port {Port}");
            }
            try
            {
                using var client = new TcpClient();
                await client.ConnectAsync("127.0.0.1", Port, timeout.Token);
                return;
            }
            catch (SocketException)
            {
                await Task.Delay(50, timeout.Token);
            }
        }
    }
}
