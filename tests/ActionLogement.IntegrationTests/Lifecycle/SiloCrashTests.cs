using System.Collections.Concurrent;
using Microsoft.Extensions.DependencyInjection;
using Xunit.Abstractions;

namespace ActionLogement.IntegrationTests.Lifecycle;

/// <summary>
/// The silo process stops dead with declarations in flight (frozen, so that the writes it had handed to PostgreSQL
/// commit, then killed): some were answered, some written but never answered, some never sent. A landlord who got no answer sends the same declaration again. Whatever the
/// moment of the crash, every contract must end with each month paid exactly once: in the contract, in the payouts list
/// and in its recovery case's debt.
/// </summary>
[Collection("cluster")]
public sealed class SiloCrashTests(ITestOutputHelper output)
{
    private const int Contracts = 600;
    private const int InFlight = 96;

    [Fact]
    public async Task Declarations_in_flight_when_the_silo_is_killed_are_neither_lost_nor_paid_twice()
    {
        var clusterId = "decl-kill-" + Guid.NewGuid().ToString("N")[..6];
        var serviceId = "svc-" + clusterId;
        var answered = new ConcurrentDictionary<string, DeclarationResult>();
        var unanswered = new ConcurrentBag<string>();
        var contracts = new List<string>();

        var silo = await SiloProcess.StartAsync(clusterId, serviceId, "crash-silo-first");
        await using (silo)
        using (var client = await SiloProcess.ConnectClientAsync(clusterId, serviceId))
        {
            var grains = client.Services.GetRequiredService<IGrainFactory>();
            for (var i = 0; i < Contracts; i += InFlight)
            {
                contracts.AddRange(await Task.WhenAll(Enumerable.Range(i, Math.Min(InFlight, Contracts - i))
                    .Select(_ => GrainScenario.ActiveContractAsync(grains, "T-" + clusterId))));
            }

            var killAfter = Contracts / 3;
            var killNow = new TaskCompletionSource();
            var killed = false;
            using var slots = new SemaphoreSlim(InFlight);
            var declaring = contracts.Select(async contract =>
            {
                await slots.WaitAsync();
                try
                {
                    if (killed)
                    {
                        unanswered.Add(contract); // never sent: its landlord sends it once the silo is back
                        return;
                    }

                    var result = await grains.GetGrain<IContractGrain>(contract).DeclareUnpaidRent(GrainScenario.OpeningDeclaration(), origin: null);
                    Assert.Empty(result.Violations);
                    answered[contract] = result;
                    if (answered.Count >= killAfter)
                    {
                        killNow.TrySetResult();
                    }
                }
                catch (Exception e) when (e is not Xunit.Sdk.XunitException)
                {
                    unanswered.Add(contract); // the silo died before answering: written or not, nobody knows yet
                }
                finally
                {
                    slots.Release();
                }
            }).ToList();

            await killNow.Task.WaitAsync(TimeSpan.FromMinutes(2));
            killed = true;
            await silo.FreezeThenKillAsync(TimeSpan.FromMilliseconds(500));
            await Task.WhenAll(declaring).WaitAsync(TimeSpan.FromMinutes(2));
        }

        Assert.True(answered.Count >= Contracts / 3, $"{answered.Count} declarations answered before the kill");
        Assert.True(answered.Count < Contracts, "every declaration was answered before the kill: the test proved nothing");

        // What the crash caught, for the reader of the test's output: declarations written whose answer was lost.
        var written = await TestDatabase.ScalarAsync<long>(
            "SELECT count(DISTINCT contract_number) FROM payouts_view WHERE contract_number = ANY($1)", (object)unanswered.ToArray());
        output.WriteLine($"{answered.Count} declarations answered before the kill, {unanswered.Count} unanswered, {written} of those written");

        await using var second = await SiloProcess.StartAsync(clusterId, serviceId, "crash-silo-second", inPlaceOf: silo);
        using var secondClient = await SiloProcess.ConnectClientAsync(clusterId, serviceId);
        var again = secondClient.Services.GetRequiredService<IGrainFactory>();

        // Every landlord sends its declaration (again): the answered ones too, as a client unsure of a lost answer does.
        foreach (var chunk in contracts.Chunk(InFlight))
        {
            foreach (var result in await Task.WhenAll(chunk.Select(c =>
                again.GetGrain<IContractGrain>(c).DeclareUnpaidRent(GrainScenario.OpeningDeclaration(), origin: null))))
            {
                Assert.Empty(result.Violations);
                Assert.Equal((3, 2400m), (result.InstalmentsUsed, result.Debt));
            }
        }

        foreach (var contract in contracts)
        {
            var view = (await again.GetGrain<IContractGrain>(contract).Get())!;
            Assert.Equal(3, view.Payouts.Select(p => p.Month).Distinct().Count());
            Assert.Equal((3, 2400m), (view.Payouts.Count, view.TotalPaidOut));
            if (answered.TryGetValue(contract, out var before))
            {
                // Answered before the crash: the very payouts the landlord was told of, none made anew.
                Assert.Equal(before.Months.Select(m => m.PayoutId).Order(), view.Payouts.Select(p => p.PayoutId).Order());
            }
        }

        // The payouts list and the recovery queue, written with the contract's state, agree with it row for row.
        object numbers = contracts.ToArray();
        Assert.Equal(Contracts * 3L, await TestDatabase.ScalarAsync<long>(
            "SELECT count(DISTINCT (contract_number, month)) FROM payouts_view WHERE contract_number = ANY($1)", numbers));
        Assert.Equal(Contracts * 3L, await TestDatabase.ScalarAsync<long>(
            "SELECT count(*) FROM payouts_view WHERE contract_number = ANY($1)", numbers));
        Assert.Equal(Contracts, await TestDatabase.ScalarAsync<long>(
            "SELECT count(*) FROM recovery_cases_view WHERE contract_number = ANY($1) AND paid_out = 2400", numbers));

        // And each recovery case holds the whole debt, the handovers the crash cut short delivered after it.
        foreach (var chunk in contracts.Chunk(InFlight))
        {
            var debts = await Task.WhenAll(chunk.Select(contract =>
                Eventually.ValueAsync(async () => (await again.GetGrain<IRecoveryCaseGrain>(RecoveryCaseIds.For(contract)).Get())?.Debt,
                    d => d == 2400m, TimeSpan.FromSeconds(60))));
            Assert.All(debts, d => Assert.Equal(2400m, d));
        }
    }
}
