namespace UnionWeChat.Functions.Cases;

/// <summary>How a staff reply reached the worker.</summary>
public enum ReplyDelivery
{
    /// <summary>A custom (客服) message, inside the worker's customer-service window.</summary>
    CustomMessage,
    /// <summary>A template message: the window was closed or its allowance used.</summary>
    TemplateMessage,
    /// <summary>Not pushed; the worker still sees the reply in 查询.</summary>
    NotDelivered,
}

/// <summary>The outcome of pushing a reply; <paramref name="Reason"/> says why it was not delivered (Chinese, shown to the worker).</summary>
public sealed record ReplyReport(ReplyDelivery Delivery, string? Reason)
{
    /// <summary>The line recorded under the reply in the case history, which the worker reads in 查询.</summary>
    public string Note => Delivery switch
    {
        ReplyDelivery.CustomMessage => "已通过公众号消息发送",
        ReplyDelivery.TemplateMessage => "已通过模板消息通知",
        _ => $"未能推送（{Reason}），可回复“查询”查看",
    };
}
