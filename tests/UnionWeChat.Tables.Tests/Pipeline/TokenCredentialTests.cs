using System.Net;
using Azure.Core;

namespace UnionWeChat.Tables.Tests.Pipeline;

public sealed class TokenCredentialTests
{
    [Fact]
    public async Task A_token_credential_sends_a_bearer_token_for_the_storage_scope()
    {
        var credential = new RecordingCredential();
        var handler = new ScriptedHttpHandler().Then(HttpStatusCode.OK, """{"value":[]}""");
        var service = new TableServiceClient(new Uri("https://unionacct.table.core.windows.net"), credential, handler.Options());

        await service.PingAsync(CancellationToken.None);

        var request = Assert.Single(handler.Requests);
        Assert.Equal("Bearer", request.Headers.Authorization?.Scheme);
        Assert.Equal("token-for-tests", request.Headers.Authorization?.Parameter);
        Assert.Equal(["https://storage.azure.com/.default"], credential.Scopes);
        Assert.True(request.Headers.Contains("x-ms-date"));
        Assert.Equal("2019-02-02", request.Headers.GetValues("x-ms-version").Single());
    }

    [Fact]
    public void A_token_is_never_sent_over_plain_http()
    {
        Assert.Throws<ArgumentException>(() =>
            new TableServiceClient(new Uri("http://unionacct.table.core.windows.net"), new RecordingCredential()));
    }

    [Fact]
    public async Task A_credential_that_cannot_get_a_token_is_reported_as_an_auth_failure()
    {
        var handler = new ScriptedHttpHandler();
        var service = new TableServiceClient(new Uri("https://unionacct.table.core.windows.net"), new FailingCredential(), handler.Options());

        var ex = await Assert.ThrowsAsync<TableStorageException>(() => service.PingAsync(CancellationToken.None));

        Assert.Equal((401, "TokenUnavailable"), (ex.Status, ex.ErrorCode));
        Assert.Empty(handler.Requests);
    }

    private sealed class FailingCredential : TokenCredential
    {
        public override AccessToken GetToken(TokenRequestContext requestContext, CancellationToken cancellationToken) =>
            throw new Azure.Identity.CredentialUnavailableException("ManagedIdentityCredential: no identity endpoint here.");

        public override ValueTask<AccessToken> GetTokenAsync(TokenRequestContext requestContext, CancellationToken cancellationToken) =>
            new(GetToken(requestContext, cancellationToken));
    }

    private sealed class RecordingCredential : TokenCredential
    {
        public string[] Scopes { get; private set; } = [];

        public override AccessToken GetToken(TokenRequestContext requestContext, CancellationToken cancellationToken)
        {
            Scopes = requestContext.Scopes;
            return new AccessToken("token-for-tests", new DateTimeOffset(2100, 1, 1, 0, 0, 0, TimeSpan.Zero));
        }

        public override ValueTask<AccessToken> GetTokenAsync(TokenRequestContext requestContext, CancellationToken cancellationToken) =>
            new(GetToken(requestContext, cancellationToken));
    }
}
