using System.Diagnostics;

namespace UnionWeChat.Testing;

/// <summary>Polls a condition until it holds or a generous deadline passes: for waiting, never for timing.</summary>
public static class Eventually
{
    public static async Task<bool> HoldsAsync(Func<Task<bool>> condition, TimeSpan? within = null, TimeSpan? every = null)
    {
        var deadline = within ?? TimeSpan.FromSeconds(30);
        var clock = Stopwatch.StartNew();
        while (true)
        {
            if (await condition())
            {
                return true;
            }
            if (clock.Elapsed > deadline)
            {
                return false;
            }
            await Task.Delay(every ?? TimeSpan.FromMilliseconds(100));
        }
    }
}
