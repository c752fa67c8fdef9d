using System.Globalization;

namespace UnionWeChat.Tables;

/// <summary>
/// The Table service's rules for names, keys and entities, checked before a request is sent so that bad input gets
/// a clear error and changes nothing. Sources: "Understanding the Table service data model"
/// (https://learn.microsoft.com/rest/api/storageservices/understanding-the-table-service-data-model) and
/// "Scalability and performance targets for Table storage"
/// (https://learn.microsoft.com/azure/storage/tables/scalability-targets).
/// </summary>
internal static class EntityLimits
{
    /// <summary>1 MiB per entity, all properties included.</summary>
    public const int MaxEntityBytes = 1024 * 1024;

    /// <summary>255 properties including the three system properties PartitionKey, RowKey and Timestamp.</summary>
    public const int MaxCustomProperties = 252;

    /// <summary>
    /// Strings: the docs say 64 KiB of UTF-16 (32K characters), but the live service answers "exceeds the maximum
    /// allowed size (64KB)" for 32,768 characters (Azure/Azurite#2510, Azure/azure-sdk-for-python#38730), so this
    /// client stops at 32,000 characters, which both Azure and Azurite accept.
    /// </summary>
    public const int MaxStringChars = 32_000;

    /// <summary>Binary: 64 KB for the same reason (65,536 bytes is reported rejected by the live service).</summary>
    public const int MaxBinaryBytes = 64_000;

    /// <summary>Keys: "up to 1 KiB" of UTF-16, i.e. 512 characters (Azurite rejects 513).</summary>
    public const int MaxKeyChars = 512;

    public const int MaxPropertyNameChars = 255;

    /// <summary>Edm.DateTime starts at 1601-01-01 UTC.</summary>
    public static readonly DateTimeOffset MinDateTime = new(1601, 1, 1, 0, 0, 0, TimeSpan.Zero);

    private static readonly HashSet<string> SystemProperties = new(StringComparer.Ordinal)
    {
        "PartitionKey", "RowKey", "Timestamp",
    };

    /// <summary>3–63 letters and digits, starting with a letter; "tables" is reserved.</summary>
    public static void CheckTableName(string tableName)
    {
        ArgumentNullException.ThrowIfNull(tableName);
        if (tableName.Length is < 3 or > 63
            || !char.IsAsciiLetter(tableName[0])
            || !tableName.All(char.IsAsciiLetterOrDigit))
        {
            throw new ArgumentException(
                "A table name must be 3 to 63 ASCII letters and digits and start with a letter.", nameof(tableName));
        }
        if (tableName.Equals("tables", StringComparison.OrdinalIgnoreCase))
        {
            throw new ArgumentException("\"tables\" is a reserved table name.", nameof(tableName));
        }
    }

    /// <summary>A custom property name: a C# identifier of at most 255 characters, not a system property.</summary>
    public static void CheckPropertyName(string name)
    {
        ArgumentNullException.ThrowIfNull(name);
        if (SystemProperties.Contains(name))
        {
            throw new TableEntityException(name,
                $"'{name}' is a system property; set it through the entity's own member, not as a custom property.");
        }
        CheckIdentifier(name);
    }

    /// <summary>A name in a $select list: a custom property name or a system property.</summary>
    public static void CheckSelectName(string name)
    {
        ArgumentNullException.ThrowIfNull(name);
        if (!SystemProperties.Contains(name))
        {
            CheckIdentifier(name);
        }
    }

    /// <summary>At most 512 characters, none of <c>/ \ # ?</c> nor control characters U+0000–U+001F, U+007F–U+009F.</summary>
    public static void CheckKey(string keyName, string? value)
    {
        if (value is null)
        {
            throw new TableEntityException(keyName, $"{keyName} must not be null.");
        }
        if (value.Length > MaxKeyChars)
        {
            throw new TableEntityException(keyName, string.Format(CultureInfo.InvariantCulture,
                "{0} has {1} characters; the Table service allows at most {2}.", keyName, value.Length, MaxKeyChars));
        }
        for (var i = 0; i < value.Length; i++)
        {
            var c = value[i];
            if (c is '/' or '\\' or '#' or '?' || c <= '\u001F' || c is >= '\u007F' and <= '\u009F')
            {
                var shown = char.IsControl(c) ? $"U+{(int)c:X4}" : $"'{c}'";
                throw new TableEntityException(keyName, string.Format(CultureInfo.InvariantCulture,
                    "{0} contains the character {1} at position {2}, which the Table service does not allow in keys "
                    + "(/ \\ # ? and control characters).", keyName, shown, i));
            }
        }
        if (HasLoneSurrogate(value))
        {
            throw new TableEntityException(keyName, $"{keyName} is not valid UTF-16 (it has a lone surrogate).");
        }
    }

