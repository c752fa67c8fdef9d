using System.Text.Json.Nodes;

namespace UnionWeChat.WeChat.Simulator;

// Temporary media (api_getmedia): kept 3 days; an unknown or expired media_id is 40007.
public sealed partial class WeChatApiStandIn
{
    private static readonly TimeSpan MediaLifetime = TimeSpan.FromDays(3);
    private readonly Dictionary<string, (byte[] Bytes, string ContentType, DateTimeOffset At)> _media = new(StringComparer.Ordinal);

    /// <summary>Stores a temporary media file, as if a member had sent it.</summary>
    public void AddMedia(string mediaId, byte[] bytes, string contentType)
    {
        ArgumentException.ThrowIfNullOrEmpty(mediaId);
        ArgumentNullException.ThrowIfNull(bytes);
        lock (_gate)
        {
            _media[mediaId] = (bytes.ToArray(), contentType, Time.GetUtcNow());
        }
    }

    /// <summary>The file, or an error answer.</summary>
    internal (StandInFile? File, JsonObject? Error) GetMedia(string? mediaId)
    {
        if (string.IsNullOrEmpty(mediaId))
        {
            return (null, StandInReplies.Error(41006));
        }

        lock (_gate)
        {
            if (!_media.TryGetValue(mediaId, out var media) || Time.GetUtcNow() - media.At >= MediaLifetime)
            {
                return (null, StandInReplies.Error(40007));
            }

            var extension = media.ContentType switch
            {
                "image/jpeg" => ".jpg",
                "image/png" => ".png",
                "audio/amr" => ".amr",
                _ => "",
            };
            return (new StandInFile(media.Bytes, media.ContentType, mediaId + extension), null);
        }
    }
}

/// <summary>A file the stand-in answers with.</summary>
internal sealed record StandInFile(byte[] Bytes, string ContentType, string FileName);
