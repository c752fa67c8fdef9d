using UnionWeChat.Functions.Staff;

namespace UnionWeChat.Functions.Cases;

/// <summary>
/// The people a case can be assigned to: everyone with a sign-in key, and everyone the desk can notify (staff who
/// sign in through Entra ID are listed there, since the app knows them by name only once they are configured).
/// </summary>
public sealed class Assignees(StaffOptions staff, DeskOptions desk)
{
    public IReadOnlyList<string> Names { get; } =
        staff.ParsedKeys().Select(k => k.Name).Concat(desk.Notify.OpenIds.Keys).Distinct(StringComparer.Ordinal).ToList();
}
