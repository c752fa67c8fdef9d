using UnionWeChat.Functions.Conversation;
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
        new TimerFunction("push-ledger-cleanup", "0 17 * * * *", typeof(PushLedgerCleanup)),
        // Anonymous to the host: the app checks the staff key or sign-in on every route.
        new HttpFunction("staff-notices", "staff/notices/{*rest}", ["GET", "POST"], AuthLevel.Anonymous),
        new TimerFunction("notices", "0 * * * * *", typeof(NoticeSender)),
    ]);
}
