namespace UnionWeChat.Functions.Notices;

/// <summary>
/// A change to one outbox row, applied only if the row is as it was read. <see cref="Change"/> is applied again to
/// a freshly read row when the first attempt found it changed; it returns null when the change no longer applies
/// (the row is not ours any more).
/// </summary>
public sealed record OutboxTransition(OutboxRow Row, Func<OutboxRow, OutboxRow?> Change);
