using System.Net;
using System.Net.Http.Json;
using System.Text;
using System.Text.Json;
using ActionLogement.Database;

namespace ActionLogement.IntegrationTests.Api;

[Collection("cluster")]
public sealed class FoundationApiTests(ClusterFixture fixture)
{
    [Fact]
    public async Task Ready_when_database_and_cluster_answer()
    {
        var response = await fixture.Api.CreateClient().GetAsync("/health/ready");
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Contains("\"ready\"", await response.Content.ReadAsStringAsync());
    }

    [Fact]
    public async Task No_key_is_401_problem()
    {
        var response = await fixture.Api.CreateClient().GetAsync("/api/v1/visas/V10252909468");
        await Expect.ProblemAsync(response, HttpStatusCode.Unauthorized, "unauthorized");
    }

    [Fact]
    public async Task Unknown_key_is_401_problem()
    {
        var http = fixture.Api.CreateClient();
        http.DefaultRequestHeaders.Add("Authorization", "Bearer al_nobody_0000");
        await Expect.ProblemAsync(await http.GetAsync("/api/v1/visas/V10252909468"), HttpStatusCode.Unauthorized, "unauthorized");
    }

    [Fact]
    public async Task Landlord_may_not_request_a_visa()
    {
        var http = await fixture.ClientForAsync(Roles.Landlord, "L-403");
        var response = await http.PostAsJsonAsync("/api/v1/visas", VisaJson("Brahim"));
        await Expect.ProblemAsync(response, HttpStatusCode.Forbidden, "forbidden");
    }

    [Fact]
    public async Task Unknown_visa_is_404_problem()
    {
        var http = await fixture.ClientForAsync(Roles.Staff, "staff-404");
        await Expect.ProblemAsync(await http.GetAsync("/api/v1/visas/V99999999998"), HttpStatusCode.NotFound, "not_found");
    }

    [Fact]
    public async Task Malformed_json_is_400_problem_and_creates_nothing()
    {
        var http = await fixture.ClientForAsync(Roles.Tenant, "T-bad-json");
        var before = await TestDatabase.ScalarAsync<long>("SELECT count(*) FROM grain_state");
        var response = await http.PostAsync("/api/v1/visas", new StringContent("{\"firstName\": \"Cl", Encoding.UTF8, "application/json"));
        await Expect.ProblemAsync(response, HttpStatusCode.BadRequest, "malformed_request");
        Assert.Equal(before, await TestDatabase.ScalarAsync<long>("SELECT count(*) FROM grain_state"));
    }

    [Fact]
    public async Task A_profile_the_engine_does_not_know_is_a_refused_visa_while_a_profile_that_is_no_name_is_malformed()
    {
        var http = await fixture.ClientForAsync(Roles.Tenant, "T-" + Guid.NewGuid().ToString("N")[..6]);
        var body = VisaJson("Brahim");
        body["profile"] = "RETIRED";
        var refused = await Expect.ProblemAsync(await http.PostAsJsonAsync("/api/v1/visas", body), HttpStatusCode.UnprocessableEntity, "profile_unknown");
        var visa = await http.GetFromJsonAsync<JsonElement>($"/api/v1/visas/{refused.GetProperty("visaNumber").GetString()}");
        Assert.Equal(("REFUSED", "UNKNOWN"), (visa.GetProperty("status").GetString(), visa.GetProperty("profile").GetString()));

        body["profile"] = 3;
        await Expect.ProblemAsync(await http.PostAsJsonAsync("/api/v1/visas", body), HttpStatusCode.BadRequest, "malformed_request");

        // A known profile in another case is that profile, as every other enum of the API is read.
        body["profile"] = "young";
        Assert.Equal("YOUNG", (await Expect.JsonAsync(await http.PostAsJsonAsync("/api/v1/visas", body), HttpStatusCode.Created))
            .GetProperty("profile").GetString());
    }

    [Fact]
    public async Task Unknown_field_is_400_problem_naming_it()
    {
        var http = await fixture.ClientForAsync(Roles.Tenant, "T-unknown-field");
        var body = VisaJson("Brahim");
        body["salaryy"] = 12;
        var problem = await Expect.ProblemAsync(await http.PostAsJsonAsync("/api/v1/visas", body), HttpStatusCode.BadRequest, "malformed_request");
        Assert.Contains("salaryy", problem.GetProperty("errors")[0].GetProperty("field").GetString());
    }

