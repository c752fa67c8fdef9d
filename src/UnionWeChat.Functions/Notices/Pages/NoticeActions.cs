using UnionWeChat.Functions.Platform.Hosting;
using UnionWeChat.Functions.Staff;

namespace UnionWeChat.Functions.Notices;

/// <summary>
/// The notice page's buttons (<c>POST /api/console/notices/{id}/{step}</c>), done through <see cref="NoticeSteps"/>
/// like the API. Done: back to the notice (303, so a reload does not post again). Refused: the notice again with
/// the rule's reason, 403 when it is not this person's to do, else 409.
/// </summary>
public static class NoticeActions
{
    public const string Approve = "approve";
    public const string Pause = "pause";
    public const string Resume = "resume";
    public const string Cancel = "cancel";

    /// <summary>The step's button, and its word in the message after it is done.</summary>
    public static string Label(string step) => step switch
    {
        Approve => "批准",
        Pause => "暂停",
        Resume => "继续",
        _ => "取消",
    };

    // A lambda, not a delegate type: minimal APIs read [AsParameters] from the handler's own parameters.
    public static Delegate Of(string step, Func<Notice, string, DateTimeOffset, Decision<Notice>> rule) =>
        async Task<IResult> (string id, HttpContext http, NoticeSteps steps, [AsParameters] NoticePage.Services page) =>
        {
            var (notice, refusal) = await steps.RunAsync(id, http.User.StaffName(), rule, http.RequestAborted);
            if (notice is null || refusal is not null)
            {
                var status = notice is null ? StatusCodes.Status404NotFound : refusal!.Forbidden ? StatusCodes.Status403Forbidden : StatusCodes.Status409Conflict;
                return await NoticePage.RenderAsync(id, http, page, null, refusal is null ? null : $"没有{Label(step)}：{refusal.Reason}", status, http.RequestAborted);
            }
            http.Response.Headers.Location = $"{NoticePages.Root}/{Uri.EscapeDataString(id)}?done={step}";
            return Results.StatusCode(StatusCodes.Status303SeeOther);
        };
}
