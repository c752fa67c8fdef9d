using UnionWeChat.Functions.Conversation;

namespace UnionWeChat.Functions.Answers;

public static class AnswersExtensions
{
    public static IHostApplicationBuilder AddAnswers(this IHostApplicationBuilder builder)
    {
        builder.Services.AddSingleton<AnswerBook>();
        builder.Services.AddSingleton<IFallbackAnswer, KeywordFallback>();
        return builder;
    }
}
