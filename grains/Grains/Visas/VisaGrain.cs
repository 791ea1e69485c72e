namespace ActionLogement.Grains.Visas;

public sealed class VisaGrain(
    [PersistentState("visa", StorageNames.Default)] IPersistentState<VisaState> state,
    PolicyCatalog policies,
    BusinessClock clock) : Grain, IVisaGrain
{
    // A reservation whose contract was never written (a crash mid-activation) frees the visa after this delay.
    private static readonly TimeSpan AbandonedReservation = TimeSpan.FromMinutes(2);

    public async Task<VisaView> Request(VisaApplication application, string requestedBy)
    {
        // A visa number is issued once; asking again returns what was decided.
        if (state.State.Visa is { } existing)
        {
            return existing;
        }

        var decision = VisaEligibility.Decide(VisaMapping.ToDomain(application), policies);
        state.State.Visa = new VisaView(
            this.GetPrimaryKeyString(),
            decision.Certified ? VisaStatus.Certified : VisaStatus.Refused,
            decision.IssuedOn,
            decision.ExpiresOn,
            new Dictionary<Zone, decimal>(decision.MaxRent),
            decision.PolicyVersion,
            application.FirstName,
            application.LastName,
            application.BirthDate,
            application.Profile,
            application.MonthlyResources,
            requestedBy,
            UsedByContract: null,
            decision.Violations.Select(Violation.From).ToList());
        await state.WriteOrDeactivateAsync(this);
        return state.State.Visa;
    }

    public Task<VisaView?> Get() => Task.FromResult(state.State.Visa);

    public async Task<VisaReservation> ReserveFor(string contractNumber, ActivateContract command)
    {
        var visa = state.State.Visa;
        var decision = ActivationRules.Check(command.ToDomain(), visa is null ? null : VisaMapping.ToFacts(visa), policies);
        if (!decision.Accepted || decision.Cover is null)
        {
            return new VisaReservation(false, null, decision.Violations.Select(Violation.From).ToList(), visa?.UsedByContract);
        }

        if (visa!.UsedByContract is { } holder && holder != contractNumber && !await IsAbandonedAsync(holder))
        {
            return new VisaReservation(false, null,
                [new Violation(RuleCodes.VisaAlreadyUsed, "visaNumber", $"Visa {visa.VisaNumber} is already used by contract {holder}.")],
                holder);
        }

        if (visa.UsedByContract != contractNumber)
        {
            state.State.Visa = visa with { UsedByContract = contractNumber };
            state.State.ReservedAt = clock.Now;
            await state.WriteOrDeactivateAsync(this);
        }

        return new VisaReservation(true, CoverTerms.From(decision.Cover), [], contractNumber, visa.RequestedBy);
    }

    public async Task Release(string contractNumber)
    {
        if (state.State.Visa is { } visa && visa.UsedByContract == contractNumber)
        {
            state.State.Visa = visa with { UsedByContract = null };
            state.State.ReservedAt = null;
            await state.WriteOrDeactivateAsync(this);
        }
    }

    private async Task<bool> IsAbandonedAsync(string holder) =>
        clock.Now - state.State.ReservedAt > AbandonedReservation
        && await GrainFactory.GetGrain<IContractGrain>(holder).Get() is null;
}
