using Microsoft.Extensions.DependencyInjection;
using UnionWeChat.Functions.Cases;
using UnionWeChat.Functions.Platform.Web;
using UnionWeChat.Functions.Tests.Staff;
using UnionWeChat.WeChat.Simulator;

namespace UnionWeChat.Functions.Tests.Hardening;

/// <summary>
/// Script and formula payloads in every field a worker (or a staff member) writes that the console shows: they
/// must come back as text in every page and as inert cells in both CSV exports. Each payload carries a distinct
/// <c>alert(n)</c> so a test can tell the field was shown at all.
/// </summary>
public sealed class ScriptPayloadTests(ScriptPayloadTests.Seeded seeded) : IClassFixture<ScriptPayloadTests.Seeded>
{
    // Markup that only exists unencoded: "onerror=alert" alone survives encoding as harmless text.
    private static readonly string[] RawMarkup =
    [
        "<script", "<img", "<svg on", "<iframe", "<b ", "<a href=\"javascript:", "href=\"javascript:", "src=\"javascript:",
    ];

    [Fact]
    public async Task Every_console_page_shows_the_payloads_as_text()
    {
        var pages = new Dictionary<string, string>
        {
            ["queue"] = await seeded.Console.PageAsync("/api/console/"),
            ["complaint"] = await seeded.Console.PageAsync($"/api/console/cases/{seeded.Complaint}"),
            ["aid"] = await seeded.Console.PageAsync($"/api/console/cases/{seeded.Aid}"),
            ["stored"] = await seeded.Console.PageAsync($"/api/console/cases/{seeded.Stored}"),
            ["stats"] = await seeded.Console.PageAsync("/api/console/stats"),
            ["breaches"] = await seeded.Console.PageAsync("/api/console/breaches"),
        };

        foreach (var (name, html) in pages)
        {
            foreach (var raw in RawMarkup)
            {
                Assert.False(html.Contains(raw, StringComparison.OrdinalIgnoreCase), $"{name} page carries raw '{raw}'");
            }
        }
        // Shown, encoded: employer, description, rating, assignee, team, transfer result, note, reply; situation; category.
        foreach (var n in new[] { 1, 2, 5, 8, 9, 10, 11, 12 })
        {
            Assert.Contains($"alert({n})", pages["complaint"], StringComparison.Ordinal);
        }
        Assert.Contains("alert(6)", pages["aid"], StringComparison.Ordinal);
        Assert.Contains("alert(7)", pages["stored"], StringComparison.Ordinal);
        Assert.Contains("alert(7)", pages["queue"], StringComparison.Ordinal);
        Assert.Contains("&lt;script&gt;alert(1)&lt;/script&gt;", pages["complaint"], StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("/api/staff/cases.csv")]
    [InlineData("/api/console/cases.csv")]
    public async Task Both_exports_keep_every_payload_as_text_and_no_cell_starts_a_formula(string path)
    {
        var client = path.StartsWith("/api/staff", StringComparison.Ordinal) ? seeded.Desk.As(StaffDesk.Viewer) : seeded.Console.Http;

        var cells = Csv.Parse(await client.GetStringAsync(path)).SelectMany(row => row).ToList();

        Assert.All(cells, cell => Assert.False(cell.Length > 0 && cell[0] is '=' or '+' or '-' or '@' or '\t' or '\r' or '\n', $"cell runs as a formula: {cell}"));
        foreach (var payload in new[] { Seeded.Employer, Seeded.Description, Seeded.Situation, Seeded.Category, Seeded.Comment, Seeded.Assignee, Seeded.Team })
        {
            Assert.Contains(cells, c => c.StartsWith('\'') && c[1..].Trim() == payload.Trim());
        }
    }

    public sealed class Seeded : HostileDesk
    {
        public const string Employer = "=HYPERLINK(\"javascript:alert(0)\")<script>alert(1)</script>";
        public const string Description = "+\"><img src=x onerror=alert(2)><a href=\"javascript:alert(3)\">点这里</a>";
        public const string Evidence = "\"><img src=x onerror=alert(4)>";
        public const string Comment = "@SUM(1+1)<svg onload=alert(5)>";
        public const string Situation = "-2+3<iframe src=\"javascript:alert(6)\"></iframe>";
        public const string Category = "=1+1<script>alert(7)</script>";
        public const string Assignee = "@x<b onmouseover=alert(8)>";
        public const string Team = "\t=team<script>alert(9)</script>";
        public const string TransferResult = "+r<img src=x onerror=alert(10)>";
        public const string Note = "-n<script>alert(11)</script>";
        public const string Reply = "<script>alert(12)</script>";

        public string Complaint { get; private set; } = "";
        public string Aid { get; private set; } = "";
        public string Stored { get; private set; } = "";

        protected override async Task SeedAsync(StaffDesk desk)
        {
            var chat = desk.Chat;
            const string worker = "oWorkerScript0000000000001";
            await chat.SayAsync(worker, "投诉");
            await chat.SayAsync(worker, "1");
            await chat.SayAsync(worker, Employer);
            await chat.PushAsync(PushXml.Image(worker, ChatHarness.AccountId, "http://mmbiz.qpic.cn/x.jpg", Evidence, chat.NextMsgId(), ChatHarness.Now));
            await chat.SayAsync(worker, Description);
            await chat.SayAsync(worker, "13800138000");
            await chat.SayAsync(worker, "2");
            Complaint = NumberIn(await chat.SayAsync(worker, "确认"));

            const string applicant = "oWorkerScript0000000000002";
            await chat.SayAsync(applicant, "求助");
            await chat.SayAsync(applicant, "1");
            await chat.SayAsync(applicant, Situation);
            await chat.SayAsync(applicant, "13800138001");
            Aid = NumberIn(await chat.SayAsync(applicant, "确认"));

            // Intake only offers its own categories; a stored one is attacked directly, as data from elsewhere would be.
            Stored = (await desk.CreateCaseAsync("oWorkerScript0000000000003", "类别来自别处", category: Category)).Number;

            var triage = desk.As(StaffDesk.Triage);
            foreach (var (action, body) in new (string, object)[]
            {
                ("assign", new { assignee = Assignee }),
                ("notes", new { text = Note }),
                ("replies", new { text = Reply }),
                ("transfer", new { team = Team }),
                ("transfer/result", new { result = TransferResult }),
            })
            {
                await StaffDesk.JsonAsync(await StaffDesk.PostAsync(triage, $"/api/staff/cases/{Complaint}/{action}", body));
            }
            var store = desk.Service<CaseStore>();
            var closed = await store.ChangeAsync(Complaint, c => (c with { Status = CaseStatus.Closed, ClosedAt = c.UpdatedAt }, null), CancellationToken.None);
            await desk.Service<RatingFeature>().OpenAsync(closed!, CancellationToken.None);
            var rated = await chat.SayAsync(worker, "1 " + Comment);
            Assert.Contains("感谢您的评价", rated, StringComparison.Ordinal);
        }

        private static string NumberIn(string receipt) =>
            System.Text.RegularExpressions.Regex.Match(receipt, "(TS|QZ)-\\d{8}-\\d{4,}") is { Success: true } m ? m.Value : throw new InvalidOperationException("no case number in: " + receipt);
    }
}
