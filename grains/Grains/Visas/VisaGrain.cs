namespace ActionLogement.Grains.Visas;

/// <summary>
/// A visa: its decision, then the contract that uses it. Bulk activation reserves visas in PostgreSQL directly, many
/// per statement (guarded by the etag), so the stored row, not this activation's memory, is the truth: the grain
/// reads it again before every answer that depends on the reservation.
/// </summary>
[GrainType(TypeName)]
public sealed class VisaGrain(
    [PersistentState(VisaGrain.StateName, StorageNames.Default)] IPersistentState<VisaState> state,
    PolicyCatalog policies,
    BusinessClock clock) : Grain, IVisaGrain
{
    public const string TypeName = "visa";
    public const string StateName = "visa";

    public async Task<VisaView> Request(VisaApplication application, string requestedBy, bool byTenant)
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
            decision.Violations.Select(Violation.From).ToList(),
            byTenant ? requestedBy : null);
        await state.WriteOrDeactivateAsync(this);
        return state.State.Visa;
    }

    public async Task<VisaView?> Get()
    {
        await state.ReadStateAsync();
        return state.State.Visa;
    }

    public async Task<VisaReservation> ReserveFor(string contractNumber, ActivateContract command)
    {
        await state.ReadStateAsync();
        var reservation = VisaReservations.Check(state.State.Visa, contractNumber, command, policies);
        if (VisaReservations.HeldByAnotherAmongOthers(reservation) && await IsAbandonedAsync(reservation.UsedByContract!))
        {
            reservation = VisaReservations.Check(state.State.Visa! with { UsedByContract = null }, contractNumber, command, policies);
        }

        if (reservation.Reserved && state.State.Visa!.UsedByContract != contractNumber)
        {
            state.State = VisaReservations.Reserve(state.State, contractNumber, clock.Now);
            await state.WriteOrDeactivateAsync(this);
        }

        return reservation;
    }

    public async Task Release(string contractNumber)
    {
        await state.ReadStateAsync();
        if (state.State.Visa is { } visa && visa.UsedByContract == contractNumber)
        {
            state.State.Visa = visa with { UsedByContract = null };
            state.State.ReservedAt = null;
            await state.WriteOrDeactivateAsync(this);
        }
    }

    private async Task<bool> IsAbandonedAsync(string holder) =>
        VisaReservations.MayBeAbandoned(state.State, clock.Now)
        && await GrainFactory.GetGrain<IContractGrain>(holder).Get() is null;
}
