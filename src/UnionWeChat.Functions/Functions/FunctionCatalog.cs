using UnionWeChat.Functions.Cases;
using UnionWeChat.Functions.Conversation;
using UnionWeChat.Functions.Staff.Sla;
using UnionWeChat.Functions.Polls;
using UnionWeChat.Functions.Notices;

namespace UnionWeChat.Functions.Functions;

/// <summary>
/// Every function of the app, declared once. The publish step writes one <c>function.json</c> per entry
/// (<see cref="FunctionMetadataWriter"/>); the standalone scheduler fires the timers from here too.
/// </summary>
public sealed class FunctionCatalog
{
    public FunctionCatalog(IEnumerable<FunctionDefinition> functions)
    {
        Functions = functions.ToArray();
        var duplicate = Functions.GroupBy(f => f.Name, StringComparer.OrdinalIgnoreCase).FirstOrDefault(g => g.Count() > 1);
        if (duplicate is not null)
        {
            throw new InvalidOperationException($"Function '{duplicate.Key}' is declared twice in the catalog.");
        }
    }

    public IReadOnlyList<FunctionDefinition> Functions { get; }

    public IEnumerable<HttpFunction> HttpFunctions => Functions.OfType<HttpFunction>();

    public IEnumerable<TimerFunction> Timers => Functions.OfType<TimerFunction>();

    /// <summary>The app's functions. Add a feature's functions here, nowhere else.</summary>
    public static FunctionCatalog Default { get; } = new(
    [
        new HttpFunction("health", "health", ["GET"], AuthLevel.Anonymous),
        // Anonymous: WeChat cannot send a function key; the signature is the authentication.
        new HttpFunction("wechat", "wechat", ["GET", "POST"], AuthLevel.Anonymous),
        new TimerFunction("evidence", "0 */10 * * * *", typeof(EvidenceKeeper)),
        // Moves evidence kept as table rows by earlier versions into Blob Storage; one empty query once done.
        new TimerFunction("evidence-migration", "0 40 * * * *", typeof(EvidenceMigration)),
        new TimerFunction("push-ledger-cleanup", "0 17 * * * *", typeof(PushLedgerCleanup)),
        // Anonymous at the host: the app signs staff in (keys, console cookie, or App Service Authentication).
        new HttpFunction("staff", "staff/{*rest}", ["GET", "POST", "PUT", "PATCH", "DELETE"], AuthLevel.Anonymous),
        new HttpFunction("console", "console/{*rest}", ["GET", "POST"], AuthLevel.Anonymous),
        new TimerFunction("sla-check", "0 */15 * * * *", typeof(SlaJob)),
        // Anonymous: members are identified by WeChat OAuth on the page itself.
        new HttpFunction("vote", "vote/{*rest}", ["GET", "POST"], AuthLevel.Anonymous),
        new TimerFunction("polls", "0 * * * * *", typeof(PollScheduler)),
        new TimerFunction("notices", "0 * * * * *", typeof(NoticeSender)),
    ]);
}
