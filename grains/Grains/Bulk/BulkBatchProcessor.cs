using ActionLogement.Grains.Abstractions;

namespace ActionLogement.Grains.Bulk;

/// <summary>
/// Turns a batch of staged rows into results: malformed rows and unmanaged landlords are refused, references already
/// activated answer <c>already_active</c>, the rest go through the very same contract activation as the single
/// endpoint (one rule engine), all rows of the batch at once.
/// </summary>
public sealed class BulkBatchProcessor(IGrainFactory grains, BulkJobStore store)
{
    public async Task<List<BulkResult>> ProcessAsync(BulkJob job, IReadOnlyList<BulkRow> rows)
    {
        var results = new Dictionary<int, BulkResult>();
        var known = await store.ActivatedRefsAsync(job.PartnerId, rows.Where(r => r.ExternalRef is not null).Select(r => r.ExternalRef!).Distinct().ToList());

        var toActivate = new List<(BulkRow Row, ActivateContract Command)>();
        var firstLineOfRef = new Dictionary<string, int>();
        foreach (var row in rows)
        {
            if (row.ParseError is not null)
            {
                results[row.Line] = BulkResult.Malformed(row, row.ParseError);
            }
            else if (known.TryGetValue(row.ExternalRef!, out var existing))
            {
                results[row.Line] = new BulkResult(row.Line, row.ExternalRef, BulkResult.AlreadyActive, existing, []);
            }
            else if (firstLineOfRef.ContainsKey(row.ExternalRef!))
            {
                // Settled after the first row with this reference (below).
            }
            else if (row.LandlordId != job.PartnerId && !job.Managed.Contains(row.LandlordId!))
            {
                results[row.Line] = BulkResult.Reject(row, "landlord_not_managed");
            }
            else if (BulkCommands.TryCreate(row, job) is { } command)
            {
                toActivate.Add((row, command));
            }
            else
            {
                results[row.Line] = BulkResult.Malformed(row, $"park or zone: unknown value '{row.Park}' / '{row.Zone}'");
            }

            if (row.ExternalRef is not null)
            {
                firstLineOfRef.TryAdd(row.ExternalRef, row.Line);
            }
        }

        await ActivateAsync(job, toActivate, results);

        foreach (var row in rows.Where(r => !results.ContainsKey(r.Line)))
        {
            // A reference repeated inside the batch: the first line decided it.
            var first = results[firstLineOfRef[row.ExternalRef!]];
            results[row.Line] = first.Status == BulkResult.Rejected
                ? BulkResult.Reject(row, "duplicate_external_ref")
                : new BulkResult(row.Line, row.ExternalRef, BulkResult.AlreadyActive, first.ContractNumber, []);
        }

        return [.. results.Values.OrderBy(r => r.Line)];
    }

    private async Task ActivateAsync(BulkJob job, List<(BulkRow Row, ActivateContract Command)> work, Dictionary<int, BulkResult> results)
    {
        var unnumbered = work.Where(w => w.Row.ContractNumber is null).ToList();
        var numbers = new Dictionary<int, string>(work.Where(w => w.Row.ContractNumber is not null).Select(w => KeyValuePair.Create(w.Row.Line, w.Row.ContractNumber!)));
        if (unnumbered.Count > 0)
        {
            var allocated = await grains.GetGrain<INumberAllocatorGrain>(0).NextMany(NumberKind.Contract, unnumbered.Count);
            await store.AssignContractNumbersAsync(job.JobId, unnumbered.Select(w => w.Row.Line).ToList(), allocated);
            for (var i = 0; i < unnumbered.Count; i++)
            {
                numbers[unnumbered[i].Row.Line] = allocated[i];
            }
        }

        var outcomes = await Task.WhenAll(work.Select(async w =>
            (w.Row, Outcome: await grains.GetGrain<IContractGrain>(numbers[w.Row.Line]).Activate(w.Command))));
        foreach (var (row, outcome) in outcomes)
        {
            results[row.Line] = await ResultAsync(job, row, outcome);
        }
    }

    private async Task<BulkResult> ResultAsync(BulkJob job, BulkRow row, ActivationOutcome outcome)
    {
        if (outcome.Contract is { } contract)
        {
            return new BulkResult(row.Line, row.ExternalRef, BulkResult.Activated, contract.ContractNumber, []);
        }

        // The visa already carries a contract of this partner's (an overlapping earlier file): the same lease.
        if (outcome.VisaUsedByContract is { } existing
            && await grains.GetGrain<IContractGrain>(existing).Get() is { } other && other.AgentId == job.PartnerId)
        {
            return new BulkResult(row.Line, row.ExternalRef, BulkResult.AlreadyActive, existing, []);
        }

        return BulkResult.Reject(row, [.. outcome.Violations.Select(v => v.Code).Distinct()]);
    }
}
