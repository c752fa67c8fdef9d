namespace UnionWeChat.Tables;

/// <summary>
/// A finished OData <c>$filter</c> expression. Caller data only ever enters it as escaped literals, so a value can
/// never change the shape of the query.
/// </summary>
/// <example>
/// <code>
/// var filter = TableFilter.Create($"PartitionKey eq {caseId} and Status ne {"closed"} and Count gt {3L}");
/// </code>
/// </example>
public sealed class TableFilter
{
    private readonly string _text;

    private TableFilter(string text) => _text = text;

    /// <summary>
    /// Builds a filter from an interpolated string: the literal text is the expression, and every interpolated value
    /// is written as an OData literal (string → <c>'…'</c> with quotes doubled; bool → <c>true</c>/<c>false</c>;
    /// int; long → <c>123L</c>; double; DateTimeOffset → <c>datetime'…'</c>; Guid → <c>guid'…'</c>;
    /// byte[] → <c>X'…'</c>).
    /// </summary>
    /// <exception cref="ArgumentException">A value is null, of an unsupported type, or has a format specifier.</exception>
    public static TableFilter Create(FormattableString filter)
    {
        ArgumentNullException.ThrowIfNull(filter);
        var text = string.Format(ODataLiteral.Formatter, filter.Format, filter.GetArguments());
        if (string.IsNullOrWhiteSpace(text))
        {
            throw new ArgumentException("A filter must not be empty.", nameof(filter));
        }
        return new TableFilter(text);
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
    public TableFilter And(TableFilter other)
    {
        ArgumentNullException.ThrowIfNull(other);
        return new TableFilter($"({_text}) and ({other._text})");
    }

    /// <summary>Either filter holds.</summary>
    public TableFilter Or(TableFilter other)
    {
        ArgumentNullException.ThrowIfNull(other);
        return new TableFilter($"({_text}) or ({other._text})");
    }

    /// <summary>The expression as sent in <c>$filter</c> (before percent-encoding).</summary>
    public override string ToString() => _text;
}
