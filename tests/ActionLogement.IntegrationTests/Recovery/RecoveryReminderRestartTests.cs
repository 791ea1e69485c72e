namespace ActionLogement.IntegrationTests.Recovery;

/// <summary>The missed-instalment check is a durable reminder: it survives the silos that registered it.</summary>
[Collection("cluster")]
public sealed class RecoveryReminderRestartTests
{
    [Fact]
    public async Task A_miss_is_detected_after_every_silo_restarted_between_the_due_date_and_the_check()
    {
        var clusterId = "reminder-" + Guid.NewGuid().ToString("N")[..8];
        var serviceId = "svc-" + clusterId;
        var first = await TestClusters.StartAsync(silos: 1, clusterId, serviceId);
        string caseId;
        try
        {
            var contract = await GrainScenario.ContractWithPayoutsAsync(first.Client, "T-restart");
            caseId = RecoveryCaseIds.For(contract);
            var today = Samples.Today;
            var planned = await first.Client.GetGrain<IRecoveryCaseGrain>(caseId).SetPlan(new PlanProposal(300m, today.AddDays(3), 8, 1500m), "staff");
            Assert.Empty(planned.Violations);
        }
        finally
        {
            await first.StopAllSilosAsync();
            await first.DisposeAsync();
        }

        TestClock.Instance.Advance(TimeSpan.FromDays(40)); // due dates pass while no silo runs

        var second = await TestClusters.StartAsync(silos: 1, clusterId, serviceId);
        try
        {
            // Only the reminder checks: reading the case does not.
            var state = await Eventually.ValueAsync(
                async () => (await second.Client.GetGrain<IRecoveryCaseGrain>(caseId).Get())!.State,
                s => s == RecoveryState.PlanDefaulted, TimeSpan.FromSeconds(90));
            Assert.Equal(RecoveryState.PlanDefaulted, state);
        }
        finally
        {
            await second.StopAllSilosAsync();
            await second.DisposeAsync();
        }
    }
}
