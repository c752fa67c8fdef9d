namespace UnionWeChat.Functions.Membership;

/// <summary>The words staff read for an application's state, and the address segment that picks a list.</summary>
public static class MembershipLabels
{
    public static string Of(ApplicationStatus status) => status switch
    {
        ApplicationStatus.Pending => "待审核",
        ApplicationStatus.NeedsMore => "待补充",
        ApplicationStatus.Approved => "已通过",
        ApplicationStatus.Declined => "未通过",
        _ => "已重新提交",
    };

    public static string Css(ApplicationStatus status) => status switch
    {
        ApplicationStatus.Pending => "awaiting-approval",
        ApplicationStatus.Approved => "completed",
        ApplicationStatus.Declined => "refused",
        _ => "paused",
    };

    /// <summary>Where a listed member without a union goes: the first union offered.</summary>
    public const string DefaultUnionHint = "工会列表中的第一个";

    /// <summary>The lists the console offers, in order (the first is the default).</summary>
    public static readonly ApplicationStatus[] Lists = [ApplicationStatus.Pending, ApplicationStatus.NeedsMore, ApplicationStatus.Approved, ApplicationStatus.Declined];

    public static ApplicationStatus? Parse(string? value) =>
        Enum.TryParse<ApplicationStatus>(value, ignoreCase: true, out var s) && Enum.IsDefined(s) && !int.TryParse(value, out _) ? s : null;
}
