using System.Diagnostics.Metrics;

namespace ActionLogement.Grains;

/// <summary>
/// What the engine counts for <c>/metrics</c> (API.md): grain calls, payouts created and paid, bulk rows decided. They are
/// .NET meter instruments, exported by the API process under the meter's name (<c>actionlogement_grain_calls</c>, ...);
/// a label never carries an id, an amount's owner or a person.
/// </summary>
public static class EngineMetrics
{
    public const string MeterName = "ActionLogement";

    private static readonly Meter Meter = new(MeterName);

    private static readonly Counter<long> GrainCalls = Meter.CreateCounter<long>("grain.calls",
        description: "Grain calls this silo answered, by grain, method and outcome (ok or error).");

    private static readonly Counter<long> PayoutsCreated = Meter.CreateCounter<long>("payouts.created",
        description: "Payouts created (stored), by kind (unpaid_rent or damage).");

    private static readonly Counter<double> PayoutAmounts = Meter.CreateCounter<double>("payouts.created.amount",
        unit: "EUR", description: "Euros of the payouts created, by kind.");

    private static readonly Counter<long> PayoutsPaid = Meter.CreateCounter<long>("payouts.paid",
        description: "Payouts marked paid by staff.");

    private static readonly Counter<long> BulkRows = Meter.CreateCounter<long>("bulk.rows",
        description: "Bulk activation rows decided and committed, by status (activated, already_active, rejected).");

    public static void GrainCall(string grain, string method, bool ok) =>
        GrainCalls.Add(1, new("grain", grain), new("method", method), new("outcome", ok ? "ok" : "error"));

    public static void PayoutCreated(string kind, decimal amount)
    {
        PayoutsCreated.Add(1, new KeyValuePair<string, object?>("kind", kind));
        PayoutAmounts.Add((double)amount, new KeyValuePair<string, object?>("kind", kind));
    }

    public static void PayoutPaid() => PayoutsPaid.Add(1);

    public static void BulkRowsCommitted(IEnumerable<string> statuses)
    {
        foreach (var group in statuses.GroupBy(s => s))
        {
            BulkRows.Add(group.LongCount(), new KeyValuePair<string, object?>("status", group.Key));
        }
    }
}

/// <summary>Counts every call to this project's grains (Orleans' own system grains pass uncounted).</summary>
public sealed class GrainCallMetricsFilter : IIncomingGrainCallFilter
{
    public async Task Invoke(IIncomingGrainCallContext context)
    {
        var grain = context.Grain.GetType();
        if (grain.Namespace?.StartsWith("ActionLogement.", StringComparison.Ordinal) != true)
        {
            await context.Invoke();
            return;
        }

        try
        {
            await context.Invoke();
            EngineMetrics.GrainCall(grain.Name, context.MethodName, ok: true);
        }
        catch
        {
            EngineMetrics.GrainCall(grain.Name, context.MethodName, ok: false);
            throw;
        }
    }
}
