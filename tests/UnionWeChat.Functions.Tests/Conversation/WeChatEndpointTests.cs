using System.Net;
using System.Text;
using Microsoft.Extensions.DependencyInjection;
using UnionWeChat.Functions.Conversation;
using UnionWeChat.Functions.Platform.Storage.Tables;
using UnionWeChat.Testing;
using UnionWeChat.WeChat.Receiving;
using UnionWeChat.WeChat.Simulator;

namespace UnionWeChat.Functions.Tests.Conversation;

public sealed class WeChatEndpointTests(AzuriteFixture azurite) : IClassFixture<AzuriteFixture>
{
    [Fact]
    public async Task Url_verification_echoes_only_for_a_valid_signature()
    {
        await using var chat = await ChatHarness.StartAsync(azurite);
        var ts = ChatHarness.Now.ToString();
        var signature = WeChatSignature.Compute(AppFactory.Token, ts, "nonce1");

        using var good = await chat.Http.GetAsync($"/api/wechat?signature={signature}&timestamp={ts}&nonce=nonce1&echostr=hello123");
        Assert.Equal(HttpStatusCode.OK, good.StatusCode);
        Assert.Equal("text/plain", good.Content.Headers.ContentType?.MediaType);
        Assert.Equal("hello123", await good.Content.ReadAsStringAsync());

        using var bad = await chat.Http.GetAsync($"/api/wechat?signature={new string('0', 40)}&timestamp={ts}&nonce=nonce1&echostr=hello123");
        Assert.Equal(HttpStatusCode.Unauthorized, bad.StatusCode);
        Assert.DoesNotContain("hello123", await bad.Content.ReadAsStringAsync());
    }

    [Theory]
    [InlineData(PushMode.Plaintext)]
    [InlineData(PushMode.Compatible)]
    [InlineData(PushMode.Safe)]
    public async Task A_text_message_gets_a_reply_in_the_mode_it_came_in(PushMode mode)
    {
        await using var chat = await ChatHarness.StartAsync(azurite, mode);

        // The pusher checks the reply's MsgSignature and decrypts it in the encrypted modes.
        var reply = await chat.SayAsync("oWorkerMode0000000000000001", "你好");

        Assert.Contains("12351", reply);
    }

    [Fact]
    public async Task The_same_message_pushed_three_times_at_once_is_handled_once_and_answered_alike()
    {
        var router = new CountingRouter();
        await using var chat = await ChatHarness.StartAsync(azurite, configure: app => app.WithServices(s => s.AddSingleton<IMessageRouter>(router)));
        var xml = PushXml.Text("oWorkerDup00000000000000001", ChatHarness.AccountId, "投诉", 123456789, ChatHarness.Now);

        var replies = await Task.WhenAll(Enumerable.Range(0, 3).Select(_ => chat.PushAsync(xml)));

        Assert.Equal(1, router.Calls);
        Assert.All(replies, r => Assert.Equal("answer 1", ChatHarness.ContentOf(r)));
    }

    [Fact]
    public async Task The_same_msgid_from_two_workers_is_two_messages()
    {
        var router = new CountingRouter();
        await using var chat = await ChatHarness.StartAsync(azurite, configure: app => app.WithServices(s => s.AddSingleton<IMessageRouter>(router)));

        await chat.PushAsync(PushXml.Text("oWorkerA000000000000000001", ChatHarness.AccountId, "x", 42, ChatHarness.Now));
        await chat.PushAsync(PushXml.Text("oWorkerB000000000000000001", ChatHarness.AccountId, "x", 42, ChatHarness.Now));

        Assert.Equal(2, router.Calls);
    }

    [Fact]
    public async Task A_slow_handler_is_answered_success_within_the_budget_and_its_reply_arrives_as_a_custom_message()
    {
        var router = new CountingRouter { Gate = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously) };
        await using var chat = await ChatHarness.StartAsync(azurite, configure: app => app
            .With("WeChat:ReplyBudget", "00:00:01")
            .WithServices(s => s.AddSingleton<IMessageRouter>(router)));
        const string worker = "oWorkerSlow0000000000000001";

        // The handler is still waiting on its gate when the budget runs out: the push must be answered anyway.
        chat.Interacted(worker, UnionWeChat.WeChat.Api.InteractionKind.UserMessage);
        var response = await chat.PushAsync(PushXml.Text(worker, ChatHarness.AccountId, "慢", chat.NextMsgId(), ChatHarness.Now));
        Assert.True(response.IsSuccessOnly);
        Assert.Empty(chat.WeChat.State.MessagesFor(worker));

