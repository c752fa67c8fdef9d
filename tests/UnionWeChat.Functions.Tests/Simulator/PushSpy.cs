using System.Collections.Concurrent;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;

namespace UnionWeChat.Functions.Tests.Simulator;

/// <summary>Notes the query string of every request that reaches /api/wechat, to see how the simulator signed it.</summary>
internal sealed class PushSpy : IStartupFilter
{
    public ConcurrentQueue<string> Queries { get; } = new();

    public Action<IApplicationBuilder> Configure(Action<IApplicationBuilder> next) => app =>
    {
        app.Use(async (context, proceed) =>
        {
            if (context.Request.Path == "/api/wechat")
            {
                Queries.Enqueue(context.Request.QueryString.Value ?? "");
            }
            await proceed(context);
        });
        next(app);
    };
}
