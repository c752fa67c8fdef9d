using UnionWeChat.Testing;

namespace UnionWeChat.Tables.Tests;

/// <summary>The storage tests share one Azurite; each test works in its own table.</summary>
[CollectionDefinition(Name)]
public sealed class AzuriteCollection : ICollectionFixture<AzuriteFixture>
{
    public const string Name = "Azurite";
}
