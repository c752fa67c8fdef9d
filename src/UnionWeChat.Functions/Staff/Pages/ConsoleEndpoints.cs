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
        return app;
    }

    /// <summary>
    /// The console's route group, for any feature's pages: every page and form goes through <see cref="ConsoleGuard"/>
    /// (anti-forgery, no caching, the CSP); each page adds the sign-in policy it needs (<see cref="StaffPolicies.OnConsole"/>).
    /// </summary>
    public static RouteGroupBuilder MapConsoleGroup(this IEndpointRouteBuilder app) =>
        app.MapGroup(ConsoleLayout.Root).AddEndpointFilter<ConsoleGuard>();
}
