using System.Text.Json;
using System.Text.Json.Nodes;

namespace UnionWeChat.WeChat.Simulator;

// The custom menu (api_createcustommenu): 1-3 buttons, 1-5 sub-buttons; names at most 16 bytes (60 in a
// sub-menu); click-like types need a key of at most 128 bytes; view needs a url of at most 1024 bytes.
public sealed partial class WeChatApiStandIn
{
    private static readonly HashSet<string> KeyTypes =
        ["click", "scancode_push", "scancode_waitmsg", "pic_sysphoto", "pic_photo_or_album", "pic_weixin", "location_select"];

    private JsonArray? _menu;

    /// <summary>The published menu's buttons as WeChat would return them, or null when none is published.</summary>
    public JsonArray? CurrentMenu
    {
        get
        {
            lock (_gate)
            {
                return (JsonArray?)_menu?.DeepClone();
            }
        }
    }

    internal JsonObject CreateMenu(JsonElement body)
    {
        int code;
        if ((code = StandInBody.RequireArray(body, "button", 40016, out var buttons)) != 0)
        {
            return StandInReplies.Error(code);
        }

        if (buttons.GetArrayLength() is < 1 or > 3)
        {
            return StandInReplies.Error(40016);
        }

        foreach (var button in buttons.EnumerateArray())
        {
            if ((code = CheckButton(button, sub: false)) != 0)
            {
                return StandInReplies.Error(code);
            }
        }

        lock (_gate)
        {
            _menu = (JsonArray)JsonNode.Parse(buttons.GetRawText())!;
        }

        return StandInReplies.Ok();
    }

    internal JsonObject GetMenu()
    {
        lock (_gate)
        {
            return _menu is null
                ? StandInReplies.Error(46003)
                : new JsonObject { ["menu"] = new JsonObject { ["button"] = _menu.DeepClone() } };
        }
    }

    internal JsonObject DeleteMenu()
    {
        lock (_gate)
        {
            _menu = null;
        }

        return StandInReplies.Ok();
    }

    private static int CheckButton(JsonElement button, bool sub)
    {
        int code;
        if (button.ValueKind != JsonValueKind.Object)
        {
            return StandInBody.DataFormatError;
        }

        if ((code = StandInBody.RequireString(button, "name", sub ? 40025 : 40018, out var name)) != 0)
        {
            return code;
        }

        if (StandInBody.Bytes(name) > (sub ? 60 : 16))
        {
            return sub ? 40025 : 40018;
        }

        if (!sub && button.TryGetProperty("sub_button", out var subs) && subs.ValueKind == JsonValueKind.Array && subs.GetArrayLength() > 0)
        {
            if (subs.GetArrayLength() > 5)
            {
                return 40023;
            }

            foreach (var child in subs.EnumerateArray())
            {
                if ((code = CheckButton(child, sub: true)) != 0)
                {
                    return code;
                }
            }

            return 0;
        }

        if ((code = StandInBody.RequireString(button, "type", sub ? 40024 : 40017, out var type)) != 0)
        {
            return code;
        }

        if (KeyTypes.Contains(type))
        {
            return StandInBody.RequireString(button, "key", sub ? 40026 : 40019, out var key) != 0 || StandInBody.Bytes(key) > 128
                ? (sub ? 40026 : 40019)
                : 0;
        }

        return type switch
        {
            "view" => StandInBody.RequireString(button, "url", sub ? 40027 : 40020, out var url) != 0 || StandInBody.Bytes(url) > 1024 ? (sub ? 40027 : 40020) : 0,
            "miniprogram" => StandInBody.RequireString(button, "url", 40035, out _) | StandInBody.RequireString(button, "appid", 40035, out _)
                | StandInBody.RequireString(button, "pagepath", 40035, out _),
            "media_id" or "view_limited" => StandInBody.RequireString(button, "media_id", 40007, out _),
            "article_id" or "article_view_limited" => StandInBody.RequireString(button, "article_id", 40035, out _),
            _ => sub ? 40024 : 40017,
        };
    }
}
