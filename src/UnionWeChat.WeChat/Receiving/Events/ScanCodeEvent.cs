namespace UnionWeChat.WeChat.Receiving;

/// <summary>
/// A menu button that opens the scanner (<c>Event=scancode_push</c> or <c>scancode_waitmsg</c>).
/// See https://developers.weixin.qq.com/doc/offiaccount/Custom_Menus/Custom_Menu_Push.html
/// </summary>
public sealed record ScanCodeEvent : EventMessage
{
    /// <summary>True for <c>scancode_waitmsg</c> (the user waits for the account's reply).</summary>
    public bool WaitsForMessage => Event == EventNames.ScanCodeWaitMsg;

    /// <summary><c>ScanCodeInfo/ScanType</c>, e.g. <c>qrcode</c> or <c>barcode</c>.</summary>
    public required string ScanType { get; init; }

    /// <summary><c>ScanCodeInfo/ScanResult</c>: what the code contained.</summary>
    public required string ScanResult { get; init; }
}
