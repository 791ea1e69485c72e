using System.Collections.Concurrent;
using Microsoft.Extensions.DependencyInjection;
using Xunit.Abstractions;

namespace ActionLogement.IntegrationTests.Lifecycle;

/// <summary>
/// The silo process stops dead with declarations in flight (frozen, so that the writes it had handed to PostgreSQL
/// commit, then killed): some were answered, some written but never answered, some never sent. Each landlord sends its
/// declaration again under the same Idempotency-Key, as the API hands it to the grain. Whatever the moment of the crash,
/// every contract must end with each month paid exactly once: in the contract, in the payouts list and in its recovery
/// case's debt; and a declaration written before the crash is answered from that record, with its first payouts.
/// </summary>
[Collection("cluster")]
public sealed class SiloCrashTests(ITestOutputHelper output)
{
    private const int ContractsPerRound = 300;
    private const int InFlight = 96;
    private const int MaxRounds = 4;

    [Fact]
    public async Task Declarations_in_flight_when_the_silo_is_killed_are_neither_lost_nor_paid_twice()
    {
        var clusterId = "decl-kill-" + Guid.NewGuid().ToString("N")[..6];
        var serviceId = "svc-" + clusterId;
        var keys = new Dictionary<string, CommandOrigin>();
        var answered = new ConcurrentDictionary<string, DeclarationResult>();
        var unanswered = new ConcurrentBag<string>();
        var contracts = new List<string>();
        SiloProcess? silo = null;
        long writtenUnanswered = 0;

        // A crash catches writes committed but unanswered only when it falls while PostgreSQL commits some: a round
        // seldom misses them, and the next round (a silo restarted in place of the dead one) tries again.
        for (var round = 1; round <= MaxRounds && writtenUnanswered == 0; round++)
        {
            silo = await SiloProcess.StartAsync(clusterId, serviceId, $"crash-silo-{round}", inPlaceOf: silo);
            await using var running = silo;
            using var client = await SiloProcess.ConnectClientAsync(clusterId, serviceId);
            var grains = client.Services.GetRequiredService<IGrainFactory>();
            var these = new List<string>();
            foreach (var chunk in Enumerable.Range(0, ContractsPerRound).Chunk(InFlight))
            {
                these.AddRange(await Task.WhenAll(chunk.Select(_ => GrainScenario.ActiveContractAsync(grains, "T-" + clusterId))));
            }

            foreach (var contract in these)
            {
                keys[contract] = Origin(contract);
            }

            var roundUnanswered = await DeclareAndKillAsync(silo, grains, these, keys, answered);
            foreach (var contract in roundUnanswered)
            {
                unanswered.Add(contract);
            }

            contracts.AddRange(these);
            writtenUnanswered = await TestDatabase.ScalarAsync<long>(
                "SELECT count(DISTINCT contract_number) FROM payouts_view WHERE contract_number = ANY($1)", (object)unanswered.ToArray());
            output.WriteLine($"round {round}: {answered.Count} declarations answered so far, {unanswered.Count} unanswered, {writtenUnanswered} of those written");
        }

        Assert.True(writtenUnanswered > 0, $"no crash in {MaxRounds} rounds fell between a declaration's write and its answer");

        await using var last = await SiloProcess.StartAsync(clusterId, serviceId, "crash-silo-last", inPlaceOf: silo);
        using var lastClient = await SiloProcess.ConnectClientAsync(clusterId, serviceId);
        var again = lastClient.Services.GetRequiredService<IGrainFactory>();

        // Every landlord sends its declaration again under its key: the answered ones too, as a client unsure of a lost
        // answer does. One written before the crash is a replay, answered with its first payouts; one that was not is
        // recorded now.
        var replays = 0;
        foreach (var chunk in contracts.Chunk(InFlight))
        {
            var results = await Task.WhenAll(chunk.Select(async c =>
                (Contract: c, Result: await again.GetGrain<IContractGrain>(c).DeclareUnpaidRent(GrainScenario.OpeningDeclaration(), keys[c]))));
            foreach (var (contract, result) in results)
            {
                Assert.Empty(result.Violations);
                Assert.Equal((3, 2400m), (result.InstalmentsUsed, result.Debt));
                Assert.Equal(3, result.Months.Count(m => m.PayoutId is not null));
                var view = (await again.GetGrain<IContractGrain>(contract).Get())!;
                Assert.Equal(view.Payouts.Select(p => p.PayoutId).Order(), result.Months.Select(m => m.PayoutId!).Order());
                if (result.Record == DeclarationRecord.Replayed)
                {
                    replays++;
                }
            }
        }

        Assert.True(replays >= answered.Count + writtenUnanswered, $"{replays} replays for {answered.Count} answered and {writtenUnanswered} written unanswered");

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
        Assert.Equal(contracts.Count * 3L, await TestDatabase.ScalarAsync<long>(
            "SELECT count(DISTINCT (contract_number, month)) FROM payouts_view WHERE contract_number = ANY($1)", numbers));
        Assert.Equal(contracts.Count * 3L, await TestDatabase.ScalarAsync<long>(
            "SELECT count(*) FROM payouts_view WHERE contract_number = ANY($1)", numbers));
        Assert.Equal(contracts.Count, await TestDatabase.ScalarAsync<long>(
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

    /// <summary>
    /// Sends every contract's declaration, <see cref="InFlight"/> at a time, and stops the silo dead once a third are
    /// answered; returns the contracts whose declaration got no answer (sent or not).
    /// </summary>
    private static async Task<List<string>> DeclareAndKillAsync(SiloProcess silo, IGrainFactory grains, List<string> contracts,
        Dictionary<string, CommandOrigin> keys, ConcurrentDictionary<string, DeclarationResult> answered)
    {
        var unanswered = new ConcurrentBag<string>();
        var answeredHere = 0;
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
                    unanswered.Add(contract); // never sent: its landlord sends it once a silo is back
                    return;
                }

                // Sending goes on while the silo is frozen, so that calls are caught at every step.
                var result = await grains.GetGrain<IContractGrain>(contract).DeclareUnpaidRent(GrainScenario.OpeningDeclaration(), keys[contract]);
                Assert.Empty(result.Violations);
                answered[contract] = result;
                if (Interlocked.Increment(ref answeredHere) >= contracts.Count / 3)
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
        return [.. unanswered];
    }

    /// <summary>A landlord's declaration under an Idempotency-Key of its own, as the API hands it to the grain.</summary>
    private static CommandOrigin Origin(string contract) =>
        new("landlord", "L-grain", $"POST /api/v1/contracts/{contract}/unpaid-rent", 200,
            new IdempotencyDigest(Random.Shared.NextInt64(), 42), 422);
}
