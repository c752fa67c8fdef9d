using UnionWeChat.Functions.Staff;
using UnionWeChat.Functions.Staff.Pages;

namespace UnionWeChat.Functions.Notices;

/// <summary>
/// The notices' console pages under <c>/api/console/notices</c>: viewers read the list and each notice; triage and
/// admins compose, pause, resume and cancel; admins approve. The shell, sign-in and anti-forgery are Staff's.
/// </summary>
public static class NoticePages
{
    public const string Root = ConsoleLayout.Root + "/notices";

    public static void Map(RouteGroupBuilder console)
    {
        var read = StaffPolicies.OnConsole(StaffPolicies.Read);
        var write = StaffPolicies.OnConsole(StaffPolicies.Write);
        var notices = console.MapGroup("/notices").RequireAuthorization(read);
        notices.MapGet("", NoticeListPage.ShowAsync);
        notices.MapGet("/{id}", NoticePage.ShowAsync);

        var compose = notices.MapGroup("/new").RequireAuthorization(write);
        compose.MapGet("", ComposePage.ShowAsync);
        compose.MapPost("", ComposePage.CreateAsync);

        var steps = notices.MapGroup("/{id}").RequireAuthorization(write);
        steps.MapPost("/pause", NoticeActions.Of(NoticeActions.Pause, NoticeLifecycle.Pause));
        steps.MapPost("/resume", NoticeActions.Of(NoticeActions.Resume, NoticeLifecycle.Resume));
        steps.MapPost("/cancel", NoticeActions.Of(NoticeActions.Cancel, NoticeLifecycle.Cancel));
        notices.MapGroup("/{id}").RequireAuthorization(StaffPolicies.OnConsole(StaffPolicies.Admin))
            .MapPost("/approve", NoticeActions.Of(NoticeActions.Approve, NoticeLifecycle.Approve));
    }
}
