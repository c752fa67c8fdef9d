using Xunit;

namespace UnionWeChat.Testing;

/// <summary>
/// The Azurite a test class uses: one process shared by the whole test run (tests isolate themselves with unique
/// table names or an app's table prefix), started on first use and stopped when the test process exits. One
/// Node process instead of one per class keeps a parallel run on two cores from starving. Tests that stop and
/// start storage on purpose start their own <see cref="AzuriteProcess"/>.
/// </summary>
public sealed class AzuriteFixture : IAsyncLifetime, IAzuriteConnection
{
    private static readonly Lazy<Task<AzuriteProcess>> Shared = new(StartSharedAsync, LazyThreadSafetyMode.ExecutionAndPublication);

    private AzuriteProcess? _azurite;

    public AzuriteProcess Azurite => _azurite ?? throw new InvalidOperationException("Azurite not started");

    public string ConnectionString => Azurite.ConnectionString;

    public async Task InitializeAsync() => _azurite = await Shared.Value;

    public Task DisposeAsync() => Task.CompletedTask;

    /// <summary>A table name no other test uses (letters and digits, starts with a letter).</summary>
    public static string UniqueTableName(string prefix = "t") => prefix + Guid.NewGuid().ToString("N")[..16];

    private static async Task<AzuriteProcess> StartSharedAsync()
    {
        var azurite = await AzuriteProcess.StartNewAsync();
        AppDomain.CurrentDomain.ProcessExit += (_, _) => azurite.StopAsync().GetAwaiter().GetResult();
        return azurite;
    }
}
