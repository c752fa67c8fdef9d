namespace UnionWeChat.Tables.Pipeline;

/// <summary>
/// The URL path of one entity: <c>table(PartitionKey='…',RowKey='…')</c>. Inside the OData key literal a single quote
/// is doubled; the result is then percent-encoded so spaces, <c>%</c> and non-ASCII text travel intact.
/// </summary>
internal static class EntityPath
{
    public static string For(string tableName, string partitionKey, string rowKey) =>
        $"{tableName}(PartitionKey='{Escape(partitionKey)}',RowKey='{Escape(rowKey)}')";

    private static string Escape(string key) => Uri.EscapeDataString(key.Replace("'", "''", StringComparison.Ordinal));
}
