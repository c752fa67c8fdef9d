using Microsoft.Extensions.Options;

namespace UnionWeChat.WeChat.Api;

/// <summary>Runs <see cref="WeChatApiOptions.Validate"/> at start-up (with <c>ValidateOnStart</c>).</summary>
public sealed class WeChatApiOptionsValidator : IValidateOptions<WeChatApiOptions>
{
    /// <inheritdoc />
    public ValidateOptionsResult Validate(string? name, WeChatApiOptions options)
    {
        var problems = options.Validate();
        return problems.Count == 0
            ? ValidateOptionsResult.Success
            : ValidateOptionsResult.Fail(problems.Select(p => $"{p.Key}: {p.Message}"));
    }
}
