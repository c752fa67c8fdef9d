namespace UnionWeChat.Functions.Simulator;

/// <summary>One line in the simulator's chat view.</summary>
/// <param name="Id">Increasing within the app's run; the page asks for entries after the last one it has.</param>
/// <param name="From"><see cref="Worker"/>, <see cref="Account"/> or <see cref="Simulator"/> (a note about the exchange).</param>
/// <param name="Kind">text, image, news, template, event or note.</param>
/// <param name="Text">What to show, as plain text.</param>
/// <param name="Url">A link (news, template, a photo), or null.</param>
/// <param name="Via">How it arrived: worker, reply (passive), custom, template, mass, preview, or simulator.</param>
/// <param name="At">When it was recorded.</param>
public sealed record ChatEntry(long Id, string From, string Kind, string Text, string? Url, string Via, DateTimeOffset At)
{
    public const string Worker = "worker";
    public const string Account = "account";
    public const string Simulator = "simulator";

    public static ChatEntry FromWorker(string kind, string text, string? url = null) => new(0, Worker, kind, text, url, Worker, default);

    public static ChatEntry FromAccount(string kind, string text, string? url, string via) => new(0, Account, kind, text, url, via, default);

    public static ChatEntry Note(string text) => new(0, Simulator, "note", text, null, Simulator, default);
}
