using UnionWeChat.Functions.Conversation;

namespace UnionWeChat.Functions.Answers;

public static class AnswersExtensions
{
    public static WebApplicationBuilder AddAnswers(this WebApplicationBuilder builder)
    {
        builder.Services.AddSingleton<AnswerBook>();
        builder.Services.AddSingleton<IFallbackAnswer, KeywordFallback>();
        return builder;
    }
}
