using System.Globalization;

namespace UnionWeChat.Tables;

/// <summary>
/// One Table storage entity: its keys, ETag, timestamp and typed properties.
/// </summary>
/// <remarks>
/// Property values are <see cref="string"/>, <see cref="int"/> (Edm.Int32), <see cref="long"/> (Edm.Int64),
/// <see cref="double"/>, <see cref="bool"/>, <see cref="DateTimeOffset"/> (Edm.DateTime, stored in UTC),
/// <see cref="Guid"/> and <c>byte[]</c> (Edm.Binary). Table storage has no null: setting a property to null removes it
/// (and a merge then leaves the stored value as it was). Property names are case-sensitive C# identifiers.
/// Limits, checked when the entity is written (<see cref="TableEntityException"/>): keys up to 512 characters
/// without <c>/ \ # ?</c> or control characters; at most 252 properties; strings up to 32,000 characters; binary up to
/// 64,000 bytes; about 1 MiB in all.
/// Entities read with a <c>select</c> list carry only the selected properties (keys are empty unless selected).
/// </remarks>
public sealed class TableEntity
{
    private readonly Dictionary<string, object> _properties = new(StringComparer.Ordinal);
    private readonly IReadOnlyDictionary<string, object> _readOnlyProperties;
    private string _partitionKey;
    private string _rowKey;

    /// <summary>Creates an entity with the given keys and no properties.</summary>
    public TableEntity(string partitionKey, string rowKey)
    {
        ArgumentNullException.ThrowIfNull(partitionKey);
        ArgumentNullException.ThrowIfNull(rowKey);
        _partitionKey = partitionKey;
        _rowKey = rowKey;
        _readOnlyProperties = _properties.AsReadOnly();
    }

    /// <summary>The partition key.</summary>
    public string PartitionKey
    {
        get => _partitionKey;
        set => _partitionKey = value ?? throw new ArgumentNullException(nameof(value));
    }

    /// <summary>The row key, unique within the partition.</summary>
    public string RowKey
    {
        get => _rowKey;
        set => _rowKey = value ?? throw new ArgumentNullException(nameof(value));
    }

    /// <summary>The ETag the entity had when read or last written by this client; null for a new entity.</summary>
    public string? ETag { get; set; }

    /// <summary>The service's last-modified time (read only by the service; ignored when writing).</summary>
    public DateTimeOffset? Timestamp { get; set; }

    /// <summary>The custom property names.</summary>
    public IEnumerable<string> Keys => _properties.Keys;

    /// <summary>The custom properties and their typed values.</summary>
    public IReadOnlyDictionary<string, object> Properties => _readOnlyProperties;

    /// <summary>The number of custom properties.</summary>
    public int Count => _properties.Count;

    /// <summary>Gets a property's value (null when absent) or sets it (null removes it).</summary>
    public object? this[string name]
    {
        get => _properties.GetValueOrDefault(name);
        set => Set(name, value);
    }

    /// <summary>Sets a property (null removes it) and returns this entity, for chaining.</summary>
    /// <exception cref="TableEntityException">The name is not a valid property name, or the type is not supported.</exception>
    public TableEntity Set(string name, object? value)
    {
        EntityLimits.CheckPropertyName(name);
        if (value is null)
        {
            _properties.Remove(name);
            return this;
        }
        _properties[name] = value switch
        {
            string or int or long or double or bool or Guid or byte[] => value,
            DateTimeOffset d => d.ToUniversalTime(),
            _ => throw new TableEntityException(name,
                $"Property '{name}' has type {value.GetType().Name}, which Table storage does not support "
                + "(use string, int, long, double, bool, DateTimeOffset, Guid or byte[])."),
        };
        return this;
    }

    /// <summary>Stores a value read from the service as it came: its names and types were valid when written.</summary>
    internal void SetFromService(string name, object value) => _properties[name] = value;

    /// <summary>Removes a property; returns false when it was absent.</summary>
    public bool Remove(string name) => _properties.Remove(name);

    /// <summary>True when the entity has the property.</summary>
    public bool ContainsKey(string name) => _properties.ContainsKey(name);

    /// <summary>The string value, or null when absent.</summary>
    public string? GetString(string name) => Get<string>(name);

    /// <summary>The Int32 value, or null when absent.</summary>
    public int? GetInt32(string name) => _properties.TryGetValue(name, out var v)
        ? v switch
        {
            int i => i,
            _ => throw WrongType(name, v, "Int32"),
        }
        : null;

    /// <summary>The Int64 value (an Int32 widens), or null when absent.</summary>
    public long? GetInt64(string name) => _properties.TryGetValue(name, out var v)
        ? v switch
        {
            long l => l,
            int i => i,
            _ => throw WrongType(name, v, "Int64"),
        }
        : null;

    /// <summary>The double value (an Int32 widens), or null when absent.</summary>
    /// <remarks>The service returns a whole-number double without a type annotation, so it reads back as Int32.</remarks>
    public double? GetDouble(string name) => _properties.TryGetValue(name, out var v)
        ? v switch
        {
            double d => d,
            int i => i,
            _ => throw WrongType(name, v, "Double"),
        }
        : null;

    /// <summary>The Boolean value, or null when absent.</summary>
    public bool? GetBoolean(string name) => _properties.TryGetValue(name, out var v)
        ? v switch
        {
            bool b => b,
            _ => throw WrongType(name, v, "Boolean"),
        }
        : null;

    /// <summary>The DateTime value in UTC, or null when absent.</summary>
    public DateTimeOffset? GetDateTimeOffset(string name) => _properties.TryGetValue(name, out var v)
        ? v switch
        {
            DateTimeOffset d => d,
            _ => throw WrongType(name, v, "DateTime"),
        }
        : null;

    /// <summary>The Guid value, or null when absent.</summary>
    public Guid? GetGuid(string name) => _properties.TryGetValue(name, out var v)
        ? v switch
        {
            Guid g => g,
            _ => throw WrongType(name, v, "Guid"),
        }
        : null;

    /// <summary>The binary value, or null when absent.</summary>
    public byte[]? GetBinary(string name) => Get<byte[]>(name);

    private T? Get<T>(string name)
        where T : class =>
        _properties.TryGetValue(name, out var v)
            ? v as T ?? throw WrongType(name, v, typeof(T) == typeof(string) ? "String" : "Binary")
            : null;

    private static InvalidCastException WrongType(string name, object value, string wanted) =>
        new(string.Format(CultureInfo.InvariantCulture,
            "Property '{0}' holds a {1}, not a {2}.", name, EdmType.Of(value), wanted));
}
