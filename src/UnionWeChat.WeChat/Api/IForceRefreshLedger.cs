namespace UnionWeChat.WeChat.Api;

/// <summary>
/// Shared record of <c>force_refresh=true</c> calls, so all instances together stay within WeChat's allowance:
/// at most 20 a day and 30 s apart (https://developers.weixin.qq.com/doc/service/api/base/api_getstableaccesstoken).
/// Kept apart from <see cref="IAccessTokenStore"/> so the token store stays a plain cache; the app's Table
/// implementation may implement both on one entity. <see cref="ForceRefreshAllowance"/> holds the rule.
/// </summary>
public interface IForceRefreshLedger
{
    /// <summary>
    /// Records a force refresh at <paramref name="at"/> and returns true if the allowance permits it; returns false
    /// and records nothing otherwise. Must be atomic across instances (check and record in one conditional write).
    /// </summary>
    Task<bool> TryRecordForceRefreshAsync(DateTimeOffset at, CancellationToken cancellationToken);
}
