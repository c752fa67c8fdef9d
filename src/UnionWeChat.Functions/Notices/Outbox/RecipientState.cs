namespace UnionWeChat.Functions.Notices;

/// <summary>One recipient's row in the outbox: pending → sending → sent / failed, or skipped / unconfirmed.</summary>
public enum RecipientState
{
    /// <summary>Waiting to be sent.</summary>
    Pending,
    /// <summary>Claimed by one sender until its lease ends.</summary>
    Sending,
    /// <summary>WeChat accepted it.</summary>
    Sent,
    /// <summary>WeChat refused it for good (43004 not following, 40003 invalid openid…); never retried.</summary>
    Failed,
    /// <summary>Not sent on purpose: opted out, outside the service window, over the monthly mass allowance.</summary>
    Skipped,
    /// <summary>
    /// A send whose outcome is unknown (a crash or lost answer) and that WeChat can no longer de-duplicate:
    /// not repeated, so a member never gets it twice.
    /// </summary>
    Unconfirmed,
}
