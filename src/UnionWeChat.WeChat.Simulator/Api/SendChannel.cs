namespace UnionWeChat.WeChat.Simulator;

/// <summary>Which API a message reached a member through.</summary>
public enum SendChannel
{
    /// <summary>/cgi-bin/message/custom/send.</summary>
    Custom,

    /// <summary>/cgi-bin/message/template/send.</summary>
    Template,

    /// <summary>/cgi-bin/message/mass/sendall.</summary>
    MassByTag,

    /// <summary>/cgi-bin/message/mass/send.</summary>
    MassByOpenIds,

    /// <summary>/cgi-bin/message/mass/preview.</summary>
    Preview,
}
