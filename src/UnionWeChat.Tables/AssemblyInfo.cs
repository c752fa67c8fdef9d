using System.Runtime.CompilerServices;

// The tests check the Shared Key string-to-sign and the serialisers directly.
[assembly: InternalsVisibleTo("UnionWeChat.Tables.Tests")]
