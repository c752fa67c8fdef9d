using System.Globalization;
using UnionWeChat.Functions.Platform.Hosting;

namespace UnionWeChat.Functions.Polls;

/// <summary>
/// The console's poll form read into the same <see cref="PollRequest"/> the API takes, so one set of rules checks
/// both. Times come from <c>datetime-local</c> inputs, which carry no zone: staff type Beijing time.
/// </summary>
public static class PollForm
{
    public const string TimeFormat = "yyyy-MM-ddTHH:mm";

    public static (PollRequest Request, Dictionary<string, string[]> Errors) Read(IFormCollection form)
    {
        var errors = new Dictionary<string, string[]>();
        DateTimeOffset? Time(string field, string what) => ReadTime(form, field, what, errors);
        var request = new PollRequest
        {
            Title = form["title"],
            Description = form["description"],
            // One option a line, as staff would write a list; blank lines are not options.
            Options = form["options"].ToString().Split('\n').Select(o => o.Trim()).Where(o => o.Length > 0).ToList(),
            MaxChoices = int.TryParse(form["maxChoices"], out var max) ? max : 1,
            Audience = form["audience"],
            Tags = form["audience"] == "tags" ? form["tags"].Where(t => !string.IsNullOrWhiteSpace(t)).ToList() : [],
            OpensAt = Time("opensAt", "开始时间"),
            ClosesAt = Time("closesAt", "截止时间"),
            Channel = form["channel"],
            AnnounceResults = form["announceResults"] == "on",
            Visibility = form["visibility"],
        };
        return (request, errors);
    }

    /// <summary>A datetime-local field as China time; a missing or malformed one is added to <paramref name="errors"/> in the form's words.</summary>
    public static DateTimeOffset? ReadTime(IFormCollection form, string field, string what, Dictionary<string, string[]> errors)
    {
        ArgumentNullException.ThrowIfNull(form);
        ArgumentNullException.ThrowIfNull(errors);
        var text = form[field].ToString().Trim();
        if (text.Length == 0)
        {
            // Said here in the form's words: the API's message asks for an ISO time with its zone.
            errors[field] = [$"请选择{what}（北京时间）。"];
            return null;
        }
        if (DateTime.TryParseExact(text, [TimeFormat, TimeFormat + ":ss"], CultureInfo.InvariantCulture, DateTimeStyles.None, out var local))
        {
            return new DateTimeOffset(local, ChinaTime.Offset);
        }
        errors[field] = [$"{what}的格式不对，请用日期时间选择器选择（北京时间）。"];
        return null;
    }

    public static string Local(DateTimeOffset at) => ChinaTime.Format(at, TimeFormat);
}
