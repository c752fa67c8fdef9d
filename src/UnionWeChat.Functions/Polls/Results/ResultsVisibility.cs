namespace UnionWeChat.Functions.Polls;

/// <summary>When voters may see the counts; staff always may.</summary>
public enum ResultsVisibility
{
    Live,
    AfterClose,
    StaffOnly,
}
