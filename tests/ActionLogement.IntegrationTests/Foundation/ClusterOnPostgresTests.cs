using Orleans.TestingHost;

namespace ActionLogement.IntegrationTests.Foundation;

/// <summary>Clusters of their own (apart from the shared one), to stop and restart them freely.</summary>
[Collection("cluster")]
public sealed class ClusterOnPostgresTests
{
    [Fact]
    public async Task A_visa_survives_a_full_cluster_restart()
    {
        var clusterId = "restart-" + Guid.NewGuid().ToString("N")[..8];
        var serviceId = "svc-" + clusterId;
        var number = VisaNumber.Format(Random.Shared.NextInt64(10_000_000_000, 99_999_999_999));
        var first = await TestClusters.StartAsync(silos: 1, clusterId, serviceId);
        var written = await first.Client.GetGrain<IVisaGrain>(number).Request(Samples.YoungVisa(), "T-restart", byTenant: true);
        await first.StopAllSilosAsync();
        await first.DisposeAsync();

        var second = await TestClusters.StartAsync(silos: 1, clusterId, serviceId);
        try
        {
            var read = await second.Client.GetGrain<IVisaGrain>(number).Get();
            Assert.NotNull(read);
            Assert.Equal(written.Status, read.Status);
            Assert.Equal(written.ExpiresOn, read.ExpiresOn);
            Assert.Equal("T-restart", read.RequestedBy);
        }
        finally
        {
            await second.StopAllSilosAsync();
            await second.DisposeAsync();
        }
    }

    [Fact]
    public async Task A_contract_with_its_claim_and_payouts_survives_a_full_cluster_restart()
    {
        var clusterId = "restart-" + Guid.NewGuid().ToString("N")[..8];
        var serviceId = "svc-" + clusterId;
        var first = await TestClusters.StartAsync(silos: 1, clusterId, serviceId);
        var number = await GrainScenario.ContractWithPayoutsAsync(first.Client, "T-restart-contract");
        var before = await first.Client.GetGrain<IContractGrain>(number).Get();
        await first.StopAllSilosAsync();
        await first.DisposeAsync();

        var second = await TestClusters.StartAsync(silos: 1, clusterId, serviceId);
        try
        {
            // The claim is rebuilt from the stored declarations by the rule engine: it must equal what was written.
            var after = await second.Client.GetGrain<IContractGrain>(number).Get();
            Assert.NotNull(after);
            Assert.Equal(3, after.InstalmentsUsed);
            Assert.Equal(before!.ClaimMonths, after.ClaimMonths);
            Assert.Equal(before.Payouts, after.Payouts);
            Assert.Equal(2400m, after.TotalPaidOut);

            // And it goes on from there: the same declaration again pays nothing more.
            var replay = await second.Client.GetGrain<IContractGrain>(number).DeclareUnpaidRent(new DeclareUnpaidRent(ApiScenario.Today,
                ApiScenario.DefaultDate, ApiScenario.ReminderDate, ApiScenario.LetterDate,
                Enumerable.Range(1, 3).Select(i => new MonthLine(ApiScenario.EffectMonth.AddMonths(i).ToString(), 800m, 0m, 0m)).ToList()), origin: null);
            Assert.Equal(3, replay.InstalmentsUsed);
            Assert.Equal(3, (await second.Client.GetGrain<IContractGrain>(number).Get())!.Payouts.Count);
        }
        finally
        {
            await second.StopAllSilosAsync();
            await second.DisposeAsync();
        }
    }

    [Fact]
    public async Task Two_silos_join_one_cluster_through_the_PostgreSQL_membership_table()
    {
        var clusterId = "pair-" + Guid.NewGuid().ToString("N")[..8];
        var cluster = await TestClusters.StartAsync(silos: 2, clusterId, "svc-" + clusterId);
        try
        {
            // Status 3 is SiloStatus.Active in the membership table.
            var active = await TestDatabase.ScalarAsync<long>(
                "SELECT count(*) FROM orleansmembershiptable WHERE deploymentid = $1 AND status = 3", clusterId);
            Assert.Equal(2, active);
            Assert.Equal(2, cluster.GetActiveSilos().Count());
        }
        finally
        {
            await cluster.StopAllSilosAsync();
            await cluster.DisposeAsync();
        }
    }
}
