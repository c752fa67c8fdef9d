using Azure.Data.Tables;

namespace UnionWeChat.Functions.Platform.Storage.Tables;

/// <summary>
/// A finished OData <c>$filter</c> expression. Caller data only enters through
/// <see cref="TableClient.CreateQueryFilter(FormattableString)"/>, which writes each value as an escaped literal, so a
/// value can never change the shape of the query; <see cref="And"/> and <see cref="Or"/> only join finished filters.
/// </summary>
public sealed class TableFilter
{
    private readonly string _text;

    private TableFilter(string text) => _text = text;

    /// <summary>A filter from an interpolated string whose values become OData literals (strings quoted, dates, longs…).</summary>
    public static TableFilter Create(FormattableString filter)
    {
        ArgumentNullException.ThrowIfNull(filter);
        foreach (var value in filter.GetArguments())
        {
            // The SDK writes null as the word null, which no stored property ever equals: a caller bug, not a query.
            ArgumentNullException.ThrowIfNull(value, nameof(filter));
        }
        var text = TableClient.CreateQueryFilter(filter);
        return string.IsNullOrWhiteSpace(text) ? throw new ArgumentException("A filter must not be empty.", nameof(filter)) : new TableFilter(text);
    }

    /// <summary><c>PartitionKey eq '…'</c>.</summary>
    public static TableFilter PartitionKeyEquals(string partitionKey) => Create($"PartitionKey eq {partitionKey}");

    /// <summary><c>PartitionKey ge from and PartitionKey lt toExclusive</c> (ordinal string order).</summary>
    public static TableFilter PartitionKeyRange(string from, string toExclusive) =>
        Create($"PartitionKey ge {from} and PartitionKey lt {toExclusive}");

    /// <summary><c>RowKey ge from and RowKey lt toExclusive</c> (ordinal string order).</summary>
    public static TableFilter RowKeyRange(string from, string toExclusive) =>
        Create($"RowKey ge {from} and RowKey lt {toExclusive}");

    /// <summary>Both filters must hold.</summary>
    public TableFilter And(TableFilter other) => new($"({_text}) and ({other._text})");

    /// <summary>Either filter holds.</summary>
    public TableFilter Or(TableFilter other) => new($"({_text}) or ({other._text})");

    /// <summary>The expression as sent in <c>$filter</c>.</summary>
    public override string ToString() => _text;
}
