using System.Text.Json;

namespace UnionWeChat.WeChat.Api;

// Temporary media (evidence photos a worker sent): kept by WeChat for 3 days.
// https://developers.weixin.qq.com/doc/service/api/material/temporary/api_getmedia
public sealed partial class WeChatApiClient
{
    private const string MediaGetPath = "/cgi-bin/media/get";
    private const int MaxMediaIdLength = 128;

    /// <summary>
    /// Downloads a temporary media file. A media id with anything but letters, digits, '_' and '-' (the characters
    /// WeChat's ids use) is refused before any request, so a crafted id cannot reach another path.
    /// A JSON answer is an error, except the <c>video_url</c> WeChat returns for videos.
    /// </summary>
    public async Task<MediaContent> DownloadMediaAsync(string mediaId, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(mediaId);
        if (mediaId.Length is 0 or > MaxMediaIdLength || !mediaId.All(c => char.IsAsciiLetterOrDigit(c) || c is '_' or '-'))
        {
            throw new ArgumentException("Not a WeChat media id: only letters, digits, '_' and '-' (at most 128) are accepted.", nameof(mediaId));
        }

        return await _transport.RunAsync(MediaGetPath, CallSafety.Idempotent, Attempt, cancellationToken).ConfigureAwait(false);

        async Task<MediaContent> Attempt(CancellationToken ct)
        {
            var token = await _tokens.GetTokenAsync(ct).ConfigureAwait(false);
            var raw = await Download(token, ct).ConfigureAwait(false);
            if (IsJson(raw.MediaType) && TryParseJson(raw.Body) is { } refused && WeChatErrorCodes.IsTokenRejection(WeChatTransport.ErrCodeOf(refused)))
            {
                token = await _tokens.RefreshAfterRejectionAsync(token, ct).ConfigureAwait(false);
                raw = await Download(token, ct).ConfigureAwait(false);
            }

            if (IsJson(raw.MediaType) && TryParseJson(raw.Body) is { ValueKind: JsonValueKind.Object } json)
            {
                WeChatTransport.ThrowIfError(json, MediaGetPath);
                var videoUrl = StringOf(json, "video_url");
                return videoUrl is not null
                    ? new MediaContent(ReadOnlyMemory<byte>.Empty, "video/mp4", null, videoUrl)
                    : throw new WeChatApiException(-1, "media/get answered JSON without a file", WeChatErrorKind.Permanent, MediaGetPath);
            }

            return new MediaContent(raw.Body, raw.MediaType ?? "application/octet-stream", raw.FileName);
        }

        Task<RawResponse> Download(string token, CancellationToken ct) =>
            _transport.SendRawAsync(_transport.BuildUri(MediaGetPath, [new("access_token", token), new("media_id", mediaId)]), MediaGetPath, ct);
    }

    // WeChat answers media errors as JSON, sometimes labelled text/plain.
    private static bool IsJson(string? mediaType) =>
        mediaType is not null && (mediaType.EndsWith("json", StringComparison.OrdinalIgnoreCase) || mediaType.StartsWith("text/", StringComparison.OrdinalIgnoreCase));

    private static JsonElement? TryParseJson(byte[] body)
    {
        try
        {
            using var document = JsonDocument.Parse(body);
            return document.RootElement.Clone();
        }
        catch (JsonException)
        {
            return null;
        }
    }
}
