using System.Diagnostics;
using System.Globalization;
using System.Text;
using UnionWeChat.WeChat.Receiving;
using UnionWeChat.WeChat.Simulator;

namespace UnionWeChat.WeChat.Tests.Receiving;

/// <summary>
/// A seeded random corpus of mutated plaintext and encrypted pushes, fed to every parser and to the crypto.
/// The property: each case returns or throws <see cref="WeChatProtocolException"/>, nothing else, and finishes.
/// Reproduce a failure with WECHAT_FUZZ_SEED=&lt;seed&gt;; the seed and case are in the failure message.
/// </summary>
public sealed class ParserFuzzTests
{
    private const int DefaultSeed = 20_261_121;
    private const int Cases = 5_000;
    private const string Token = "fuzzToken";
    private const string AppId = "wxfuzz00000000001";
    private const string Timestamp = "1700000000";
    private const string Nonce = "424242";

    // Only a hang guard: the corpus takes well under a second; a parser stuck in a loop would never finish.
    private static readonly TimeSpan HangGuard = TimeSpan.FromMinutes(2);

    private static readonly string[] PlainSeeds =
    [
        PushXml.Text("oUser1", "gh_acc", "我要投诉 ]]> & <b>", 1234567890123456, 1700000000),
        PushXml.Image("oUser1", "gh_acc", "http://mmbiz/p", "media1", 42, 1700000000),
        PushXml.Subscribe("oUser1", "gh_acc", 1700000000, scene: "123", ticket: "T"),
        PushXml.Click("oUser1", "gh_acc", "MY_CASES", 1700000000),
        Wrap("<MsgType>voice</MsgType><MediaId>m</MediaId><Format>amr</Format><Recognition>语音</Recognition><MsgId>1</MsgId>"),
        Wrap("<MsgType>location</MsgType><Location_X>23.13</Location_X><Location_Y>113.35</Location_Y><Scale>20</Scale><Label>L</Label><MsgId>1</MsgId>"),
        Wrap("<MsgType>event</MsgType><Event>LOCATION</Event><Latitude>23.1</Latitude><Longitude>113.3</Longitude><Precision>119.3</Precision>"),
        Wrap("<MsgType>event</MsgType><Event>scancode_waitmsg</Event><EventKey>6</EventKey><ScanCodeInfo><ScanType>qrcode</ScanType><ScanResult>1</ScanResult></ScanCodeInfo>"),
        Wrap("<MsgType>event</MsgType><Event>pic_weixin</Event><EventKey>6</EventKey><SendPicsInfo><Count>2</Count><PicList><item><PicMd5Sum>a</PicMd5Sum></item><item><PicMd5Sum>b</PicMd5Sum></item></PicList></SendPicsInfo>"),
        Wrap("<MsgType>event</MsgType><Event>location_select</Event><EventKey>6</EventKey><SendLocationInfo><Location_X>23</Location_X><Location_Y>113</Location_Y><Scale>15</Scale><Label>L</Label><Poiname></Poiname></SendLocationInfo>"),
        Wrap("<MsgType>event</MsgType><Event>MASSSENDJOBFINISH</Event><MsgID>1</MsgID><Status>send success</Status><TotalCount>3</TotalCount><FilterCount>3</FilterCount><SentCount>3</SentCount><ErrorCount>0</ErrorCount>"),
    ];

    [Fact]
    public async Task Mutated_pushes_only_ever_raise_WeChatProtocolException()
    {
        var seed = int.TryParse(Environment.GetEnvironmentVariable("WECHAT_FUZZ_SEED"), NumberStyles.Integer, CultureInfo.InvariantCulture, out var given) ? given : DefaultSeed;
        using var cancel = new CancellationTokenSource();
        var run = Task.Run(() => RunCorpus(seed, cancel.Token), cancel.Token);
        Outcome outcome;
        try
        {
            outcome = await run.WaitAsync(HangGuard);
        }
        catch (TimeoutException)
        {
            await cancel.CancelAsync();
            Assert.Fail($"The fuzz corpus (seed {seed}) did not finish within {HangGuard}: a parser hangs.");
            return;
        }

        Assert.True(outcome.Failures.Count == 0, $"Seed {seed}: {outcome.Failures.Count} case(s) threw something other than WeChatProtocolException:\n" + string.Join("\n", outcome.Failures.Take(10)));
        // The corpus must reach past the first check: some cases accepted, refusals of many kinds.
        Assert.True(outcome.Accepted > 20, $"Seed {seed}: only {outcome.Accepted} mutated cases were accepted.");
        Assert.Superset(
            new HashSet<WeChatProtocolError> { WeChatProtocolError.Malformed, WeChatProtocolError.Decryption, WeChatProtocolError.BadMessageSignature, WeChatProtocolError.BadAppId },
            outcome.Refusals.Keys.ToHashSet());
    }

