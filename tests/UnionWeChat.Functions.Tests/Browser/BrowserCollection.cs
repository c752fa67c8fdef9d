using UnionWeChat.Testing;

namespace UnionWeChat.Functions.Tests.Browser;

/// <summary>
/// Browser tests share one Chromium and one Azurite (each <see cref="LiveApp"/> has its own table prefix) and run
/// one class at a time, so they do not fight over the machine's two cores.
/// </summary>
[CollectionDefinition(Name)]
public sealed class BrowserCollection : ICollectionFixture<BrowserFixture>, ICollectionFixture<AzuriteFixture>
{
    public const string Name = "browser";
}
