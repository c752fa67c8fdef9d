using System.Text;
using UnionWeChat.Functions.Staff;
using UnionWeChat.Functions.Staff.SignIn;

namespace UnionWeChat.Functions.Tests.Staff.SignIn;

public sealed class EasyAuthPrincipalTests
{
    [Fact]
    public void The_highest_staff_app_role_counts_and_the_name_comes_from_the_name_claim_type()
    {
        var header = Encode("""
            {"auth_typ":"aad","name_typ":"http://schemas.xmlsoap.org/ws/2005/05/identity/claims/emailaddress","role_typ":"roles",
             "claims":[{"typ":"roles","val":"UnionWeChat.Viewer"},{"typ":"roles","val":"unionwechat.admin"},{"typ":"roles","val":"Other.Role"},
                       {"typ":"http://schemas.xmlsoap.org/ws/2005/05/identity/claims/emailaddress","val":"li@union.example"}]}
            """);

        Assert.Equal(("li@union.example", StaffRole.Admin), EasyAuthPrincipal.Parse(header));
    }

    [Fact]
    public void A_principal_without_a_staff_role_has_none_and_garbage_is_unreadable()
    {
        var noRole = Encode("""{"name_typ":"name","role_typ":"roles","claims":[{"typ":"name","val":"访客"}]}""");

        Assert.Equal(("访客", (StaffRole?)null), EasyAuthPrincipal.Parse(noRole));
        Assert.Null(EasyAuthPrincipal.Parse("not base64!"));
        Assert.Null(EasyAuthPrincipal.Parse(Encode("[1,2,3]")));
        Assert.Null(EasyAuthPrincipal.Parse(Encode("""{"claims":[{"typ":"roles","val":"UnionWeChat.Admin"}]}""")));
        Assert.Null(EasyAuthPrincipal.Parse(new string('A', 40_000)));
    }

    private static string Encode(string json) => Convert.ToBase64String(Encoding.UTF8.GetBytes(json));
}
