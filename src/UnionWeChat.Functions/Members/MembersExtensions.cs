namespace UnionWeChat.Functions.Members;

public static class MembersExtensions
{
    public static IHostApplicationBuilder AddMembers(this IHostApplicationBuilder builder)
    {
        builder.Services.AddSingleton<MemberRows>();
        builder.Services.AddSingleton<MemberStore>();
        builder.Services.AddSingleton<FollowerTags>();
        return builder;
    }
}
