using ActionLogement.Grains.Contracts;
using ActionLogement.Grains.Storage;
using Microsoft.Extensions.DependencyInjection;
using Orleans.Serialization;
using Orleans.Storage;

namespace ActionLogement.IntegrationTests.Foundation;

/// <summary>The state serializer writes exactly Orleans' storage bytes, so rows written before it still read.</summary>
public sealed class StateSerializerTests
{
    private static readonly Serializer Orleans = new ServiceCollection().AddSerializer().BuildServiceProvider().GetRequiredService<Serializer>();

    [Fact]
    public void It_writes_the_bytes_Orleans_storage_serializer_writes_and_reads_them_back()
    {
        var ours = new StateSerializer(Orleans);
        var theirs = new OrleansGrainStorageSerializer(Orleans);
        // A large state first, so the thread's buffer has grown and is reused (and reset) for the small one after it.
        foreach (var state in new[] { Contract(months: 30), Contract(months: 1) })
        {
            var payload = StateSerializer.ToArray(ours.Serialize(state));

            Assert.Equal(theirs.Serialize(state).ToArray(), payload);
            var back = ours.Deserialize<ContractState>(new BinaryData(payload))!;
            Assert.Equal(state.Version, back.Version);
            Assert.Equal(state.Payouts, back.Payouts);
            Assert.Equal(payload, StateSerializer.ToArray(ours.Serialize(back)));
        }
    }

    [Fact]
    public void A_payload_is_its_own_exact_array_not_a_copy()
    {
        var data = new StateSerializer(Orleans).Serialize(Contract(months: 3));

        Assert.Same(StateSerializer.ToArray(data), StateSerializer.ToArray(data));
        Assert.Equal(data.ToMemory().Length, StateSerializer.ToArray(data).Length);
    }

    private static ContractState Contract(int months)
    {
        var state = new ContractState { Status = ContractStatus.Active, Version = months };
        for (var i = 0; i < months; i++)
        {
            var month = new DateOnly(2024, 1, 1).AddMonths(i).ToString("yyyy-MM");
            state.ClaimEvents.Add(new ClaimEvent(
                new DeclareUnpaidRent(new DateOnly(2024, 1, 5).AddMonths(i), null, null, null, new List<MonthLine> { new(month, 800m, 0m, 0m) }),
                null, null, new IdempotencyDigest(i, -i), i + 1));
            state.Payouts.Add(new PayoutView($"P-1-{i:D3}", "A1", "L-1", PayoutKind.UnpaidRent, month, 800m, PayoutStatus.Pending,
                $"QS-1-{i:D3}", new DateOnly(2024, 2, 1), null, null));
        }

        return state;
    }
}
