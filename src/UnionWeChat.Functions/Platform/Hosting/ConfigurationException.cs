namespace UnionWeChat.Functions.Platform.Hosting;

/// <summary>A configuration value is missing or malformed; the message names the key in <c>Section__Key</c> form.</summary>
public sealed class ConfigurationException(string key, string problem) : Exception($"{key} {problem}")
{
    public string Key { get; } = key;
}
