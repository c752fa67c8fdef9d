namespace UnionWeChat.WeChat.Receiving;

/// <summary>The <c>Event</c> values WeChat sends, as spelled on the wire (the case differs between events).</summary>
public static class EventNames
{
    public const string Subscribe = "subscribe";
    public const string Unsubscribe = "unsubscribe";
    public const string Scan = "SCAN";
    public const string Location = "LOCATION";
    public const string Click = "CLICK";
    public const string View = "VIEW";
    public const string ScanCodePush = "scancode_push";
    public const string ScanCodeWaitMsg = "scancode_waitmsg";
    public const string PicSysPhoto = "pic_sysphoto";
    public const string PicPhotoOrAlbum = "pic_photo_or_album";
    public const string PicWeixin = "pic_weixin";
    public const string LocationSelect = "location_select";
    public const string TemplateSendJobFinish = "TEMPLATESENDJOBFINISH";
    public const string MassSendJobFinish = "MASSSENDJOBFINISH";

    /// <summary>The prefix of a subscribe event's EventKey when the user followed by scanning a QR code.</summary>
    public const string QrScenePrefix = "qrscene_";
}
