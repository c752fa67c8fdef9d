using UnionWeChat.Functions.Staff;

namespace UnionWeChat.Functions.Cases;

/// <summary>
/// The desk's console pages under <c>/api/console</c>: the queue and its CSV, a case and its actions, statistics
/// and SLA breaches. Sign-in, the page shell and the anti-forgery guard are Staff's (<c>MapConsoleGroup</c>).
/// </summary>
public static class CasePages
{
    public static void Map(RouteGroupBuilder console)
    {
        var read = StaffPolicies.OnConsole(StaffPolicies.Read);
        console.MapGet("/", QueuePage.ShowAsync).RequireAuthorization(read);
        // The same export as the API's; here the console's sign-in cookie admits it, there a key does.
        console.MapGet("/cases.csv", CaseApi.ExportAsync).RequireAuthorization(read);
        console.MapGet("/cases/{number}", CasePage.ShowAsync).RequireAuthorization(read);
        // The same handler as the API's: the file checked against its SHA-256, and each view in the case's history.
        console.MapGet("/cases/{number}/evidence/{id}", CaseApi.EvidenceAsync).RequireAuthorization(read);
        console.MapGet("/stats", StatsPage.ShowAsync).RequireAuthorization(read);
        console.MapGet("/breaches", BreachesPage.ShowAsync).RequireAuthorization(read);

        CaseActions.Map(console.MapGroup("/cases/{number}").RequireAuthorization(read, StaffPolicies.OnConsole(StaffPolicies.Write)));
    }
}
