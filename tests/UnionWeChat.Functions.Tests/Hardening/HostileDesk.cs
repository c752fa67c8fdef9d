using UnionWeChat.Functions.Tests.Staff;
using UnionWeChat.Testing;

namespace UnionWeChat.Functions.Tests.Hardening;

/// <summary>
/// One app (staff keys, fake WeChat server, shared Azurite) for a whole class of hostile-input theories: each
/// payload is a request, not a new app. A class seeds what it attacks in <see cref="SeedAsync"/>.
/// </summary>
public abstract class HostileDesk : IAsyncLifetime
{
    private readonly AzuriteFixture _azurite = new();
    private StaffDesk? _desk;

    public StaffDesk Desk => _desk ?? throw new InvalidOperationException("the desk has not started");

    /// <summary>A console session signed in as a viewer: reads every page, writes nothing.</summary>
    public ConsoleSession Console { get; private set; } = null!;

    public async Task InitializeAsync()
    {
        await _azurite.InitializeAsync();
        _desk = await StaffDesk.StartAsync(_azurite, Configure);
        Console = new ConsoleSession(_desk.App);
        await Console.SignInAsync(StaffDesk.Viewer);
        await SeedAsync(_desk);
    }

    protected abstract Task SeedAsync(StaffDesk desk);

    /// <summary>Settings beyond the staff keys, before the app starts.</summary>
    protected virtual void Configure(AppFactory app)
    {
    }

    public async Task DisposeAsync()
    {
        Console?.Dispose();
        if (_desk is not null)
        {
            await _desk.DisposeAsync();
        }
        await _azurite.DisposeAsync();
    }
}
