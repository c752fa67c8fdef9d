using Microsoft.Extensions.DependencyInjection;
using UnionWeChat.Functions.Members;
using UnionWeChat.Functions.Notices;
using UnionWeChat.Testing;

namespace UnionWeChat.Functions.Tests.Notices;

public sealed class OptOutTests(AzuriteFixture azurite) : IClassFixture<AzuriteFixture>
{
    [Fact]
    public async Task Replying_tuiding_stops_ordinary_notices_and_dingyue_brings_them_back()
    {
        await using var chat = await ChatHarness.StartAsync(azurite);
        const string worker = "oWorkerOptOut00000000000001";
        await chat.FollowAsync(worker);
        var members = chat.App.Services.GetRequiredService<MemberStore>();

        Assert.Equal(OptOutFeature.OptedOutReply, await chat.SayAsync(worker, "退订"));
        Assert.True((await members.GetAsync(worker, CancellationToken.None))!.OptedOut);
        Assert.Equal(OptOutFeature.AlreadyOptedOutReply, await chat.SayAsync(worker, "退订"));

        Assert.Equal(OptOutFeature.OptedInReply, await chat.SayAsync(worker, "订阅"));
        var member = await members.GetAsync(worker, CancellationToken.None);
        Assert.False(member!.OptedOut);
        Assert.True(member.Following);
        Assert.Equal(OptOutFeature.AlreadyOptedInReply, await chat.SayAsync(worker, "订阅"));
    }
}
