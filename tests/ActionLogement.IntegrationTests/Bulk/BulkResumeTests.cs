using System.Text;
using ActionLogement.Api.Apis.Bulk;
using Npgsql;

namespace ActionLogement.IntegrationTests.Bulk;

/// <summary>A bulk job whose silo is killed midway resumes from its last committed batch, losing and doubling nothing.</summary>
[Collection("cluster")]
public sealed class BulkResumeTests
{
    [Fact]
    public async Task A_job_whose_silo_is_killed_midway_finishes_with_exactly_the_expected_contracts()
    {
        var clusterId = "bulk-kill-" + Guid.NewGuid().ToString("N")[..6];
        var serviceId = "svc-" + clusterId;
        var partner = "AG-" + clusterId;
        var landlord = "L-" + clusterId;
        var jobId = "BA-" + Guid.NewGuid().ToString("N")[..20];

        var first = await TestClusters.StartAsync(silos: 1, clusterId, serviceId);
        var file = await BulkFile.CreateAsync(first.Client, partner, landlord, rows: 6000);
        await using var database = NpgsqlDataSource.Create(TestDatabase.ConnectionString);
        await new BulkUpload(database).StoreAsync(jobId, partner, [landlord], csv: false,
            new MemoryStream(Encoding.UTF8.GetBytes(file.Ndjson)), Encoding.UTF8, CancellationToken.None);
        await first.Client.GetGrain<IBulkActivationGrain>(jobId).Start();

        var processed = await Eventually.ValueAsync(() => Processed(jobId), p => p >= 1000);
        Assert.InRange(processed, 1000, 5999);
        await first.KillSiloAsync(first.Primary!); // no graceful shutdown: the batch in flight is lost with it
        await first.DisposeAsync();

        var second = await TestClusters.StartAsync(silos: 1, clusterId, serviceId);
        try
        {
            var state = await Eventually.ValueAsync(() => TestDatabase.ScalarAsync<string>("SELECT state FROM bulk_jobs WHERE job_id = $1", jobId),
                s => s == "DONE", TimeSpan.FromMinutes(4));
            Assert.Equal("DONE", state);
            Assert.Equal(6000, await Processed(jobId));
            Assert.Equal(file.ExpectedActivated, await TestDatabase.ScalarAsync<long>("SELECT activated FROM bulk_jobs WHERE job_id = $1", jobId));
            Assert.Equal(6000, await TestDatabase.ScalarAsync<long>("SELECT count(DISTINCT line) FROM bulk_results WHERE job_id = $1", jobId));
            Assert.Equal(file.ExpectedActivated, await TestDatabase.ScalarAsync<long>("SELECT count(*) FROM contracts_view WHERE agent_id = $1", partner));
            Assert.Equal(file.ExpectedActivated, await TestDatabase.ScalarAsync<long>(
                "SELECT count(DISTINCT visa_number) FROM contracts_view WHERE agent_id = $1", partner));
            Assert.Equal(file.ExpectedActivated, await TestDatabase.ScalarAsync<long>("SELECT count(*) FROM partner_refs WHERE partner_id = $1", partner));
        }
        finally
        {
            await second.StopAllSilosAsync();
            await second.DisposeAsync();
        }
    }

    private static async Task<int> Processed(string jobId) =>
        await TestDatabase.ScalarAsync<int>("SELECT processed FROM bulk_jobs WHERE job_id = $1", jobId);
}
