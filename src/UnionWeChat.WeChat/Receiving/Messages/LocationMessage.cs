namespace UnionWeChat.WeChat.Receiving;

/// <summary>A location the user shared (<c>MsgType=location</c>).</summary>
public sealed record LocationMessage : OrdinaryMessage
{
    /// <summary>Latitude (<c>Location_X</c>).</summary>
    public required double LocationX { get; init; }

    /// <summary>Longitude (<c>Location_Y</c>).</summary>
    public required double LocationY { get; init; }

    /// <summary>Map zoom level (<c>Scale</c>).</summary>
    public required double Scale { get; init; }

    /// <summary>The place's description (<c>Label</c>).</summary>
    public required string Label { get; init; }
}
