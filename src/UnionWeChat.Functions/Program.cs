using UnionWeChat.Functions.Cases;
using UnionWeChat.Functions.Menu;
using UnionWeChat.Functions.Staff;
using UnionWeChat.Functions.Answers;
using UnionWeChat.Functions.Members;
using UnionWeChat.Functions.Conversation;
using UnionWeChat.Functions.Functions;
using UnionWeChat.Functions.Health;
using UnionWeChat.Functions.Simulator;
using UnionWeChat.Functions.Polls;
using UnionWeChat.Functions.Hosting;
using UnionWeChat.Functions.Notices;
using UnionWeChat.Functions.Storage;

var catalog = FunctionCatalog.Default;
if (FunctionMetadataWriter.TryHandleCommandLine(args, catalog))
{
    return 0;
}

var builder = WebApplication.CreateBuilder(args);
builder.AddFunctionHost(catalog);
builder.AddStorage();
builder.AddConversation();
builder.AddMembers();
builder.AddAnswers();
builder.AddCases();
builder.AddMenu();
builder.AddStaffAuth();
builder.AddStaff();
builder.AddPolls();
builder.AddNotices();
builder.AddHealth();
builder.AddSimulator();

var report = builder.GetConfigurationReport();
if (report.Problems.Count > 0)
{
    await Console.Error.WriteLineAsync(report.ToOneLine());
    return 2;
}

var app = builder.Build();
app.UseStaffAuth();
app.UsePolls();
app.UseRateLimiter();
app.MapFunctionHost();
app.MapHealth();
app.MapConversation();
app.MapMenu();
app.MapSimulator();
app.MapStaff();
app.MapPolls();
app.MapNotices();
await app.RunAsync();
return 0;

/// <summary>The entry point, visible to WebApplicationFactory in the tests.</summary>
public partial class Program;
