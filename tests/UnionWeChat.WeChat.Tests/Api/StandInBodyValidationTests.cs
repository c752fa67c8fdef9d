using System.Text.Json;

namespace UnionWeChat.WeChat.Tests.Api;

/// <summary>The stand-in refuses what WeChat refuses, so the client's shapes are really checked.</summary>
public sealed class StandInBodyValidationTests
{
    [Theory]
    [InlineData("/cgi-bin/message/custom/send", "", 44002)]
    [InlineData("/cgi-bin/message/custom/send", "{not json", 47001)]
    [InlineData("/cgi-bin/message/custom/send", "[1,2]", 47001)]
    [InlineData("/cgi-bin/message/custom/send", """{"msgtype":"text","text":{"content":"hi"}}""", 40003)]
    [InlineData("/cgi-bin/message/custom/send", """{"touser":42,"msgtype":"text","text":{"content":"hi"}}""", 47001)]
    [InlineData("/cgi-bin/message/custom/send", """{"touser":"o_1","msgtype":"text","text":{"content":7}}""", 47001)]
    [InlineData("/cgi-bin/message/custom/send", """{"touser":"o_1","msgtype":"sticker","sticker":{}}""", 40008)]
    [InlineData("/cgi-bin/message/custom/send", """{"touser":"o_1","msgtype":"image","image":{}}""", 40007)]
    [InlineData("/cgi-bin/message/custom/send", """{"touser":"o_1","msgtype":"news","news":{"articles":[{"title":"a"},{"title":"b"}]}}""", 45008)]
    [InlineData("/cgi-bin/message/template/send", """{"touser":"o_1","data":{}}""", 40037)]
    [InlineData("/cgi-bin/message/template/send", """{"touser":"o_1","template_id":"T","data":{"k":"not an object"}}""", 47001)]
    [InlineData("/cgi-bin/message/mass/send", """{"touser":["o_1"],"msgtype":"text","text":{"content":"x"}}""", 40130)]
    [InlineData("/cgi-bin/message/mass/sendall", """{"filter":{"is_to_all":"yes"},"msgtype":"text","text":{"content":"x"}}""", 47001)]
    [InlineData("/cgi-bin/message/mass/sendall", """{"filter":{"is_to_all":true},"msgtype":"text","text":{"content":"x"},"clientmsgid":"0123456789012345678901234567890123456789012345678901234567890123456789"}""", 45067)]
    [InlineData("/cgi-bin/user/info/batchget", """{"user_list":[]}""", 40032)]
    [InlineData("/cgi-bin/tags/members/batchtagging", """{"openid_list":["o_1"]}""", 45159)]
    [InlineData("/cgi-bin/menu/create", """{"button":[{"type":"click","name":"这个名字超过了十六个字节"}]}""", 40018)]
    [InlineData("/cgi-bin/menu/create", """{"button":[{"type":"click","name":"a"}]}""", 40019)]
    [InlineData("/cgi-bin/menu/create", """{"button":[{"type":"teleport","name":"a"}]}""", 40017)]
    public async Task A_malformed_body_is_refused_with_the_documented_errcode_and_nothing_is_sent(string path, string body, int errcode)
    {
        await using var api = await ApiHarness.StartAsync();

        var answer = await api.PostRawAsync(path, body);

        Assert.Equal(errcode, ErrCodeOf(answer));
        Assert.Empty(api.State.Sends);
        Assert.Null(api.State.CurrentMenu);
    }

    [Theory]
    [InlineData("""{"grant_type":"password","appid":"a","secret":"s"}""", 40002)]
    [InlineData("""{"grant_type":"client_credential","secret":"s"}""", 41002)]
    [InlineData("""{"grant_type":"client_credential","appid":"wx_other","secret":"s"}""", 40013)]
    [InlineData("""{"grant_type":"client_credential","appid":"wx00000000fake0001","secret":"fake-wechat-app-secret-0123456789","force_refresh":"yes"}""", 47001)]
    public async Task A_bad_stable_token_request_is_refused(string body, int errcode)
    {
        await using var api = await ApiHarness.StartAsync();

        var answer = await api.PostRawAsync("/cgi-bin/stable_token", body, accessToken: "unused");

        Assert.Equal(errcode, ErrCodeOf(answer));
    }

    [Fact]
    public async Task A_missing_or_unknown_access_token_is_refused_before_the_body_is_read()
    {
        await using var api = await ApiHarness.StartAsync();
        const string body = """{"touser":"o_1","msgtype":"text","text":{"content":"hi"}}""";

        Assert.Equal(41001, ErrCodeOf(await api.PostRawAsync("/cgi-bin/message/custom/send", body, accessToken: "")));
        Assert.Equal(40001, ErrCodeOf(await api.PostRawAsync("/cgi-bin/message/custom/send", body, accessToken: "forged")));
        Assert.Empty(api.State.Sends);
    }

    [Fact]
    public async Task An_expired_access_token_is_refused_with_42001()
    {
        var clock = new UnionWeChat.Testing.ManualTimeProvider();
        await using var api = await ApiHarness.StartAsync(time: clock);
        var token = await api.TokenAsync();
        clock.Advance(TimeSpan.FromSeconds(7200));

        var answer = await api.PostRawAsync("/cgi-bin/message/custom/send", """{"touser":"o_1","msgtype":"text","text":{"content":"hi"}}""", token);

        Assert.Equal(42001, ErrCodeOf(answer));
    }

    [Fact]
    public async Task Normal_mode_returns_the_same_token_while_it_is_valid_with_the_remaining_lifetime()
    {
        var clock = new UnionWeChat.Testing.ManualTimeProvider();
        await using var api = await ApiHarness.StartAsync(time: clock);
        const string body = """{"grant_type":"client_credential","appid":"wx00000000fake0001","secret":"fake-wechat-app-secret-0123456789"}""";

        using var first = JsonDocument.Parse(await api.PostRawAsync("/cgi-bin/stable_token", body, accessToken: "unused"));
        clock.Advance(TimeSpan.FromMinutes(10));
        using var second = JsonDocument.Parse(await api.PostRawAsync("/cgi-bin/stable_token", body, accessToken: "unused"));

        Assert.Equal(first.RootElement.GetProperty("access_token").GetString(), second.RootElement.GetProperty("access_token").GetString());
        Assert.Equal(7200, first.RootElement.GetProperty("expires_in").GetInt32());
        Assert.Equal(6600, second.RootElement.GetProperty("expires_in").GetInt32());
    }

    private static int ErrCodeOf(string answer)
    {
        using var document = JsonDocument.Parse(answer);
        return document.RootElement.TryGetProperty("errcode", out var code) ? code.GetInt32() : 0;
    }
}
