using UnionWeChat.WeChat.Api;

namespace UnionWeChat.WeChat.Tests.Api;

public sealed class WeChatApiUserCallTests
{
    [Fact]
    public async Task All_followers_are_listed_across_pages_in_order()
    {
        await using var api = await ApiHarness.StartAsync(configureServer: o => o.FollowerPageSize = 3);
        var openIds = Enumerable.Range(1, 7).Select(i => $"o_f{i}").ToList();
        openIds.ForEach(id => api.State.AddFollower(id));

        var listed = new List<string>();
        await foreach (var openId in api.Client.ListAllFollowersAsync())
        {
            listed.Add(openId);
        }

        Assert.Equal(openIds, listed);
        Assert.Equal(4, api.State.CallCount("/cgi-bin/user/get"));
    }

    [Fact]
    public async Task A_page_names_the_total_and_where_the_next_page_starts()
    {
        await using var api = await ApiHarness.StartAsync(configureServer: o => o.FollowerPageSize = 2);
        api.State.AddFollower("o_a");
        api.State.AddFollower("o_b");
        api.State.AddFollower("o_c");

        var first = await api.Client.GetFollowersAsync(null);
        var second = await api.Client.GetFollowersAsync(first.NextOpenId);
        var end = await api.Client.GetFollowersAsync(second.NextOpenId);

        Assert.Equal(3, first.Total);
        Assert.Equal(["o_a", "o_b"], first.OpenIds);
        Assert.Equal("o_b", first.NextOpenId);
        Assert.Equal(["o_c"], second.OpenIds);
        Assert.Empty(end.OpenIds);
    }

    [Fact]
    public async Task User_info_comes_back_for_followers_and_marks_those_who_left()
    {
        await using var api = await ApiHarness.StartAsync();
        api.State.AddFollower("o_in", "李师傅", ["会员"]);
        api.State.AddFollower("o_gone", "赵师傅");
        api.State.Unfollow("o_gone");

        var infos = await api.Client.GetUserInfosAsync(["o_in", "o_gone"]);

        Assert.True(infos[0].Subscribed);
        Assert.Equal("李师傅", infos[0].Nickname);
        Assert.Equal([api.State.TagId("会员")!.Value], infos[0].TagIds);
        Assert.NotNull(infos[0].SubscribedAt);
        Assert.False(infos[1].Subscribed);
        Assert.Equal("o_gone", infos[1].OpenId);
    }

    [Fact]
    public async Task More_than_100_openids_for_user_info_are_refused_before_any_request()
    {
        await using var api = await ApiHarness.StartAsync();

        await Assert.ThrowsAsync<ArgumentException>(() => api.Client.GetUserInfosAsync(Enumerable.Range(0, 101).Select(i => $"o_{i}").ToList()));

        Assert.Equal(0, api.State.CallCount("/cgi-bin/user/info/batchget"));
    }

    [Fact]
    public async Task Tags_are_created_listed_put_on_and_taken_off_members()
    {
        await using var api = await ApiHarness.StartAsync();
        api.State.AddFollower("o_1");
        api.State.AddFollower("o_2");

        var tag = await api.Client.CreateTagAsync("困难职工");
        await api.Client.TagUsersAsync(tag.Id, ["o_1", "o_2"]);
        var listed = await api.Client.GetTagsAsync();
        await api.Client.UntagUsersAsync(tag.Id, ["o_2"]);

        Assert.Equal("困难职工", tag.Name);
        Assert.Equal(2, listed.Single(t => t.Id == tag.Id).Count);
        Assert.Equal([tag.Id], await api.Client.GetUserTagIdsAsync("o_1"));
        Assert.Empty(await api.Client.GetUserTagIdsAsync("o_2"));
    }

    [Fact]
    public async Task A_duplicate_tag_name_is_refused_with_45157()
    {
        await using var api = await ApiHarness.StartAsync();
        await api.Client.CreateTagAsync("会员");

        var failure = await Assert.ThrowsAsync<WeChatApiException>(() => api.Client.CreateTagAsync("会员"));

        Assert.Equal(45157, failure.ErrCode);
        Assert.Equal(WeChatErrorKind.Permanent, failure.Kind);
    }

    [Fact]
    public async Task Tagging_more_than_50_members_at_once_is_refused_before_any_request()
    {
        await using var api = await ApiHarness.StartAsync();

        await Assert.ThrowsAsync<ArgumentException>(() => api.Client.TagUsersAsync(100, Enumerable.Range(0, 51).Select(i => $"o_{i}").ToList()));

        Assert.Equal(0, api.State.CallCount("/cgi-bin/tags/members/batchtagging"));
    }

    [Fact]
    public async Task The_menu_is_published_read_back_and_deleted()
    {
        await using var api = await ApiHarness.StartAsync();
        MenuButton[] menu =
        [
            MenuButton.SubMenu("我要求助", MenuButton.Click("维权投诉", "CASE_COMPLAINT"), MenuButton.Click("困难帮扶", "CASE_AID")),
            MenuButton.Click("我的案件", "CASE_MINE"),
            MenuButton.View("投票", "https://example.org/vote"),
        ];

        await api.Client.CreateMenuAsync(menu);
        var published = await api.Client.GetMenuAsync();
        await api.Client.DeleteMenuAsync();
        var afterDelete = await api.Client.GetMenuAsync();

        Assert.NotNull(published);
        Assert.Equal(["我要求助", "我的案件", "投票"], published.Select(b => b.Name));
        Assert.Equal("CASE_AID", published[0].SubButtons![1].Key);
        Assert.Equal("https://example.org/vote", published[2].Url);
        Assert.Null(afterDelete);
    }

    [Fact]
    public async Task A_menu_with_four_top_level_buttons_is_refused_with_40016()
    {
        await using var api = await ApiHarness.StartAsync();
        var four = Enumerable.Range(1, 4).Select(i => MenuButton.Click($"b{i}", $"K{i}")).ToList();

        var failure = await Assert.ThrowsAsync<WeChatApiException>(() => api.Client.CreateMenuAsync(four));

        Assert.Equal(40016, failure.ErrCode);
        Assert.Null(api.State.CurrentMenu);
    }
}
