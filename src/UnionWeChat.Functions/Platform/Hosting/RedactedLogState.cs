using System.Collections;
using UnionWeChat.WeChat.Receiving;

namespace UnionWeChat.Functions.Platform.Hosting;

/// <summary>
/// A log entry's state as providers read it, openids masked: the formatted message and each value (the JSON
/// console writes both). Computed once, when a provider first asks.
/// </summary>
internal sealed class RedactedLogState<TState>(TState state, Exception? exception, Func<TState, Exception?, string> formatter)
    : IReadOnlyList<KeyValuePair<string, object?>>
{
    private string? _message;
    private KeyValuePair<string, object?>[]? _values;

    public string Message => _message ??= Format();

    public int Count => Values.Length;

    public KeyValuePair<string, object?> this[int index] => Values[index];

    private KeyValuePair<string, object?>[] Values => _values ??= state is IEnumerable<KeyValuePair<string, object?>> pairs
        ? [.. pairs.Select(p => new KeyValuePair<string, object?>(p.Key, LogRedaction.RedactValue(p.Key, p.Value)))]
        : [];

    public IEnumerator<KeyValuePair<string, object?>> GetEnumerator() => ((IEnumerable<KeyValuePair<string, object?>>)Values).GetEnumerator();

    IEnumerator IEnumerable.GetEnumerator() => GetEnumerator();

    public override string ToString() => Message;

    private string Format()
    {
        var text = formatter(state, exception);
        // A value logged under an openid's name ({OpenId}) is masked in the message too, whatever its shape.
        if (state is IEnumerable<KeyValuePair<string, object?>> pairs)
        {
            foreach (var (key, value) in pairs)
            {
                if (LogRedaction.NamesOpenId(key) && value is string { Length: > 6 } id)
                {
                    text = text.Replace(id, OpenIds.Shorten(id), StringComparison.Ordinal);
                }
            }
        }
        return LogRedaction.Redact(text);
    }
}
