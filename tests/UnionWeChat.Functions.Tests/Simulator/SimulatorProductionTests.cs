using System.Net;
using System.Text;
using Microsoft.Extensions.DependencyInjection;
using UnionWeChat.Functions.Simulator;
using UnionWeChat.Testing;
using UnionWeChat.WeChat.Simulator;

namespace UnionWeChat.Functions.Tests.Simulator;

public sealed class SimulatorProductionTests(AzuriteFixture azurite) : IClassFixture<AzuriteFixture>
{
    public static TheoryData<string, string> SimulatorRoutes => new()
    {
        { "GET", "/dev/wechat" },
        { "GET", "/dev/wechat/simulator.js" },
        { "GET", "/dev/wechat/simulator.css" },
        { "GET", "/dev/wechat/setup" },
        { "GET", "/dev/wechat/menu" },
        { "GET", "/dev/wechat/inbox?openId=oWorkerProd000000000000001&after=0" },
        { "POST", "/dev/wechat/send" },
        { "POST", "/dev/wechat/photo?openId=oWorkerProd000000000000001" },
        { "GET", "/dev/wechat/photo/sim0123456789abcdef" },
        { "POST", "/dev/wechat-api/cgi-bin/stable_token" },
        { "POST", "/dev/wechat-api/cgi-bin/message/custom/send?access_token=x" },
        { "POST", "/dev/wechat-api/cgi-bin/message/template/send?access_token=x" },
        { "POST", "/dev/wechat-api/cgi-bin/message/mass/sendall?access_token=x" },
        { "GET", "/dev/wechat-api/cgi-bin/user/get?access_token=x" },
        { "GET", "/dev/wechat-api/cgi-bin/menu/get?access_token=x" },
        { "GET", "/dev/wechat-api/sns/oauth2/access_token?appid=a&secret=b&code=c&grant_type=authorization_code" },
        { "GET", "/dev/wechat-api/connect/oauth2/authorize?appid=a&redirect_uri=http%3A%2F%2Flocalhost%2F&response_type=code&openid=oWorkerProd000000000000001" },
    };

    [Theory]
    [MemberData(nameof(SimulatorRoutes))]
    public async Task In_production_the_simulator_and_the_api_stand_in_answer_404(string method, string path)
    {
        await using var app = new AppFactory(azurite.ConnectionString, environment: "Production");
        using var http = app.CreateClient(new() { AllowAutoRedirect = false });
        using var request = new HttpRequestMessage(new HttpMethod(method), path);
        request.Headers.Add("Cookie", SimulatedIdentity.CookieName + "=oWorkerProd000000000000001");
        if (method == "POST")
        {
            request.Content = new StringContent("""{"grant_type":"client_credential","appid":"a","secret":"b"}""", Encoding.UTF8, "application/json");
        }

        using var response = await http.SendAsync(request);

        Assert.Equal(HttpStatusCode.NotFound, response.StatusCode);
    }

    [Fact]
    public async Task In_production_nothing_of_the_simulator_is_registered()
    {
        await using var app = new AppFactory(azurite.ConnectionString, environment: "Production");
        using var _ = app.CreateClient();

        Assert.Null(app.Services.GetService<WeChatApiStandIn>());
        Assert.Null(app.Services.GetService<SimulatorSender>());
        Assert.Null(app.Services.GetService<ChatTranscript>());
    }

    [Fact]
    public async Task In_development_the_same_routes_exist()
    {
        // The 404s above mean something only if these routes are served where the simulator is on.
        await using var app = new AppFactory(azurite.ConnectionString, environment: "Development");
        using var http = app.CreateClient();

        using var page = await http.GetAsync("/dev/wechat");
        using var token = await http.PostAsync("/dev/wechat-api/cgi-bin/stable_token",
            new StringContent($$"""{"grant_type":"client_credential","appid":"{{AppFactory.AppId}}","secret":"{{AppFactory.AppSecret}}"}""", Encoding.UTF8, "application/json"));

        Assert.Equal(HttpStatusCode.OK, page.StatusCode);
        Assert.Contains("WeChat simulator", await page.Content.ReadAsStringAsync());
        Assert.Equal(HttpStatusCode.OK, token.StatusCode);
        Assert.Contains("access_token", await token.Content.ReadAsStringAsync());
    }
}
