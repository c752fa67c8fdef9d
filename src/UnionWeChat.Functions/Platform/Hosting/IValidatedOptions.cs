namespace UnionWeChat.Functions.Platform.Hosting;

/// <summary>Options that can say what is wrong with themselves, by configuration key, before the app starts.</summary>
public interface IValidatedOptions
{
    IEnumerable<ConfigProblem> Validate();
}
