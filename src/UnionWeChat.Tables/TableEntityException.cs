namespace UnionWeChat.Tables;

/// <summary>
/// An entity, key or property that the Table service would reject, found before any request is sent.
/// The message names the property and the limit; it never repeats the value (which may be personal data).
/// </summary>
public sealed class TableEntityException : ArgumentException
{
    public TableEntityException()
    {
    }

    public TableEntityException(string message)
        : base(message)
    {
    }

    public TableEntityException(string message, Exception? innerException)
        : base(message, innerException)
    {
    }

    /// <summary>Creates an exception about one property (or key).</summary>
    public TableEntityException(string? propertyName, string message)
        : base(message)
    {
        PropertyName = propertyName;
    }

    /// <summary>The property or key at fault (<c>PartitionKey</c>, <c>RowKey</c>, or a custom name), if it is one property.</summary>
    public string? PropertyName { get; }
}
