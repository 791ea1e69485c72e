using ActionLogement.Grains;
using Prometheus;

namespace ActionLogement.Api.Infrastructure;

/// <summary>
/// <c>GET /metrics</c> in Prometheus' text format (prometheus-net): HTTP requests by route pattern, method and status;
/// the engine's own counters (<see cref="EngineMetrics"/>: grain calls, payouts, bulk rows, from this process's silo);
/// and the process's CPU, memory and collections. No label carries an id or personal data: routes are patterns.
/// </summary>
public static class MetricsExport
{
    private static IDisposable? _engineMeters;

    /// <summary>Once, at start-up: which collectors run.</summary>
    public static void Configure()
    {
        // Event counters would restate what the process collectors give, on a timer of their own. The default meter
        // adapter would listen to every meter (Orleans and ASP.NET Core publish many instruments the scraper needs few
        // of), and only from the first scrape on, so the engine's counts before it would be lost: this one starts now.
        Metrics.SuppressDefaultMetrics(new SuppressDefaultMetricOptions
        {
            SuppressEventCounters = true,
            SuppressDebugMetrics = true,
            SuppressMeters = true,
        });
        _engineMeters ??= MeterAdapter.StartListening(new MeterAdapterOptions
        {
            InstrumentFilterPredicate = instrument => instrument.Meter.Name == EngineMetrics.MeterName,
        });
    }

    /// <summary>
    /// Counts requests once routing has chosen the endpoint, so the route label is its pattern. Placed outside the
    /// exception handler, so that a request that threw is counted with the status it was answered with, not the 200 it
    /// held when it threw. The handler forgets the endpoint as it answers; it is put back for the label.
    /// </summary>
    public static void UseRequestMetrics(this WebApplication app)
    {
        app.UseHttpMetrics();
        app.Use(async (context, next) =>
        {
            var endpoint = context.GetEndpoint();
            await next(context);
            if (endpoint is not null && context.GetEndpoint() is null)
            {
                context.SetEndpoint(endpoint);
            }
        });
    }

    public static void MapMetricsEndpoint(this WebApplication app) => app.MapMetrics("/metrics").WithTags("Health");
}
