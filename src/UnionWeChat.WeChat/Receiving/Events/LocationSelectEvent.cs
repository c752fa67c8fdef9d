namespace UnionWeChat.WeChat.Receiving;

/// <summary>A menu button that opens the location picker (<c>Event=location_select</c>); fields from <c>SendLocationInfo</c>.</summary>
public sealed record LocationSelectEvent : EventMessage
{
    /// <summary>Latitude (<c>Location_X</c>).</summary>
    public required double LocationX { get; init; }

    /// <summary>Longitude (<c>Location_Y</c>).</summary>
    public required double LocationY { get; init; }

    public required double Scale { get; init; }

    public required string Label { get; init; }

    /// <summary>The point of interest's name; null when not sent.</summary>
    public string? Poiname { get; init; }
}
