using System.Globalization;

namespace UnionWeChat.Tables;

/// <summary>
/// Formats a value as an OData literal for a Table service <c>$filter</c>
/// (https://learn.microsoft.com/rest/api/storageservices/querying-tables-and-entities#filtering-on-properties).
/// </summary>
internal sealed class ODataLiteral : IFormatProvider, ICustomFormatter
{
    public static readonly ODataLiteral Formatter = new();

    private ODataLiteral()
    {
    }

    public static string Format(object? value) => value switch
    {
        // Single quotes inside a string literal are doubled; the whole filter is percent-encoded later.
        string s => "'" + s.Replace("'", "''", StringComparison.Ordinal) + "'",
        bool b => b ? "true" : "false",
        int i => i.ToString(CultureInfo.InvariantCulture),
        long l => l.ToString(CultureInfo.InvariantCulture) + "L",
        double d => FormatDouble(d),
        DateTimeOffset d => "datetime'" + FormatDateTime(d) + "'",
        Guid g => "guid'" + g.ToString("D") + "'",
        byte[] b => "X'" + Convert.ToHexStringLower(b) + "'",
        null => throw new ArgumentException("A filter value must not be null: Table storage has no null values."),
        _ => throw new ArgumentException(
            $"A filter value of type {value.GetType().Name} is not supported "
            + "(use string, bool, int, long, double, DateTimeOffset, Guid or byte[])."),
    };

    /// <summary>The Edm.DateTime text: UTC with seven fractional digits, as the service stores it.</summary>
    public static string FormatDateTime(DateTimeOffset value) =>
        value.UtcDateTime.ToString("yyyy-MM-dd'T'HH:mm:ss.fffffff'Z'", CultureInfo.InvariantCulture);

    object? IFormatProvider.GetFormat(Type? formatType) => formatType == typeof(ICustomFormatter) ? this : null;

    string ICustomFormatter.Format(string? format, object? arg, IFormatProvider? formatProvider)
    {
        if (!string.IsNullOrEmpty(format))
        {
            throw new ArgumentException(
                $"Format specifiers (':{format}') are not allowed in a filter: every value is written as an OData literal.");
        }
        return Format(arg);
    }

    private static string FormatDouble(double d)
    {
        if (!double.IsFinite(d))
        {
            throw new ArgumentException("A filter value must be a finite double.");
        }
        var text = d.ToString("R", CultureInfo.InvariantCulture);

        // Without a decimal point or exponent the service would read the literal as an Int32.
        return text.Contains('.', StringComparison.Ordinal) || text.Contains('E', StringComparison.Ordinal)
            ? text
            : text + ".0";
    }
}
