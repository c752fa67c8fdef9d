namespace UnionWeChat.WeChat.Api;

/// <summary>A downloaded temporary media file (<c>/cgi-bin/media/get</c>).</summary>
/// <param name="Content">The file's bytes (empty for a video, see <paramref name="VideoUrl"/>).</param>
/// <param name="ContentType">Its media type, e.g. image/jpeg.</param>
/// <param name="FileName">The file name WeChat suggested, if any.</param>
/// <param name="VideoUrl">For video media WeChat answers with a download URL instead of bytes.</param>
public sealed record MediaContent(ReadOnlyMemory<byte> Content, string ContentType, string? FileName, string? VideoUrl = null);
