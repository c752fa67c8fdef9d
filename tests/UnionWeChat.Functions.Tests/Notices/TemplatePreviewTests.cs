using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using UnionWeChat.Testing;

namespace UnionWeChat.Functions.Tests.Notices;

/// <summary>
/// Template notices as WeChat shows them today: keyword fields only, one line, at most 20 characters. Staff see the
/// preview before sending, and it is what the member gets.
/// </summary>
public sealed class TemplatePreviewTests(AzuriteFixture azurite) : IClassFixture<AzuriteFixture>
{
    private static object Notice(Dictionary<string, string> data, string title = "冬送温暖", string body = "慰问金申领开始") => new
    {
        title,
        body,
        audience = new { kind = "tags", tags = new[] { "快递员" } },
        channel = "template",
        template = new { templateId = "TPL_notice_01", data, url = "https://union.example.cn/winter" },
    };

    [Fact]
    public async Task The_preview_staff_see_is_field_by_field_what_WeChat_receives()
    {
        await using var notices = await NoticeHarness.StartAsync(azurite);
        var drivers = await notices.FollowersAsync(2, "oPreview", tags: "快递员");
        var data = new Dictionary<string, string> { ["thing1"] = "{title}", ["thing2"] = "{body}", ["time3"] = "12月5日前" };
        var id = await notices.CreateAsync(Notice(data));

        var preview = (await notices.GetAsync(id)).GetProperty("templatePreview").EnumerateArray()
            .Select(f => (f.GetProperty("keyword").GetString()!, f.GetProperty("value").GetString()!)).ToList();
        Assert.Equal([("thing1", "冬送温暖"), ("thing2", "慰问金申领开始"), ("time3", "12月5日前")], preview);

        await notices.SendAsync();

        var sends = notices.WeChat.State.Sends.Where(s => s.Channel == UnionWeChat.WeChat.Simulator.SendChannel.Template).ToList();
        Assert.Equal(drivers.Order(), sends.Select(s => s.OpenId).Order());
        Assert.All(sends, send =>
        {
            using var body = JsonDocument.Parse(send.BodyJson);
            var received = body.RootElement.GetProperty("data").EnumerateObject()
                .Select(p => (p.Name, p.Value.GetProperty("value").GetString()!)).ToList();
            Assert.Equal(preview, received);
            Assert.Equal("TPL_notice_01", body.RootElement.GetProperty("template_id").GetString());
        });
    }

    [Theory]
    [InlineData("first", "{title}", "不再显示")]
    [InlineData("remark", "点击查看", "不再显示")]
    [InlineData("thing2", "{body}", "最多显示 20 个字")]
    [InlineData("thing2", "第一行\n第二行", "不能换行")]
    [InlineData("phrase3", "正在办理中", "")]
    [InlineData("phrase3", "正在办理之中", "最多显示 5 个字")]
    public async Task A_field_WeChat_would_not_show_as_written_is_refused_and_nothing_is_created(string keyword, string value, string reason)
    {
        await using var notices = await NoticeHarness.StartAsync(azurite);
        await notices.FollowersAsync(1, "oField", tags: "快递员");
        var data = new Dictionary<string, string> { ["thing1"] = "{title}", [keyword] = value };
        var longBody = "今年冬送温暖活动面向全市困难职工，请在十二月五日前提交材料";

        using var response = await notices.Staff("tina").PostAsJsonAsync("/api/staff/notices", Notice(data, body: longBody));

        if (reason.Length == 0)
        {
            Assert.Equal(HttpStatusCode.Created, response.StatusCode);
            return;
        }
        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        var errors = (await response.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("errors");
        Assert.Contains(reason, errors.GetProperty($"template.data.{keyword}")[0].GetString());
        using var list = await notices.Staff("vic").GetAsync("/api/staff/notices");
        Assert.Empty((await list.Content.ReadFromJsonAsync<JsonElement>()).EnumerateArray());
    }
}
