namespace UnionWeChat.Functions.Staff;

/// <summary>What a staff member may do: viewers read; triage staff also handle cases; admins also configure and approve.</summary>
public enum StaffRole
{
    Viewer,
    Triage,
    Admin,
}
