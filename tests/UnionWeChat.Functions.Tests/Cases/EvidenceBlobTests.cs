using System.Security.Cryptography;
using Azure.Data.Tables;
using Azure.Storage.Blobs;
using Microsoft.Extensions.DependencyInjection;
using UnionWeChat.Functions.Cases;
using UnionWeChat.Functions.Menu;
using UnionWeChat.Functions.Platform.Storage;
using UnionWeChat.Functions.Platform.Storage.Tables;
using UnionWeChat.Testing;
using UnionWeChat.WeChat.Receiving;

namespace UnionWeChat.Functions.Tests.Cases;

/// <summary>
/// Evidence a worker sends is a blob in the evidence container, one folder per case, and the case records its content
/// type, size and SHA-256; evidence kept as table pieces by earlier versions is moved there once.
/// </summary>
public sealed class EvidenceBlobTests(AzuriteFixture azurite) : IClassFixture<AzuriteFixture>
{
    [Fact]
    public async Task A_photo_sent_during_a_complaint_is_a_blob_whose_sha256_is_on_the_case()
    {
        await using var chat = await ChatHarness.StartAsync(azurite, PushMode.Safe);
        const string worker = "oWorkerEvidenceBlob00000001";
        var photo = RandomNumberGenerator.GetBytes(150_000);
        chat.WeChat.State.AddMedia("media_photo_blob_1", photo, "image/jpeg");

        await chat.ClickAsync(worker, MenuKeys.Complaint);
        await chat.SayAsync(worker, "1");
        await chat.SayAsync(worker, "银川某某建筑有限公司");
        Assert.Contains("第1份证据", await chat.SendImageAsync(worker, "media_photo_blob_1"));
        await chat.SayAsync(worker, "三个月的工资没有发放。");
        await chat.SayAsync(worker, "跳过");
        await chat.SayAsync(worker, "2");
        var number = Receipts.CaseNumber().Match(await chat.SayAsync(worker, "确认")).Value;

        var cases = chat.App.Services.GetRequiredService<CaseStore>();
        Assert.True(await Eventually.HoldsAsync(async () => (await cases.GetAsync(number, CancellationToken.None))!.EvidenceFiles.Count == 1),
            "the photo was not kept on the case");
        var file = Assert.Single((await cases.GetAsync(number, CancellationToken.None))!.EvidenceFiles);
        Assert.Equal(Convert.ToHexStringLower(SHA256.HashData(photo)), file.Sha256);
        Assert.Equal("image/jpeg", file.ContentType);
        Assert.Equal(photo.Length, file.Length);
        Assert.StartsWith(number + "/", file.Blob, StringComparison.Ordinal);

        var options = chat.App.Services.GetRequiredService<StorageOptions>();
        var blob = new BlobServiceClient(azurite.ConnectionString).GetBlobContainerClient(options.EvidenceContainer).GetBlobClient(file.Blob);
        var stored = await blob.DownloadContentAsync();
        Assert.Equal(photo, stored.Value.Content.ToArray());
        Assert.Equal("image/jpeg", stored.Value.Details.ContentType);
        Assert.Equal(file.Sha256, stored.Value.Details.Metadata["sha256"]);
        var history = await cases.HistoryAsync(number, CancellationToken.None);
        Assert.Contains(history, e => e.Action == "evidence-kept" && e.Detail.Contains(file.Sha256, StringComparison.Ordinal));
    }

