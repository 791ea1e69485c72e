using ActionLogement.Grains.ReadModels;
using ActionLogement.Grains.Storage;

namespace ActionLogement.IntegrationTests.Foundation;

/// <summary>The batching grain storage: identity per grain type, etag guards, concurrent first writes, batching.</summary>
[Collection("cluster")]
public sealed class GrainStorageTests(ClusterFixture fixture)
{
    [Fact]
    public async Task Two_grain_types_with_the_same_key_keep_separate_state()
    {
        var key = "K" + Guid.NewGuid().ToString("N")[..11];
        var visa = await fixture.Client.GetGrain<IVisaGrain>(key).Request(Samples.YoungVisa(), "T-same-key", byTenant: true);
        var debt = await fixture.Client.GetGrain<IRecoveryCaseGrain>(key).RecordPayouts(new CaseParties("A10000000001", "L-same-key", null),
            [new PayoutView("P-same-key-001", "A10000000001", "L-same-key", PayoutKind.UnpaidRent, "2026-01", 123.45m,
                PayoutStatus.Pending, "QS-1", Samples.Today, null, null)]);

        Assert.Equal(123.45m, debt);
        Assert.Equal(visa.ExpiresOn, (await fixture.Client.GetGrain<IVisaGrain>(key).Get())!.ExpiresOn);
        Assert.Equal(2, await TestDatabase.ScalarAsync<long>(
            "SELECT count(DISTINCT grain_type) FROM grain_state WHERE grain_key = $1", key));
    }

    [Fact]
    public async Task Racing_first_writes_of_one_grain_let_exactly_one_win()
    {
        await using var store = await NewStoreAsync();
        var key = new GrainStateKey("probe", "race-" + Guid.NewGuid().ToString("N"), "state");

        var outcomes = await Task.WhenAll(Enumerable.Range(0, 8).Select(i => store.WriteAsync(key, null, store.Serialize($"writer {i}"))));

        Assert.Single(outcomes, o => o == 1);
        var stored = await store.ReadAsync(key);
        Assert.Equal(1, stored!.ETag);
        Assert.StartsWith("writer ", store.Deserialize<string>(stored.Payload!));
    }

    [Fact]
    public async Task A_write_with_a_stale_etag_is_refused_and_changes_nothing()
    {
        await using var store = await NewStoreAsync();
        var key = new GrainStateKey("probe", "stale-" + Guid.NewGuid().ToString("N"), "state");
        Assert.Equal(1, await store.WriteAsync(key, null, store.Serialize("first")));
        Assert.Equal(2, await store.WriteAsync(key, 1, store.Serialize("second")));

        Assert.Null(await store.WriteAsync(key, 1, store.Serialize("stale")));
        Assert.Null(await store.WriteAsync(key, null, store.Serialize("as if new")));

        var stored = await store.ReadAsync(key);
        Assert.Equal((2, "second"), (stored!.ETag, store.Deserialize<string>(stored.Payload!)));
    }

    [Fact]
    public async Task A_read_model_row_is_written_with_its_state_and_never_by_a_refused_write()
    {
        await using var store = await NewStoreAsync();
        var caseId = "R" + Guid.NewGuid().ToString("N")[..11];
        var key = new GrainStateKey("probe", caseId, "state");
        StateProjection Row(decimal recovered, int version) => ReadModelWriter.RecoveryCase(new RecoveryCaseView(caseId, "A10000000001",
            "L-projection", null, RecoveryState.Amicable, 1000m, recovered, 0m, null, [], [], Samples.Today), version);
        Task<decimal> Projected() => TestDatabase.ScalarAsync<decimal>("SELECT recovered FROM recovery_cases_view WHERE case_id = $1", caseId);

        Assert.Equal(1, await store.WriteAsync(key, null, store.Serialize("first"), Row(100m, 1)));
        Assert.Equal(100m, await Projected());

        // A stale etag and a second "first" write are refused: their rows are not written either.
        Assert.Null(await store.WriteAsync(key, 7, store.Serialize("stale"), Row(999m, 2)));
        Assert.Null(await store.WriteAsync(key, null, store.Serialize("as if new"), Row(888m, 2)));
        Assert.Equal(100m, await Projected());

        Assert.Equal(2, await store.WriteAsync(key, 1, store.Serialize("second"), Row(250m, 2)));
        Assert.Equal(250m, await Projected());
    }

    [Fact]
    public async Task A_cleared_state_reads_as_absent_and_keeps_guarding_its_etag()
    {
        await using var store = await NewStoreAsync();
        var key = new GrainStateKey("probe", "clear-" + Guid.NewGuid().ToString("N"), "state");
        await store.WriteAsync(key, null, store.Serialize("kept"));

        Assert.Equal(2, await store.ClearAsync(key, 1));
        var cleared = await store.ReadAsync(key);
        Assert.Equal((2, (byte[]?)null), (cleared!.ETag, cleared.Payload));
        Assert.Null(await store.WriteAsync(key, null, store.Serialize("a new grain would not overwrite it")));
    }

    [Fact]
    public async Task Many_concurrent_grains_share_round_trips_and_all_land()
    {
        await using var store = await NewStoreAsync();
        var prefix = "many-" + Guid.NewGuid().ToString("N");
        var keys = Enumerable.Range(0, 2_000).Select(i => new GrainStateKey("probe", $"{prefix}-{i}", "state")).ToList();

        var written = await Task.WhenAll(keys.Select(k => store.WriteAsync(k, null, store.Serialize(k.GrainKey))));
        var read = await Task.WhenAll(keys.Select(store.ReadAsync));

        Assert.All(written, etag => Assert.Equal(1, etag));
        Assert.Equal(keys.Select(k => k.GrainKey), read.Select(r => store.Deserialize<string>(r!.Payload!)));
        Assert.Equal(2_000, await TestDatabase.ScalarAsync<long>("SELECT count(*) FROM grain_state WHERE grain_key LIKE $1", prefix + "-%"));
    }

    [Fact]
    public async Task States_are_kept_apart_per_service()
    {
        await using var one = await NewStoreAsync("service-one");
        await using var two = await NewStoreAsync("service-two");
        var key = new GrainStateKey("probe", "service-" + Guid.NewGuid().ToString("N"), "state");

        Assert.Equal(1, await one.WriteAsync(key, null, one.Serialize("one")));
        Assert.Null(await two.ReadAsync(key));
        Assert.Equal(1, await two.WriteAsync(key, null, two.Serialize("two")));
    }

    private static Task<GrainStateStore> NewStoreAsync(string serviceId = "storage-tests") => TestStores.GrainStateAsync(serviceId);
}
