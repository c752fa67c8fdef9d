using UnionWeChat.Functions.Conversation;
using UnionWeChat.Functions.Hosting;

namespace UnionWeChat.Functions.Menu;

public static class MenuExtensions
{
    public static WebApplicationBuilder AddMenu(this WebApplicationBuilder builder)
    {
        builder.AddValidatedOptions<MenuOptions>("Menu");
        builder.Services.AddSingleton<IChatFeature, GuideFeature>();
        return builder;
    }
}
