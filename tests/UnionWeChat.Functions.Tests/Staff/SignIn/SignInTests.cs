using System.Net;
using System.Text;
using System.Text.Json;
using UnionWeChat.Functions.Cases;
using UnionWeChat.Functions.Staff.SignIn;
using UnionWeChat.Testing;

namespace UnionWeChat.Functions.Tests.Staff.SignIn;

public sealed class SignInTests(AzuriteFixture azurite) : IClassFixture<AzuriteFixture>
{
    [Fact]
    public async Task Signing_in_with_a_key_sets_an_http_only_same_site_strict_cookie_and_opens_the_console()
    {
        await using var desk = await StaffDesk.StartAsync(azurite);
        using var browser = new ConsoleSession(desk.App);

        using var signedIn = await browser.SignInAsync(StaffDesk.Triage, "/api/console/stats");

        Assert.Equal(HttpStatusCode.Redirect, signedIn.StatusCode);
        Assert.Equal("/api/console/stats", signedIn.Headers.Location?.OriginalString);
        var cookie = Assert.Single(signedIn.Headers.GetValues("Set-Cookie"), c => c.StartsWith(StaffSessions.CookieName + "=", StringComparison.Ordinal));
        Assert.Contains("httponly", cookie, StringComparison.OrdinalIgnoreCase);
        Assert.Contains("samesite=strict", cookie, StringComparison.OrdinalIgnoreCase);
        var queue = await browser.PageAsync("/api/console/");
        Assert.Contains("tom · 退出", queue, StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_short_or_empty_key_is_answered_in_chinese_by_the_server_with_no_browser_length_check_on_the_form()
    {
        await using var desk = await StaffDesk.StartAsync(azurite);
        using var browser = new ConsoleSession(desk.App);

        using var form = await browser.Http.GetAsync("/api/console/signin");
        var page = await form.Content.ReadAsStringAsync();
        using var shortKey = await browser.SignInAsync("abc");
        var shortPage = await shortKey.Content.ReadAsStringAsync();
        using var empty = await browser.SignInAsync("  ");
        var emptyPage = await empty.Content.ReadAsStringAsync();

        // The browser's own check would answer in English ("Please lengthen this text"): the form has none.
        var input = System.Text.RegularExpressions.Regex.Match(page, "<input id=\"key\"[^>]*>").Value;
        Assert.NotEmpty(input);
        Assert.DoesNotContain("minlength", input, StringComparison.OrdinalIgnoreCase);
        Assert.DoesNotContain("required", input, StringComparison.Ordinal);
        Assert.Equal(HttpStatusCode.Unauthorized, shortKey.StatusCode);
        Assert.Contains("密钥不正确：工作台密钥至少 16 位", shortPage, StringComparison.Ordinal);
        Assert.Equal(HttpStatusCode.BadRequest, empty.StatusCode);
        Assert.Contains("请输入工作台密钥", emptyPage, StringComparison.Ordinal);
    }

    [Fact]
    public async Task The_console_sends_a_browser_without_a_session_to_the_sign_in_page()
    {
        await using var desk = await StaffDesk.StartAsync(azurite);
        using var browser = new ConsoleSession(desk.App);

        using var queue = await browser.Http.GetAsync("/api/console/stats?from=2026-01-05");

        Assert.Equal(HttpStatusCode.Redirect, queue.StatusCode);
        Assert.Equal("/api/console/signin?returnUrl=" + Uri.EscapeDataString("/api/console/stats?from=2026-01-05"), queue.Headers.Location?.OriginalString);
        // The JSON API does not take the console's cookie.
        await browser.SignInAsync(StaffDesk.Admin);
        using var api = await browser.Http.GetAsync("/api/staff/cases");
        Assert.Equal(HttpStatusCode.Unauthorized, api.StatusCode);
    }

    [Fact]
    public async Task A_return_address_off_the_console_is_ignored()
    {
        await using var desk = await StaffDesk.StartAsync(azurite);
        using var browser = new ConsoleSession(desk.App);

        using var signedIn = await browser.SignInAsync(StaffDesk.Triage, "//evil.example/api/console/");

        Assert.Equal("/api/console/", signedIn.Headers.Location?.OriginalString);
    }

    [Fact]
    public async Task Five_wrong_keys_lock_the_address_out_so_the_sixth_attempt_gets_429_even_with_the_right_key()
    {
        await using var desk = await StaffDesk.StartAsync(azurite);
        using var browser = new ConsoleSession(desk.App);

        for (var i = 0; i < 5; i++)
        {
            using var wrong = await browser.SignInAsync("wrong-key-0000000000000" + i);
            Assert.Equal(HttpStatusCode.Unauthorized, wrong.StatusCode);
        }
        using var locked = await browser.SignInAsync(StaffDesk.Triage);

        Assert.Equal(HttpStatusCode.TooManyRequests, locked.StatusCode);
        Assert.True(locked.Headers.RetryAfter?.Delta > TimeSpan.Zero);
        Assert.DoesNotContain(locked.Headers.TryGetValues("Set-Cookie", out var set) ? set : [], c => c.StartsWith(StaffSessions.CookieName + "=", StringComparison.Ordinal));
    }

    [Fact]
    public async Task Wrong_api_keys_count_too_and_a_locked_out_caller_gets_429()
    {
        await using var desk = await StaffDesk.StartAsync(azurite);
        var guesser = desk.As("guessing-key-00000000000");

        for (var i = 0; i < 5; i++)
        {
            using var wrong = await guesser.GetAsync("/api/staff/cases");
            Assert.Equal(HttpStatusCode.Unauthorized, wrong.StatusCode);
        }
        var right = desk.As(StaffDesk.Viewer);
        using var locked = await right.GetAsync("/api/staff/cases");

        Assert.Equal(HttpStatusCode.TooManyRequests, locked.StatusCode);
        Assert.NotNull(locked.Headers.RetryAfter);
    }

    [Fact]
    public async Task A_console_form_without_this_browsers_token_is_refused_and_changes_nothing()
    {
        await using var desk = await StaffDesk.StartAsync(azurite);
        var c = await desk.CreateCaseAsync("oWorkerSignIn0000000000001", "拖欠工资");
        using var browser = new ConsoleSession(desk.App);
        await browser.SignInAsync(StaffDesk.Triage);
        using var other = new ConsoleSession(desk.App);
        await other.SignInAsync(StaffDesk.Triage);
        var othersToken = await other.TokenFromAsync($"/api/console/cases/{c.Number}");

        using var without = await browser.PostFormAsync($"/api/console/cases/{c.Number}/notes", new() { ["text"] = "伪造" });
        using var borrowed = await browser.PostFormAsync($"/api/console/cases/{c.Number}/notes", new() { ["text"] = "伪造", ["_form"] = othersToken });

        Assert.Equal(HttpStatusCode.BadRequest, without.StatusCode);
        Assert.Equal(HttpStatusCode.BadRequest, borrowed.StatusCode);
        Assert.DoesNotContain(await desk.Service<CaseStore>().HistoryAsync(c.Number, CancellationToken.None), e => e.Action == "note");
        var token = await browser.TokenFromAsync($"/api/console/cases/{c.Number}");
        using var real = await browser.PostFormAsync($"/api/console/cases/{c.Number}/notes", new() { ["text"] = "真实备注", ["_form"] = token });
        Assert.Equal(HttpStatusCode.SeeOther, real.StatusCode);
        Assert.Contains(await desk.Service<CaseStore>().HistoryAsync(c.Number, CancellationToken.None), e => e.Action == "note" && e.Actor == "tom");
    }

    [Fact]
    public async Task A_viewer_in_the_console_sees_cases_but_cannot_post_to_them()
    {
        await using var desk = await StaffDesk.StartAsync(azurite);
        var c = await desk.CreateCaseAsync("oWorkerSignIn0000000000002", "工伤");
        using var browser = new ConsoleSession(desk.App);
        await browser.SignInAsync(StaffDesk.Viewer);
        var page = await browser.PageAsync($"/api/console/cases/{c.Number}");
        var token = await browser.TokenFromAsync("/api/console/");

        using var post = await browser.PostFormAsync($"/api/console/cases/{c.Number}/notes", new() { ["text"] = "x", ["_form"] = token });

        Assert.DoesNotContain("发送回复", page, StringComparison.Ordinal);
        Assert.Equal(HttpStatusCode.Forbidden, post.StatusCode);
    }

    [Fact]
    public async Task A_session_issued_by_one_instance_works_on_another_until_its_key_is_rotated()
    {
        await using var first = await StaffDesk.StartAsync(azurite);
        using var browser = new ConsoleSession(first.App);
        using var signedIn = await browser.SignInAsync(StaffDesk.Triage);
        var cookie = signedIn.Headers.GetValues("Set-Cookie").Single(c => c.StartsWith(StaffSessions.CookieName + "=", StringComparison.Ordinal)).Split(';')[0];

        await using var same = StaffDesk.WithStaff(new AppFactory(azurite.ConnectionString)).With("Storage:TablePrefix", first.App.TablePrefix);
        await using var rotated = StaffDesk.WithStaff(new AppFactory(azurite.ConnectionString)).With("Storage:TablePrefix", first.App.TablePrefix)
            .With("Staff:Keys:tom", "triage:rotated-secret-000000000");

        Assert.Equal(HttpStatusCode.OK, (await GetWithCookieAsync(same, cookie)).StatusCode);
        Assert.Equal(HttpStatusCode.Redirect, (await GetWithCookieAsync(rotated, cookie)).StatusCode);
    }

    [Fact]
    public async Task Signing_out_ends_the_session()
    {
        await using var desk = await StaffDesk.StartAsync(azurite);
        using var browser = new ConsoleSession(desk.App);
        await browser.SignInAsync(StaffDesk.Triage);
        var token = await browser.TokenFromAsync("/api/console/");

        using var signedOut = await browser.PostFormAsync("/api/console/signout", new() { ["_form"] = token });
        using var after = await browser.Http.GetAsync("/api/console/");

        Assert.Equal(HttpStatusCode.Redirect, signedOut.StatusCode);
        Assert.Equal(HttpStatusCode.Redirect, after.StatusCode);
    }

    [Fact]
    public async Task The_app_service_principal_signs_staff_in_with_their_entra_role_only_when_trusted()
    {
        await using var trusted = await StaffDesk.StartAsync(azurite, app => app.With("Staff:TrustAppServiceAuthentication", "true"));
        await using var untrusted = await StaffDesk.StartAsync(azurite);
        var c = await trusted.CreateCaseAsync("oWorkerEasyAuth00000000001", "欠薪");

        var triage = EasyAuth(trusted.As(null), "li.ming@union.example", "UnionWeChat.Triage");
        var viewer = EasyAuth(trusted.As(null), "wang.fang@union.example", "UnionWeChat.Viewer");
        var nobody = EasyAuth(trusted.As(null), "guest@union.example");
        var forged = EasyAuth(untrusted.As(null), "li.ming@union.example", "UnionWeChat.Admin");

        // Behind App Service Authentication a script's Entra access token is in the Authorization header too: the
        // principal wins, and the token is not mistaken for a wrong key (no lockout however often it is sent).
        triage.DefaultRequestHeaders.Authorization = new System.Net.Http.Headers.AuthenticationHeaderValue("Bearer", "eyJhbGciOiJSUzI1NiJ9.e30.c2ln");
        for (var i = 0; i < 6; i++)
        {
            Assert.Equal(HttpStatusCode.OK, (await triage.GetAsync("/api/staff/me")).StatusCode);
        }
        using var note = await StaffDesk.PostAsync(triage, $"/api/staff/cases/{c.Number}/notes", new { text = "已电话联系" });
        Assert.Equal(HttpStatusCode.OK, note.StatusCode);
        Assert.Contains(await trusted.Service<CaseStore>().HistoryAsync(c.Number, CancellationToken.None), e => e.Actor == "li.ming@union.example");
        Assert.Equal(HttpStatusCode.OK, (await viewer.GetAsync("/api/staff/cases")).StatusCode);
        Assert.Equal(HttpStatusCode.Forbidden, (await StaffDesk.PostAsync(viewer, $"/api/staff/cases/{c.Number}/notes", new { text = "x" })).StatusCode);
        Assert.Equal(HttpStatusCode.Forbidden, (await nobody.GetAsync("/api/staff/cases")).StatusCode);
        Assert.Equal(HttpStatusCode.Unauthorized, (await forged.GetAsync("/api/staff/cases")).StatusCode);
    }

    private static HttpClient EasyAuth(HttpClient client, string name, params string[] roles)
    {
        var claims = new List<object> { new { typ = "name", val = "某人" }, new { typ = "preferred_username", val = name } };
        claims.AddRange(roles.Select(r => new { typ = "roles", val = r }));
        var principal = JsonSerializer.Serialize(new { auth_typ = "aad", name_typ = "preferred_username", role_typ = "roles", claims });
        client.DefaultRequestHeaders.Add(EasyAuthPrincipal.Header, Convert.ToBase64String(Encoding.UTF8.GetBytes(principal)));
        return client;
    }

    private static async Task<HttpResponseMessage> GetWithCookieAsync(AppFactory app, string cookie)
    {
        using var client = app.CreateClient(new Microsoft.AspNetCore.Mvc.Testing.WebApplicationFactoryClientOptions { AllowAutoRedirect = false, HandleCookies = false });
        using var request = new HttpRequestMessage(HttpMethod.Get, "/api/console/");
        request.Headers.Add("Cookie", cookie);
        return await client.SendAsync(request);
    }
}
