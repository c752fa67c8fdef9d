using System.Text.Encodings.Web;
using System.Text.Json;
using System.Text.Json.Nodes;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Routing;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;

namespace UnionWeChat.WeChat.Simulator;

/// <summary>Maps the stand-in on the same paths as WeChat's API servers (<c>/cgi-bin/...</c>, <c>/sns/...</c>).</summary>
public static class WeChatApiStandInEndpoints
{
    private const string StableTokenPath = "/cgi-bin/stable_token";
    private const string HeldAnswer = "UnionWeChat.StandIn.HeldAnswer";
    private static readonly JsonSerializerOptions ReplyJson = new() { Encoder = JavaScriptEncoder.UnsafeRelaxedJsonEscaping };

    /// <summary>Registers the singleton <see cref="WeChatApiStandIn"/> (uses the registered <see cref="TimeProvider"/>).</summary>
    public static IServiceCollection AddWeChatApiStandIn(this IServiceCollection services, Action<WeChatApiStandInOptions>? configure = null)
    {
        services.TryAddSingleton(TimeProvider.System);
        services.TryAddSingleton(sp =>
        {
            var options = new WeChatApiStandInOptions();
            configure?.Invoke(options);
            return new WeChatApiStandIn(options, sp.GetRequiredService<TimeProvider>());
        });
        return services;
    }

    /// <summary>
    /// Maps every stand-in endpoint under <paramref name="prefix"/> (e.g. <c>/dev/wechat-api</c>; point
    /// <c>WeChat__ApiBaseUrl</c> there). Needs <see cref="AddWeChatApiStandIn"/>. Development and tests only.
    /// </summary>
    public static RouteGroupBuilder MapWeChatApiStandIn(this IEndpointRouteBuilder endpoints, string prefix = "")
    {
        ArgumentNullException.ThrowIfNull(endpoints);
        var state = endpoints.ServiceProvider.GetRequiredService<WeChatApiStandIn>();
        var api = endpoints.MapGroup(prefix);

        Post(api, state, StableTokenPath, needsToken: false, state.StableToken);
        Post(api, state, "/cgi-bin/message/custom/send", needsToken: true, state.CustomSend);
        Post(api, state, "/cgi-bin/message/template/send", needsToken: true, state.TemplateSend);
        Post(api, state, "/cgi-bin/message/mass/sendall", needsToken: true, state.MassSendAll);
        Post(api, state, "/cgi-bin/message/mass/send", needsToken: true, state.MassSend);
        Post(api, state, "/cgi-bin/message/mass/preview", needsToken: true, state.Preview);
        Post(api, state, "/cgi-bin/user/info/batchget", needsToken: true, state.UserInfoBatch);
        Post(api, state, "/cgi-bin/tags/create", needsToken: true, state.CreateTag);
        Post(api, state, "/cgi-bin/tags/members/batchtagging", needsToken: true, body => state.BatchTag(body, add: true));
        Post(api, state, "/cgi-bin/tags/members/batchuntagging", needsToken: true, body => state.BatchTag(body, add: false));
        Post(api, state, "/cgi-bin/tags/getidlist", needsToken: true, state.TagIdList);
        Post(api, state, "/cgi-bin/user/tag/get", needsToken: true, state.TagFollowers);
        Post(api, state, "/cgi-bin/menu/create", needsToken: true, state.CreateMenu);
        Get(api, state, "/cgi-bin/user/get", needsToken: true, query => state.Followers(query["next_openid"].ToString()));
        Get(api, state, "/cgi-bin/tags/get", needsToken: true, _ => state.GetTags());
        Get(api, state, "/cgi-bin/menu/get", needsToken: true, _ => state.GetMenu());
        Get(api, state, "/cgi-bin/menu/delete", needsToken: true, _ => state.DeleteMenu());
        Get(api, state, "/sns/oauth2/access_token", needsToken: false, query => state.OAuthAccessToken(
            query["appid"].ToString(), query["secret"].ToString(), query["code"].ToString(), query["grant_type"].ToString()));
        api.MapGet("/cgi-bin/media/get", context => HandleAsync(context, state, "/cgi-bin/media/get", needsToken: true, readsBody: false, (_, ctx) => WriteMediaAsync(ctx, state)));
        api.MapGet("/connect/oauth2/authorize", context => AuthorizeAsync(context, state));
        return api;
    }

