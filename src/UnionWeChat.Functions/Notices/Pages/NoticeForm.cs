using System.Globalization;
using UnionWeChat.Functions.Platform.Hosting;

namespace UnionWeChat.Functions.Notices;

/// <summary>
/// The compose form as typed, kept whole so a refused form shows again with everything in it. It only reads the
/// form into the API's <see cref="NoticeRequest"/>; every rule about what a notice may be is the request's.
/// </summary>
public sealed record NoticeForm(
    string Title,
    string Body,
    string Channel,
    string TemplateId,
    IReadOnlyList<KeywordRow> Keywords,
    string Url,
    string Audience,
    IReadOnlyList<string> Tags,
    string OpenIds,
    string PollId,
    bool Essential,
    string SendAt)
{
    /// <summary>Keyword rows the form offers; WeChat's templates have a handful of fields.</summary>
    public const int KeywordRows = 5;

    public const string SendAtFormat = "yyyy-MM-ddTHH:mm";

    public static NoticeForm Blank { get; } = new("", "", "template", "", [new("thing1", "{title}"), new("thing2", "{body}")], "",
        "registered", [], "", "", false, "");

    private static readonly char[] ListSeparators = [' ', '\n', '\r', '\t', ',', '，', '、', ';', '；'];

    public static NoticeForm Read(IFormCollection form)
    {
        var names = form["kw"];
        var values = form["kv"];
        var rows = Enumerable.Range(0, Math.Min(Math.Max(names.Count, values.Count), KeywordRows))
            .Select(i => new KeywordRow(i < names.Count ? names[i]?.Trim() ?? "" : "", i < values.Count ? values[i] ?? "" : ""))
            .ToList();
        return new NoticeForm(
            form["title"].ToString(), form["body"].ToString(), form["channel"].ToString(), form["templateId"].ToString().Trim(), rows,
            form["url"].ToString().Trim(), form["audience"].ToString(), [.. form["tags"].Select(t => t ?? "")], form["openids"].ToString(),
            form["pollId"].ToString(), form["essential"].ToString() == "on", form["sendAt"].ToString().Trim());
    }

    /// <summary>
    /// The API's request, and the problems of reading the form itself (a time that is not one, a keyword value with
    /// no name, a name twice), under the same field names the request's checks use.
    /// </summary>
    public (NoticeRequest Request, Dictionary<string, string[]> Problems) ToRequest()
    {
        var problems = new Dictionary<string, string[]>();
        DateTimeOffset? sendAt = null;
        if (SendAt.Length > 0)
        {
            // The browser sends the time as typed, without a zone: staff type Beijing time.
            if (DateTime.TryParseExact(SendAt, [SendAtFormat, SendAtFormat + ":ss"], CultureInfo.InvariantCulture, DateTimeStyles.None, out var local))
            {
                sendAt = new DateTimeOffset(local, ChinaTime.Offset);
            }
            else
            {
                problems["sendAt"] = ["请按 年-月-日 时:分 填写发送时间"];
            }
        }

        TemplateRequest? template = null;
        if (Channel == "template")
        {
            var data = new Dictionary<string, string>(StringComparer.Ordinal);
            foreach (var row in Keywords.Where(r => r.Name.Length > 0 || r.Value.Length > 0))
            {
                if (row.Name.Length == 0)
                {
                    problems["template.data"] = [$"内容“{row.Value}”缺少字段名"];
                }
                else if (!data.TryAdd(row.Name, row.Value))
                {
                    problems["template.data"] = [$"字段名“{row.Name}”填了两次"];
                }
            }
            template = new TemplateRequest(TemplateId, data, Url.Length == 0 ? null : Url);
        }

        var openIds = OpenIds.Split(ListSeparators, StringSplitOptions.RemoveEmptyEntries);
        var audience = new AudienceRequest(Audience, Tags, openIds, PollId.Length == 0 ? null : PollId);
        var request = new NoticeRequest(Title, Body.Length == 0 ? null : Body, null, audience, Channel, template, sendAt, Essential);
        return (request, problems);
    }
}

/// <summary>One row of the template's keyword fields: the field's name at WeChat (thing1) and what to fill in.</summary>
public sealed record KeywordRow(string Name, string Value);
