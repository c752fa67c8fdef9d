namespace UnionWeChat.WeChat.Receiving;

/// <summary>How a push arrived, and so how its reply must be sealed.</summary>
public enum PushMode
{
    /// <summary>明文模式: plain XML in, plain XML out.</summary>
    Plaintext,

    /// <summary>兼容模式: the body holds the plain fields and <c>Encrypt</c>; the reply is encrypted (WeChat accepts both).</summary>
    Compatible,

    /// <summary>安全模式: the body holds only ToUserName and <c>Encrypt</c>; the reply must be encrypted.</summary>
    Safe,
}
