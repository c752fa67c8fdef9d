using UnionWeChat.Functions.Conversation;
using UnionWeChat.Functions.Platform.Hosting;

namespace UnionWeChat.Functions.Menu;

public static class MenuExtensions
{
    public static IHostApplicationBuilder AddMenu(this IHostApplicationBuilder builder)
    {
        var menu = builder.AddValidatedOptions<MenuOptions>("Menu");
        if (menu.PublishOnStart)
        {
            builder.Services.AddHostedService<MenuPublisher>();
        }
        builder.Services.AddSingleton<IChatFeature, GuideFeature>();
        return builder;
    }
}
