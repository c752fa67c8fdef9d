using UnionWeChat.Functions.Outbound;
using UnionWeChat.Functions.Platform.Hosting;

namespace UnionWeChat.Functions.Cases;

/// <summary>
/// How the desk reaches people outside the chat. Read from section <c>Staff</c>, next to the sign-in keys, because
/// deployed configuration already names these settings <c>Staff__ReplyTemplate__…</c> and <c>Staff__Notify__…</c>.
/// </summary>
public sealed class DeskOptions : IValidatedOptions
{
    /// <summary>The template message a reply goes out as when the worker's customer-service window is closed.</summary>
    public TemplateOptions ReplyTemplate { get; set; } = new();

    /// <summary>Who hears of SLA breaches and escalations, and by which template.</summary>
    public NotifyOptions Notify { get; set; } = new();

    public IEnumerable<ConfigProblem> Validate() =>
        ReplyTemplate.Validate("Staff__ReplyTemplate", ReplyPlaceholders.All).Concat(Notify.Validate());
}