    [Fact]
    public async Task The_migration_moves_an_old_chunked_evidence_row_into_a_blob_and_a_second_run_changes_nothing()
    {
        await using var app = new AppFactory(azurite.ConnectionString);
        var cases = app.Services.GetRequiredService<CaseStore>();
        var filed = await cases.CreateAsync(CaseKind.Complaint, number => new Case
        {
            Number = number,
            Kind = CaseKind.Complaint,
            Category = "欠薪",
            CreatedAt = DateTimeOffset.Parse("2026-06-01T09:00:00+08:00"),
            UpdatedAt = DateTimeOffset.Parse("2026-06-01T09:00:00+08:00"),
            WorkerRef = "w-migration",
            OpenId = "oWorkerMigration00000000001",
            Description = "旧版本保存的证据",
            Evidence = ["image:old_media", "voice:old_voice"],
        }, "worker", CancellationToken.None);
        // As earlier versions kept it: a description row and rows of 12 binary pieces of 60,000 bytes each.
        var photo = RandomNumberGenerator.GetBytes(1_000_000);
        var voice = RandomNumberGenerator.GetBytes(5_000);
        var legacy = await app.Services.GetRequiredService<AppTables>().OpenAsync(EvidenceMigration.LegacyTable);
        await WriteLegacyAsync(legacy, filed.Number, 0, "image/jpeg", photo);
        await WriteLegacyAsync(legacy, filed.Number, 1, "audio/amr", voice);
        var migration = app.Services.GetRequiredService<EvidenceMigration>();

        await migration.RunAsync(CancellationToken.None);

        var evidence = app.Services.GetRequiredService<EvidenceStore>();
        var kept = (await cases.GetAsync(filed.Number, CancellationToken.None))!;
        Assert.Equal([0, 1], kept.EvidenceFiles.Select(f => f.Index).Order());
        Assert.Equal(Convert.ToHexStringLower(SHA256.HashData(photo)), kept.EvidenceFiles.Single(f => f.Index == 0).Sha256);
        Assert.Equal(photo, (await evidence.ReadAsync(filed.Number, 0, CancellationToken.None))!.Value.Bytes);
        Assert.Equal(("audio/amr", voice.Length), ((await evidence.ReadAsync(filed.Number, 1, CancellationToken.None))!.Value.ContentType,
            (await evidence.ReadAsync(filed.Number, 1, CancellationToken.None))!.Value.Bytes.Length));
        Assert.Equal(0, await CountAsync(legacy));

        var history = (await cases.HistoryAsync(filed.Number, CancellationToken.None)).Count;
        await migration.RunAsync(CancellationToken.None);

        var again = (await cases.GetAsync(filed.Number, CancellationToken.None))!;
        Assert.Equal(kept.EvidenceFiles, again.EvidenceFiles);
        Assert.Equal(kept.ETag, again.ETag);
        Assert.Equal(history, (await cases.HistoryAsync(filed.Number, CancellationToken.None)).Count);
    }

    [Fact]
    public async Task An_old_evidence_row_with_a_missing_piece_is_left_in_place()
    {
        await using var app = new AppFactory(azurite.ConnectionString);
        var legacy = await app.Services.GetRequiredService<AppTables>().OpenAsync(EvidenceMigration.LegacyTable);
        await WriteLegacyAsync(legacy, "TS-20260601-0099", 0, "image/jpeg", RandomNumberGenerator.GetBytes(800_000));
        await legacy.DeleteAsync("TS-20260601-0099", "00-001");
        var before = await CountAsync(legacy);

        await app.Services.GetRequiredService<EvidenceMigration>().RunAsync(CancellationToken.None);

        Assert.Equal(before, await CountAsync(legacy));
    }

    private static async Task WriteLegacyAsync(TableClient table, string number, int index, string contentType, byte[] bytes)
    {
        const int piece = 60_000, perRow = 12;
        var rows = 0;
        for (var offset = 0; offset < bytes.Length; offset += piece * perRow, rows++)
        {
            var row = new TableEntity(number, $"{index:D2}-{rows:D3}");
            for (var p = 0; p < perRow && offset + p * piece < bytes.Length; p++)
            {
                var start = offset + p * piece;
                row[$"P{p:D2}"] = bytes[start..Math.Min(start + piece, bytes.Length)];
            }
            await table.UpsertAsync(row, TableUpdateMode.Replace);
        }
        await table.UpsertAsync(new TableEntity(number, $"{index:D2}") { ["ContentType"] = contentType, ["Length"] = bytes.Length, ["Rows"] = rows }, TableUpdateMode.Replace);
    }

    private static async Task<int> CountAsync(TableClient table)
    {
        var n = 0;
        await foreach (var _ in table.QueryAsync())
        {
            n++;
        }
        return n;
    }
}
