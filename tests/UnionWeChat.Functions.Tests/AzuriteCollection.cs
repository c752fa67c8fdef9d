using UnionWeChat.Testing;

namespace UnionWeChat.Functions.Tests;

/// <summary>Test classes in this collection share one Azurite; each app gets its own table prefix.</summary>
[CollectionDefinition(Name)]
public sealed class AzuriteCollection : ICollectionFixture<AzuriteFixture>
{
    public const string Name = "azurite";
}