    [Fact]
    public async Task Tenant_requests_a_visa_and_reads_it_back_while_a_landlord_needs_the_surname()
    {
        var tenant = await fixture.ClientForAsync(Roles.Tenant, "T-" + Guid.NewGuid().ToString("N")[..6]);
        var created = await tenant.PostAsJsonAsync("/api/v1/visas", VisaJson("Brahim"));
        Assert.Equal(HttpStatusCode.Created, created.StatusCode);
        var visa = await created.Content.ReadFromJsonAsync<JsonElement>();
        var number = visa.GetProperty("visaNumber").GetString()!;
        Assert.True(VisaNumber.IsValid(number));
        Assert.Equal("CERTIFIED", visa.GetProperty("status").GetString());

        var again = await tenant.GetFromJsonAsync<JsonElement>($"/api/v1/visas/{number}");
        Assert.Equal(visa.GetProperty("expiresOn").GetString(), again.GetProperty("expiresOn").GetString());
        Assert.Equal(JsonValueKind.String, again.GetProperty("holder").GetProperty("birthDate").ValueKind);

        var landlord = await fixture.ClientForAsync(Roles.Landlord, "L-visa-reader");
        await Expect.ProblemAsync(await landlord.GetAsync($"/api/v1/visas/{number}"), HttpStatusCode.NotFound, "not_found");
        var seen = await landlord.GetFromJsonAsync<JsonElement>($"/api/v1/visas/{number}?lastName=BRAHIM");
        Assert.Equal(JsonValueKind.Null, seen.GetProperty("holder").GetProperty("birthDate").ValueKind);
        Assert.Equal(JsonValueKind.Null, seen.GetProperty("holder").GetProperty("monthlyResources").ValueKind);

        // Personal data is not to be kept by a cache on the way.
        var response = await tenant.GetAsync($"/api/v1/visas/{number}");
        Assert.True(response.Headers.CacheControl?.NoStore, response.Headers.CacheControl?.ToString());
        var refused = await landlord.GetAsync($"/api/v1/visas/{number}");
        Assert.True(refused.Headers.CacheControl?.NoStore, refused.Headers.CacheControl?.ToString());

        // A surname alone yields no first name (the proof an activation may ask for) nor the holder's profile.
        Assert.Equal(JsonValueKind.Null, seen.GetProperty("holder").GetProperty("firstName").ValueKind);
        Assert.Equal(JsonValueKind.Null, seen.GetProperty("profile").ValueKind);
        Assert.Equal("CERTIFIED", seen.GetProperty("status").GetString());
    }

    [Fact]
    public async Task A_visa_entered_by_staff_has_no_holder_key_whatever_the_subject_of_the_staff_key()
    {
        var subject = "staff-" + Guid.NewGuid().ToString("N")[..6];
        var staff = await fixture.ClientForAsync(Roles.Staff, subject);
        var number = (await Expect.JsonAsync(await staff.PostAsJsonAsync("/api/v1/visas", VisaJson("Brahim")), HttpStatusCode.Created))
            .GetProperty("visaNumber").GetString()!;

        // A tenant key that happens to bear the same subject is not the holder.
        var sameSubject = await fixture.ClientForAsync(Roles.Tenant, subject);
        await Expect.ProblemAsync(await sameSubject.GetAsync($"/api/v1/visas/{number}"), HttpStatusCode.NotFound, "not_found");
    }

    [Fact]
    public async Task A_tenant_key_requests_visas_in_its_holders_name_only()
    {
        var tenant = await fixture.ClientForAsync(Roles.Tenant, "T-" + Guid.NewGuid().ToString("N")[..8]);
        await Expect.JsonAsync(await tenant.PostAsJsonAsync("/api/v1/visas", VisaJson("Brahim")), HttpStatusCode.Created);

        // The same person, however the name is typed, again; another person, or another birth date, never.
        await Expect.JsonAsync(await tenant.PostAsJsonAsync("/api/v1/visas", VisaJson("BRÂHIM")), HttpStatusCode.Created);
        var before = await TestDatabase.ScalarAsync<long>("SELECT count(*) FROM grain_state");
        await Expect.ProblemAsync(await tenant.PostAsJsonAsync("/api/v1/visas", VisaJson("Martin")), HttpStatusCode.Forbidden, "identity_mismatch");
        var otherBirth = VisaJson("Brahim");
        otherBirth["birthDate"] = Samples.Today.AddYears(-26).ToString("yyyy-MM-dd");
        await Expect.ProblemAsync(await tenant.PostAsJsonAsync("/api/v1/visas", otherBirth), HttpStatusCode.Forbidden, "identity_mismatch");
        Assert.Equal(before, await TestDatabase.ScalarAsync<long>("SELECT count(*) FROM grain_state"));
    }

    public static Dictionary<string, object?> VisaJson(string lastName) => new()
    {
        ["firstName"] = "Cloane",
        ["lastName"] = lastName,
        ["birthDate"] = Samples.Today.AddYears(-25).ToString("yyyy-MM-dd"),
        ["profile"] = "YOUNG",
        ["monthlyResources"] = 2000.00m,
        ["employment"] = new Dictionary<string, object?> { ["contract"] = "CDI", ["netSalary"] = 1600.00m },
    };
}