    /// <summary>Keys, property count, each value and the estimated total size.</summary>
    public static void CheckEntity(TableEntity entity)
    {
        ArgumentNullException.ThrowIfNull(entity);
        CheckKey("PartitionKey", entity.PartitionKey);
        CheckKey("RowKey", entity.RowKey);
        if (entity.Count > MaxCustomProperties)
        {
            throw new TableEntityException(null, string.Format(CultureInfo.InvariantCulture,
                "The entity has {0} custom properties; the Table service allows at most {1}.",
                entity.Count, MaxCustomProperties));
        }

        // The size estimate from the data model page: 4 bytes, the keys in UTF-16, and per property 8 bytes,
        // its name in UTF-16 and its value.
        long size = 4 + ((entity.PartitionKey.Length + entity.RowKey.Length) * 2L);
        foreach (var (name, value) in entity.Properties)
        {
            CheckValue(name, value);
            size += 8 + (name.Length * 2L) + ValueSize(value);
        }
        if (size > MaxEntityBytes)
        {
            throw new TableEntityException(null, string.Format(CultureInfo.InvariantCulture,
                "The entity is about {0} bytes; the Table service allows at most {1} (1 MiB).", size, MaxEntityBytes));
        }
    }

    private static void CheckValue(string name, object value)
    {
        switch (value)
        {
            case string s when s.Length > MaxStringChars:
                throw new TableEntityException(name, string.Format(CultureInfo.InvariantCulture,
                    "Property '{0}' is a string of {1} characters; Table storage allows at most {2}.",
                    name, s.Length, MaxStringChars));
            case string s when HasLoneSurrogate(s):
                throw new TableEntityException(name, $"Property '{name}' is not valid UTF-16 (it has a lone surrogate).");
            case byte[] b when b.Length > MaxBinaryBytes:
                throw new TableEntityException(name, string.Format(CultureInfo.InvariantCulture,
                    "Property '{0}' holds {1} bytes; Table storage allows at most {2}.",
                    name, b.Length, MaxBinaryBytes));
            case double d when !double.IsFinite(d):
                throw new TableEntityException(name, $"Property '{name}' is NaN or infinite, which this client does not store.");
            case DateTimeOffset d when d < MinDateTime:
                throw new TableEntityException(name, $"Property '{name}' is before 1601-01-01, the earliest Edm.DateTime.");
        }
    }

    private static long ValueSize(object value) => value switch
    {
        string s => 4 + (s.Length * 2L),
        byte[] b => 4 + b.Length,
        int => 4,
        long or double or DateTimeOffset => 8,
        bool => 1,
        Guid => 16,
        _ => 0,
    };

    private static void CheckIdentifier(string name)
    {
        if (name.Length is 0 or > MaxPropertyNameChars)
        {
            throw new TableEntityException(name, string.Format(CultureInfo.InvariantCulture,
                "A property name must have 1 to {0} characters.", MaxPropertyNameChars));
        }
        if (!IsIdentifierStart(name[0]) || !name.All(IsIdentifierPart))
        {
            throw new TableEntityException(name,
                $"'{name}' is not a valid property name: use a C# identifier (letters, digits and '_', not starting with a digit).");
        }
    }

    // C# identifier rules (ECMA-334 §6.4.3) by Unicode category, without the '@' prefix and escapes.
    private static bool IsIdentifierStart(char c) => c == '_' || char.GetUnicodeCategory(c) is
        UnicodeCategory.UppercaseLetter or UnicodeCategory.LowercaseLetter or UnicodeCategory.TitlecaseLetter
        or UnicodeCategory.ModifierLetter or UnicodeCategory.OtherLetter or UnicodeCategory.LetterNumber;

    private static bool IsIdentifierPart(char c) => IsIdentifierStart(c) || char.GetUnicodeCategory(c) is
        UnicodeCategory.DecimalDigitNumber or UnicodeCategory.ConnectorPunctuation or UnicodeCategory.NonSpacingMark
        or UnicodeCategory.SpacingCombiningMark or UnicodeCategory.Format;

    private static bool HasLoneSurrogate(string s)
    {
        for (var i = 0; i < s.Length; i++)
        {
            if (char.IsHighSurrogate(s[i]) && i + 1 < s.Length && char.IsLowSurrogate(s[i + 1]))
            {
                i++;
            }
            else if (char.IsSurrogate(s[i]))
            {
                return true;
            }
        }
        return false;
    }
}