        router.Gate.SetResult();
        Assert.True(await Eventually.HoldsAsync(() => Task.FromResult(chat.WeChat.State.MessagesFor(worker).Count == 1)));
        Assert.Equal("answer 1", chat.WeChat.State.MessagesFor(worker)[0].Text);
    }

    [Fact]
    public async Task A_replayed_push_with_an_old_timestamp_is_refused()
    {
        await using var chat = await ChatHarness.StartAsync(azurite, PushMode.Plaintext);
        var old = ChatHarness.Now - 3600;
        var signed = chat.Pusher.Sign(PushXml.Text("oWorkerReplay00000000000001", ChatHarness.AccountId, "hi", 99, old), PushMode.Plaintext);
        var query = signed.Query with
        {
            Timestamp = old.ToString(),
            Signature = WeChatSignature.Compute(AppFactory.Token, old.ToString(), signed.Query.Nonce!),
        };

        var response = await chat.Pusher.SendAsync(signed with { Query = query }, CancellationToken.None);

        Assert.Equal(HttpStatusCode.Unauthorized, response.StatusCode);
    }

    public static TheoryData<string, string> HostileBodies => new()
    {
        { "xxe", "<?xml version=\"1.0\"?><!DOCTYPE xml [<!ENTITY x SYSTEM \"file:///etc/passwd\">]><xml><ToUserName>a</ToUserName><FromUserName>oHostile000000000000000001</FromUserName><CreateTime>1</CreateTime><MsgType>text</MsgType><Content>&x;</Content><MsgId>1</MsgId></xml>" },
        { "billion-laughs", "<?xml version=\"1.0\"?><!DOCTYPE lolz [<!ENTITY lol \"lol\"><!ENTITY lol2 \"&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;\"><!ENTITY lol3 \"&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;\">]><xml><FromUserName>oHostile000000000000000001</FromUserName><Content>&lol3;</Content></xml>" },
        { "malformed", "<xml><ToUserName>a</ToUserName><FromUserName>oHostile000000000000000001" },
        { "oversized", "<xml><Content>" + new string('a', 70 * 1024) + "</Content></xml>" },
    };

    [Theory]
    [MemberData(nameof(HostileBodies))]
    public async Task Hostile_bodies_are_refused_with_4xx_and_store_nothing(string name, string body)
    {
        await using var chat = await ChatHarness.StartAsync(azurite, PushMode.Plaintext);
        // Signed correctly, so only the body's content can be what gets it refused.
        var ts = ChatHarness.Now.ToString();
        var signature = WeChatSignature.Compute(AppFactory.Token, ts, "n1");

        using var response = await chat.Http.PostAsync($"/api/wechat?signature={signature}&timestamp={ts}&nonce=n1&openid=oHostile000000000000000001",
            new StringContent(body, Encoding.UTF8, "text/xml"));

        Assert.True((int)response.StatusCode is >= 400 and < 500, $"{name}: {(int)response.StatusCode}");
        Assert.False(await TableHasRowsAsync(chat, UnionWeChat.Functions.Members.MemberRows.TableName), $"{name} left a trace in storage");
    }

    [Fact]
    public async Task Wrong_signature_and_wrong_appid_are_refused()
    {
        await using var chat = await ChatHarness.StartAsync(azurite, PushMode.Safe);
        var xml = PushXml.Text("oWorkerSig00000000000000001", ChatHarness.AccountId, "hi", 5, ChatHarness.Now);

        var signed = chat.Pusher.Sign(xml, PushMode.Safe);
        var tampered = signed with { Query = signed.Query with { MsgSignature = new string('1', 40) } };
        Assert.Equal(HttpStatusCode.Unauthorized, (await chat.Pusher.SendAsync(tampered, CancellationToken.None)).StatusCode);

        var otherAccount = new MessagePusher(chat.Http, new Uri(chat.Http.BaseAddress!, "/api/wechat"), AppFactory.Token, "wxotherapp000000001", AppFactory.EncodingAESKey);
        Assert.Equal(HttpStatusCode.Unauthorized, (await otherAccount.PushAsync(xml, PushMode.Safe, CancellationToken.None)).StatusCode);
        Assert.False(await TableHasRowsAsync(chat, UnionWeChat.Functions.Members.MemberRows.TableName));
    }

    private static async Task<bool> TableHasRowsAsync(ChatHarness chat, string table)
    {
        var service = new Azure.Data.Tables.TableServiceClient(
            chat.App.Services.GetRequiredService<UnionWeChat.Functions.Platform.Storage.StorageOptions>().ConnectionString);
        var client = service.GetTableClient(chat.App.TablePrefix + table);
        try
        {
            await foreach (var _ in client.QueryAsync(top: 1))
            {
                return true;
            }
        }
        catch (UnionWeChat.Functions.Platform.Storage.Tables.TableStorageException ex) when (ex.Status == 404)
        {
        }
        return false;
    }

    private sealed class CountingRouter : IMessageRouter
    {
        private int _calls;

        public int Calls => Volatile.Read(ref _calls);

        public TaskCompletionSource? Gate { get; init; }

        public async Task<Reply?> RouteAsync(ChatContext chat, CancellationToken cancellationToken)
        {
            var n = Interlocked.Increment(ref _calls);
            if (Gate is not null)
            {
                await Gate.Task;
            }
            return new TextReply($"answer {n}");
        }
    }
}