    private static void Post(RouteGroupBuilder api, WeChatApiStandIn state, string path, bool needsToken, Func<JsonElement, JsonObject> handle) =>
        api.MapPost(path, context => HandleAsync(context, state, path, needsToken, readsBody: true, (body, ctx) => AnswerAsync(ctx, state, path, handle(body))));

    private static void Get(RouteGroupBuilder api, WeChatApiStandIn state, string path, bool needsToken, Func<IQueryCollection, JsonObject> handle) =>
        api.MapGet(path, context => HandleAsync(context, state, path, needsToken, readsBody: false, (_, ctx) => AnswerAsync(ctx, state, path, handle(ctx.Request.Query))));

    // What WeChat's front does before an API sees a request: faults (injected), access token, quotas, body shape.
    private static async Task HandleAsync(
        HttpContext context, WeChatApiStandIn state, string path, bool needsToken, bool readsBody, Func<JsonElement, HttpContext, Task> handle)
    {
        state.CountCall(path);
        var (delay, fault, drawn) = state.TakeFaults(path, exemptFromRandom: path == StableTokenPath);
        if (delay is not null && !await WaitAsync(delay, state, context.RequestAborted))
        {
            return;
        }

        switch (fault?.Kind)
        {
            case StandInFaultKind.HttpStatus:
                context.Response.StatusCode = fault.Code;
                return;
            case StandInFaultKind.ErrCode:
                // WeChat answers 40001 because the token is no longer valid: a drawn one makes it so, or the caller's
                // refresh would get the same token back. A queued one is the answer only (see FailNext).
                if (fault.Code == 40001 && needsToken && drawn)
                {
                    state.InvalidateAccessTokens();
                }

                await WriteJsonAsync(context, StandInReplies.Error(fault.Code));
                return;
            case StandInFaultKind.NeverReached:
                // Nothing is handled: if the caller is still waiting when the hold ends, a gateway timeout.
                if (await WaitAsync(state.TimeoutHold(), state, context.RequestAborted))
                {
                    context.Response.StatusCode = StatusCodes.Status504GatewayTimeout;
                }

                return;
            case StandInFaultKind.AnswerLost:
                context.Items[HeldAnswer] = state.TimeoutHold();
                break;
        }

        int code;
        if ((needsToken && (code = state.CheckAccessToken(context.Request.Query["access_token"].ToString())) != 0) || (code = state.CheckLimits(path)) != 0)
        {
            await WriteJsonAsync(context, StandInReplies.Error(code));
            return;
        }

        var body = default(JsonElement);
        if (readsBody)
        {
            var (parsed, error) = await ReadBodyAsync(context, state.Options.MaxBodyBytes);
            if (error != 0)
            {
                await WriteJsonAsync(context, StandInReplies.Error(error));
                return;
            }

            body = parsed;
            if (!context.Items.ContainsKey(HeldAnswer) && state.TakeLostAnswer(path, body) is { } lost)
            {
                context.Items[HeldAnswer] = lost;
            }
        }

        await handle(body, context);
    }

    private static async Task<bool> WaitAsync(WeChatApiStandIn.Delay delay, WeChatApiStandIn state, CancellationToken aborted)
    {
        delay.Arrived.TrySetResult();
        try
        {
            if (delay.Release is not null)
            {
                await delay.Release.WaitAsync(aborted);
            }
            else if (delay.For is { } span)
            {
                await Task.Delay(span, state.Time, aborted);
            }

            return true;
        }
        catch (OperationCanceledException) when (aborted.IsCancellationRequested)
        {
            // The caller gave up (e.g. its timeout): nothing to answer.
            return false;
        }
    }

