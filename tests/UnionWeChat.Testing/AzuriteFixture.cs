using Xunit;

namespace UnionWeChat.Testing;

/// <summary>One Azurite per test collection; tests isolate themselves with unique table names.</summary>
public sealed class AzuriteFixture : IAsyncLifetime, IAzuriteConnection
{
    private AzuriteProcess? _azurite;

    public AzuriteProcess Azurite => _azurite ?? throw new InvalidOperationException("Azurite not started");

    public string ConnectionString => Azurite.ConnectionString;

    public async Task InitializeAsync() => _azurite = await AzuriteProcess.StartNewAsync();

    public async Task DisposeAsync()
    {
        if (_azurite is not null)
        {
            await _azurite.DisposeAsync();
        }
    }

    /// <summary>A table name no other test uses (letters and digits, starts with a letter).</summary>
    public static string UniqueTableName(string prefix = "t") => prefix + Guid.NewGuid().ToString("N")[..16];
}
