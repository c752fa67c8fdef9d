using System.Globalization;
using UnionWeChat.Functions.Cases;
using UnionWeChat.Functions.Platform.Hosting;
using UnionWeChat.Functions.Staff.Desk;
using UnionWeChat.Functions.Staff.Sla;

namespace UnionWeChat.Functions.Staff.Pages;

/// <summary>
/// The staff console under <c>/api/console</c> (the Functions host prefixes every route with <c>/api</c>).
/// Signed in by key cookie or App Service Authentication; unsigned browsers are sent to the sign-in page.
/// Every page and form goes through <see cref="ConsoleGuard"/>.
/// </summary>
public static class ConsoleEndpoints
{
    public static IEndpointRouteBuilder MapConsole(this IEndpointRouteBuilder app)
    {
        var console = app.MapConsoleGroup();
        console.MapGet("/signin", SignInPages.ShowAsync).AllowAnonymous();
        console.MapPost("/signin", SignInPages.SignInAsync).AllowAnonymous();

        var read = StaffPolicies.OnConsole(StaffPolicies.Read);
        console.MapPost("/signout", SignInPages.SignOut).RequireAuthorization(read);
        console.MapGet("/", QueuePage.ShowAsync).RequireAuthorization(read);
        console.MapGet("/cases.csv", ExportAsync).RequireAuthorization(read);
        console.MapGet("/cases/{number}", CasePage.ShowAsync).RequireAuthorization(read);
        console.MapGet("/stats", StatsPage.ShowAsync).RequireAuthorization(read);
        console.MapGet("/breaches", BreachesPage.ShowAsync).RequireAuthorization(read);

        CaseActions.Map(console.MapGroup("/cases/{number}").RequireAuthorization(read, StaffPolicies.OnConsole(StaffPolicies.Write)));
        return app;
    }

    /// <summary>
    /// The console's route group, for any feature's pages: every page and form goes through <see cref="ConsoleGuard"/>
    /// (anti-forgery, no caching, the CSP); each page adds the sign-in policy it needs (<see cref="StaffPolicies.OnConsole"/>).
    /// </summary>
    public static RouteGroupBuilder MapConsoleGroup(this IEndpointRouteBuilder app) =>
        app.MapGroup(ConsoleLayout.Root).AddEndpointFilter<ConsoleGuard>();

    /// <summary>The queue's CSV, for a browser signed in to the console (the API's export wants a key).</summary>
    public static async Task<IResult> ExportAsync(HttpRequest request, CaseSearch search, TimeProvider time, CancellationToken ct)
    {
        var (query, errors) = CaseQuery.Parse(request.Query);
        if (query is null)
        {
            return Results.ValidationProblem(errors);
        }
        var day = ChinaTime.Day(time.GetUtcNow());
        return Results.File(CaseCsv.Write(await search.AllAsync(query, ct)), "text/csv; charset=utf-8", $"cases-{day}.csv");
    }
}
