using UnionWeChat.Functions.Platform.Hosting;
using UnionWeChat.WeChat.Api;

namespace UnionWeChat.Functions.Menu;

/// <summary>
/// The account's custom menu, section <c>Menu</c>. Without configuration the default below is used. In
/// configuration: <c>Menu__Buttons__0__Name=我要维权</c>, <c>Menu__Buttons__0__Items__0__Name=投诉</c>,
/// <c>Menu__Buttons__0__Items__0__Key=COMPLAINT</c> (or <c>__Url</c> for a link).
/// WeChat allows 3 top-level buttons of up to 5 items each (names up to 4 and 8 Chinese characters).
/// </summary>
public sealed class MenuOptions : IValidatedOptions
{
    public List<MenuEntry> Buttons { get; set; } = [];

    /// <summary>Publish the menu to WeChat when the app starts (for the laptop simulator; default off).</summary>
    public bool PublishOnStart { get; set; }

    public IReadOnlyList<MenuEntry> Effective => Buttons.Count > 0 ? Buttons : Default;

    public static IReadOnlyList<MenuEntry> Default { get; } =
    [
        new() { Name = "我要维权", Items = [new() { Name = "投诉", Key = MenuKeys.Complaint }, new() { Name = "法律咨询", Key = MenuKeys.LegalConsult }] },
        new()
        {
            Name = "我要求助",
            Items =
            [
                new() { Name = "困难帮扶", Key = MenuKeys.AidHardship },
                new() { Name = "医疗救助", Key = MenuKeys.AidMedical },
                new() { Name = "金秋助学", Key = MenuKeys.AidEducation },
                new() { Name = "就业服务", Key = MenuKeys.AidEmployment },
            ],
        },
        new()
        {
            Name = "我的",
            Items =
            [
                new() { Name = "我的案件", Key = MenuKeys.MyCases },
                new() { Name = "投票", Key = MenuKeys.Vote },
                new() { Name = "网上入会", Key = MenuKeys.Join },
                new() { Name = "会员卡", Key = MenuKeys.MemberCard },
                new() { Name = "入会指南", Key = MenuKeys.JoinGuide },
            ],
        },
    ];

    /// <summary>The menu as WeChat's menu API takes it.</summary>
    public IReadOnlyList<MenuButton> ToWeChat() => Effective.Select(ToButton).ToList();

    private static MenuButton ToButton(MenuEntry e) =>
        e.Items.Count > 0 ? MenuButton.SubMenu(e.Name, e.Items.Select(ToButton).ToArray())
        : e.Url is { Length: > 0 } url ? MenuButton.View(e.Name, url)
        : MenuButton.Click(e.Name, e.Key ?? "");

    public IEnumerable<ConfigProblem> Validate()
    {
        if (Buttons.Count > 3)
        {
            yield return new ConfigProblem("Menu__Buttons", "may have at most 3 top-level buttons");
        }
        for (var i = 0; i < Buttons.Count; i++)
        {
            var b = Buttons[i];
            if (string.IsNullOrWhiteSpace(b.Name) || b.Items.Count > 5)
            {
                yield return new ConfigProblem($"Menu__Buttons__{i}", "needs a Name and at most 5 Items");
            }
            for (var j = 0; j < b.Items.Count; j++)
            {
                var item = b.Items[j];
                if (string.IsNullOrWhiteSpace(item.Name) || (string.IsNullOrWhiteSpace(item.Key) == string.IsNullOrWhiteSpace(item.Url)))
                {
                    yield return new ConfigProblem($"Menu__Buttons__{i}__Items__{j}", "needs a Name and exactly one of Key or Url");
                }
            }
        }
    }
}

/// <summary>A menu button: a submenu (Items), a click (Key, routed to a feature) or a link (Url).</summary>
public sealed class MenuEntry
{
    public string Name { get; set; } = "";
    public string? Key { get; set; }
    public string? Url { get; set; }
    public List<MenuEntry> Items { get; set; } = [];
}
