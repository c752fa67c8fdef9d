using System.Net;
using System.Text;
using System.Xml.Linq;
using UnionWeChat.Functions.Cases;
using UnionWeChat.Functions.Members;
using UnionWeChat.Functions.Tests.Staff;
using UnionWeChat.Testing;
using UnionWeChat.WeChat.Receiving;
using UnionWeChat.WeChat.Simulator;

namespace UnionWeChat.Functions.Tests.Hardening;

/// <summary>
/// Hostile pushes and bodies through the real endpoints: huge, not UTF-8, NUL, <c>]]&gt;</c> in what a worker
/// writes, replays, and path-like media ids. Signed correctly, so only the content can be what is refused.
/// </summary>
public sealed class HostilePushTests(HostilePushTests.App app) : IClassFixture<HostilePushTests.App>
{
    private const int TenMegabytes = 10 * 1024 * 1024;

    private ChatHarness Chat => app.Desk.Chat;

    public static TheoryData<string, string> RefusedBodies => new()
    {
        { "10 MB", "oHostileBody00000000000001" },
        { "invalid UTF-8", "oHostileBody00000000000002" },
        { "NUL character", "oHostileBody00000000000003" },
    };

    [Theory]
    [MemberData(nameof(RefusedBodies))]
    public async Task A_signed_push_with_a_hostile_body_is_refused_with_4xx_and_stores_nothing(string name, string worker)
    {
        var around = PushXml.Text(worker, ChatHarness.AccountId, "HOLE", 1, ChatHarness.Now).Split("HOLE");
        var body = name switch
        {
            "10 MB" => Encoding.UTF8.GetBytes(around[0] + new string('a', TenMegabytes) + around[1]),
            // A lone continuation byte, bytes never valid in UTF-8, and an encoded surrogate.
            "invalid UTF-8" => [.. Encoding.UTF8.GetBytes(around[0]), 0xC3, 0x28, 0xFF, 0xFE, 0xED, 0xA0, 0x80, .. Encoding.UTF8.GetBytes(around[1])],
            _ => Encoding.UTF8.GetBytes(string.Join("", around).Replace("<![CDATA[]]>", "a&#0;b", StringComparison.Ordinal)),
        };
        var ts = ChatHarness.Now.ToString(System.Globalization.CultureInfo.InvariantCulture);
        var signature = WeChatSignature.Compute(AppFactory.Token, ts, "n1");
        using var content = new ByteArrayContent(body);
        content.Headers.ContentType = new System.Net.Http.Headers.MediaTypeHeaderValue("text/xml");

        using var response = await Chat.Http.PostAsync($"/api/wechat?signature={signature}&timestamp={ts}&nonce=n1&openid={worker}", content);

        Assert.True((int)response.StatusCode is >= 400 and < 500, $"{name}: {(int)response.StatusCode}");
        Assert.Null(await app.Desk.Service<MemberStore>().GetAsync(worker, CancellationToken.None));
        Assert.Empty(Chat.WeChat.State.MessagesFor(worker));
    }

    [Fact]
    public async Task A_ten_megabyte_body_to_a_staff_write_is_refused_with_a_clear_message_and_changes_nothing()
    {
        var c = await app.Desk.CreateCaseAsync("oHostileStaffBody000000001", "欠薪两个月");
        using var body = new StringContent("{\"text\":\"" + new string('字', TenMegabytes / 3) + "\"}", Encoding.UTF8, "application/json");

        using var response = await app.Desk.As(StaffDesk.Triage).PostAsync($"/api/staff/cases/{c.Number}/notes", body);

        Assert.Equal(HttpStatusCode.RequestEntityTooLarge, response.StatusCode);
        Assert.Contains("at most 256 KiB", await response.Content.ReadAsStringAsync(), StringComparison.Ordinal);
        var history = await app.Desk.Service<CaseStore>().HistoryAsync(c.Number, CancellationToken.None);
        Assert.Equal(["created"], history.Select(e => e.Action));
    }

