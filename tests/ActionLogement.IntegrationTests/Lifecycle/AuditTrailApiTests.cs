using System.Net;
using System.Net.Http.Json;
using ActionLogement.Database;
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
        var activation = s.Activation(visa, Lease("PRIVATE", Today.AddDays(-1), Today), Today);
        var (activationKey, refusalKey) = (Guid.NewGuid().ToString(), Guid.NewGuid().ToString());
        var number = (await Expect.JsonAsync(await PostAsync(s.Staff, "/api/v1/contracts", activation, activationKey), HttpStatusCode.Created))
            .GetProperty("contractNumber").GetString();
        var second = s.Activation(visa, Lease("PRIVATE", Today.AddDays(-1), Today), Today);
        await Expect.ProblemAsync(await PostAsync(s.Staff, "/api/v1/contracts", second, refusalKey), HttpStatusCode.Conflict, "visa_already_used");

        // Replays are audited as what they answered: the contract the first created, the refusal's code.
        Assert.Equal(HttpStatusCode.Created, (await PostAsync(s.Staff, "/api/v1/contracts", activation, activationKey)).StatusCode);
        Assert.Equal(HttpStatusCode.Conflict, (await PostAsync(s.Staff, "/api/v1/contracts", second, refusalKey)).StatusCode);

        // A replay changes nothing and is audited once its answer is written, so perhaps a moment after the client has it.
        var subject = "staff-" + s.LandlordId;
        Assert.Equal(2, await Eventually.ValueAsync(() => TestDatabase.ScalarAsync<long>(
            "SELECT count(*) FROM audit_log WHERE actor_subject = $1 AND target = $2 AND status = 201 AND action LIKE 'POST /api/v1/contracts%'",
            subject, number!), n => n == 2));
        Assert.Equal(2, await Eventually.ValueAsync(() => TestDatabase.ScalarAsync<long>(
            "SELECT count(*) FROM audit_log WHERE actor_subject = $1 AND status = 409 AND code = 'visa_already_used'", subject), n => n == 2));
        Assert.Equal(1, await TestDatabase.ScalarAsync<long>(
            "SELECT count(*) FROM audit_log WHERE actor_subject = $1 AND target = $2 AND status = 201 AND action LIKE 'POST /api/v1/visas%'", subject, visa));

        await Assert.ThrowsAsync<Npgsql.PostgresException>(() =>
            TestDatabase.ScalarAsync<long>("DELETE FROM audit_log WHERE actor_subject = $1", subject));
    }

    [Fact]
    public async Task Commands_refused_before_their_endpoint_are_audited_too()
    {
        var s = await StartAsync(fixture);
        var number = await s.ContractAsync(await s.VisaAsync(Today.AddDays(-3)), Lease("PRIVATE", Today.AddDays(-1), Today), Today);

        // Refused for the caller's role, by the authorization policy.
        var payoutId = "P-" + number[1..] + "-001";
        var landlordPays = await s.Landlord.PostAsJsonAsync($"/api/v1/payouts/{payoutId}/paid", new { bankReference = "VIR-1" });
        Assert.Equal(HttpStatusCode.Forbidden, landlordPays.StatusCode);
        // Refused for its Idempotency-Key, by the idempotency middleware.
        var noKey = await s.Landlord.PostAsJsonAsync($"/api/v1/contracts/{number}/tenant-repayments", new { month = "2026-01", amount = 10m });
        await Expect.ProblemAsync(noKey, HttpStatusCode.BadRequest, "idempotency_key_required");
        // A body that could not be read, answered by the exception handler.
        using var truncated = new StringContent("{\"exitDate\": \"2026-", System.Text.Encoding.UTF8, "application/json");
        await Expect.ProblemAsync(await s.Landlord.PostAsync($"/api/v1/contracts/{number}/exit", truncated), HttpStatusCode.BadRequest, "malformed_request");

        var landlord = s.LandlordId;
        // Written once the answer is complete, so perhaps a moment after the client has it.
        Assert.Equal(1, await Eventually.ValueAsync(() => TestDatabase.ScalarAsync<long>(
            "SELECT count(*) FROM audit_log WHERE actor_subject = $1 AND status = 400 AND code = 'malformed_request' AND target = $2 AND action LIKE 'POST %/exit'",
            landlord, number), n => n == 1));
        Assert.Equal(1, await TestDatabase.ScalarAsync<long>(
            "SELECT count(*) FROM audit_log WHERE actor_subject = $1 AND status = 403 AND code = 'forbidden' AND target = $2", landlord, payoutId));
        Assert.Equal(1, await TestDatabase.ScalarAsync<long>(
            "SELECT count(*) FROM audit_log WHERE actor_subject = $1 AND status = 400 AND code = 'idempotency_key_required' AND target = $2",
            landlord, number));
        Assert.Equal(0, await TestDatabase.ScalarAsync<long>(
            "SELECT count(*) FROM audit_log WHERE actor_subject = $1 AND target = $2 AND status = 200", landlord, number));
    }

    [Fact]
    public async Task A_command_to_no_route_is_audited_without_its_path()
    {
        var subject = "staff-noroute-" + Guid.NewGuid().ToString("N")[..8];
        var staff = await fixture.ClientForAsync(Roles.Staff, subject);
        var answer = await staff.PostAsJsonAsync("/api/v1/jean.secret@mail.fr", new { });
        Assert.Equal(HttpStatusCode.NotFound, answer.StatusCode);

        Assert.Equal("POST (no route)", await Eventually.ValueAsync(
            () => TestDatabase.ScalarAsync<string>("SELECT action FROM audit_log WHERE actor_subject = $1", subject), a => a is not null));
        Assert.Equal(0, await TestDatabase.ScalarAsync<long>("SELECT count(*) FROM audit_log WHERE action LIKE '%jean.secret%'"));
    }
}
