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
            Assert.Equal(state.LegacyStoredPayouts, back.LegacyStoredPayouts);
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
        read.Restore([]);

        Assert.Equal(whole, read.PayoutViews("A10000000001"));
        Assert.Null(read.LegacyPayouts);
        // The next write moves them to one row of contract_changes and stores the state without them.
        var change = read.UnstoredChange()!;
        Assert.Equal(read.StoredPayouts, change.NewPayouts);
        var again = ours.Deserialize<ContractState>(new BinaryData(StateSerializer.ToArray(ours.Serialize(read))))!;
        again.Restore([ours.Deserialize<ContractChange>(new BinaryData(StateSerializer.ToArray(ours.Serialize(change))))!]);
        Assert.Equal(whole, again.PayoutViews("A10000000001"));
        Assert.Null(again.UnstoredChange());
    }

    [Fact]
    public void A_write_appends_only_what_it_added_and_the_earlier_payouts_it_changed()
    {
        var state = Contract(months: 0);
        state.Activation = new ActivateContract("V1", "BRAHIM", "Cloane", "L-1", null, null,
            new LeaseTerms(Park.Private, Zone.Idf, "1 rue X", 700m, 100m, 700m, new DateOnly(2024, 1, 1), new DateOnly(2024, 1, 1), 36),
            new DateOnly(2024, 1, 2), "test");
        state.Restore([]);
        state.AddPayout("A10000000001", PayoutKind.UnpaidRent, "2024-02", 800m, new DateOnly(2024, 3, 1), new DateTimeOffset(2024, 3, 1, 9, 0, 0, TimeSpan.Zero));
        state.AddPayout("A10000000001", PayoutKind.UnpaidRent, "2024-03", 800m, new DateOnly(2024, 4, 1), new DateTimeOffset(2024, 4, 1, 9, 0, 0, TimeSpan.Zero));
        Assert.Equal(2, state.UnstoredChange()!.NewPayouts.Count);
        state.ChangeStored();
        Assert.Null(state.UnstoredChange());

        state.MarkPaid(0, new DateOnly(2024, 4, 2), "VIR-1");
        state.AddPayout("A10000000001", PayoutKind.Damage, null, 1600m, new DateOnly(2024, 5, 1), new DateTimeOffset(2024, 5, 1, 9, 0, 0, TimeSpan.Zero));
        var change = state.UnstoredChange()!;

        Assert.Empty(change.Events);
        Assert.Equal([PayoutKind.Damage], change.NewPayouts.Select(p => p.Kind));
        var update = Assert.Single(change.UpdatedPayouts);
        Assert.Equal((0, PayoutStatus.Paid, "VIR-1"), (update.Index, update.Payout.Status, update.Payout.BankReference));

        // Replayed in order, the rows give the payouts as they stand.
        var replayed = new ContractState { Activation = state.Activation };
        replayed.Restore([new ContractChange([], [.. state.StoredPayouts.Take(2).Select(p => p with { Status = PayoutStatus.Pending, PaidOn = null, BankReference = null })], []), change]);
        Assert.Equal(state.PayoutViews("A10000000001"), replayed.PayoutViews("A10000000001"));
    }

    [Fact]
    public void Claim_events_leave_the_state_once_stored_and_their_keys_still_find_them()
    {
        // Three keyed declarations in an older state's own list: read, then moved to one row by the next write.
        var state = Contract(months: 3);
        var events = state.Restore([]);
        Assert.Equal(3, events.Count);
        Assert.Equal((3, 3), (state.EventCount, state.UnstoredEvents.Count));
        var change = state.UnstoredChange()!;
        Assert.Equal(events, change.Events);
        state.ChangeStored();
        Assert.Empty(state.UnstoredEvents);

        // A fourth, unkeyed: counted, and the keys still name their own events, the last under a key reused.
        state.AddEvent(new ClaimEvent(null, new TenantRepayment("2024-01", 100m, new DateOnly(2024, 6, 1)), null));
        state.AddEvent(events[1] with { PayoutCount = 9 });
        Assert.Equal(5, state.EventCount);
        Assert.Equal((4, -1L), state.FindKey(1));
        Assert.Equal((2, -2L), state.FindKey(2));
        Assert.Equal((0, 0L), state.FindKey(0));
        Assert.Equal(-1, state.FindKey(7).Event);

        // Read back, the stored row and the events not yet stored give them all, in order.
        var all = state.EventsOf([change]);
        Assert.Equal([.. events, .. state.UnstoredEvents], all);
        Assert.Equal(9, all[4].PayoutCount);
    }

    /// <summary>
    /// A row of contract_changes as written while <see cref="StoredPayout"/> was a class (captured then): the value it
    /// became reads it, and writes the very same bytes.
    /// </summary>
    [Fact]
    public void Payouts_written_when_they_were_objects_read_the_same()
    {
        const string WrittenByTheClass =
            "20E820E021000521E8080301410F323032342D30324121000000000000000020030000000000000903056181460B006185460B00410B5649522D31E020E8080305C1014121000002000000000032710200000000000903016139470B00C101C101E0E021000321E8000121E8080301C10F4121000000000000000020030000000000000903056181460B006185460B00C119E0E0E0E0";
        var bytes = Convert.FromHexString(WrittenByTheClass);

        var change = Orleans.Deserialize<ContractChange>(bytes)!;

        Assert.Equal(
            [new StoredPayout(PayoutKind.UnpaidRent, "2024-02", 800m, PayoutStatus.Paid, new DateOnly(2024, 3, 1), new DateOnly(2024, 3, 5), "VIR-1"),
             new StoredPayout(PayoutKind.Damage, null, 1600.50m, PayoutStatus.Pending, new DateOnly(2024, 9, 1))],
            change.NewPayouts);
        Assert.Equal((0, change.NewPayouts[0]), (change.UpdatedPayouts.Single().Index, change.UpdatedPayouts.Single().Payout));
    }

    [Fact]
    public void A_payout_keeps_the_moments_it_was_recorded_and_cancelled()
    {
        var recorded = new DateTimeOffset(2024, 3, 1, 9, 30, 15, TimeSpan.Zero);
        var payout = new StoredPayout(PayoutKind.UnpaidRent, "2024-02", 800m, PayoutStatus.Cancelled, new DateOnly(2024, 2, 28),
            RecordedAt: recorded, CancelledAt: recorded.AddHours(2));
        var change = new ContractChange([], [payout], []);

        Assert.Equal(payout, Orleans.Deserialize<ContractChange>(Orleans.SerializeToArray(change))!.NewPayouts.Single());
    }

    [Fact]
    public void A_payout_is_found_by_its_own_id_only()
    {
        var state = new ContractState { LegacyStoredPayouts = Contract(months: 2).LegacyStoredPayouts };
        state.Restore([]);

        Assert.Equal(1, state.IndexOf("A10000000001", "P-10000000001-002"));
        Assert.Equal(["P-10000000001-001", "P-10000000001-002"], new[] { 0, 1 }.Select(i => ContractState.PayoutId("A10000000001", i + 1)));
        Assert.All(["P-10000000002-001", "P-10000000001-003", "P-10000000001-000", "P-10000000001-02", "P-10000000001-0002",
            "P-10000000001-+02", "QS-10000000001-001", ""], id => Assert.Equal(-1, state.IndexOf("A10000000001", id)));
    }

    /// <summary>A contract of <paramref name="months"/> declarations, as states held them before contract_changes.</summary>
    private static ContractState Contract(int months)
    {
        var state = new ContractState { Status = ContractStatus.Active, Version = months };
        for (var i = 0; i < months; i++)
        {
            var month = new DateOnly(2024, 1, 1).AddMonths(i).ToString("yyyy-MM");
            state.LegacyClaimEvents ??= [];
            state.LegacyStoredPayouts ??= [];
            state.LegacyClaimEvents.Add(new ClaimEvent(
                new DeclareUnpaidRent(new DateOnly(2024, 1, 5).AddMonths(i), null, null, null, new List<MonthLine> { new(month, 800m, 0m, 0m) }),
                null, null, new IdempotencyDigest(i, -i), i + 1));
            state.LegacyStoredPayouts.Add(new StoredPayout(PayoutKind.UnpaidRent, month, 800m, PayoutStatus.Pending, new DateOnly(2024, 2, 1)));
        }

        return state;
    }
}
