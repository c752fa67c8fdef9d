using System.Globalization;
using System.Text.Json;
using Azure;
using UnionWeChat.Tables.Serialization;

namespace UnionWeChat.Tables.Transactions;

/// <summary>
/// Reads a <c>$batch</c> response: one embedded HTTP response per operation on success, or the single failed
/// operation's response on failure. The service names the failing operation by prefixing its zero-based index to
/// the error message ("1:The specified entity already exists.").
/// </summary>
internal static class TransactionResponseReader
{
    public static TransactionResult Read(Response response, int actionCount)
    {
        var parts = EmbeddedResponses(response.Content.ToString());
        var failed = parts.FindIndex(p => p.Status >= 400);
        if (failed < 0)
        {
            if (parts.Count != actionCount)
            {
                throw new TableStorageException(response.Status, null, string.Format(CultureInfo.InvariantCulture,
                    "Transaction response held {0} results for {1} actions.", parts.Count, actionCount));
            }
            return new TransactionResult(true, null, null, null, parts.ConvertAll(p => p.ETag));
        }

        var part = parts[failed];
        var error = ParseError(part.Body);
        var index = IndexFromMessage(error.Message, actionCount)
            ?? (parts.Count == actionCount ? failed : actionCount == 1 ? 0 : null);
        return new TransactionResult(false, index, part.Status, error.Code, []);
    }

    private static ServiceError ParseError(string body)
    {
        try
        {
            using var document = JsonDocument.Parse(body);
            return ServiceError.FromJson(document.RootElement);
        }
        catch (JsonException)
        {
            return default;
        }
    }

    private static int? IndexFromMessage(string? message, int actionCount)
    {
        var colon = message?.IndexOf(':', StringComparison.Ordinal) ?? -1;
        return colon > 0
            && int.TryParse(message.AsSpan(0, colon), NumberStyles.None, CultureInfo.InvariantCulture, out var index)
            && index < actionCount
            ? index
            : null;
    }

    /// <summary>
    /// The embedded responses in order. Each starts with a status line ("HTTP/1.1 204 No Content"), then headers up to
    /// a blank line, then a body that runs to the next MIME boundary line ("--…").
    /// </summary>
    private static List<EmbeddedResponse> EmbeddedResponses(string multipart)
    {
        var results = new List<EmbeddedResponse>();
        var lines = multipart.Split('\n').Select(l => l.TrimEnd('\r')).ToArray();
        for (var i = 0; i < lines.Length; i++)
        {
            if (!lines[i].StartsWith("HTTP/1.", StringComparison.Ordinal))
            {
                continue;
            }
            var statusText = lines[i].Split(' ', 3);
            var status = statusText.Length > 1 && int.TryParse(statusText[1], CultureInfo.InvariantCulture, out var s) ? s : 0;
            string? etag = null;
            for (i++; i < lines.Length && lines[i].Length > 0; i++)
            {
                var colon = lines[i].IndexOf(':', StringComparison.Ordinal);
                if (colon > 0 && lines[i].AsSpan(0, colon).Trim().Equals("ETag", StringComparison.OrdinalIgnoreCase))
                {
                    etag = lines[i][(colon + 1)..].Trim();
                }
            }
            var body = new List<string>();
            for (i++; i < lines.Length && !lines[i].StartsWith("--", StringComparison.Ordinal); i++)
            {
                body.Add(lines[i]);
            }
            i--;
            results.Add(new EmbeddedResponse(status, etag, string.Join('\n', body).Trim()));
        }
        return results;
    }

    private sealed record EmbeddedResponse(int Status, string? ETag, string Body);
}
