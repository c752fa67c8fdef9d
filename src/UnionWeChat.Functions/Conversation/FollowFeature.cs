using UnionWeChat.Functions.Members;
using UnionWeChat.WeChat.Receiving;

namespace UnionWeChat.Functions.Conversation;

/// <summary>
/// 关注 / 取消关注. Following creates a fresh profile and says what the account does. Unfollowing deletes the
/// profile and any open dialog (WeChat's rules); the worker's cases stay, as union records, under a pseudonym,
/// and reconnect if they follow again. So does a union registration: it is the union's record, kept in the registry,
/// and copied onto the fresh profile of a member who follows again.
/// </summary>
public sealed class FollowFeature(IMemberRegistry registry) : IEventFeature
{
    public const string Welcome =
        "您好，欢迎关注职工之家！\n" +
        "在这里您可以：\n" +
        "· 维权投诉：欠薪、劳动合同、工伤、社保等问题，回复“投诉”\n" +
        "· 申请帮扶：困难帮扶、医疗救助、金秋助学、法律援助、就业服务，回复“求助”\n" +
        "· 查询进度：回复“查询”查看您提交的事项\n" +
        "· 参加投票：回复“投票”\n" +
        "· 加入工会：回复“入会”在线申请\n" +
        "也可以直接点击下方菜单，或回复“帮助”查看全部功能。维权热线：12351。";

    public bool Handles(EventMessage message) => message is SubscribeEvent or UnsubscribeEvent;

    // The profile is replaced in the push's own write (with the dialog gone), so a retried event changes nothing twice.
    public async Task<Reply?> HandleAsync(ChatContext chat, CancellationToken ct)
    {
        if (chat.Message is SubscribeEvent subscribe)
        {
            var fresh = MemberStore.NewFollower(chat.OpenId, string.IsNullOrEmpty(subscribe.SceneKey) ? null : subscribe.SceneKey, chat.Now);
            var kept = await registry.FindAsync(chat.OpenId, ct);
            fresh = fresh with { Registered = kept.Registration is not null, Registration = kept.Registration, JoinApplication = kept.JoinApplication };
            chat.ResetMember(fresh);
            return new TextReply(Welcome);
        }
        chat.ResetMember(MemberStore.Unfollowed(chat.OpenId, chat.Now));
        return null;
    }
}
