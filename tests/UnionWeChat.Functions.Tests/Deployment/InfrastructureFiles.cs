using UnionWeChat.Testing;

namespace UnionWeChat.Functions.Tests.Deployment;

internal static class InfrastructureFiles
{
    public static string MainBicepPath { get; } = Path.Combine(RepoPaths.Root, "infra", "main.bicep");

    public static string ReadMainBicep() => File.ReadAllText(MainBicepPath);
}
