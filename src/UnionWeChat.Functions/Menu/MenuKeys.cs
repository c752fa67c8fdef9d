namespace UnionWeChat.Functions.Menu;

/// <summary>The CLICK keys of the account's menu; features start on these (see each feature's Commands).</summary>
public static class MenuKeys
{
    public const string Complaint = "COMPLAINT";
    public const string LegalConsult = "LEGAL_CONSULT";
    public const string AidHardship = "AID_HARDSHIP";
    public const string AidMedical = "AID_MEDICAL";
    public const string AidEducation = "AID_EDUCATION";
    public const string AidEmployment = "AID_EMPLOYMENT";
    public const string MyCases = "MY_CASES";
    public const string Vote = "VOTE";
    public const string JoinGuide = "JOIN_GUIDE";
    public const string Join = "JOIN";
    public const string MemberCard = "MEMBER_CARD";
    public const string Survey = "SURVEY";
}
