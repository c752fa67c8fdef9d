using System.Net;
using System.Text;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.Abstractions;
using Microsoft.AspNetCore.Routing;
using Microsoft.Extensions.DependencyInjection;
using UnionWeChat.Functions.Platform.Functions;

namespace UnionWeChat.Functions.Tests.Functions;

/// <summary>
/// Calls an HTTP <c>[Function]</c> method as the isolated worker does: with a request already routed to the function
/// (the worker's endpoint and route values set, as its ASP.NET Core integration leaves them), the app's services for
/// the invocation, and the returned <see cref="IActionResult"/> executed against that request.
/// </summary>
internal static class FunctionInvocation
{
    public sealed record Answer(HttpStatusCode Status, string? MediaType, string Body, IHeaderDictionary Headers);

    public static async Task<Answer> InvokeAsync(
        IServiceProvider services,
        Func<HttpFunctions, HttpRequest, IActionResult> function,
        string method,
        string pathAndQuery,
        Action<HttpRequest>? prepare = null)
    {
        await using var scope = services.CreateAsyncScope();
        var context = new DefaultHttpContext { RequestServices = scope.ServiceProvider };
        var uri = new Uri("http://localhost" + pathAndQuery);
        context.Request.Method = method;
        context.Request.Scheme = uri.Scheme;
        context.Request.Host = new HostString(uri.Authority);
        context.Request.Path = uri.AbsolutePath;
        context.Request.QueryString = new QueryString(uri.Query);
        context.Response.Body = new MemoryStream();
        prepare?.Invoke(context.Request);
        context.SetEndpoint(new Endpoint(_ => Task.CompletedTask, EndpointMetadataCollection.Empty, "the worker's function endpoint"));
        context.Request.RouteValues["rest"] = "set by the worker's routing";

        var functions = ActivatorUtilities.CreateInstance<HttpFunctions>(scope.ServiceProvider);
        var result = function(functions, context.Request);
        await result.ExecuteResultAsync(new ActionContext(context, new RouteData(), new ActionDescriptor()));

        context.Response.Body.Position = 0;
        using var reader = new StreamReader(context.Response.Body, Encoding.UTF8);
        var mediaType = context.Response.ContentType is { } type ? type.Split(';')[0].Trim() : null;
        return new Answer((HttpStatusCode)context.Response.StatusCode, mediaType, await reader.ReadToEndAsync(), context.Response.Headers);
    }

    /// <summary>The same request through the standalone host (the test server), for comparison.</summary>
    public static async Task<Answer> SendAsync(HttpClient client, HttpRequestMessage request)
    {
        using var response = await client.SendAsync(request);
        var headers = new HeaderDictionary();
        foreach (var (name, values) in response.Headers.Concat(response.Content.Headers))
        {
            headers[name] = values.ToArray();
        }
        return new Answer(response.StatusCode, response.Content.Headers.ContentType?.MediaType, await response.Content.ReadAsStringAsync(), headers);
    }
}
