using UnionWeChat.Functions.Outbound;
using UnionWeChat.Functions.Platform.Hosting;

namespace UnionWeChat.Functions.Cases;

/// <summary>
/// Section <c>Staff:Notify</c>: who hears of SLA breaches, by template message to their own WeChat (they follow the
/// account). <c>Staff__Notify__OpenIds__&lt;staff name&gt;=&lt;openid&gt;</c> per person (the name an assignee is
/// recorded under); <c>Staff__Notify__Supervisors=alice,bob</c> are told of every breach and escalation (督办);
/// <c>Staff__Notify__Template__TemplateId</c> and <c>…__Fields__thing1={breach}</c> choose the message.
/// </summary>
public sealed class NotifyOptions
{
    public Dictionary<string, string> OpenIds { get; set; } = [];

    /// <summary>Comma-separated staff names. Default none: breaches then only reach the assignee, and the console.</summary>
    public string Supervisors { get; set; } = "";

    public TemplateOptions Template { get; set; } = new();

    public static IReadOnlyCollection<string> Placeholders { get; } = ["number", "breach", "due", "assignee", "kind", "category"];

    public IReadOnlyList<string> SupervisorNames() =>
        Supervisors.Split(',', StringSplitOptions.TrimEntries | StringSplitOptions.RemoveEmptyEntries);

    public IEnumerable<ConfigProblem> Validate()
    {
        foreach (var name in SupervisorNames().Where(n => !OpenIds.ContainsKey(n)))
        {
            yield return new ConfigProblem("Staff__Notify__Supervisors", $"names '{name}', who has no Staff__Notify__OpenIds__{name}");
        }
        foreach (var (name, openId) in OpenIds.Where(o => string.IsNullOrWhiteSpace(o.Value) || o.Value.Length > 64))
        {
            yield return new ConfigProblem($"Staff__Notify__OpenIds__{name}", "must be the person's openid on this account");
        }
        foreach (var problem in Template.Validate("Staff__Notify__Template", Placeholders))
        {
            yield return problem;
        }
    }
}
