using ActionLogement.Grains.Bulk;
using ActionLogement.Grains.Contracts;
using ActionLogement.Grains.Storage;
using ActionLogement.Grains.Visas;
using Npgsql;

namespace ActionLogement.IntegrationTests.Bulk;

/// <summary>A batch commits its grain states, results and cursor together, or nothing at all.</summary>
[Collection("cluster")]
public sealed class BulkBatchCommitTests(ClusterFixture fixture)
{
    [Fact]
    public async Task A_batch_whose_visa_changed_underneath_writes_nothing()
    {
        await using var database = NpgsqlDataSource.Create(await TestDatabase.GetConnectionStringAsync());
        await using var states = await TestStores.GrainStateAsync(TestClusters.ServiceId, database);
        var (visaNumber, etag, visa) = await NewVisaAsync(states);
        var jobId = "BA-commit-" + Guid.NewGuid().ToString("N")[..8];
        var (contractNumber, outcome) = Activation(visaNumber, visa, readAtETag: etag - 1, line: 1);

        await Assert.ThrowsAsync<BulkBatchConflictException>(() =>
            new BulkJobStore(database, states).CommitBatchAsync(new BulkJob(jobId, "AG-commit", [], "RUNNING", 0, Samples.Today), outcome, last: true));

        await AssertNothingWrittenAsync(jobId, contractNumber, visaNumber);
    }

    [Fact]
    public async Task A_batch_whose_predecessor_did_not_commit_writes_nothing()
    {
        await using var database = NpgsqlDataSource.Create(await TestDatabase.GetConnectionStringAsync());
        await using var states = await TestStores.GrainStateAsync(TestClusters.ServiceId, database);
        var (visaNumber, etag, visa) = await NewVisaAsync(states);
        var jobId = "BA-order-" + Guid.NewGuid().ToString("N")[..8];
        await using (var insert = database.CreateCommand(
            "INSERT INTO bulk_jobs (job_id, partner_id, format, state) VALUES ($1, 'AG-commit', 'ndjson', 'RUNNING')"))
        {
            insert.Parameters.AddWithValue(jobId);
            await insert.ExecuteNonQueryAsync();
        }

        // The batch of lines 501-501 follows one (lines 1-500) that never committed: the cursor is still at 0.
        var (contractNumber, outcome) = Activation(visaNumber, visa, readAtETag: etag, line: 501);

        await Assert.ThrowsAsync<BulkBatchConflictException>(() =>
            new BulkJobStore(database, states).CommitBatchAsync(new BulkJob(jobId, "AG-commit", [], "RUNNING", 500, Samples.Today), outcome, last: true));

        await AssertNothingWrittenAsync(jobId, contractNumber, visaNumber);
        Assert.Equal(0, await TestDatabase.ScalarAsync<int>("SELECT cursor_line FROM bulk_jobs WHERE job_id = $1", jobId));
    }

    private async Task<(string Number, int ETag, VisaState Visa)> NewVisaAsync(GrainStateStore states)
    {
        var visaNumber = GrainScenario.NewVisaNumber();
        await fixture.Client.GetGrain<IVisaGrain>(visaNumber).Request(Samples.YoungVisa(), "T-commit", byTenant: true);
        var (etag, visa) = (await states.ReadManyAsync<VisaState>(VisaGrain.TypeName, VisaGrain.StateName, [visaNumber]))[visaNumber];
        return (visaNumber, etag, visa);
    }

    /// <summary>A one-row batch outcome activating a new contract on the visa, as read at <paramref name="readAtETag"/>.</summary>
    private static (string ContractNumber, BatchOutcome Outcome) Activation(string visaNumber, VisaState visa, int readAtETag, int line)
    {
        var contractNumber = "A" + Random.Shared.NextInt64(10_000_000_000, 99_999_999_999);
        var reference = $"R-{line}";
        var contract = new ContractState { Version = 1 };
        contract.Activate(new ActivateContract(visaNumber, "DOE", null, "L-commit", "AG-commit", reference,
            new LeaseTerms(Park.Private, Zone.Idf, "1 rue X", 600m, 0m, 0m, Samples.Today, Samples.Today, 36), Samples.Today, "AG-commit"),
            new CoverTerms("v2026", 36, 1200m, 600m, null), null);
        var outcome = new BatchOutcome();
        outcome.Contracts[contractNumber] = contract;
        outcome.Visas[visaNumber] = (readAtETag, VisaReservations.Reserve(visa, contractNumber, DateTimeOffset.UtcNow));
        outcome.Results.Add(new BulkResult(line, reference, BulkResult.Activated, contractNumber, []));
        return (contractNumber, outcome);
    }

    private async Task AssertNothingWrittenAsync(string jobId, string contractNumber, string visaNumber)
    {
        Assert.Equal(0, await TestDatabase.ScalarAsync<long>("SELECT count(*) FROM grain_state WHERE grain_key = $1", contractNumber));
        Assert.Equal(0, await TestDatabase.ScalarAsync<long>("SELECT count(*) FROM bulk_results WHERE job_id = $1", jobId));
        Assert.Equal(0, await TestDatabase.ScalarAsync<long>("SELECT count(*) FROM contracts_view WHERE contract_number = $1", contractNumber));
        Assert.Null((await fixture.Client.GetGrain<IVisaGrain>(visaNumber).Get())!.UsedByContract);
    }
}
