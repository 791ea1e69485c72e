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
            var rented = ours.SerializeRented(state);
            Assert.Equal(payload, rented.Bytes.ToArray());
            rented.Return();
            var back = ours.Deserialize<ContractState>(new BinaryData(payload))!;
            Assert.Equal(state.Version, back.Version);
            Assert.Equal(state.StoredPayouts, back.StoredPayouts);
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

    [Fact]
    public void A_contract_stored_with_whole_payouts_reads_into_the_compact_form_with_the_same_payouts()
    {
        var ours = new StateSerializer(Orleans);
        var activation = new ActivateContract("V1", "BRAHIM", "Cloane", "L-1", null, null,
            new LeaseTerms(Park.Private, Zone.Idf, "1 rue X", 700m, 100m, 700m, new DateOnly(2024, 1, 1), new DateOnly(2024, 1, 1), 36),
            new DateOnly(2024, 1, 2), "test");
        List<PayoutView> whole =
        [
            new("P-10000000001-001", "A10000000001", "L-1", PayoutKind.UnpaidRent, "2024-02", 800m, PayoutStatus.Paid, "QS-10000000001-001",
                new DateOnly(2024, 3, 1), new DateOnly(2024, 3, 5), "VIR-1"),
            new("P-10000000001-002", "A10000000001", "L-1", PayoutKind.Damage, null, 1600m, PayoutStatus.Pending, "QS-10000000001-002",
                new DateOnly(2024, 9, 1), null, null),
        ];
        // What a state written before StoredPayouts holds: its payouts whole, under their old field.
        var older = new ContractState { Activation = activation, Status = ContractStatus.Ended, LegacyPayouts = whole };

        var read = ours.Deserialize<ContractState>(new BinaryData(StateSerializer.ToArray(ours.Serialize(older))))!;
        read.RestorePayouts("A10000000001");

        Assert.Equal(whole, read.Payouts);
        Assert.Null(read.LegacyPayouts);
        var again = ours.Deserialize<ContractState>(new BinaryData(StateSerializer.ToArray(ours.Serialize(read))))!;
        again.RestorePayouts("A10000000001");
        Assert.Equal(whole, again.Payouts);
        Assert.Equal(2, again.StoredPayouts.Count);
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
            state.StoredPayouts.Add(new StoredPayout(PayoutKind.UnpaidRent, month, 800m, PayoutStatus.Pending, new DateOnly(2024, 2, 1)));
        }

        return state;
    }
}
