namespace ActionLogement.Grains.Visas;

public sealed class VisaGrain(
    [PersistentState("visa", StorageNames.Default)] IPersistentState<VisaState> state,
    PolicyCatalog policies) : Grain, IVisaGrain
{
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
        await state.WriteStateAsync();
        return state.State.Visa;
    }

    public Task<VisaView?> Get() => Task.FromResult(state.State.Visa);
}
