namespace UnionWeChat.Testing;

/// <summary>Where a test's Azurite is: a shared fixture, or one the test starts and stops itself.</summary>
public interface IAzuriteConnection
{
    string ConnectionString { get; }
}
