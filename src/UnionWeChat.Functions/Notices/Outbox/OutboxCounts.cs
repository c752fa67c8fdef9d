namespace UnionWeChat.Functions.Notices;

/// <summary>Recipients per state; kept per bucket in the outbox and summed for a notice.</summary>
public sealed record OutboxCounts(int Pending, int Sending, int Sent, int Failed, int Skipped, int Unconfirmed)
{
    public static OutboxCounts Zero { get; } = new(0, 0, 0, 0, 0, 0);

    public int Total => Pending + Sending + Sent + Failed + Skipped + Unconfirmed;

    public int Of(RecipientState state) => state switch
    {
        RecipientState.Pending => Pending,
        RecipientState.Sending => Sending,
        RecipientState.Sent => Sent,
        RecipientState.Failed => Failed,
        RecipientState.Skipped => Skipped,
        _ => Unconfirmed,
    };

    public OutboxCounts Add(RecipientState state, int n) => state switch
    {
        RecipientState.Pending => this with { Pending = Pending + n },
        RecipientState.Sending => this with { Sending = Sending + n },
        RecipientState.Sent => this with { Sent = Sent + n },
        RecipientState.Failed => this with { Failed = Failed + n },
        RecipientState.Skipped => this with { Skipped = Skipped + n },
        _ => this with { Unconfirmed = Unconfirmed + n },
    };

    public OutboxCounts Plus(OutboxCounts o) => new(
        Pending + o.Pending, Sending + o.Sending, Sent + o.Sent, Failed + o.Failed, Skipped + o.Skipped, Unconfirmed + o.Unconfirmed);
}
