using UnionWeChat.WeChat.Api;

namespace UnionWeChat.Functions.Menu;

/// <summary>
/// Publishes the configured menu once at start-up when <c>Menu__PublishOnStart=true</c> (scripts/run sets it, so the
/// simulator shows the real menu). In production an admin publishes deliberately instead.
/// </summary>
public sealed partial class MenuPublisher(MenuOptions menu, WeChatApiClient api, IHostApplicationLifetime lifetime, ILogger<MenuPublisher> logger)
    : BackgroundService
{
    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        // In Development the stand-in for WeChat is this very app: wait until it listens.
        var started = new TaskCompletionSource();
        using (lifetime.ApplicationStarted.Register(() => started.TrySetResult()))
        {
            await started.Task.WaitAsync(stoppingToken);
        }
        try
        {
            await api.CreateMenuAsync(menu.ToWeChat(), stoppingToken);
            LogPublished(menu.Effective.Count);
        }
        catch (Exception ex) when (ex is WeChatApiException or HttpRequestException)
        {
            LogFailed(ex);
        }
    }

    [LoggerMessage(Level = LogLevel.Information, Message = "Menu published at start-up ({Buttons} top-level buttons)")]
    private partial void LogPublished(int buttons);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Menu could not be published at start-up")]
    private partial void LogFailed(Exception exception);
}
