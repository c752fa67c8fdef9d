using UnionWeChat.Functions.Answers;
using UnionWeChat.Functions.Cases;
using UnionWeChat.Functions.Conversation;
using UnionWeChat.Functions.Followers;
using UnionWeChat.Functions.Health;
using UnionWeChat.Functions.Members;
using UnionWeChat.Functions.Membership;
using UnionWeChat.Functions.Menu;
using UnionWeChat.Functions.Notices;
using UnionWeChat.Functions.Outbound;
using UnionWeChat.Functions.Platform.Hosting;
using UnionWeChat.Functions.Platform.Storage;
using UnionWeChat.Functions.Polls;
using UnionWeChat.Functions.Simulator;
using UnionWeChat.Functions.Staff;
using UnionWeChat.Functions.Surveys;

// An isolated worker when the Functions host started the process, else a plain app on Kestrel (Hosting/AppHost).
var builder = AppHost.CreateBuilder(args);
builder.AddFunctionHost();
builder.AddStorage();
builder.AddConversation();
builder.AddMembers();
builder.AddOutbound();
builder.AddAnswers();
builder.AddCases();
builder.AddMenu();
builder.AddStaffAuth();
builder.AddPolls();
builder.AddMembership();
builder.AddSurveys();
builder.AddNotices();
builder.AddHealth();
builder.AddSimulator();
return await builder.RunAsync(Pipeline);

// The one request pipeline: the standalone host runs it for every request, each HTTP function for its own.
static void Pipeline(IApplicationBuilder app)
{
    app.UseUpstreamFailures();
    app.UseRouting();
    app.UseStaffAuth();
    app.UsePolls();
    app.UseMembership();
    app.UseSurveys();
    app.UseRateLimiter();
    app.UseSimulator();
    app.UseEndpoints(endpoints =>
    {
        endpoints.MapHealth();
        endpoints.MapConversation();
        endpoints.MapMenu();
        endpoints.MapSimulator();
        endpoints.MapStaff();
        endpoints.MapCases();
        endpoints.MapTagEndpoints();
        endpoints.MapAnswers();
        endpoints.MapPolls();
        endpoints.MapMembership();
        endpoints.MapSurveys();
        endpoints.MapNotices();
    });
}

/// <summary>The entry point, visible to WebApplicationFactory in the tests.</summary>
public partial class Program;