    private static Outcome RunCorpus(int seed, CancellationToken cancellationToken)
    {
        var random = new Random(seed);
        var mutator = new Mutator(random);
        var receiver = new PushReceiver(new PushReceiverOptions { Token = Token, AppId = AppId, EncodingAESKey = Vectors.KeyAbc }, TimeProvider.System);
        var crypto = new WeChatMessageCrypto(Vectors.KeyAbc, AppId);
        var plainQuery = new PushQuery(WeChatSignature.Compute(Token, Timestamp, Nonce), Timestamp, Nonce);
        var plainSeeds = PlainSeeds.Select(Encoding.UTF8.GetBytes).ToArray();
        var encryptSeeds = PlainSeeds.Select(xml => crypto.Encrypt(xml, Prefix(random))).ToArray();
        var outcome = new Outcome();

        for (var i = 0; i < Cases; i++)
        {
            cancellationToken.ThrowIfCancellationRequested();
            var pick = random.Next(PlainSeeds.Length);
            var target = i % 8;
            var (input, description) = target is 4 or 5 or 7
                ? mutator.Mutate(target == 5 ? Convert.FromBase64String(encryptSeeds[pick]) : Encoding.ASCII.GetBytes(encryptSeeds[pick]))
                : mutator.Mutate(target == 3 ? Encoding.UTF8.GetBytes(Compatible(PlainSeeds[pick], encryptSeeds[pick])) : plainSeeds[pick]);
            var prefix = Prefix(random);
            Action act = target switch
            {
                0 => () => WeChatXml.Parse(Lossy(input)),
                1 => () => IncomingMessageParser.Parse(Lossy(input)),
                2 => () => receiver.Receive(plainQuery, input),
                3 => () => receiver.Receive(AesQuery(encryptSeeds[pick]), input),
                4 => () => crypto.Decrypt(Lossy(input)),
                5 => () => crypto.Decrypt(Convert.ToBase64String(input)),
                6 => () => ReceiveSafe(receiver, crypto.Encrypt(Lossy(input), prefix)),
                _ => () => ReceiveSafe(receiver, Lossy(input)),
            };

            Run(act, outcome, $"seed {seed} case {i} target {target} seed-input {pick} [{description}] input {Convert.ToBase64String(input)[..Math.Min(200, Convert.ToBase64String(input).Length)]}");
        }

        return outcome;
    }

    private static void Run(Action act, Outcome outcome, string context)
    {
        try
        {
            act();
            outcome.Accepted++;
        }
        catch (WeChatProtocolException ex)
        {
            outcome.Refusals[ex.Reason] = outcome.Refusals.GetValueOrDefault(ex.Reason) + 1;
        }
        catch (Exception ex) when (ex is not OperationCanceledException)
        {
            outcome.Failures.Add($"{context}: {ex.GetType().Name}: {ex.Message}\n{new StackTrace(ex, fNeedFileInfo: false)}");
        }
    }

    /// <summary>A safe-mode push of <paramref name="encrypt"/>, correctly signed, so the mutation reaches decryption and parsing.</summary>
    private static void ReceiveSafe(PushReceiver receiver, string encrypt)
    {
        var body = "<xml><ToUserName><![CDATA[gh_acc]]></ToUserName><Encrypt><![CDATA[" + encrypt.Replace("]]>", "]]]]><![CDATA[>", StringComparison.Ordinal) + "]]></Encrypt></xml>";
        receiver.Receive(AesQuery(encrypt), body);
    }

    private static PushQuery AesQuery(string encrypt) =>
        new(WeChatSignature.Compute(Token, Timestamp, Nonce), Timestamp, Nonce, null, PushQuery.AesEncryptType, WeChatSignature.Compute(Token, Timestamp, Nonce, encrypt));

    private static string Compatible(string plainXml, string encrypt) =>
        plainXml.Replace("</xml>", "<Encrypt><![CDATA[" + encrypt + "]]></Encrypt></xml>", StringComparison.Ordinal);

    private static string Lossy(byte[] bytes) => Encoding.UTF8.GetString(bytes);

    private static byte[] Prefix(Random random)
    {
        var prefix = new byte[16];
        random.NextBytes(prefix);
        return prefix;
    }

    private static string Wrap(string body) =>
        "<xml><ToUserName><![CDATA[gh_acc]]></ToUserName><FromUserName><![CDATA[oUser1]]></FromUserName><CreateTime>1700000000</CreateTime>" + body + "</xml>";

    private sealed class Outcome
    {
        public int Accepted { get; set; }

        public Dictionary<WeChatProtocolError, int> Refusals { get; } = [];

        public List<string> Failures { get; } = [];
    }
}
