using UnionWeChat.Functions.Staff;
using UnionWeChat.Functions.Answers;
using UnionWeChat.Functions.Members;
using UnionWeChat.Functions.Conversation;
using UnionWeChat.Functions.Functions;
using UnionWeChat.Functions.Health;
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
builder.AddStaffAuth();
builder.AddNotices();
builder.AddHealth();

var report = builder.GetConfigurationReport();
if (report.Problems.Count > 0)
{
    await Console.Error.WriteLineAsync(report.ToOneLine());
    return 2;
}

var app = builder.Build();
app.UseStaffAuth();
app.MapFunctionHost();
app.MapHealth();
app.MapConversation();
app.MapNotices();
await app.RunAsync();
return 0;

/// <summary>The entry point, visible to WebApplicationFactory in the tests.</summary>
public partial class Program;