    [Fact]
    public async Task Cdata_ends_and_xml_in_what_a_worker_writes_are_stored_verbatim_and_every_reply_stays_well_formed()
    {
        const string worker = "oHostileCdata0000000000001";
        const string employer = "]]><xml><Content>伪造</Content></xml><![CDATA[";
        const string description = "工资]]>没发<!-- x --><?xml version=\"1.0\"?>&amp;&#x41;<![CDATA[y]]>";

        // ChatHarness parses every reply (and in safe mode decrypts it first): a malformed reply fails right here.
        await Chat.SayAsync(worker, "投诉");
        await Chat.SayAsync(worker, "1");
        await Chat.SayAsync(worker, employer);
        await Chat.SayAsync(worker, description);
        await Chat.SayAsync(worker, "跳过");
        var summary = await Chat.SayAsync(worker, "2");
        var receipt = await Chat.SayAsync(worker, "确认");

        Assert.Contains(employer, summary, StringComparison.Ordinal);
        Assert.Contains(description, summary, StringComparison.Ordinal);
        var cases = await app.Desk.Service<CaseStore>().ListForWorkerAsync(WorkerRef.Of(worker), CancellationToken.None);
        var stored = await app.Desk.Service<CaseStore>().GetAsync(Assert.Single(cases).Number, CancellationToken.None);
        Assert.Contains(stored!.Number, receipt, StringComparison.Ordinal);
        Assert.Equal((employer, description), (stored.Employer, stored.Description));
    }

    [Fact]
    public async Task A_push_replayed_byte_for_byte_is_handled_once_and_answered_alike()
    {
        const string worker = "oHostileReplay000000000001";
        await Chat.SayAsync(worker, "投诉");
        // Same signature, timestamp, nonce, body and MsgId: what an attacker who captured the request could resend.
        var captured = Chat.Pusher.Sign(PushXml.Text(worker, ChatHarness.AccountId, "1", Chat.NextMsgId(), ChatHarness.Now), Chat.Mode);

        var first = ChatHarness.ContentOf(await Chat.Pusher.SendAsync(captured, CancellationToken.None));
        var replayed = ChatHarness.ContentOf(await Chat.Pusher.SendAsync(captured, CancellationToken.None));

        // Run twice, the second "1" would be taken as the employer's name and refused as too short.
        Assert.Contains("类别：欠薪", first, StringComparison.Ordinal);
        Assert.Equal(first, replayed);
        Assert.Contains("请用文字描述", await Chat.SayAsync(worker, "某某物流有限公司"), StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("../../../../etc/passwd")]
    [InlineData("..%2f..%2f..%2fetc%2fpasswd")]
    [InlineData("/etc/passwd")]
    [InlineData("C:\\Windows\\win.ini")]
    [InlineData("..\\..\\appsettings.json")]
    [InlineData("....//....//etc/passwd")]
    [InlineData("http://169.254.169.254/metadata")]
    [InlineData("..,image:../../etc/shadow")]
    public async Task A_path_in_place_of_a_media_id_is_never_fetched_and_nothing_is_kept_for_it(string mediaId)
    {
        var worker = "oHostileMedia" + Convert.ToHexString(BitConverter.GetBytes(mediaId.GetHashCode()));
        await Chat.SayAsync(worker, "投诉");
        await Chat.SayAsync(worker, "1");
        await Chat.SayAsync(worker, "某某物流有限公司");
        var kept = ChatHarness.ContentOf(await Chat.PushAsync(PushXml.Image(worker, ChatHarness.AccountId, "http://mmbiz.qpic.cn/x.jpg", mediaId, Chat.NextMsgId(), ChatHarness.Now)));
        await Chat.SayAsync(worker, "加班费三个月没有结算。");
        await Chat.SayAsync(worker, "跳过");
        await Chat.SayAsync(worker, "2");
        await Chat.SayAsync(worker, "确认");
        var number = Assert.Single(await app.Desk.Service<CaseStore>().ListForWorkerAsync(WorkerRef.Of(worker), CancellationToken.None)).Number;

        Assert.Contains("已收到第1份证据材料", kept, StringComparison.Ordinal);
        var keeper = app.Desk.Service<EvidenceKeeper>();
        var evidence = app.Desk.Service<EvidenceStore>();
        Assert.True(await Eventually.HoldsAsync(async () =>
        {
            await keeper.RunAsync(CancellationToken.None);
            await foreach (var pending in evidence.PendingAsync(CancellationToken.None))
            {
                if (pending.CaseNumber == number)
                {
                    return false;
                }
            }
            return true;
        }), "the evidence queue kept retrying a path");
        Assert.Null(await evidence.ReadAsync(number, 0, CancellationToken.None));
        Assert.Null(await evidence.ReadAsync(number, 1, CancellationToken.None));
        Assert.Equal(0, Chat.WeChat.State.CallCount("/cgi-bin/media/get"));
    }

    public sealed class App : HostileDesk
    {
        protected override Task SeedAsync(StaffDesk desk) => Task.CompletedTask;
    }
}
