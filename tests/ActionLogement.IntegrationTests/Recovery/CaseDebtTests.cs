using Orleans.Core.Internal;

namespace ActionLogement.IntegrationTests.Recovery;

/// <summary>
/// A case's debt comes from its contract's stored payouts: counted in the case's queue row by the contract write that
/// creates them, read by the case when it is activated, and never a state write of the case's own.
/// </summary>
[Collection("cluster")]
public sealed class CaseDebtTests(ClusterFixture fixture)
{
    [Fact]
    public async Task Payouts_are_counted_by_the_contract_writes_and_rebuilt_by_a_reactivated_case()
    {
        var contract = await GrainScenario.ContractWithPayoutsAsync(fixture.Client, "T-" + Guid.NewGuid().ToString("N")[..8]);
        var caseId = RecoveryCaseIds.For(contract);
        var damage = await fixture.Client.GetGrain<IContractGrain>(contract).FileDamageClaim(GrainScenario.DamageAfterExit());
        Assert.Equal(1600m, damage.Covered);

        var recoveryCase = fixture.Client.GetGrain<IRecoveryCaseGrain>(caseId);
        Assert.Equal(4000m, await Eventually.ValueAsync(async () => (await recoveryCase.Get())!.Debt, d => d == 4000m));
        Assert.Equal((4000m, 4000m, "AMICABLE"), await QueueRowAsync(caseId));

        // Written once, when the first payouts opened it: the damage payout cost the case no write.
        Assert.Equal(1, await TestDatabase.ScalarAsync<int>(
            "SELECT etag FROM grain_state WHERE grain_type = 'recoverycase' AND grain_key = $1", caseId));

        await recoveryCase.AsReference<IGrainManagementExtension>().DeactivateOnIdle();
        var rebuilt = (await recoveryCase.Get())!;
        Assert.Equal((4000m, 4000m), (rebuilt.PaidOut, rebuilt.Debt));
        Assert.Equal(["opened", "payout", "payout", "payout", "payout"], rebuilt.Timeline.Select(e => e.Kind));
    }

    [Fact]
    public async Task A_payout_on_a_repaid_case_reopens_the_case_and_its_row()
    {
        var contract = await GrainScenario.ContractWithPayoutsAsync(fixture.Client, "T-" + Guid.NewGuid().ToString("N")[..8]);
        var caseId = RecoveryCaseIds.For(contract);
        var recoveryCase = fixture.Client.GetGrain<IRecoveryCaseGrain>(caseId);
        var repaid = await recoveryCase.Pay(new PaymentEntry(Guid.NewGuid().ToString(), 2400m, DateOnly.FromDateTime(DateTime.UtcNow), null), "T-payer");
        Assert.Equal(RecoveryState.ClosedPaid, repaid.Case!.State);
        Assert.Equal((0m, "CLOSED_PAID"), await DebtAndStateAsync());

        var damage = await fixture.Client.GetGrain<IContractGrain>(contract).FileDamageClaim(GrainScenario.DamageAfterExit());
        Assert.Equal(1600m, damage.Covered);

        var reopened = await Eventually.ValueAsync(async () => (await recoveryCase.Get())!, c => c.State == RecoveryState.Amicable);
        Assert.Equal((4000m, 2400m, 1600m), (reopened.PaidOut, reopened.Recovered, reopened.Debt));
        Assert.Equal((1600m, "AMICABLE"), await Eventually.ValueAsync(DebtAndStateAsync, r => r.Item2 == "AMICABLE"));

        async Task<(decimal, string)> DebtAndStateAsync()
        {
            var (_, debt, state) = await QueueRowAsync(caseId);
            return (debt, state);
        }
    }

    [Fact]
    public async Task Once_the_case_is_open_the_contract_hands_it_no_more_payouts_and_the_case_reads_them_itself()
    {
        var contract = await GrainScenario.ContractWithPayoutsAsync(fixture.Client, "T-" + Guid.NewGuid().ToString("N")[..8]);
        var recoveryCase = fixture.Client.GetGrain<IRecoveryCaseGrain>(RecoveryCaseIds.For(contract));
        // The case holds the debt once it has answered the contract's handover; the contract learns the case is open when
        // that answer reaches it, which under load can lag behind what the case shows us. A call to the contract queued
        // behind that answer (one silo) makes sure the damage claim comes after it.
        await fixture.Client.GetGrain<IContractGrain>(contract).Get();
        Assert.Equal(1600m, (await fixture.Client.GetGrain<IContractGrain>(contract).FileDamageClaim(GrainScenario.DamageAfterExit())).Covered);

        // Stored with the damage claim: the case known open, and the damage payout not waiting for a handover.
        var stored = await StoredContracts.StateAsync(contract);
        Assert.True(stored.CaseOpen);
        Assert.Empty(stored.Outbox);

        // The case, already active, shows it at once.
        var shown = (await recoveryCase.Get())!;
        Assert.Equal((4000m, 4000m), (shown.PaidOut, shown.Debt));
        Assert.Equal(4, shown.Timeline.Count(e => e.Kind == "payout"));
    }

    [Fact]
    public async Task A_payout_on_a_written_off_case_reopens_it_for_the_new_money_only()
    {
        var contract = await GrainScenario.ContractWithPayoutsAsync(fixture.Client, "T-" + Guid.NewGuid().ToString("N")[..8]);
        var recoveryCase = fixture.Client.GetGrain<IRecoveryCaseGrain>(RecoveryCaseIds.For(contract));
        // Over-indebtedness ending in personal recovery: the whole debt is written off and the case closes.
        var writtenOff = await recoveryCase.Escalate(new Escalation(EscalationKind.OverIndebtedness, "Dossier recevable", null, null,
            DateOnly.FromDateTime(DateTime.UtcNow), OverIndebtednessMeasure.WriteOff, null), "staff-001");
        Assert.Equal(RecoveryState.ClosedWrittenOff, writtenOff.Case!.State);

        Assert.Equal(1600m, (await fixture.Client.GetGrain<IContractGrain>(contract).FileDamageClaim(GrainScenario.DamageAfterExit())).Covered);

        var reopened = await Eventually.ValueAsync(async () => (await recoveryCase.Get())!, c => c.State == RecoveryState.Amicable);
        Assert.Equal((4000m, 2400m, 1600m), (reopened.PaidOut, reopened.WrittenOff, reopened.Debt));
    }

    private static async Task<(decimal PaidOut, decimal Debt, string State)> QueueRowAsync(string caseId) =>
        (await TestDatabase.ScalarAsync<decimal>("SELECT paid_out FROM recovery_cases_view WHERE case_id = $1", caseId),
            await TestDatabase.ScalarAsync<decimal>("SELECT debt FROM recovery_cases_view WHERE case_id = $1", caseId),
            (await TestDatabase.ScalarAsync<string>("SELECT state FROM recovery_cases_view WHERE case_id = $1", caseId))!);
}
