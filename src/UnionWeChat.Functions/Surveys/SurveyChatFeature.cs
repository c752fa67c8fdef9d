using System.Globalization;
using UnionWeChat.Functions.Conversation;
using UnionWeChat.Functions.Menu;
using UnionWeChat.Functions.Polls;
using UnionWeChat.WeChat.Receiving;

namespace UnionWeChat.Functions.Surveys;

/// <summary>
/// 问卷 in the chat. A short survey (at most five questions, all choices or scores) is answered here question by
/// question, with 上一题 to go back and 取消 (the router's) to leave without saving; a longer one gets the page's
/// link. A question that may open a case is followed by 「我需要工会帮助」 (实名 / 匿名 / 不需要). Nothing is stored
/// until the last answer; then the one submit path the page uses takes the response.
/// </summary>
public sealed class SurveyChatFeature(SurveyStore surveys, ResponseStore responses, Respondent respondent, SurveyLinks links) : IChatFeature
{
    public const string Flow = "survey";

    public IReadOnlyList<ChatCommand> Commands { get; } =
    [
        new(Flow, [SurveyTexts.Word, "问卷调查", "调查问卷"], MenuKeys.Survey, "参加问卷调查", "问卷"),
    ];

    public IReadOnlyList<string> Flows { get; } = [Flow];

    public async Task<Reply?> StartAsync(ChatContext chat, ChatCommand command, string argument, CancellationToken ct)
    {
        chat.EndDialog();
        var open = (await surveys.ListOpenAsync(ct)).Where(s => s.Audience.Includes(chat.Member)).ToList();
        if (open.Count == 0)
        {
            return new TextReply(SurveyTexts.NoneOpen);
        }
        if (open.Count == 1)
        {
            return await BeginAsync(chat, open[0], ct);
        }
        chat.Continue(DialogState.Start(Flow, "pick", chat.Now).With("pick", "choices", string.Join(',', open.Select(s => s.Id))));
        return new TextReply(SurveyTexts.Pick(open));
    }

    public async Task<Reply?> ContinueAsync(ChatContext chat, DialogState dialog, CancellationToken ct)
    {
        var text = chat.Text?.Trim();
        if (dialog.Step == "pick")
        {
            var ids = (dialog["choices"] ?? "").Split(',', StringSplitOptions.RemoveEmptyEntries);
            // The ballots' parser reads the number (full-width digits too); a survey is picked like a single choice.
            if (ChoiceParser.Parse(text, ids.Length, 1) is not { Ok: true } pick)
            {
                chat.Continue(dialog);
                return new TextReply(SurveyTexts.BadPick(ids.Length));
            }
            chat.EndDialog();
            return await surveys.GetForAnsweringAsync(ids[pick.Choices[0] - 1], ct) is { } picked && picked.AcceptsAt(chat.Now)
                ? await BeginAsync(chat, picked, ct)
                : new TextReply(SurveyTexts.NoneOpen);
        }
        var survey = await surveys.GetForAnsweringAsync(dialog["survey"] ?? "", ct);
        if (survey is null || !survey.AcceptsAt(chat.Now))
        {
            chat.EndDialog();
            return new TextReply(survey is null ? SurveyTexts.NoneOpen : SurveyTexts.NotTaking(survey, chat.Now));
        }
        var index = int.Parse(dialog["i"] ?? "0", CultureInfo.InvariantCulture);
        if (text is null)
        {
            chat.Continue(dialog);
            return new TextReply("请发送文字回答。\n" + (dialog.Step == "help" ? SurveyTexts.AskHelp : SurveyTexts.Question(survey, index)));
        }
        if (text == SurveyTexts.BackWord)
        {
            // From the help offer, back to its question; from a question, to the one before.
            var back = dialog.Step == "help" ? index : index - 1;
            if (back < 0)
            {
                chat.Continue(dialog);
                return new TextReply(SurveyTexts.FirstAlready + "\n" + SurveyTexts.Question(survey, 0));
            }
            return Ask(chat, survey, dialog, back);
        }
        var q = survey.Questions[index];
        if (dialog.Step == "help")
        {
            if (ChoiceParser.Parse(text, 3, 1) is not { Ok: true } help)
            {
                chat.Continue(dialog);
                return new TextReply(SurveyTexts.BadHelp);
            }
            return await NextAsync(chat, survey, dialog.With("q", $"h{index}", help.Choices[0] switch { 1 => "named", 2 => "anonymous", _ => "none" }), index, ct);
        }
        var (answer, problem) = AnswerRules.FromChat(q, text);
        if (answer is null)
        {
            chat.Continue(dialog);
            return new TextReply(problem!);
        }
        var answered = dialog.With("q", $"a{index}", string.Join(',', answer.Choices.Select(c => c.ToString(CultureInfo.InvariantCulture))));
        if (q.MayOpenCase && !answer.IsEmpty)
        {
            chat.Continue(answered.With("help"));
            return new TextReply(SurveyTexts.AskHelp);
        }
        return await NextAsync(chat, survey, answered.With("q", $"h{index}", null), index, ct);
    }

    private async Task<Reply?> BeginAsync(ChatContext chat, Survey survey, CancellationToken ct)
    {
        if (!survey.FitsChat)
        {
            return new TextReply(SurveyTexts.OnPage(survey, links.PageFor(survey.Id)));
        }
        var before = await responses.GetAsync(survey, chat.OpenId, ct) is not null;
        var dialog = DialogState.Start(Flow, "q", chat.Now).With("q", "survey", survey.Id).With("q", "i", "0");
        chat.Continue(dialog);
        return new TextReply(SurveyTexts.Start(survey, before) + "\n\n" + SurveyTexts.Question(survey, 0));
    }

    private static Reply? Ask(ChatContext chat, Survey survey, DialogState dialog, int index)
    {
        chat.Continue(dialog.With("q", "i", index.ToString(CultureInfo.InvariantCulture)));
        return new TextReply(SurveyTexts.Question(survey, index));
    }

    private async Task<Reply?> NextAsync(ChatContext chat, Survey survey, DialogState dialog, int index, CancellationToken ct)
    {
        if (index + 1 < survey.Questions.Count)
        {
            return Ask(chat, survey, dialog, index + 1);
        }
        var answers = survey.Questions.Select((_, i) => dialog[$"a{i}"] is { Length: > 0 } a
            ? new SurveyAnswer([.. a.Split(',').Select(c => int.Parse(c, CultureInfo.InvariantCulture))], null)
            : SurveyAnswer.Skipped).ToList();
        var help = survey.Questions.Select((_, i) => new HelpRequest(i, dialog[$"h{i}"] switch
        {
            "named" => HelpChoice.Named,
            "anonymous" => HelpChoice.Anonymous,
            _ => HelpChoice.None,
        }, null)).ToList();
        var outcome = await respondent.SubmitAsync(survey, chat.OpenId, chat.Member, answers, help, ResponseChannel.Chat, ct);
        chat.EndDialog();
        return new TextReply(outcome.Ok ? SurveyTexts.Done(survey, outcome.Result == SubmitResult.Changed, outcome.FiledCases) : outcome.Problem!);
    }
}
