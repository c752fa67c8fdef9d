using System.Text;

namespace UnionWeChat.WeChat.Tests.Receiving;

/// <summary>Seeded mutations of valid inputs: bit flips, truncations, insertions, deletions, duplications, random bytes.</summary>
internal sealed class Mutator(Random random)
{
    private static readonly byte[][] Tokens =
    [
        .. new[]
        {
            "<", ">", "/", "]]>", "<![CDATA[", "</xml>", "<xml>", "&", "&amp;", "&lt", "&#0;", "&#xFFFF;", "&#1114112;", "&x;",
            "<!DOCTYPE xml [<!ENTITY x \"y\">]>", "<!ENTITY x SYSTEM \"file:///etc/passwd\">", "<?xml version=\"1.0\" encoding=\"gb2312\"?>",
            "<?pi ?>", "<!-- -->", "\0", "=", "+", "==", "é", "工", "😀", "<a:b>", "xmlns:a=\"u\"", "<MsgType>event</MsgType>",
            "<CreateTime>99999999999999999999</CreateTime>", "<Count>-1</Count>", string.Concat(Enumerable.Repeat("<a>", 40)),
        }.Select(Encoding.UTF8.GetBytes),
        [0xFF, 0xFE],
        [0xC3, 0x28],
        [0xED, 0xA0, 0x80],
        [0xEF, 0xBB, 0xBF],
    ];

    public (byte[] Bytes, string Description) Mutate(byte[] input)
    {
        var bytes = input.ToList();
        var steps = new List<string>();
        var count = random.Next(1, 4);
        for (var i = 0; i < count; i++)
        {
            steps.Add(MutateOnce(bytes));
        }

        return (bytes.ToArray(), string.Join(", ", steps));
    }

    private string MutateOnce(List<byte> bytes)
    {
        var at = random.Next(bytes.Count + 1);
        switch (random.Next(8))
        {
            case 0 when bytes.Count > 0:
                var flips = random.Next(1, 9);
                for (var i = 0; i < flips; i++)
                {
                    bytes[random.Next(bytes.Count)] ^= (byte)(1 << random.Next(8));
                }

                return $"flip {flips} bits";
            case 1:
                bytes.RemoveRange(at, bytes.Count - at);
                return $"truncate at {at}";
            case 2:
                var noise = new byte[random.Next(1, 17)];
                random.NextBytes(noise);
                bytes.InsertRange(at, noise);
                return $"insert {noise.Length} random bytes at {at}";
            case 3:
                var token = Tokens[random.Next(Tokens.Length)];
                bytes.InsertRange(at, token);
                return $"insert token '{Encoding.UTF8.GetString(token)}' at {at}";
            case 4 when at < bytes.Count:
                var length = random.Next(1, Math.Min(64, bytes.Count - at) + 1);
                bytes.RemoveRange(at, length);
                return $"delete {length} at {at}";
            case 5 when at < bytes.Count:
                var span = random.Next(1, Math.Min(64, bytes.Count - at) + 1);
                bytes.InsertRange(at, bytes.GetRange(at, span));
                return $"duplicate {span} at {at}";
            case 6 when random.Next(4) == 0:
                var garbage = new byte[random.Next(0, 256)];
                random.NextBytes(garbage);
                bytes.Clear();
                bytes.AddRange(garbage);
                return $"replace with {garbage.Length} random bytes";
            default:
                if (bytes.Count > 0)
                {
                    var index = random.Next(bytes.Count);
                    bytes[index] = (byte)random.Next(256);
                    return $"set byte {index}";
                }

                return "no-op";
        }
    }
}
