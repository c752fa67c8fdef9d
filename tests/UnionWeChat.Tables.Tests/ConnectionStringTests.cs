namespace UnionWeChat.Tables.Tests;

public sealed class ConnectionStringTests
{
    private const string Key = "c2VjcmV0LWtleS1ieXRlcw==";

    [Fact]
    public void An_account_key_string_with_a_table_endpoint_uses_that_endpoint()
    {
        var parsed = StorageConnectionString.Parse(
            $"DefaultEndpointsProtocol=http;AccountName=devstoreaccount1;AccountKey={Key};TableEndpoint=http://127.0.0.1:10102/devstoreaccount1;");

        Assert.Equal("devstoreaccount1", parsed.AccountName);
        Assert.Equal("secret-key-bytes", System.Text.Encoding.ASCII.GetString(parsed.AccountKey));
        Assert.Equal(new Uri("http://127.0.0.1:10102/devstoreaccount1"), parsed.TableEndpoint);
    }

    [Theory]
    [InlineData("DefaultEndpointsProtocol=https;AccountName=unionacct;AccountKey=KEY", "https://unionacct.table.core.windows.net/")]
    [InlineData("AccountName=unionacct;AccountKey=KEY", "https://unionacct.table.core.windows.net/")]
    [InlineData("defaultendpointsprotocol=http; accountname=unionacct ; accountkey=KEY", "http://unionacct.table.core.windows.net/")]
    [InlineData("DefaultEndpointsProtocol=https;AccountName=unionacct;AccountKey=KEY;EndpointSuffix=core.chinacloudapi.cn", "https://unionacct.table.core.chinacloudapi.cn/")]
    [InlineData("DefaultEndpointsProtocol=https;AccountName=unionacct;AccountKey=KEY;BlobEndpoint=https://x.blob.core.windows.net", "https://unionacct.table.core.windows.net/")]
    public void Without_a_table_endpoint_the_endpoint_comes_from_account_protocol_and_suffix(string connectionString, string endpoint)
    {
        var client = TableServiceClient.FromConnectionString(connectionString.Replace("KEY", Key, StringComparison.Ordinal));

        Assert.Equal(new Uri(endpoint), client.Endpoint);
    }

    [Theory]
    [InlineData("UseDevelopmentStorage=true")]
    [InlineData("UseDevelopmentStorage=TRUE;")]
    public void Development_storage_means_azurites_well_known_account(string connectionString)
    {
        var parsed = StorageConnectionString.Parse(connectionString);

        Assert.Equal("devstoreaccount1", parsed.AccountName);
        Assert.Equal(new Uri("http://127.0.0.1:10002/devstoreaccount1"), parsed.TableEndpoint);
        Assert.Equal(Testing.AzuriteProcess.AccountKey, Convert.ToBase64String(parsed.AccountKey));
    }

    [Theory]
    [InlineData("", "empty")]
    [InlineData("   ", "empty")]
    [InlineData("just-some-text", "part 1")]
    [InlineData("AccountName=unionacct;KEY", "part 2 is not a known setting")]
    [InlineData("AccountName=unionacct;AccountKey=KEY;KEY", "part 3 is not a known setting")]
    [InlineData("AccountKey=KEY", "no AccountName")]
    [InlineData("AccountName=unionacct", "no AccountKey")]
    [InlineData("AccountName=unionacct;AccountKey=", "no AccountKey")]
    [InlineData("AccountName=unionacct;AccountKey=not*base64!KEY", "AccountKey is not valid base64")]
    [InlineData("AccountName=Union_Acct;AccountKey=KEY", "AccountName")]
    [InlineData("DefaultEndpointsProtocol=ftp;AccountName=unionacct;AccountKey=KEY", "DefaultEndpointsProtocol")]
    [InlineData("AccountName=unionacct;AccountKey=KEY;TableEndpoint=not a url", "TableEndpoint")]
    [InlineData("AccountName=unionacct;AccountKey=KEY;TableEndpoint=ftp://x/y", "TableEndpoint")]
    [InlineData("AccountName=unionacct;AccountKey=KEY;EndpointSuffix=bad suffix", "EndpointSuffix")]
    [InlineData("AccountName=unionacct;AccountName=other;AccountKey=KEY", "twice")]
    [InlineData("AccountName=unionacct;AccountKey=KEY;Colour=blue", "part 3 is not a known setting")]
    [InlineData("TableEndpoint=https://x.table.core.windows.net;SharedAccessSignature=sv=2020&sig=abc", "SharedAccessSignature")]
    [InlineData("UseDevelopmentStorage=false", "UseDevelopmentStorage")]
    [InlineData("UseDevelopmentStorage=true;AccountName=unionacct", "stands alone")]
    public void A_malformed_string_names_the_problem_and_never_the_key(string connectionString, string expected)
    {
        var ex = Assert.Throws<ArgumentException>(() =>
            TableServiceClient.FromConnectionString(connectionString.Replace("KEY", Key, StringComparison.Ordinal)));

        Assert.Contains(expected, ex.Message, StringComparison.Ordinal);
        Assert.Equal("connectionString", ex.ParamName);
        Assert.DoesNotContain(Key.TrimEnd('='), ex.Message, StringComparison.Ordinal);
        Assert.DoesNotContain("sig=abc", ex.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void The_parsed_form_never_prints_the_key()
    {
        var parsed = StorageConnectionString.Parse($"AccountName=unionacct;AccountKey={Key}");

        Assert.DoesNotContain(Key, parsed.ToString(), StringComparison.Ordinal);
    }
}
