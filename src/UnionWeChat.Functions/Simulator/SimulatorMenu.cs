using System.Text.Json.Nodes;
using UnionWeChat.Functions.Conversation;
using UnionWeChat.WeChat.Simulator;

namespace UnionWeChat.Functions.Simulator;

/// <summary>
/// The menu under the simulated chat. It is the menu the app published to the API stand-in (what WeChat would show);
/// until one is published, a stand-in made of the chat commands that carry a menu key, so each button still
/// pushes the CLICK a real tap would.
/// </summary>
public sealed class SimulatorMenu(WeChatApiStandIn standIn, IEnumerable<IChatFeature> features)
{
    public MenuView Current()
    {
        if (standIn.CurrentMenu is { } published)
        {
            return new MenuView("published", published);
        }

        var buttons = new JsonArray();
        foreach (var command in features.SelectMany(f => f.Commands).Where(c => !string.IsNullOrEmpty(c.MenuKey)))
        {
            buttons.Add(new JsonObject
            {
                ["type"] = "click",
                ["name"] = command.Words.Count > 0 ? command.Words[0] : command.Name,
                ["key"] = command.MenuKey,
            });
        }
        return new MenuView("commands", buttons);
    }
}

/// <summary>The menu's buttons in WeChat's own JSON shape (name, type, key, url, sub_button), and where they came from.</summary>
/// <param name="Source">"published" (the app published it) or "commands" (none published yet).</param>
public sealed record MenuView(string Source, JsonArray Button);
