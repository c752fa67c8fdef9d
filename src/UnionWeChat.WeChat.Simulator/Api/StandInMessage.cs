namespace UnionWeChat.WeChat.Simulator;

/// <summary>A message the stand-in accepted for one member.</summary>
/// <param name="Id">Message (or mass job) id the stand-in answered with.</param>
/// <param name="Channel">The API it came through.</param>
/// <param name="OpenId">The recipient.</param>
/// <param name="MsgType">text, image, news, template, mpnews...</param>
/// <param name="Text">Readable text: a text message's content, a template's values one per line, a news title; else null.</param>
/// <param name="BodyJson">The request body as sent.</param>
/// <param name="At">When it was accepted.</param>
public sealed record StandInMessage(long Id, SendChannel Channel, string OpenId, string MsgType, string? Text, string BodyJson, DateTimeOffset At);
