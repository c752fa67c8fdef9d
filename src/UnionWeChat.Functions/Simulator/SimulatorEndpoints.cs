using Microsoft.AspNetCore.Http.HttpResults;
using UnionWeChat.WeChat.Api;
using UnionWeChat.WeChat.Receiving;

namespace UnionWeChat.Functions.Simulator;

/// <summary>
/// <c>/dev/wechat</c>: the simulator page and what it calls. Development only (see <see cref="SimulatorExtensions"/>);
/// no sign-in, as it only ever runs on a developer's laptop.
/// </summary>
public static class SimulatorEndpoints
{
    public const string Prefix = "/dev/wechat";

    private static readonly string[] PhotoTypes = ["image/jpeg", "image/png", "image/gif"];

    public static string PhotoPath(string mediaId) => Prefix + "/photo/" + mediaId;

    public static IEndpointRouteBuilder MapSimulatorEndpoints(this IEndpointRouteBuilder app)
    {
        var group = app.MapGroup(Prefix).ExcludeFromDescription();
        group.MapGet("", SimulatorPage.Html);
        group.MapGet("/simulator.js", SimulatorPage.Script);
        group.MapGet("/simulator.css", SimulatorPage.Style);
        group.MapGet("/setup", Setup);
        group.MapGet("/menu", (SimulatorMenu menu) => TypedResults.Ok(menu.Current()));
        group.MapGet("/inbox", Inbox);
        group.MapPost("/send", SendAsync);
        group.MapPost("/photo", SendPhotoAsync);
        group.MapGet("/photo/{mediaId}", GetPhotoAsync);
        return app;
    }

    public static Ok<SetupView> Setup(SimulatorSender sender, SimulatorOptions options, ChatTranscript transcript) =>
        TypedResults.Ok(new SetupView(options.AccountId, sender.Mode == PushMode.Safe ? "safe" : "plaintext", transcript.Epoch,
            SimulatedIdentity.CookieName));

    public static Results<Ok<InboxView>, ValidationProblem> Inbox(string? openId, long? after, ChatTranscript transcript)
    {
        var problems = new Dictionary<string, string[]>();
        WorkerAction.CheckMember(openId, null, problems);
        if (after < 0)
        {
            problems["after"] = ["must be 0 or more"];
        }
        return problems.Count > 0
            ? TypedResults.ValidationProblem(problems)
            : TypedResults.Ok(new InboxView(transcript.Epoch, transcript.After(openId!, after ?? 0)));
    }

    public static async Task<Results<Ok<SendResult>, ValidationProblem>> SendAsync(
        WorkerAction action, SimulatorSender sender, CancellationToken ct)
    {
        var problems = action.Validate();
        return problems.Count > 0 ? TypedResults.ValidationProblem(problems) : TypedResults.Ok(await sender.SendAsync(action, ct));
    }

    /// <summary>The photo's bytes are the body (Content-Type image/jpeg, image/png or image/gif); the member is in the query.</summary>
    public static async Task<Results<Ok<SendResult>, ValidationProblem, StatusCodeHttpResult>> SendPhotoAsync(
        HttpRequest request, string? openId, string? nickname, SimulatorSender sender, SimulatorOptions options, CancellationToken ct)
    {
        var problems = new Dictionary<string, string[]>();
        WorkerAction.CheckMember(openId, nickname, problems);
        if (problems.Count > 0)
        {
            return TypedResults.ValidationProblem(problems);
        }
        var contentType = request.ContentType?.Split(';')[0].Trim().ToLowerInvariant();
        if (contentType is null || !PhotoTypes.Contains(contentType))
        {
            return TypedResults.StatusCode(StatusCodes.Status415UnsupportedMediaType);
        }
        if (request.ContentLength > options.MaxPhotoBytes)
        {
            return TypedResults.StatusCode(StatusCodes.Status413PayloadTooLarge);
        }
        var bytes = await ReadBoundedAsync(request.Body, options.MaxPhotoBytes, ct);
        if (bytes is null)
        {
            return TypedResults.StatusCode(StatusCodes.Status413PayloadTooLarge);
        }
        if (bytes.Length == 0)
        {
            return TypedResults.ValidationProblem(new Dictionary<string, string[]> { ["body"] = ["the photo is empty"] });
        }
        return TypedResults.Ok(await sender.SendPhotoAsync(openId!, nickname, bytes, contentType, ct));
    }

    /// <summary>A photo a simulated worker sent, fetched from the stand-in the way a feature would download it.</summary>
    public static async Task<Results<FileContentHttpResult, NotFound>> GetPhotoAsync(string mediaId, WeChatApiClient wechat, CancellationToken ct)
    {
        if (mediaId.Length > 64 || !mediaId.All(char.IsAsciiLetterOrDigit))
        {
            return TypedResults.NotFound();
        }
        try
        {
            var media = await wechat.DownloadMediaAsync(mediaId, ct);
            return TypedResults.File(media.Content.ToArray(), media.ContentType);
        }
        catch (WeChatApiException)
        {
            return TypedResults.NotFound();
        }
    }

    private static async Task<byte[]?> ReadBoundedAsync(Stream body, int limit, CancellationToken ct)
    {
        using var buffer = new MemoryStream();
        var chunk = new byte[16 * 1024];
        int read;
        while ((read = await body.ReadAsync(chunk, ct)) > 0)
        {
            if (buffer.Length + read > limit)
            {
                return null;
            }
            buffer.Write(chunk, 0, read);
        }
        return buffer.ToArray();
    }
}

/// <summary>What the page needs to know once: the account's id, the push mode, the run's epoch and the identity cookie's name.</summary>
public sealed record SetupView(string Account, string Mode, string Epoch, string IdentityCookie);

/// <summary>A member's chat entries after the id the page asked from, and the run they belong to.</summary>
public sealed record InboxView(string Epoch, IReadOnlyList<ChatEntry> Entries);
