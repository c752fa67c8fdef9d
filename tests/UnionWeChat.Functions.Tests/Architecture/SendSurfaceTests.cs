using System.Reflection;
using UnionWeChat.Functions.Outbound;
using UnionWeChat.WeChat.Api;

namespace UnionWeChat.Functions.Tests.Architecture;

/// <summary>
/// Everything the account sends to a person goes through Outbound: in the app's IL, only <see cref="WeChatSender"/>
/// calls WeChat's custom, template and mass send methods, so the quotas, the channel rule and the lost-answer rule
/// cannot be skipped by a feature calling the client itself.
/// </summary>
public sealed class SendSurfaceTests
{
    private static readonly string[] SendNames =
        ["SendCustomTextAsync", "SendCustomImageAsync", "SendCustomNewsAsync", "SendTemplateAsync", "SendAllAsync", "SendToOpenIdsAsync", "PreviewAsync"];

    private static bool IsSend(MethodBase target) => target.DeclaringType == typeof(WeChatApiClient) && SendNames.Contains(target.Name);

    private static List<(Type Owner, MethodBase Body, MethodBase Target)> SendsIn(Assembly assembly) =>
        [.. TypeReferences.CallsIn(assembly).Where(c => c.Target is MethodBase m && IsSend(m)).Select(c => (c.Owner, c.Caller, (MethodBase)c.Target))];

    [Fact]
    public void Only_the_WeChat_sender_calls_the_WeChat_send_methods()
    {
        var offenders = SendsIn(typeof(WeChatSender).Assembly)
            .Where(c => c.Owner != typeof(WeChatSender))
            .Select(c => $"{c.Owner.FullName} ({c.Body.DeclaringType?.Name}.{c.Body.Name}) calls WeChatApiClient.{c.Target.Name}")
            .Distinct()
            .ToList();

        Assert.True(offenders.Count == 0, "Send through Outbound.WeChatSender or MemberMessenger instead:\n" + string.Join("\n", offenders));
    }

    [Fact]
    public void The_scanner_finds_sends_in_async_methods_lambdas_and_method_groups()
    {
        // Every send method named above exists: a rename in the client cannot empty the list unnoticed.
        var clientMethods = typeof(WeChatApiClient).GetMethods().Select(m => m.Name).ToHashSet();
        Assert.All(SendNames, name => Assert.Contains(name, clientMethods));

        // In the app: the sender's own calls, made from its async methods' state machines.
        var sender = SendsIn(typeof(WeChatSender).Assembly).Where(c => c.Owner == typeof(WeChatSender)).ToList();
        Assert.Equal(
            ["SendAllAsync", "SendCustomNewsAsync", "SendCustomTextAsync", "SendTemplateAsync", "SendToOpenIdsAsync"],
            sender.Select(c => c.Target.Name).Distinct().Order(StringComparer.Ordinal));
        Assert.All(sender, c => Assert.NotEqual(typeof(WeChatSender), c.Body.DeclaringType));

        // In this assembly: a decoy calling from an async method, a closure and a method group.
        var decoy = SendsIn(typeof(SendSurfaceTests).Assembly).Where(c => c.Owner == typeof(DecoySender)).ToList();
        Assert.Contains(decoy, c => c.Target.Name == "SendCustomTextAsync" && c.Body.Name == "MoveNext");
        Assert.Contains(decoy, c => c.Target.Name == "SendTemplateAsync" && c.Body.DeclaringType != typeof(DecoySender));
        Assert.Contains(decoy, c => c.Target.Name == "SendAllAsync");
    }

    /// <summary>Never run: only its IL is read.</summary>
    private static class DecoySender
    {
        public static async Task SendLaterAsync(WeChatApiClient api, string openId)
        {
            await Task.Yield();
            await api.SendCustomTextAsync(openId, "稍后回复");
        }

        public static Func<Task> Deferred(WeChatApiClient api, string openId) =>
            () => api.SendTemplateAsync(new TemplateMessage(openId, "tpl", new Dictionary<string, string>()));

        public static Func<MassContent, int?, string?, bool, CancellationToken, Task<MassSendResult>> Group(WeChatApiClient api) => api.SendAllAsync;
    }
}
