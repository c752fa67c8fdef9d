using System.Text;
using System.Text.Json;

namespace UnionWeChat.Functions.Staff.SignIn;

/// <summary>
/// The identity App Service Authentication (Easy Auth) forwards in <c>X-MS-CLIENT-PRINCIPAL</c>: base64 JSON with
/// <c>claims</c> (typ/val), <c>name_typ</c> and <c>role_typ</c>. Staff roles are Entra ID app roles whose values are
/// <see cref="AdminRole"/>, <see cref="TriageRole"/> or <see cref="ViewerRole"/>; the highest one counts.
/// https://learn.microsoft.com/azure/app-service/configure-authentication-user-identities
/// </summary>
public static class EasyAuthPrincipal
{
    public const string Header = "X-MS-CLIENT-PRINCIPAL";
    public const string AdminRole = "UnionWeChat.Admin";
    public const string TriageRole = "UnionWeChat.Triage";
    public const string ViewerRole = "UnionWeChat.Viewer";
    private const int MaxHeaderLength = 32 * 1024;

    /// <summary>The signed-in name and staff role (null: signed in, but no staff role); null when unreadable.</summary>
    public static (string Name, StaffRole? Role)? Parse(string header)
    {
        if (header.Length is 0 or > MaxHeaderLength)
        {
            return null;
        }
        try
        {
            using var doc = JsonDocument.Parse(Convert.FromBase64String(header));
            var root = doc.RootElement;
            var nameType = String(root, "name_typ");
            var roleType = String(root, "role_typ");
            if (!root.TryGetProperty("claims", out var claims) || claims.ValueKind != JsonValueKind.Array)
            {
                return null;
            }
            string? name = null, preferred = null;
            StaffRole? role = null;
            foreach (var claim in claims.EnumerateArray())
            {
                var type = String(claim, "typ");
                var value = String(claim, "val");
                if (type is null || string.IsNullOrWhiteSpace(value))
                {
                    continue;
                }
                if (type == nameType)
                {
                    name ??= value;
                }
                else if (type is "preferred_username" or "name" or "email")
                {
                    preferred ??= value;
                }
                else if (type == roleType || type is "roles" or "role" or "http://schemas.microsoft.com/ws/2008/06/identity/claims/role")
                {
                    var mapped = RoleOf(value);
                    if (mapped > role || (mapped is not null && role is null))
                    {
                        role = mapped;
                    }
                }
            }
            var who = name ?? preferred;
            return who is null ? null : (who, role);
        }
        catch (Exception ex) when (ex is FormatException or JsonException or InvalidOperationException or DecoderFallbackException)
        {
            return null;
        }
    }

    public static StaffRole? RoleOf(string appRole) => appRole.ToUpperInvariant() switch
    {
        "UNIONWECHAT.ADMIN" => StaffRole.Admin,
        "UNIONWECHAT.TRIAGE" => StaffRole.Triage,
        "UNIONWECHAT.VIEWER" => StaffRole.Viewer,
        _ => null,
    };

    private static string? String(JsonElement element, string property) =>
        element.ValueKind == JsonValueKind.Object && element.TryGetProperty(property, out var value) && value.ValueKind == JsonValueKind.String
            ? value.GetString()
            : null;
}
