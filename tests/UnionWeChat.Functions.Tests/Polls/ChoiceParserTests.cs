using UnionWeChat.Functions.Polls;

namespace UnionWeChat.Functions.Tests.Polls;

public sealed class ChoiceParserTests
{
    [Theory]
    [InlineData("1", 3, 1, new[] { 1 })]
    [InlineData(" 3 ", 3, 1, new[] { 3 })]
    [InlineData("１", 3, 1, new[] { 1 })]
    [InlineData("3,1", 4, 2, new[] { 1, 3 })]
    [InlineData("1，3", 4, 2, new[] { 1, 3 })]
    [InlineData("2、4", 4, 3, new[] { 2, 4 })]
    [InlineData("1 2 3", 4, 3, new[] { 1, 2, 3 })]
    public void Option_numbers_in_the_usual_forms_are_read(string text, int options, int max, int[] expected)
    {
        var result = ChoiceParser.Parse(text, options, max);

        Assert.True(result.Ok, result.Error);
        Assert.Equal(expected, result.Choices);
    }

    [Theory]
    [InlineData("-1", 3, 1, "不是选项编号")]
    [InlineData("0", 3, 1, "没有第 0 项")]
    [InlineData("4", 3, 1, "选项编号是 1 到 3")]
    [InlineData("99999999999999999999999", 3, 1, "没有第 999999999999… 项")]
    [InlineData("1,1", 3, 2, "第 1 项选了两次")]
    [InlineData("1,2", 3, 1, "只能选一项")]
    [InlineData("1,2,3", 4, 2, "最多只能选 2 项")]
    [InlineData("甲", 3, 1, "不是选项编号")]
    [InlineData("1.5", 3, 1, "不是选项编号")]
    [InlineData("+2", 3, 1, "不是选项编号")]
    [InlineData("", 3, 1, "请回复一个选项编号")]
    [InlineData(",,", 3, 2, "最多选 2 项")]
    public void Bad_option_numbers_get_one_clear_sentence(string text, int options, int max, string expected)
    {
        var result = ChoiceParser.Parse(text, options, max);

        Assert.False(result.Ok);
        Assert.Empty(result.Choices);
        Assert.Contains(expected, result.Error);
    }

    [Fact]
    public void A_page_submission_without_any_ticked_box_is_refused()
    {
        var result = ChoiceParser.FromValues([], 3, 1);

        Assert.False(result.Ok);
        Assert.Contains("请选择", result.Error);
    }
}
