using UnionWeChat.Functions.Conversation;
using UnionWeChat.Functions.Platform.Hosting;
using UnionWeChat.Functions.Staff.Pages;

namespace UnionWeChat.Functions.Surveys;

public static class SurveysExtensions
{
    /// <summary>问卷调查: the builder, the answer page and the chat path, results and export.</summary>
    public static IHostApplicationBuilder AddSurveys(this IHostApplicationBuilder builder)
    {
        builder.AddValidatedOptions<SurveysOptions>("Surveys");
        var services = builder.Services;
        services.AddSingleton<SurveyStore>();
        services.AddSingleton<ResponseStore>();
        services.AddSingleton<SurveyHelp>();
        services.AddSingleton<Respondent>();
        services.AddSingleton<SurveyLinks>();
        services.AddSingleton<SurveyAnnouncements>();
        services.AddSingleton<SurveyDesk>();
        services.AddSingleton<SurveyIdentity>();
        services.AddSingleton<IChatFeature, SurveyChatFeature>();
        return builder;
    }

    /// <summary>Larger bodies than other member forms: thirty long answers; anything past that is refused before it is read.</summary>
    public static IApplicationBuilder UseSurveys(this IApplicationBuilder app) => app.UseBodyLimit(SurveyLinks.Root, SurveyEndpoints.BodyLimit, "A survey response");

    public static IEndpointRouteBuilder MapSurveys(this IEndpointRouteBuilder app)
    {
        app.MapSurveyApi();
        app.MapSurveyPage();
        SurveyPages.Map(app.MapConsoleGroup());
        return app;
    }
}
