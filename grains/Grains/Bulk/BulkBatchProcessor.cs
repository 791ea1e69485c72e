using ActionLogement.Grains.Contracts;
using ActionLogement.Grains.Storage;
using ActionLogement.Grains.Visas;

namespace ActionLogement.Grains.Bulk;

/// <summary>
/// Decides a batch of staged rows at once: malformed rows and unmanaged landlords are refused, references already
/// activated answer <c>already_active</c>, the rest go through the same rules as a single activation
/// (<see cref="VisaReservations"/>, the one rule engine) against their visas read in one query. The outcome holds the
/// new contracts' and reserved visas' grain states, which <see cref="BulkJobStore.CommitBatchAsync"/> writes with
/// the results in one transaction: the very rows the contract and visa grains read afterwards.
/// </summary>
public sealed class BulkBatchProcessor(IGrainFactory grains, BulkJobStore jobs, GrainStateStore states, PolicyCatalog policies,
    BusinessClock clock)
{
    public async Task<BatchOutcome> ProcessAsync(BulkJob job, IReadOnlyList<BulkRow> rows)
    {
        var outcome = new BatchOutcome();
        var results = new Dictionary<int, BulkResult>();
        var known = await jobs.ActivatedRefsAsync(job.PartnerId, rows.Where(r => r.ExternalRef is not null).Select(r => r.ExternalRef!).Distinct().ToList());

        var toActivate = new List<(BulkRow Row, ActivateContract Command)>();
        var firstOfRef = new Dictionary<string, BulkRow>();
        foreach (var row in rows)
        {
            if (row.ParseError is not null)
            {
                results[row.Line] = BulkResult.Malformed(row, row.ParseError);
            }
            else if (known.TryGetValue(row.ExternalRef!, out var existing))
            {
                results[row.Line] = existing is { Status: { } status, VisaNumber: { } visa }
                    ? Existing(row, existing.ContractNumber, status, visa)
                    : new BulkResult(row.Line, row.ExternalRef, BulkResult.Rejected, null, [RuleCodes.ExternalRefAlreadyUsed],
                        "This reference is being activated alone at this moment; send the row again once that activation has answered.");
            }
            else if (firstOfRef.ContainsKey(row.ExternalRef!))
            {
                // Settled after the first row with this reference (below).
            }
            else if (row.LandlordId != job.PartnerId && !job.Managed.Contains(row.LandlordId!))
            {
                results[row.Line] = BulkResult.Reject(row, RuleCodes.LandlordNotManaged);
            }
            else if (row.RegisteredOn is { } stated
                && RequestDates.Check(stated, job.UploadedOn, mayBackdate: false, policies.ForDate(job.UploadedOn), "registeredOn") is { } badDate)
            {
                // A partner states its rows' registration date as it would one lease's: neither ahead nor backdated
                // past the allowance, or a file would slip leases past registration_late.
                results[row.Line] = new BulkResult(row.Line, row.ExternalRef, BulkResult.Rejected, null, [badDate.Code], badDate.Message);
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
                firstOfRef.TryAdd(row.ExternalRef, row);
            }
        }

        if (toActivate.Count > 0)
        {
            await ActivateAsync(job, toActivate, results, outcome);
        }

        foreach (var row in rows.Where(r => !results.ContainsKey(r.Line)))
        {
            // A reference repeated inside the batch: the first line decided it.
            var firstRow = firstOfRef[row.ExternalRef!];
            var first = results[firstRow.Line];
            results[row.Line] = first.Status == BulkResult.Rejected
                ? BulkResult.Reject(row, RuleCodes.DuplicateExternalRef)
                : Existing(row, first.ContractNumber!, ApiSpelling<ContractStatus>.Of(ContractStatus.Active), firstRow.VisaNumber!);
        }

        outcome.Results.AddRange(results.Values.OrderBy(r => r.Line));
        return outcome;
    }

    private async Task ActivateAsync(BulkJob job, List<(BulkRow Row, ActivateContract Command)> work, Dictionary<int, BulkResult> results,
        BatchOutcome outcome)
    {
        var now = clock.Now;
        var visas = await states.ReadManyAsync<VisaState>(VisaGrain.TypeName, VisaGrain.StateName,
            work.Select(w => w.Command.VisaNumber).Distinct().ToList());
        var holders = await HoldersAsync(visas.Values.Select(v => v.State.Visa?.UsedByContract));
        // Numbers are not pinned to rows: the batch commits all or nothing, so a replayed batch simply takes new ones.
        var numbers = await grains.GetGrain<INumberAllocatorGrain>(0).NextMany(NumberKind.Contract, work.Count);

        for (var i = 0; i < work.Count; i++)
        {
            var (row, command) = work[i];
            var number = numbers[i];
            var stored = visas.TryGetValue(command.VisaNumber, out var v) ? v : ((int ETag, VisaState State)?)null;
            var visa = stored?.State.Visa;
            var reservation = VisaReservations.Check(visa, number, command, policies);
            if (VisaReservations.HeldByAnother(reservation) && !holders.ContainsKey(reservation.UsedByContract!)
                && !outcome.Contracts.ContainsKey(reservation.UsedByContract!) && VisaReservations.MayBeAbandoned(stored!.Value.State, now))
            {
                reservation = VisaReservations.Check(visa! with { UsedByContract = null }, number, command, policies);
            }

            if (reservation.Reserved)
            {
                var contract = new ContractState { Version = 1 };
                contract.Activate(command, reservation.Cover!, reservation.HolderSubject);
                outcome.Contracts[number] = contract;
                var reserved = VisaReservations.Reserve(stored!.Value.State, number, now);
                // Later rows of this batch see the visa taken; the etag stays the one read, which the update checks.
                visas[command.VisaNumber] = (stored.Value.ETag, reserved);
                outcome.Visas[command.VisaNumber] = (stored.Value.ETag, reserved);
                results[row.Line] = new BulkResult(row.Line, row.ExternalRef, BulkResult.Activated, number, []);
            }
            else if (VisaReservations.HeldByAnother(reservation) && AgentOf(reservation.UsedByContract!) == job.PartnerId)
            {
                // The visa carries a contract this partner is the agent of, under another reference or none (the row's
                // was not found taken): refused as alone, naming that contract, which the partner sees. Answered
                // already_active, the row's reference would seem to name that contract while it names none, and a later
                // activation under it would make a second.
                var holder = reservation.UsedByContract!;
                results[row.Line] = new BulkResult(row.Line, row.ExternalRef, BulkResult.Rejected, holder, [RuleCodes.VisaAlreadyUsed],
                    $"This visa is already used by contract {holder}{(ReferenceOf(holder) is { } other ? $", under reference {other}" : "")}.");
            }
            else
            {
                results[row.Line] = BulkResult.Reject(row, [.. reservation.Violations.Select(v => v.Code).Distinct()]);
            }
        }

        ActivateContract? ActivationOf(string contract) =>
            outcome.Contracts.TryGetValue(contract, out var fresh) ? fresh.Activation
            : holders.TryGetValue(contract, out var held) ? held.Activation
            : null;

        string? AgentOf(string contract) => ActivationOf(contract)?.AgentId;

        string? ReferenceOf(string contract) => ActivationOf(contract)?.ExternalRef;
    }

    /// <summary>
    /// A row under a reference that already names a contract. The same lease (the same visa) answers
    /// <c>already_active</c>, or, once that contract was cancelled or ended, is refused with its number: the same lease
    /// never gets a second contract. Another visa under that reference is another tenant's lease, which the reference
    /// cannot name: refused as a single activation would be, or the partner would take that tenant for covered.
    /// </summary>
    private static BulkResult Existing(BulkRow row, string contract, string status, string visa)
    {
        if (row.VisaNumber != visa)
        {
            return new BulkResult(row.Line, row.ExternalRef, BulkResult.Rejected, contract, [RuleCodes.ExternalRefAlreadyUsed],
                $"This reference already names contract {contract}, on visa {visa}: the lease on visa {row.VisaNumber} needs a reference of its own.");
        }

        return status == ApiSpelling<ContractStatus>.Of(ContractStatus.Active)
            ? new BulkResult(row.Line, row.ExternalRef, BulkResult.AlreadyActive, contract, [])
            : new BulkResult(row.Line, row.ExternalRef, BulkResult.Rejected, contract, [RuleCodes.ContractNotActive],
                $"This lease's contract {contract} is {status}: a new lease takes a new reference and visa.");
    }

    private async Task<Dictionary<string, ContractState>> HoldersAsync(IEnumerable<string?> contractNumbers)
    {
        var numbers = contractNumbers.OfType<string>().Distinct().ToList();
        if (numbers.Count == 0)
        {
            return [];
        }

        var found = await states.ReadManyAsync<ContractState>(ContractGrain.TypeName, ContractGrain.StateName, numbers);
        return found.ToDictionary(f => f.Key, f => f.Value.State);
    }
}

/// <summary>What a batch decided: one result per row, and the grain states to write with them.</summary>
public sealed class BatchOutcome
{
    public List<BulkResult> Results { get; } = [];

    /// <summary>New contracts by number.</summary>
    public Dictionary<string, ContractState> Contracts { get; } = [];

    /// <summary>Reserved visas by number, with the etag they were read at.</summary>
    public Dictionary<string, (int ETag, VisaState State)> Visas { get; } = [];
}
