using System.Net;
using System.Text;
using System.Web;
using UnionWeChat.WeChat.Receiving;

namespace UnionWeChat.WeChat.Tests.Receiving;

/// <summary>
/// An in-process stand-in for the app's <c>/api/wechat</c> endpoint: what the function does with a push, minus storage.
/// Refusals become 400; a null reply becomes "success".
/// </summary>
internal sealed class ReceiverHandler(PushReceiver receiver, TimeProvider time, Func<IncomingMessage, Reply?> reply) : HttpMessageHandler
{
    public List<ReceivedPush> Received { get; } = [];

    protected override async Task<HttpResponseMessage> SendAsync(HttpRequestMessage request, CancellationToken cancellationToken)
    {
        var q = HttpUtility.ParseQueryString(request.RequestUri!.Query);
        var query = new PushQuery(q["signature"], q["timestamp"], q["nonce"], q["openid"], q["encrypt_type"], q["msg_signature"]);
        var body = await request.Content!.ReadAsByteArrayAsync(cancellationToken);
        ReceivedPush push;
        try
        {
            push = receiver.Receive(query, body);
        }
        catch (WeChatProtocolException ex)
        {
            return new HttpResponseMessage(HttpStatusCode.BadRequest) { Content = new StringContent(ex.Reason.ToString()) };
        }

        lock (Received)
        {
            Received.Add(push);
        }

        var answer = reply(push.Message);
        var xml = answer is null
            ? ReplyWriter.Success
            : ReplyWriter.Write(answer, push.Message.FromUserName, push.Message.ToUserName, time.GetUtcNow());
        return new HttpResponseMessage(HttpStatusCode.OK)
        {
            Content = new StringContent(receiver.Seal(xml, push.Mode), Encoding.UTF8, "text/xml"),
        };
    }
}