    private static async Task AnswerAsync(HttpContext context, WeChatApiStandIn state, string path, JsonObject reply)
    {
        var hold = context.Items[HeldAnswer] as WeChatApiStandIn.Delay ?? state.TakeHold(path);
        if (hold is not null && !await WaitAsync(hold, state, context.RequestAborted))
        {
            return;
        }

        await WriteJsonAsync(context, reply);
    }

    private static async Task<(JsonElement Body, int Error)> ReadBodyAsync(HttpContext context, int maxBytes)
    {
        using var buffer = new MemoryStream();
        var chunk = new byte[16 * 1024];
        int read;
        while ((read = await context.Request.Body.ReadAsync(chunk, context.RequestAborted)) > 0)
        {
            if (buffer.Length + read > maxBytes)
            {
                return (default, StandInBody.DataFormatError);
            }

            buffer.Write(chunk, 0, read);
        }

        if (buffer.Length == 0)
        {
            return (default, 44002);
        }

        try
        {
            using var document = JsonDocument.Parse(buffer.ToArray());
            return document.RootElement.ValueKind == JsonValueKind.Object ? (document.RootElement.Clone(), 0) : (default, StandInBody.DataFormatError);
        }
        catch (JsonException)
        {
            return (default, StandInBody.DataFormatError);
        }
    }

    private static Task WriteJsonAsync(HttpContext context, JsonObject reply)
    {
        context.Response.ContentType = "application/json; encoding=utf-8";
        return context.Response.WriteAsync(reply.ToJsonString(ReplyJson), context.RequestAborted);
    }

    private static async Task WriteMediaAsync(HttpContext context, WeChatApiStandIn state)
    {
        var (file, error) = state.GetMedia(context.Request.Query["media_id"].ToString());
        if (file is null)
        {
            // WeChat answers media errors as text/plain JSON.
            context.Response.ContentType = "text/plain";
            await context.Response.WriteAsync(error!.ToJsonString(ReplyJson), context.RequestAborted);
            return;
        }

        context.Response.ContentType = file.ContentType;
        context.Response.Headers.ContentDisposition = $"attachment; filename=\"{file.FileName}\"";
        await context.Response.Body.WriteAsync(file.Bytes, context.RequestAborted);
    }

    // Stands in for WeChat's authorize page in development: the simulator names the member with &openid=,
    // and the stand-in redirects back with a fresh code, as WeChat does after snsapi_base.
    private static async Task AuthorizeAsync(HttpContext context, WeChatApiStandIn state)
    {
        state.CountCall("/connect/oauth2/authorize");
        var query = context.Request.Query;
        var openId = query["openid"].ToString();
        var appId = query["appid"].ToString();
        if (state.Options.AppId is not null && appId != state.Options.AppId)
        {
            context.Response.StatusCode = StatusCodes.Status400BadRequest;
            await context.Response.WriteAsync("appid does not match the stand-in's account", context.RequestAborted);
            return;
        }

        if (!Uri.TryCreate(query["redirect_uri"].ToString(), UriKind.Absolute, out var redirect)
            || (redirect.Scheme != Uri.UriSchemeHttp && redirect.Scheme != Uri.UriSchemeHttps)
            || query["response_type"] != "code" || string.IsNullOrEmpty(openId))
        {
            context.Response.StatusCode = StatusCodes.Status400BadRequest;
            await context.Response.WriteAsync(
                "needs redirect_uri (absolute http/https), response_type=code and, in the stand-in, openid= naming the simulated member",
                context.RequestAborted);
            return;
        }

        var code = state.IssueOAuthCode(openId);
        var separator = string.IsNullOrEmpty(redirect.Query) ? "?" : "&";
        var target = redirect.GetLeftPart(UriPartial.Query) + separator + "code=" + code + "&state=" + Uri.EscapeDataString(query["state"].ToString());
        context.Response.Redirect(target);
    }
}
