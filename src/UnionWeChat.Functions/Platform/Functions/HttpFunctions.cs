using Microsoft.AspNetCore.Mvc;
using Microsoft.Azure.Functions.Worker;
using UnionWeChat.Functions.Platform.Hosting;

namespace UnionWeChat.Functions.Platform.Functions;

/// <summary>
/// The HTTP functions, one per concern. Each hands the request to the app's own <see cref="RequestPipeline"/>, the one
/// the standalone host runs, so every route has one implementation; a function's route and methods only decide which
/// requests the Functions host passes on (a test checks them against the app's route table). Routes are below the
/// host's <c>api/</c> prefix (host.json). All are anonymous at the host: the app authenticates each request itself.
/// </summary>
public sealed class HttpFunctions(RequestPipeline pipeline)
{
    [Function("health")]
    public IActionResult Health(
        [HttpTrigger(AuthorizationLevel.Anonymous, "get", Route = "health")] HttpRequest request) =>
        pipeline.Handle(request);

    // WeChat cannot send a function key: the request's signature is its authentication.
    [Function("wechat")]
    public IActionResult WeChat(
        [HttpTrigger(AuthorizationLevel.Anonymous, "get", "post", Route = "wechat")] HttpRequest request) =>
        pipeline.Handle(request);

    // Members open the vote page from WeChat; WeChat OAuth on the page identifies them.
    [Function("vote")]
    public IActionResult Vote(
        [HttpTrigger(AuthorizationLevel.Anonymous, "get", "post", Route = "vote/{*rest}")] HttpRequest request) =>
        pipeline.Handle(request);

    // Members open their card and the application form from WeChat; WeChat OAuth on the page identifies them.
    [Function("member")]
    public IActionResult Member(
        [HttpTrigger(AuthorizationLevel.Anonymous, "get", "post", Route = "member/{*rest}")] HttpRequest request) =>
        pipeline.Handle(request);

    // Members answer surveys from WeChat; WeChat OAuth on the page identifies them.
    [Function("survey")]
    public IActionResult Survey(
        [HttpTrigger(AuthorizationLevel.Anonymous, "get", "post", Route = "survey/{*rest}")] HttpRequest request) =>
        pipeline.Handle(request);

    // The app signs staff in: a staff key, the console's cookie, or App Service Authentication's headers.
    [Function("staff")]
    public IActionResult Staff(
        [HttpTrigger(AuthorizationLevel.Anonymous, "get", "post", "put", "delete", Route = "staff/{*rest}")] HttpRequest request) =>
        pipeline.Handle(request);

    [Function("console")]
    public IActionResult Console(
        [HttpTrigger(AuthorizationLevel.Anonymous, "get", "post", Route = "console/{*rest}")] HttpRequest request) =>
        pipeline.Handle(request);
}
