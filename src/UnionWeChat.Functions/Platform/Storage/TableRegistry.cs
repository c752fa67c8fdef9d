namespace UnionWeChat.Functions.Platform.Storage;

/// <summary>One table: its name (before <c>Storage__TablePrefix</c>), the feature that owns it, and how its keys are made.</summary>
public sealed record TableSpec(string Name, string Owner, string PartitionKey, string RowKey);

/// <summary>
/// Every table the app uses, in one list: an operator sees what is stored where, and a feature cannot open a table
/// that is not here (<see cref="AppTables"/> refuses it). Each feature's store names its table through these constants.
/// Only the owner reads or writes a table; others go through the owner's store.
/// </summary>
public static class TableRegistry
{
    public const string Answers = "answers";
    public const string Cases = "cases";
    public const string WorkerCases = "workercases";
    public const string CaseHistory = "casehistory";
    public const string Filings = "filings";
    public const string CaseCounters = "counters";
    public const string EvidenceQueue = "evidencequeue";
    public const string LegacyEvidence = "evidence";
    public const string SlaBreaches = "slabreaches";
    public const string Members = "members";
    public const string Applications = "applications";
    public const string Registry = "registry";
    public const string Notices = "notices";
    public const string NoticeOutbox = "noticeoutbox";
    public const string NoticeQuota = "noticequota";
    public const string MassBudget = "massbudget";
    public const string NoticeJobs = "noticejobs";
    public const string Polls = "polls";
    public const string Ballots = "ballots";
    public const string PollSignals = "pollsignals";
    public const string Surveys = "surveys";
    public const string SurveyResponses = "surveyresponses";
    public const string StaffSecrets = "staffsecrets";
    public const string WeChatToken = "wechattoken";
    public const string DataProtection = "dataprotection";
    public const string SimulatorFollowers = "simfollowers";

    public static IReadOnlyList<TableSpec> All { get; } =
    [
        new(Answers, "Answers", "\"faq\"", "answer id"),
        new(Cases, "Cases", "month created (2026-11)", "case number"),
        new(WorkerCases, "Cases", "worker pseudonym", "case number (我的案件 is one partition)"),
        new(CaseHistory, "Cases", "case number", "time-ordered id"),
        new(Filings, "Cases", "spread by intake dialog key", "dialog key: the number a confirmed intake was given"),
        new(CaseCounters, "Cases", "kind and China day", "\"seq\""),
        new(EvidenceQueue, "Cases", "\"pending\"", "case number|item index"),
        new(LegacyEvidence, "Cases", "case number", "item index (rows from before evidence moved to blobs; emptied by the migration timer)"),
        new(SlaBreaches, "Cases", "case number", "breach kind"),
        new(Members, "Members", "openid", "openid (one row per worker: the profile, and Conversation's dialog and recent push records beside it)"),
        new(Applications, "Membership", "China month the application was made (202612)", "application id (RH20261203-1A2B3C4D)"),
        new(Registry, "Membership", "openid, \"no\" or \"seq\"", "\"reg\" (the registration) and \"app\" (the latest application's id), member number (its openid), or year (the number counter)"),
        new(Notices, "Notices", "\"n\"", "notice id"),
        new(NoticeOutbox, "Notices", "notice id and bucket", "openid, and one counter row per bucket"),
        new(NoticeQuota, "Notices", "\"q\"", "send API and China day"),
        new(MassBudget, "Notices", "China month and bucket", "openid"),
        new(NoticeJobs, "Notices", "notice id, or \"msg\" for the msg_id index", "\"lease\", or msg_id"),
        new(Polls, "Polls", "\"poll\"", "poll id"),
        new(Ballots, "Polls", "poll id and partition", "ballot key (counter rows \"~c..\" of older polls are ignored)"),
        new(PollSignals, "Polls", "poll id", "address and window"),
        new(Surveys, "Surveys", "\"survey\"", "survey id"),
        new(SurveyResponses, "Surveys", "survey id and partition", "response key (a keyed hash of the member: one response each)"),
        new(StaffSecrets, "Staff", "\"console\"", "\"signing\""),
        new(WeChatToken, "Platform", "\"token\"", "\"current\", \"lease\", \"force\""),
        new(DataProtection, "Platform", "\"keys\"", "key name"),
        new(SimulatorFollowers, "Simulator", "\"follower\" or \"tag\"", "openid, or tag id (the Development WeChat stand-in's followers and tags, kept across restarts)"),
    ];

    private static readonly HashSet<string> Names = [.. All.Select(t => t.Name)];

    public static bool IsRegistered(string name) => Names.Contains(name);
}
