using ActionLogement.Grains.Contracts;
using ActionLogement.Grains.Storage;
using Orleans.Core.Internal;

namespace ActionLogement.IntegrationTests.Lifecycle;

/// <summary>
/// A contract's claim events and payouts are appended to <c>contract_changes</c>, one row per write that adds or
/// changes any, instead of being rewritten with its state; a new activation reads them back.
/// </summary>
[Collection("cluster")]
public sealed class ContractChangeLogTests(ClusterFixture fixture)
{
    [Fact]
    public async Task Each_write_appends_its_changes_and_a_new_activation_rebuilds_the_same_contract()
    {
        var number = await GrainScenario.ContractWithPayoutsAsync(fixture.Client, "T-" + Guid.NewGuid().ToString("N")[..8]);
        var contract = fixture.Client.GetGrain<IContractGrain>(number);
        Assert.True((await contract.MarkPayoutPaid(PayoutId(number, 1), DateOnly.FromDateTime(DateTime.UtcNow), "VIR-1")).Done);
        Assert.Equal(1600m, (await contract.FileDamageClaim(GrainScenario.DamageAfterExit())).Covered);
        var before = (await contract.Get())!;

        // Activation and the case's closing flag changed no event nor payout: three rows, for the declaration, the
        // payment and the damage claim. The state itself holds none of them.
        Assert.Equal(3, await TestDatabase.ScalarAsync<long>("SELECT count(*) FROM contract_changes WHERE contract_number = $1", number));
        var stored = await StoredContracts.StateAsync(number);
        Assert.Equal(3, stored.ChangeCount);
        Assert.Null(stored.LegacyClaimEvents);
        Assert.Null(stored.LegacyStoredPayouts);

        await contract.AsReference<IGrainManagementExtension>().DeactivateOnIdle();
        var after = (await contract.Get())!;
        Assert.Equal(before.Payouts, after.Payouts);
        Assert.Equal(4, after.Payouts.Count);
        Assert.Equal((PayoutStatus.Paid, "VIR-1"), (after.Payouts[0].Status, after.Payouts[0].BankReference));
        Assert.Equal((before.InstalmentsUsed, before.TotalPaidOut), (after.InstalmentsUsed, after.TotalPaidOut));
        Assert.Equal(before.ClaimMonths, after.ClaimMonths);
    }

    [Fact]
    public async Task A_contract_stored_with_its_claim_inside_its_state_moves_it_to_one_row_on_its_next_write()
    {
        var number = await GrainScenario.ContractWithPayoutsAsync(fixture.Client, "T-" + Guid.NewGuid().ToString("N")[..8]);
        var contract = fixture.Client.GetGrain<IContractGrain>(number);
        var before = (await contract.Get())!;

        // Put the contract back in the form states had before contract_changes: its events and payouts inside it.
        var current = await StoredContracts.StateAsync(number);
        var events = current.Restore(await StoredContracts.ChangesAsync(number));
        var older = new ContractState
        {
            Activation = current.Activation,
            Cover = current.Cover,
            Status = current.Status,
            Version = current.Version,
            TenantSubject = current.TenantSubject,
            CaseOpen = current.CaseOpen,
            LegacyClaimEvents = events,
            LegacyStoredPayouts = [.. current.StoredPayouts],
        };
        await TestDatabase.ScalarAsync<int>("DELETE FROM contract_changes WHERE contract_number = $1", number);
        await TestDatabase.ScalarAsync<int>("UPDATE grain_state SET payload = $2 WHERE grain_type = 'contract' AND grain_key = $1",
            number, StateSerializer.ToArray(StoredContracts.Serializer.Serialize(older)));
        await contract.AsReference<IGrainManagementExtension>().DeactivateOnIdle();

        var read = (await contract.Get())!;
        Assert.Equal(before.Payouts, read.Payouts);
        Assert.Equal(3, read.InstalmentsUsed);

        Assert.True((await contract.MarkPayoutPaid(PayoutId(number, 2), DateOnly.FromDateTime(DateTime.UtcNow), "VIR-2")).Done);
        var moved = Assert.Single(await StoredContracts.ChangesAsync(number));
        Assert.Single(moved.Events);
        Assert.Equal(3, moved.NewPayouts.Count);
        Assert.Equal(PayoutStatus.Paid, moved.NewPayouts[1].Status);
        var stored = await StoredContracts.StateAsync(number);
        Assert.Equal((1, (List<ClaimEvent>?)null, (List<StoredPayout>?)null), (stored.ChangeCount, stored.LegacyClaimEvents, stored.LegacyStoredPayouts));

        await contract.AsReference<IGrainManagementExtension>().DeactivateOnIdle();
        var reread = (await contract.Get())!;
        Assert.Equal(3, reread.InstalmentsUsed);
        Assert.Equal([PayoutStatus.Pending, PayoutStatus.Paid, PayoutStatus.Pending], reread.Payouts.Select(p => p.Status));
    }

    private static string PayoutId(string contract, int sequence) => $"P-{contract[1..]}-{sequence:D3}";
}
