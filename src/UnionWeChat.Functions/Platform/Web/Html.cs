using System.Globalization;
using System.Runtime.CompilerServices;
using System.Text;
using System.Text.Encodings.Web;
using System.Text.Unicode;
using UnionWeChat.Functions.Staff;
using UnionWeChat.Functions.Staff.Pages;

namespace UnionWeChat.Functions.Platform.Web;

/// <summary>Markup that is already safe to emit: only ever made by <see cref="Html.Of"/> or from literals.</summary>
public readonly record struct Markup(string Value)
{
    public static Markup Empty { get; } = new("");

    public override string ToString() => Value;
}

/// <summary>
/// HTML by interpolation, encoded by default: <c>Html.Of($"&lt;td&gt;{c.Description}&lt;/td&gt;")</c> encodes every
/// hole unless it is already <see cref="Markup"/>. Text a worker wrote can only ever arrive as a hole, so it is
/// always encoded. Chinese stays readable in the page source (only markup characters are escaped).
/// </summary>
public static class Html
{
    public static HtmlEncoder Encoder { get; } = HtmlEncoder.Create(UnicodeRanges.All);

    public static Markup Of(ref HtmlBuilder html) => html.ToMarkup();

    public static Markup Join(IEnumerable<Markup> parts) => new(string.Concat(parts.Select(p => p.Value)));

    public static Markup Encode(string? text) => new(Encoder.Encode(text ?? ""));

    /// <summary>The builder behind <see cref="Of"/>: literals as written, holes encoded.</summary>
    [InterpolatedStringHandler]
    public ref struct HtmlBuilder
    {
        private readonly StringBuilder _html;

        public HtmlBuilder(int literalLength, int formattedCount) => _html = new StringBuilder(literalLength + formattedCount * 16);

        public readonly void AppendLiteral(string literal) => _html.Append(literal);

        public readonly void AppendFormatted(Markup markup) => _html.Append(markup.Value);

        public readonly void AppendFormatted(string? text) => _html.Append(Encoder.Encode(text ?? ""));

        // Sequences of markup (a Select over rows) arrive here too, as their concrete type: checked at run time.
        public readonly void AppendFormatted<T>(T value)
        {
            switch (value)
            {
                case Markup markup:
                    _html.Append(markup.Value);
                    break;
                case IEnumerable<Markup> parts:
                    foreach (var part in parts)
                    {
                        _html.Append(part.Value);
                    }
                    break;
                default:
                    _html.Append(Encoder.Encode(Convert.ToString(value, CultureInfo.InvariantCulture) ?? ""));
                    break;
            }
        }

        public readonly void AppendFormatted<T>(T value, string format) where T : IFormattable =>
            _html.Append(Encoder.Encode(value.ToString(format, CultureInfo.InvariantCulture)));

        public readonly void AppendFormatted<T>(T? value, string format) where T : struct, IFormattable =>
            _html.Append(value is { } v ? Encoder.Encode(v.ToString(format, CultureInfo.InvariantCulture)) : "");

        public readonly Markup ToMarkup() => new(_html.ToString());
    }
}
