using System.Net;
using UnionWeChat.Functions.Tests.Polls;
using UnionWeChat.Testing;

namespace UnionWeChat.Functions.Tests.Membership;

/// <summary>The application form on the page (<c>/api/member/join</c>), opened from WeChat.</summary>
public sealed class JoinPageTests(AzuriteFixture azurite) : IClassFixture<AzuriteFixture>
{
    [Fact]
    public async Task A_worker_applies_on_the_page_sending_the_form_twice_files_once_and_the_page_then_says_it_is_reviewed()
    {
        await using var chat = await StartAsync();
        var worker = JoinKit.Worker("Page", 1);
        await chat.FollowAsync(worker);
        var (phone, status, form) = await chat.OpenMemberPageAsync(worker, "/api/member/join");
        using var _ = phone;
        var fields = Answers(form);

        using var first = await phone.PostAsync("/api/member/join", new FormUrlEncodedContent(fields));
        using var second = await phone.PostAsync("/api/member/join", new FormUrlEncodedContent(fields));
        using var after = await phone.GetAsync(first.Headers.Location!.OriginalString);
        var chatSays = await chat.SayAsync(worker, "入会");

        Assert.Equal(HttpStatusCode.OK, status);
        Assert.Contains("提交入会申请", form, StringComparison.Ordinal);
        Assert.Equal(HttpStatusCode.Redirect, first.StatusCode);
        Assert.Equal(HttpStatusCode.Redirect, second.StatusCode);
        Assert.Contains("入会申请已提交", await after.Content.ReadAsStringAsync(), StringComparison.Ordinal);
        Assert.Contains("正在审核中", chatSays, StringComparison.Ordinal);
        var mine = Assert.Single((await chat.Http.ListAsync("Pending")).EnumerateArray(), a => a.GetProperty("name").GetString() == "周小燕");
        Assert.Equal("不清楚", mine.GetProperty("employerUnion").GetString());
    }

    [Fact]
    public async Task Bad_fields_are_shown_back_with_the_reason_and_a_form_without_its_token_or_sign_in_files_nothing()
    {
        await using var chat = await StartAsync();
        var worker = JoinKit.Worker("PageBad", 1);
        await chat.FollowAsync(worker);
        var (phone, _, form) = await chat.OpenMemberPageAsync(worker, "/api/member/join");
        using var __ = phone;
        var bad = Answers(form);
        bad["name"] = "<script>";
        bad["mobile"] = "010-88886666";
        bad["employer"] = new string('厂', 10_000);
        bad["union"] = "也许";
        bad.Remove("consent");
        var noToken = Answers(form);
        noToken.Remove("__RequestVerificationToken");

        using var refused = await phone.PostAsync("/api/member/join", new FormUrlEncodedContent(bad));
        var refusedHtml = await refused.Content.ReadAsStringAsync();
        using var forged = await phone.PostAsync("/api/member/join", new FormUrlEncodedContent(noToken));
        using var stranger = chat.App.CreateClient(new Microsoft.AspNetCore.Mvc.Testing.WebApplicationFactoryClientOptions { AllowAutoRedirect = false });
        using var unsigned = await stranger.PostAsync("/api/member/join", new FormUrlEncodedContent(Answers(form)));

        Assert.Equal(HttpStatusCode.BadRequest, refused.StatusCode);
        Assert.Contains("请输入您的真实姓名", refusedHtml, StringComparison.Ordinal);
        Assert.Contains("手机号码格式不正确", refusedHtml, StringComparison.Ordinal);
        Assert.Contains("单位名称过长", refusedHtml, StringComparison.Ordinal);
        Assert.Contains("请选择单位是否已经建立工会", refusedHtml, StringComparison.Ordinal);
        Assert.Contains("请阅读并勾选同意", refusedHtml, StringComparison.Ordinal);
        Assert.Contains("&lt;script&gt;", refusedHtml, StringComparison.Ordinal);
        Assert.DoesNotContain("<script>", refusedHtml, StringComparison.Ordinal);
        Assert.Equal(HttpStatusCode.BadRequest, forged.StatusCode);
        Assert.Equal(HttpStatusCode.BadRequest, unsigned.StatusCode);
        Assert.Empty((await chat.Http.ListAsync("Pending")).EnumerateArray());
    }

    private static Dictionary<string, string> Answers(string formHtml)
    {
        var fields = JoinKit.HiddenFields(formHtml);
        fields["name"] = "周小燕";
        fields["mobile"] = "137-0000-1234";
        fields["employer"] = "北方物流有限公司";
        fields["job"] = "分拣员";
        fields["union"] = "不清楚";
        fields["consent"] = "yes";
        return fields;
    }

    private Task<ChatHarness> StartAsync() => ChatHarness.StartAsync(azurite, configure: app => app.WithStaff());
}
