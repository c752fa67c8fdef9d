using System.Diagnostics;
using System.IO.Compression;
using System.Text;
using UnionWeChat.Testing;

namespace UnionWeChat.Functions.Tests.Deployment;

/// <summary>
/// Runs scripts/publish once per test run (into a temporary artifacts folder, so the developer's artifacts/ is left
/// alone) and unpacks the zip the way the platform does, Unix modes included.
/// </summary>
public sealed class PublishedPackage : IAsyncLifetime
{
    // A clean publish takes a few minutes here (the Worker SDK restores and builds its extensions project); the limit
    // only stops a hung build.
    private static readonly TimeSpan PublishTimeLimit = TimeSpan.FromMinutes(10);

    private readonly string _root = Path.Combine(Path.GetTempPath(), "unionwechat-package-" + Guid.NewGuid().ToString("N"));

    public string ZipPath => Path.Combine(_root, "unionwechat.zip");

    public string AppDirectory => Path.Combine(_root, "unpacked");

    public IReadOnlyList<PackagedFunction> Functions { get; private set; } = [];

    public async Task InitializeAsync()
    {
        Directory.CreateDirectory(_root);
        await RunPublishScriptAsync();
        Unpack();
        Functions = PackagedFunction.ReadAll(Path.Combine(AppDirectory, "functions.metadata"))
            .OrderBy(function => function.Name, StringComparer.Ordinal)
            .ToList();
    }

    public Task DisposeAsync()
    {
        if (Directory.Exists(_root))
        {
            Directory.Delete(_root, recursive: true);
        }
        return Task.CompletedTask;
    }

    /// <summary>The Unix permission bits the zip stores for an entry (0 when it stores none).</summary>
    public UnixFileMode ModeInZip(string relativePath)
    {
        using var zip = ZipFile.OpenRead(ZipPath);
        var entry = zip.GetEntry(relativePath) ?? throw new FileNotFoundException("not in the package: " + relativePath);
        return (UnixFileMode)((entry.ExternalAttributes >> 16) & 0xFFF);
    }

    private async Task RunPublishScriptAsync()
    {
        var psi = new ProcessStartInfo("bash")
        {
            WorkingDirectory = RepoPaths.Root,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
        };
        psi.ArgumentList.Add(Path.Combine("scripts", "publish"));
        psi.Environment["ARTIFACTS_DIR"] = _root;
        var output = new StringBuilder();
        using var process = Process.Start(psi) ?? throw new InvalidOperationException("could not start bash");
        process.OutputDataReceived += (_, e) => Append(output, e.Data);
        process.ErrorDataReceived += (_, e) => Append(output, e.Data);
        process.BeginOutputReadLine();
        process.BeginErrorReadLine();
        using var timeout = new CancellationTokenSource(PublishTimeLimit);
        try
        {
            await process.WaitForExitAsync(timeout.Token);
        }
        catch (OperationCanceledException)
        {
            process.Kill(entireProcessTree: true);
            throw new InvalidOperationException($"scripts/publish did not finish within {PublishTimeLimit}:\n{Tail(output)}");
        }
        if (process.ExitCode != 0)
        {
            throw new InvalidOperationException($"scripts/publish failed with exit code {process.ExitCode}:\n{Tail(output)}");
        }
    }

    // Like the platform, give every file the mode its zip entry records.
    private void Unpack()
    {
        ZipFile.ExtractToDirectory(ZipPath, AppDirectory);
        using var zip = ZipFile.OpenRead(ZipPath);
        foreach (var entry in zip.Entries.Where(e => !e.FullName.EndsWith('/')))
        {
            var mode = (UnixFileMode)((entry.ExternalAttributes >> 16) & 0xFFF);
            if (mode != UnixFileMode.None && !OperatingSystem.IsWindows())
            {
                File.SetUnixFileMode(Path.Combine(AppDirectory, entry.FullName), mode);
            }
        }
    }

    private static void Append(StringBuilder output, string? line)
    {
        if (line is null)
        {
            return;
        }
        lock (output)
        {
            output.AppendLine(line);
        }
    }

    private static string Tail(StringBuilder output)
    {
        lock (output)
        {
            var text = output.ToString();
            return text.Length <= 4000 ? text : text[^4000..];
        }
    }
}
