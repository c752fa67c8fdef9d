using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using UnionWeChat.Testing;

namespace UnionWeChat.Functions.Tests.Notices;

/// <summary>Template notices as WeChat shows them since May 2023: keyword fields only, each at most 20 characters on one line.</summary>
public sealed class TemplatePreviewTests(AzuriteFixture azurite) : IClassFixture<AzuriteFixture>
{
    [Fact]
    public async Task The_preview_is_field_by_field_what_WeChat_receives()
    {
        await using var notices = await NoticeHarness.StartAsync(azurite);
        var member = (await notices.FollowersAsync(1, "oPreview")).Single();
        var id = await notices.CreateAsync(NoticeHarness.Template([member]));

        var preview = (await notices.GetAsync(id)).GetProperty("templatePreview").EnumerateObject().Select(p => (p.Name, p.Value.GetString())).ToList();
        await notices.SendAsync();

        using var sent = JsonDocument.Parse(Assert.Single(notices.WeChat.State.MessagesFor(member)).BodyJson);
        var received = sent.RootElement.GetProperty("data").EnumerateObject().Select(p => (p.Name, p.Value.GetProperty("value").GetString())).ToList();
        Assert.Equal(preview, received);
        Assert.Equal([("thing1", "夏送清凉"), ("thing2", "7月15日起到工会服务站领取防暑用品")], preview);
    }

    [Fact]
    public async Task First_remark_long_values_and_line_breaks_are_refused_naming_the_field()
    {
        await using var notices = await NoticeHarness.StartAsync(azurite);

        using var response = await notices.Staff("tina").PostAsJsonAsync("/api/staff/notices", new
        {
            title = "夏送清凉",
            body = "7月15日起到工会服务站领取防暑用品，请携带工会会员卡与身份证",
            audience = new { kind = "openids", openIds = new[] { "oPreview000000000000000" } },
            channel = "template",
            template = new
            {
                templateId = "TPL_notice_01",
                data = new Dictionary<string, string> { ["first"] = "您好", ["thing1"] = "{title}", ["thing2"] = "{body}", ["thing3"] = "第一行\n第二行", ["remark"] = "谢谢" },
            },
        });

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        var errors = (await response.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("errors");
        Assert.Equal(
            ["template.data.first", "template.data.remark", "template.data.thing2", "template.data.thing3"],
            errors.EnumerateObject().Select(e => e.Name).Order(StringComparer.Ordinal));
        Assert.Contains("20", errors.GetProperty("template.data.thing2")[0].GetString(), StringComparison.Ordinal);
    }
}
