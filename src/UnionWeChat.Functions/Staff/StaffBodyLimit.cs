using Microsoft.AspNetCore.Http.Features;

namespace UnionWeChat.Functions.Staff;

/// <summary>
/// Refuses a staff API body larger than <see cref="MaxBytes"/> before anything reads it: otherwise a 10 MB
/// body is read into memory and parsed whole, only to fail a length check on one of its fields afterwards.
/// </summary>
public sealed class StaffBodyLimit(RequestDelegate next)
{
    /// <summary>The largest real body is a notice to 1000 listed openids (about 32 KiB); the rest are a few hundred bytes.</summary>
    public const long MaxBytes = 256 * 1024;

    public const string Prefix = "/api/staff";

    public async Task InvokeAsync(HttpContext http)
    {
        if (http.Request.ContentLength > MaxBytes)
        {
            await Results.Problem(
                title: "Request body too large",
                detail: $"A staff API request body may be at most {MaxBytes / 1024} KiB.",
                statusCode: StatusCodes.Status413PayloadTooLarge).ExecuteAsync(http);
            return;
        }
        // A chunked body declares no length: the server stops reading it at the limit instead (Kestrel; read-only
        // once reading has begun, and absent under the test server).
        if (http.Features.Get<IHttpMaxRequestBodySizeFeature>() is { IsReadOnly: false } size)
        {
            size.MaxRequestBodySize = MaxBytes;
        }
        await next(http);
    }
}
