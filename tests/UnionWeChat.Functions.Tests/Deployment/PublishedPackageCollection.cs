using UnionWeChat.Testing;

namespace UnionWeChat.Functions.Tests.Deployment;

/// <summary>The package is built once and shared by every test that inspects or starts it.</summary>
[CollectionDefinition(Name)]
public sealed class PublishedPackageCollection : ICollectionFixture<PublishedPackage>, ICollectionFixture<AzuriteFixture>
{
    public const string Name = "Published package";
}
