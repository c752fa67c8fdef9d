using UnionWeChat.Functions.Platform.Hosting;
using UnionWeChat.WeChat.Simulator;

namespace UnionWeChat.Functions.Simulator;

/// <summary>
/// The WeChat simulator (<c>/dev/wechat</c>) and the stand-in for WeChat's API (<c>/dev/wechat-api</c>), so the whole
/// product can be tried on a laptop without an official account. Development only: in any other environment
/// nothing here is registered or mapped, and the routes answer 404.
/// </summary>
public static class SimulatorExtensions
{
    /// <summary>Where the API stand-in is mapped; point <c>WeChat__ApiBaseUrl</c> here (scripts/run does).</summary>
    public const string StandInPrefix = "/dev/wechat-api";

    public static IHostApplicationBuilder AddSimulator(this IHostApplicationBuilder builder)
    {
        if (!builder.Environment.IsDevelopment())
        {
            return builder;
        }

        builder.AddValidatedOptions<SimulatorOptions>("Simulator");
        var services = builder.Services;
        // The stand-in accepts the configured account's credentials, as WeChat accepts only the real ones.
        var appId = builder.Configuration["WeChat:AppId"];
        var appSecret = builder.Configuration["WeChat:AppSecret"];
        services.AddWeChatApiStandIn(o =>
        {
            o.AppId = appId;
            o.AppSecret = appSecret;
        });
        // Before the simulator's other parts: its followers are back in the stand-in before the first request.
        services.AddHostedService<StandInFollowers>();
        services.AddSingleton<ChatTranscript>();
        services.AddSingleton<AppAddress>();
        services.AddSingleton<SimulatorMenu>();
        services.AddSingleton<SimulatorSender>();
        // Longer than WeChat's 5 s, so a slow first request on a laptop still shows its answer; the app's own
        // reply budget is what keeps real pushes in time.
        services.AddHttpClient(SimulatorSender.HttpClientName, http => http.Timeout = TimeSpan.FromSeconds(15));
        return builder;
    }

    public static IApplicationBuilder UseSimulator(this IApplicationBuilder app)
    {
        if (!app.ApplicationServices.GetRequiredService<IHostEnvironment>().IsDevelopment())
        {
            return app;
        }

        // Created now, not on the page's first call, so it hears every message the account sends from the start.
        app.ApplicationServices.GetRequiredService<ChatTranscript>();
        app.UseSimulatedIdentity(StandInPrefix + "/connect/oauth2/authorize");
        return app;
    }

    public static IEndpointRouteBuilder MapSimulator(this IEndpointRouteBuilder app)
    {
        if (!app.ServiceProvider.GetRequiredService<IHostEnvironment>().IsDevelopment())
        {
            return app;
        }

        app.MapWeChatApiStandIn(StandInPrefix).ExcludeFromDescription();
        app.MapSimulatorEndpoints();
        return app;
    }
}
