namespace UnionWeChat.WeChat.Api;

/// <summary>
/// A custom-menu button (https://developers.weixin.qq.com/doc/service/api/custommenu/api_createcustommenu):
/// up to 3 top-level buttons with up to 5 sub-buttons each; a button with sub-buttons has no type.
/// </summary>
/// <param name="Name">Label: at most 16 bytes at the top level, 60 in a sub-menu.</param>
/// <param name="Type">click, view, scancode_push, scancode_waitmsg, pic_*, location_select, miniprogram...; null for a sub-menu holder.</param>
/// <param name="Key">Event key for click-like types (at most 128 bytes).</param>
/// <param name="Url">Page for view/miniprogram (at most 1024 bytes).</param>
/// <param name="SubButtons">Sub-menu.</param>
/// <param name="AppId">Mini-program appid, for miniprogram.</param>
/// <param name="PagePath">Mini-program page, for miniprogram.</param>
/// <param name="MediaId">Material id, for media_id and view_limited.</param>
public sealed record MenuButton(
    string Name,
    string? Type = null,
    string? Key = null,
    string? Url = null,
    IReadOnlyList<MenuButton>? SubButtons = null,
    string? AppId = null,
    string? PagePath = null,
    string? MediaId = null)
{
    /// <summary>A click button that pushes a CLICK event carrying <paramref name="key"/>.</summary>
    public static MenuButton Click(string name, string key) => new(name, "click", Key: key);

    /// <summary>A button that opens <paramref name="url"/>.</summary>
    public static MenuButton View(string name, string url) => new(name, "view", Url: url);

    /// <summary>A top-level holder for a sub-menu.</summary>
    public static MenuButton SubMenu(string name, params MenuButton[] buttons) => new(name, SubButtons: buttons);
}
