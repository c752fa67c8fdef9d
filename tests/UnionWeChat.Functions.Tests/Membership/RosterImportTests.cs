using System.Net;
using System.Net.Http.Headers;
using System.Text;
using UnionWeChat.Functions.Tests.Polls;
using UnionWeChat.Functions.Tests.Staff;
using UnionWeChat.Testing;

namespace UnionWeChat.Functions.Tests.Membership;

/// <summary>导入会员名册: an admin uploads the union's existing list; listed workers are registered when name and mobile match.</summary>
public sealed class RosterImportTests(AzuriteFixture azurite) : IClassFixture<AzuriteFixture>
{
    private const string Upload = "/api/console/upload/members";

    [Fact]
    public async Task An_imported_list_registers_listed_applicants_now_and_later_and_skips_a_mobile_under_another_name()
    {
        await using var chat = await StartAsync();
        var waiting = JoinKit.Worker("List", 1);
        var later = JoinKit.Worker("List", 2);
        var impostor = JoinKit.Worker("List", 3);
        var pending = await chat.ApplyAsync(waiting, name: "张小红");
        using var alice = await ConsoleSession.SignedInAsync(chat.App, PollKit.Alice);
        // Saved by Excel on a Chinese Windows: GB18030, not UTF-8.
        Encoding.RegisterProvider(CodePagesEncodingProvider.Instance);
        var csv = Encoding.GetEncoding("GB18030").GetBytes(
            "会员号,姓名,手机,所属工会,入会日期\r\n" +
            "GH-0001,张小红,13812345678,开发区总工会,2019-05-01\r\n" +
            ",李大明,13900001111,,2020/3/8\r\n" +
            "GH-0003,王五,1234,市总工会,\r\n" +
            "GH-0004,,13900002222,市总工会,\r\n" +
            "GH-0005,赵六,13900003333,市总工会,昨天\r\n");

        using var response = await UploadAsync(alice, csv);
        var report = await response.Content.ReadAsStringAsync();
        var told = chat.WeChat.State.MessagesFor(waiting)[^1].Text!;
        var registered = await chat.App.MemberAsync(waiting);
        await chat.FollowAsync(later);
        var laterReplies = new List<string>();
        foreach (var text in new[] { "入会", "李大明", "13900001111", "南方纺织公司", "挡车工", "2", "同意", "确认" })
        {
            laterReplies.Add(await chat.SayAsync(later, text));
        }
        await chat.ApplyAsync(impostor, name: "冒名者");

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Contains("已导入 2 名会员；其中 1 人已在线申请", report, StringComparison.Ordinal);
        Assert.Contains("第 4 行：手机号码不是 11 位手机号", report, StringComparison.Ordinal);
        Assert.Contains("第 5 行：姓名为空或过长", report, StringComparison.Ordinal);
        Assert.Contains("第 6 行：入会日期看不懂", report, StringComparison.Ordinal);
        Assert.Contains("GH-0001", told, StringComparison.Ordinal);
        Assert.Equal("GH-0001", registered!.Registration!.Number);
        Assert.Equal("开发区总工会", registered.Registration.Union);
        Assert.Equal(new DateOnly(2019, 5, 1), DateOnly.FromDateTime(registered.Registration.Since.ToOffset(TimeSpan.FromHours(8)).DateTime));
        Assert.Equal("Approved", (await chat.Http.ApplicationAsync(pending)).GetProperty("status").GetString());
        Assert.Contains("入会申请已通过", laterReplies[^1], StringComparison.Ordinal);
        Assert.Contains("市总工会", laterReplies[^1], StringComparison.Ordinal);
        Assert.True((await chat.App.MemberAsync(later))!.Registered);
        Assert.False((await chat.App.MemberAsync(impostor))!.Registered);
        Assert.Single((await chat.Http.ListAsync("Pending")).EnumerateArray(), a => a.GetProperty("name").GetString() == "冒名者");
    }

    [Fact]
    public async Task Only_admins_import_and_a_file_without_the_columns_or_over_the_size_limit_is_refused_storing_nothing()
    {
        await using var chat = await StartAsync();
        var worker = JoinKit.Worker("Refuse", 1);
        await chat.ApplyAsync(worker, name: "张小红");
        using var carol = await ConsoleSession.SignedInAsync(chat.App, PollKit.Carol);
        using var alice = await ConsoleSession.SignedInAsync(chat.App, PollKit.Alice);
        var listed = Encoding.UTF8.GetBytes("姓名,手机\n张小红,13812345678\n");

        using var triage = await UploadAsync(carol, listed, await carol.TokenFromAsync("/api/console/members/"));
        using var noColumns = await UploadAsync(alice, Encoding.UTF8.GetBytes("名称,电话\n张小红,13812345678\n"));
        using var huge = await UploadAsync(alice, new byte[5 * 1024 * 1024]);
        using var notAFile = await alice.PostFormAsync(Upload, new() { ["_form"] = await alice.TokenFromAsync("/api/console/members/import") });

        Assert.NotEqual(HttpStatusCode.OK, triage.StatusCode);
        Assert.Equal(HttpStatusCode.BadRequest, noColumns.StatusCode);
        Assert.Contains("第一行须有“姓名”和“手机”两列", await noColumns.Content.ReadAsStringAsync(), StringComparison.Ordinal);
        Assert.Equal(HttpStatusCode.RequestEntityTooLarge, huge.StatusCode);
        Assert.Equal(HttpStatusCode.BadRequest, notAFile.StatusCode);
        Assert.False((await chat.App.MemberAsync(worker))!.Registered);
    }

    private static async Task<HttpResponseMessage> UploadAsync(ConsoleSession session, byte[] file, string? token = null)
    {
        token ??= await session.TokenFromAsync("/api/console/members/import");
        using var form = new MultipartFormDataContent
        {
            { new StringContent(token), "_form" },
        };
        var content = new ByteArrayContent(file);
        content.Headers.ContentType = new MediaTypeHeaderValue("text/csv");
        form.Add(content, "file", "members.csv");
        return await session.Http.PostAsync(Upload, form);
    }

    private Task<ChatHarness> StartAsync() => ChatHarness.StartAsync(azurite, configure: app => app.WithStaff()
        .With("Membership:Unions:0", "市总工会").With("Membership:Unions:1", "开发区总工会"));
}
