namespace UnionWeChat.WeChat.Receiving;

/// <summary>The location WeChat reports for a follower who allowed it (<c>Event=LOCATION</c>).</summary>
public sealed record LocationEvent : EventMessage
{
    public required double Latitude { get; init; }

    public required double Longitude { get; init; }

    /// <summary>Accuracy of the position.</summary>
    public required double Precision { get; init; }
}
