using Microsoft.Extensions.DependencyInjection;
using UnionWeChat.WeChat.Api;
using UnionWeChat.WeChat.Simulator;

namespace UnionWeChat.Functions.Tests.Hardening;

/// <summary>
/// The faults issue #11 names, each equally likely when the stand-in draws one: busy, three server errors, the two
/// kinds of timeout, an invalid token, the day's quota gone and the service window closed (custom sends only).
/// </summary>
internal static class WeChatFaultMix
{
    public const double Fraction = 0.2;
    public const string StableTokenPath = "/cgi-bin/stable_token";
    public const string TokenPath = "/cgi-bin/token";

    public static readonly IReadOnlyList<StandInFault> Faults =
    [
        StandInFault.ErrCode(-1), StandInFault.HttpStatus(500), StandInFault.HttpStatus(502), StandInFault.HttpStatus(503),
        StandInFault.NeverReached, StandInFault.AnswerLost,
        StandInFault.ErrCode(40001), StandInFault.ErrCode(45009), StandInFault.ErrCode(45015),
    ];

    // A held request outlives the client's one-second timeout many times over, yet lets the server shut down soon.
    public static readonly TimeSpan TimeoutHold = TimeSpan.FromSeconds(10);

    /// <summary>A short client timeout and backoff, so that held requests and retries cost seconds, not minutes.</summary>
    // The app binds only the account and URLs from configuration; the client's timings keep their defaults there.
    public static AppFactory Impatient(AppFactory app) => app.WithServices(s => s.PostConfigure<WeChatApiOptions>(o =>
    {
        o.RequestTimeout = TimeSpan.FromSeconds(1);
        o.RetryBaseDelay = TimeSpan.FromMilliseconds(10);
    }));

    public static void Start(WeChatApiStandIn wechat, int seed) => wechat.FailRandomly(Fraction, Faults, seed, TimeoutHold);

    public static int Injected(WeChatApiStandIn wechat, StandInFault fault) => wechat.InjectedFaults.Count(f => f.Fault == fault);
}
