using UnionWeChat.Testing;

namespace UnionWeChat.Functions.Tests.Deployment;

internal static class InfrastructureFiles
{
    public static string InfraDirectory { get; } = Path.Combine(RepoPaths.Root, "infra");

    public static string MainBicepPath { get; } = Path.Combine(InfraDirectory, "main.bicep");

    public static string DeployGuidePath { get; } = Path.Combine(RepoPaths.Root, "docs", "DEPLOY.md");
}
