using System.Net;
using System.Text.Json;
using Microsoft.Extensions.DependencyInjection;
using UnionWeChat.Functions.Cases;
using UnionWeChat.Functions.Surveys;
using UnionWeChat.Functions.Tests.Membership;
using UnionWeChat.Functions.Tests.Polls;

namespace UnionWeChat.Functions.Tests.Surveys;

/// <summary>Shortcuts the survey tests share: a survey through the staff API, the page as a member's phone, results.</summary>
internal static class SurveyKit
{
    public const string Api = "/api/staff/surveys";

    public static string Member(string tag, int n) => PollKit.Member("S" + tag, n);

    public static Dictionary<string, object?> Single(string title, bool mayOpenCase = false, params string[] options) => Question("single", title, options, mayOpenCase: mayOpenCase);

    public static Dictionary<string, object?> Multiple(string title, int max, params string[] options) => Question("multiple", title, options, max);

    public static Dictionary<string, object?> Rating(string title, bool mayOpenCase = false) => Question("rating", title, [], mayOpenCase: mayOpenCase);

    public static Dictionary<string, object?> Text(string title, bool longText = false, bool required = true) => Question(longText ? "longText" : "shortText", title, [], required: required);

    private static Dictionary<string, object?> Question(string kind, string title, string[] options, int? max = null, bool required = true, bool mayOpenCase = false) => new()
    {
        ["kind"] = kind,
        ["title"] = title,
        ["options"] = options,
        ["maxChoices"] = max,
        ["required"] = required,
        ["mayOpenCase"] = mayOpenCase,
    };

    /// <summary>A survey body open from a minute ago for a day, to all followers, named, not announced.</summary>
    public static Dictionary<string, object?> Body(params Dictionary<string, object?>[] questions) => new()
    {
        ["title"] = "2026年职工权益状况调查",
        ["intro"] = "了解大家的工作和生活情况，帮助工会更好地服务职工。",
        ["thanks"] = "谢谢您！工会会认真研究每一条意见。",
        ["audience"] = new { kind = "all" },
        ["opensAt"] = PollKit.Now.AddMinutes(-1),
        ["closesAt"] = PollKit.Now.AddDays(1),
        ["anonymous"] = false,
        ["announce"] = false,
        ["questions"] = questions,
    };

    /// <summary>The five kinds, one of them a question that may open a case.</summary>
    public static Dictionary<string, object?> FiveKinds() => Body(
        Single("您是否遇到过欠薪？", true, "遇到过", "没有遇到"),
        Multiple("您最希望工会提供哪些服务？", 2, "法律援助", "技能培训", "困难帮扶", "文体活动"),
        Rating("您对单位劳动保护的满意度"),
        Text("您的工作单位（选填）", required: false),
        Text("您对工会工作的意见和建议", longText: true));

    /// <summary>Creates (as carol) and publishes the survey; returns its id.</summary>
    public static async Task<string> CreateAsync(this HttpClient http, Dictionary<string, object?> body, bool publish = true)
    {
        var created = await (await http.SendAsync(HttpMethod.Post, Api, PollKit.Carol, body)).JsonAsync(HttpStatusCode.Created);
        var id = created.GetProperty("id").GetString()!;
        if (publish)
        {
            await (await http.SendAsync(HttpMethod.Post, $"{Api}/{id}/publish", PollKit.Carol)).JsonAsync(HttpStatusCode.OK);
        }
        return id;
    }

    public static async Task<JsonElement> ResultsAsync(this HttpClient http, string id, string? search = null) =>
        await (await http.SendAsync(HttpMethod.Get, $"{Api}/{id}/results{(search is null ? "" : "?q=" + Uri.EscapeDataString(search))}", PollKit.Vic)).JsonAsync(HttpStatusCode.OK);

    public static IReadOnlyList<int> CountsOf(this JsonElement results, int question) =>
        [.. results.GetProperty("questions")[question].GetProperty("counts").EnumerateArray().Select(c => c.GetInt32())];

    /// <summary>The member's phone on the survey page (signed in through the OAuth round trip).</summary>
    public static Task<(HttpClient Phone, HttpStatusCode Status, string Html)> OpenSurveyAsync(this ChatHarness chat, string openId, string id) =>
        chat.OpenMemberPageAsync(openId, "/api/survey/" + id);

    /// <summary>Posts the form with its hidden fields and the given answers (a field may repeat, as ticked boxes do).</summary>
    public static async Task<(HttpStatusCode Status, string Html)> SubmitAsync(this HttpClient phone, string id, string formHtml, params (string Field, string Value)[] answers)
    {
        var fields = JoinKit.HiddenFields(formHtml).Select(f => new KeyValuePair<string, string>(f.Key, f.Value))
            .Concat(answers.Select(a => new KeyValuePair<string, string>(a.Field, a.Value)));
        using var response = await phone.PostAsync("/api/survey/" + id, new FormUrlEncodedContent(fields));
        return (response.StatusCode, await response.Content.ReadAsStringAsync());
    }

    /// <summary>Answers to <see cref="FiveKinds"/>.</summary>
    public static (string, string)[] FiveAnswers(string choice = "2", string rating = "4", string advice = "希望多组织技能培训") =>
        [("q0", choice), ("q1", "1"), ("q1", "2"), ("q2", rating), ("q3", "东方机械厂"), ("q4", advice)];

    public static async Task<IReadOnlyList<Case>> HelpCasesAsync(this AppFactory app)
    {
        var store = app.Services.GetRequiredService<CaseStore>();
        var month = UnionWeChat.Functions.Platform.Hosting.ChinaTime.Format(PollKit.Now, "yyyy-MM");
        var list = new List<Case>();
        await foreach (var c in store.ListMonthAsync(month, null, CancellationToken.None))
        {
            if (c.Category == SurveyHelp.Category)
            {
                list.Add(c);
            }
        }
        return list;
    }
}
