using UnionWeChat.Functions.Cases;
using UnionWeChat.Functions.Platform.Storage;
using UnionWeChat.Testing;

namespace UnionWeChat.Functions.Tests.Cases;

/// <summary>Case numbers stay unique and gap-free under a burst, on one instance and across instances.</summary>
public sealed class CaseNumbersTests(AzuriteFixture azurite) : IClassFixture<AzuriteFixture>
{
    // 10:00 in China on 21 November 2026.
    private static readonly DateTimeOffset Day = new(2026, 11, 21, 10, 0, 0, TimeSpan.FromHours(8));

    [Fact]
    public async Task A_burst_on_one_instance_gets_consecutive_numbers_without_gaps()
    {
        var numbers = new CaseNumbers(Tables());

        var issued = await Task.WhenAll(Enumerable.Range(0, 20).Select(_ => numbers.NextAsync(CaseKind.Complaint, Day, CancellationToken.None)));

        Assert.Equal(Expected("TS", 1, 20), issued.Order(StringComparer.Ordinal));
    }

    [Fact]
    public async Task Two_instances_sharing_the_counter_never_hand_out_the_same_number()
    {
        var tables = Tables();
        var first = new CaseNumbers(tables);
        var second = new CaseNumbers(tables);

        var issued = await Task.WhenAll(Enumerable.Range(0, 30).Select(i =>
            (i % 2 == 0 ? first : second).NextAsync(CaseKind.Complaint, Day, CancellationToken.None)));

        Assert.Equal(Expected("TS", 1, 30), issued.Order(StringComparer.Ordinal));
    }

    [Fact]
    public async Task An_instance_carries_on_after_numbers_another_instance_took()
    {
        var tables = Tables();
        var first = new CaseNumbers(tables);
        var second = new CaseNumbers(tables);

        Assert.Equal("TS-20261121-0001", await first.NextAsync(CaseKind.Complaint, Day, CancellationToken.None));
        Assert.Equal("TS-20261121-0002", await second.NextAsync(CaseKind.Complaint, Day, CancellationToken.None));
        Assert.Equal("TS-20261121-0003", await second.NextAsync(CaseKind.Complaint, Day, CancellationToken.None));
        Assert.Equal("TS-20261121-0004", await first.NextAsync(CaseKind.Complaint, Day, CancellationToken.None));
    }

    [Fact]
    public async Task Complaints_and_aid_requests_count_separately_and_each_day_starts_at_one()
    {
        var numbers = new CaseNumbers(Tables());

        Assert.Equal("TS-20261121-0001", await numbers.NextAsync(CaseKind.Complaint, Day, CancellationToken.None));
        Assert.Equal("QZ-20261121-0001", await numbers.NextAsync(CaseKind.Aid, Day, CancellationToken.None));
        Assert.Equal("TS-20261121-0002", await numbers.NextAsync(CaseKind.Complaint, Day, CancellationToken.None));
        Assert.Equal("TS-20261122-0001", await numbers.NextAsync(CaseKind.Complaint, Day.AddDays(1), CancellationToken.None));
        Assert.Equal("TS-20261121-0003", await numbers.NextAsync(CaseKind.Complaint, Day, CancellationToken.None));
    }

    private static IEnumerable<string> Expected(string prefix, int from, int to) =>
        Enumerable.Range(from, to - from + 1).Select(n => $"{prefix}-20261121-{n:D4}");

    private AppTables Tables()
    {
        var options = new StorageOptions { ConnectionString = azurite.ConnectionString, TablePrefix = "n" + Guid.NewGuid().ToString("N")[..10] };
        return new AppTables(new StorageClients(options), options);
    }
}
