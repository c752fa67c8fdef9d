using System.Globalization;
using System.Net.Http.Headers;
using System.Security.Cryptography;

namespace UnionWeChat.Functions.Cases;

/// <summary>
/// Serves a kept evidence file to staff (the console's <c>/api/console/cases/{number}/evidence/{id}</c> and the API's
/// <c>/api/staff/cases/{number}/evidence/{id}</c>). The file is checked against the SHA-256 the case recorded before a
/// byte leaves, and each serving is written to the case's history (staff-only) before the bytes are sent, so nobody
/// sees evidence without the case saying who and when. A case that does not exist and an id that is not one of its
/// files read alike: 404, nothing else.
/// </summary>
public sealed partial class EvidenceViewer(CaseStore cases, EvidenceBlobs blobs, TimeProvider time, ILogger<EvidenceViewer> logger)
{
    public const string ViewedAction = "evidence-viewed";
    public const string MismatchAction = "evidence-mismatch";

    /// <summary>The types a browser shows or plays in place; anything else is only ever offered as a download.</summary>
    private static readonly HashSet<string> InlineTypes = new(StringComparer.Ordinal)
    {
        "image/jpeg", "image/png", "image/gif", "image/webp",
        "audio/mpeg", "audio/mp4", "audio/aac", "audio/ogg", "audio/wav", "audio/webm",
        "video/mp4",
    };

    /// <summary>The id staff see for an item: its 1-based position, as the worker was told (第1份证据).</summary>
    public static string IdOf(EvidenceFile file) => (file.Index + 1).ToString(CultureInfo.InvariantCulture);

    /// <summary>The media type without parameters, lower case.</summary>
    public static string MediaType(string contentType) => contentType.Split(';')[0].Trim().ToLowerInvariant();

    /// <summary>True when a browser can show or play this type in the page (WeChat's AMR and speex voice cannot).</summary>
    public static bool ShowsInBrowser(string contentType) => InlineTypes.Contains(MediaType(contentType));

    public async Task<IResult> ServeAsync(string number, string id, bool download, string actor, HttpResponse response, CancellationToken ct)
    {
        // Only the canonical spelling of a small number names an item: "01", "+1" or "1.0" are nobody's ids.
        if (!int.TryParse(id, NumberStyles.None, CultureInfo.InvariantCulture, out var position)
            || position is < 1 or > IntakeRules.EvidenceMax * 10
            || position.ToString(CultureInfo.InvariantCulture) != id)
        {
            return NotFound();
        }
        var c = await cases.GetAsync(number, ct);
        if (c?.EvidenceFiles.FirstOrDefault(f => f.Index == position - 1) is not { } file)
        {
            return NotFound();
        }

        byte[] bytes;
        try
        {
            bytes = await blobs.DownloadAsync(file.Blob, ct);
        }
        catch (Azure.RequestFailedException ex) when (ex.Status == StatusCodes.Status404NotFound)
        {
            bytes = [];
        }
        var sha256 = Convert.ToHexStringLower(SHA256.HashData(bytes));
        if (!string.Equals(sha256, file.Sha256, StringComparison.OrdinalIgnoreCase) || bytes.LongLength != file.Length)
        {
            LogMismatch(c.Number, position);
            await cases.AppendAsync(c.Number, new CaseEvent(time.GetUtcNow(), actor, MismatchAction,
                $"第{position}份证据校验失败：文件的 SHA-256 与案件记录不符（或文件缺失），未提供给查看者", VisibleToWorker: false), ct);
            return Problem(StatusCodes.Status409Conflict,
                $"第{position}份证据的文件与案件记录的 SHA-256 不一致（文件可能被改动或缺失），为保证证据可信，已拒绝显示。请联系系统管理员。");
        }

        var inline = !download && ShowsInBrowser(file.ContentType);
        // Recorded before serving: if the history cannot be written, the evidence is not shown.
        await cases.AppendAsync(c.Number, new CaseEvent(time.GetUtcNow(), actor, ViewedAction,
            $"{(inline ? "查看" : "下载")}第{position}份证据（{MediaType(file.ContentType)}，SHA-256 {file.Sha256[..12]}…）", VisibleToWorker: false), ct);

        var headers = response.Headers;
        headers.XContentTypeOptions = "nosniff";
        headers.CacheControl = "no-store";
        // The name is built from the case number (checked by the lookup above) and the app's own blob name, never
        // from anything a worker or a request supplied.
        headers.ContentDisposition = new ContentDispositionHeaderValue(inline ? "inline" : "attachment")
        {
            FileName = $"{c.Number}-{position}{Path.GetExtension(file.Blob)}",
        }.ToString();
        // A type a browser would not show in place is sent as plain bytes, so it can never be rendered as a page.
        var type = inline ? MediaType(file.ContentType) : "application/octet-stream";
        return Results.Bytes(bytes, type);
    }

    private static IResult NotFound() => Problem(StatusCodes.Status404NotFound, "没有找到这份证据。");

    private static IResult Problem(int status, string message) =>
        Results.Text(message, "text/plain; charset=utf-8", System.Text.Encoding.UTF8, status);

    [LoggerMessage(Level = LogLevel.Error, Message = "Evidence {Position} of case {CaseNumber} does not match its recorded SHA-256; refused")]
    private partial void LogMismatch(string caseNumber, int position);
}
