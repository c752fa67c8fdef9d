using Microsoft.AspNetCore.DataProtection;
using UnionWeChat.Functions.Platform.Web;

namespace UnionWeChat.Functions.Surveys;

/// <summary>Who opened a survey page (<see cref="WeChatPageIdentity"/> for <c>/api/survey</c>, its own cookie).</summary>
public sealed class SurveyIdentity(IDataProtectionProvider protection, SurveysOptions options, TimeProvider time)
    : WeChatPageIdentity(protection, time, new PageArea(SurveyLinks.Root, CookieName, "UnionWeChat.Surveys.Page.v1", options.CookieLifetime))
{
    public const string CookieName = "uwc_survey";
}
