using System.Net;
using static ActionLogement.IntegrationTests.Infrastructure.ApiScenario;

namespace ActionLogement.IntegrationTests.Lifecycle;

[Collection("cluster")]
public sealed class AuditTrailApiTests(ClusterFixture fixture)
{
    [Fact]
    public async Task Every_command_is_audited_with_who_what_and_result_and_the_trail_is_append_only()
    {
        var s = await StartAsync(fixture);
        var visa = await s.VisaAsync(Today.AddDays(-3));
        var number = await s.ContractAsync(visa, Lease("PRIVATE", Today.AddDays(-1), Today), Today);
        var refused = await PostAsync(s.Staff, "/api/v1/contracts", s.Activation(visa, Lease("PRIVATE", Today.AddDays(-1), Today), Today));
        Assert.Equal(HttpStatusCode.Conflict, refused.StatusCode);

        var subject = "staff-" + s.LandlordId;
        Assert.Equal(1, await TestDatabase.ScalarAsync<long>(
            "SELECT count(*) FROM audit_log WHERE actor_subject = $1 AND target = $2 AND status = 201 AND action LIKE 'POST /api/v1/contracts%'",
            subject, number));
        Assert.Equal(1, await TestDatabase.ScalarAsync<long>(
            "SELECT count(*) FROM audit_log WHERE actor_subject = $1 AND status = 409 AND code = 'visa_already_used'", subject));
        Assert.Equal(1, await TestDatabase.ScalarAsync<long>(
            "SELECT count(*) FROM audit_log WHERE actor_subject = $1 AND target = $2 AND status = 201 AND action LIKE 'POST /api/v1/visas%'", subject, visa));

        await Assert.ThrowsAsync<Npgsql.PostgresException>(() =>
            TestDatabase.ScalarAsync<long>("DELETE FROM audit_log WHERE actor_subject = $1", subject));
    }
}
