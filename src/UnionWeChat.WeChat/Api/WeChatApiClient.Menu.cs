using System.Text.Json;
using System.Text.Json.Nodes;

namespace UnionWeChat.WeChat.Api;

// The custom menu. Creating replaces the whole menu, so repeating a create is harmless.
// https://developers.weixin.qq.com/doc/service/api/custommenu/api_createcustommenu
public sealed partial class WeChatApiClient
{
    private const string MenuCreatePath = "/cgi-bin/menu/create";
    private const string MenuGetPath = "/cgi-bin/menu/get";
    private const string MenuDeletePath = "/cgi-bin/menu/delete";

    /// <summary>Publishes the menu (1 to 3 top-level buttons, up to 5 sub-buttons each).</summary>
    public Task CreateMenuAsync(IReadOnlyList<MenuButton> buttons, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(buttons);
        var body = new JsonObject { ["button"] = new JsonArray(buttons.Select(ToJson).ToArray<JsonNode?>()) };
        return PostAsync(MenuCreatePath, body, CallSafety.Idempotent, cancellationToken);
    }

    /// <summary>The published menu, or null when there is none (46003).</summary>
    public async Task<IReadOnlyList<MenuButton>?> GetMenuAsync(CancellationToken cancellationToken = default)
    {
        var answer = await GetAsync(MenuGetPath, [], WeChatErrorCodes.MenuNotExist, cancellationToken).ConfigureAwait(false);
        if (WeChatTransport.ErrCodeOf(answer) == WeChatErrorCodes.MenuNotExist
            || !answer.TryGetProperty("menu", out var menu) || !menu.TryGetProperty("button", out var buttons) || buttons.ValueKind != JsonValueKind.Array)
        {
            return null;
        }

        return buttons.EnumerateArray().Select(FromJson).ToList();
    }

    /// <summary>Removes the menu (and any conditional menus).</summary>
    public Task DeleteMenuAsync(CancellationToken cancellationToken = default) => GetAsync(MenuDeletePath, [], 0, cancellationToken);

    private static JsonNode ToJson(MenuButton button)
    {
        var node = new JsonObject { ["name"] = button.Name };
        Add(node, "type", button.Type);
        Add(node, "key", button.Key);
        Add(node, "url", button.Url);
        Add(node, "appid", button.AppId);
        Add(node, "pagepath", button.PagePath);
        Add(node, "media_id", button.MediaId);
        if (button.SubButtons is { Count: > 0 })
        {
            node["sub_button"] = new JsonArray(button.SubButtons.Select(ToJson).ToArray<JsonNode?>());
        }

        return node;

        static void Add(JsonObject target, string name, string? value)
        {
            if (value is not null)
            {
                target[name] = value;
            }
        }
    }

    private static MenuButton FromJson(JsonElement node)
    {
        IReadOnlyList<MenuButton>? subs = node.TryGetProperty("sub_button", out var list) && list.ValueKind == JsonValueKind.Array && list.GetArrayLength() > 0
            ? list.EnumerateArray().Select(FromJson).ToList()
            : null;
        return new MenuButton(
            StringOf(node, "name") ?? "",
            StringOf(node, "type"),
            StringOf(node, "key"),
            StringOf(node, "url"),
            subs,
            StringOf(node, "appid"),
            StringOf(node, "pagepath"),
            StringOf(node, "media_id"));
    }
}
