using System.Security.Cryptography;
using System.Text;
using Azure.Core;
using Azure.Core.Pipeline;

namespace UnionWeChat.Tables.Pipeline;

/// <summary>
/// Signs each attempt with the account key: <c>Authorization: SharedKey account:signature</c>, the Table service
/// flavour of Shared Key (https://learn.microsoft.com/rest/api/storageservices/authorize-with-shared-key):
/// StringToSign = VERB \n Content-MD5 \n Content-Type \n Date \n CanonicalizedResource, where Date is the
/// <c>x-ms-date</c> value and CanonicalizedResource = "/" + account + the encoded URI path (+ "?comp=…" when present).
/// For a path-style URL (Azurite: <c>/devstoreaccount1/Tables</c>) the path already holds the account, so it appears
/// twice, as that page describes for the emulator.
/// </summary>
internal sealed class TableSharedKeyPolicy : HttpPipelineSynchronousPolicy
{
    private readonly string _accountName;
    private readonly byte[] _key;

    public TableSharedKeyPolicy(string accountName, byte[] key)
    {
        _accountName = accountName;
        _key = key;
    }

    public override void OnSendingRequest(HttpMessage message)
    {
        var request = message.Request;
        request.Headers.TryGetValue("Content-MD5", out var contentMd5);
        request.Headers.TryGetValue("Content-Type", out var contentType);
        request.Headers.TryGetValue("x-ms-date", out var date);
        var toSign = StringToSign(request.Method.Method, contentMd5, contentType, date, _accountName, request.Uri.ToUri());
        request.Headers.SetValue("Authorization", $"SharedKey {_accountName}:{Sign(toSign, _key)}");
    }

    internal static string StringToSign(
        string verb, string? contentMd5, string? contentType, string? date, string accountName, Uri uri) =>
        string.Join('\n', verb.ToUpperInvariant(), contentMd5 ?? "", contentType ?? "", date ?? "",
            CanonicalizedResource(accountName, uri));

    internal static string CanonicalizedResource(string accountName, Uri uri)
    {
        var resource = "/" + accountName + uri.AbsolutePath;
        var comp = CompParameter(uri.Query);
        return comp is null ? resource : resource + "?comp=" + comp;
    }

    internal static string Sign(string stringToSign, byte[] key) =>
        Convert.ToBase64String(HMACSHA256.HashData(key, Encoding.UTF8.GetBytes(stringToSign)));

    private static string? CompParameter(string query)
    {
        foreach (var pair in query.TrimStart('?').Split('&', StringSplitOptions.RemoveEmptyEntries))
        {
            var eq = pair.IndexOf('=', StringComparison.Ordinal);
            var name = eq < 0 ? pair : pair[..eq];
            if (name.Equals("comp", StringComparison.OrdinalIgnoreCase))
            {
                return eq < 0 ? "" : Uri.UnescapeDataString(pair[(eq + 1)..]);
            }
        }
        return null;
    }
}
