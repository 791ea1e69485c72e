using System.Net;
using System.Net.Http.Json;
using System.Text;
using System.Text.Json;
using ActionLogement.Database;
using static ActionLogement.IntegrationTests.Infrastructure.ApiScenario;

namespace ActionLogement.IntegrationTests.Lifecycle;

/// <summary>
/// Input that reached PostgreSQL or the rules unchecked and answered 500, or changed state it should not have: texts with
/// U+0000, null list elements, dates far out, and one command spelled two ways under one key.
/// </summary>
[Collection("cluster")]
public sealed class HostileInputApiTests(ClusterFixture fixture)
{
    [Fact]
    public async Task An_address_or_headers_too_long_are_problems_with_their_code_not_Kestrel_s_empty_answers()
    {
        var landlord = (await StartAsync(fixture)).Landlord;
        var longAddress = await landlord.GetAsync("/api/v1/contracts?after=" + new string('a', 9000));
        var problem = await Expect.ProblemAsync(longAddress, HttpStatusCode.RequestUriTooLong, "uri_too_long");
        Assert.Contains("at most 8,192", problem.GetProperty("detail").GetString());

        using var request = new HttpRequestMessage(HttpMethod.Get, "/api/v1/contracts");
        request.Headers.Add("X-Padding", new string('b', 40_000));
        await Expect.ProblemAsync(await landlord.SendAsync(request), HttpStatusCode.RequestHeaderFieldsTooLarge, "headers_too_large");

        // Within the limits, the same request is answered as usual.
        await Expect.JsonAsync(await landlord.GetAsync("/api/v1/contracts?limit=" + new string('0', 7000) + "5"), HttpStatusCode.OK);
    }

    [Theory]
    [InlineData("/api/v1/contracts?after=%00", "after")]
    [InlineData("/api/v1/contracts?landlordId=L%00", "landlordId")]
    [InlineData("/api/v1/payouts?after=%00", "after")]
    [InlineData("/api/v1/recovery-cases?after=2026-01-01%7C%00", "after")]
    public async Task A_control_character_in_a_query_value_is_400(string path, string field)
    {
        var staff = (await StartAsync(fixture)).Staff;
        var problem = await Expect.ProblemAsync(await staff.GetAsync(path), HttpStatusCode.BadRequest, "invalid_value");
        Assert.Equal(field, problem.GetProperty("errors")[0].GetProperty("field").GetString());
    }

    [Fact]
    public async Task A_control_character_in_a_body_text_is_400_and_stores_nothing()
    {
        var s = await StartAsync(fixture);
        var before = await CountAsync("grain_state");
        var body = """{"firstName":"Clo\u0000ane","lastName":"Brahim","birthDate":"2000-04-02","profile":"YOUNG","monthlyResources":1600.00}""";
        var response = await SendAsync(s.Staff, "/api/v1/visas", body);
        var problem = await Expect.ProblemAsync(response, HttpStatusCode.BadRequest, "invalid_value");
        Assert.Equal("firstName", problem.GetProperty("errors")[0].GetProperty("field").GetString());
        Assert.Equal(before, await CountAsync("grain_state"));
    }

    [Fact]
    public async Task A_text_of_the_contract_write_with_U0000_is_refused_before_the_visa_is_reserved()
    {
        var s = await StartAsync(fixture);
        var visa = await s.VisaAsync(Effect.AddDays(-20));
        var activation = s.Activation(visa, Lease("PRIVATE", Effect.AddDays(-10), Effect), Effect.AddDays(-8));
        activation["externalRef"] = "REF\u0000X";
        await Expect.ProblemAsync(await PostAsync(s.Staff, "/api/v1/contracts", activation), HttpStatusCode.BadRequest, "invalid_value");

        activation["externalRef"] = "REF-OK";
        await Expect.JsonAsync(await PostAsync(s.Staff, "/api/v1/contracts", activation), HttpStatusCode.Created);
    }

    [Fact]
    public async Task A_single_activations_one_line_fields_are_read_as_a_file_rows_are()
    {
        var s = await StartAsync(fixture);
        var activation = s.Activation(await s.VisaAsync(Effect.AddDays(-20)), Lease("PRIVATE", Effect.AddDays(-10), Effect), Effect.AddDays(-8));
        var before = await CountAsync("grain_state");
        foreach (var (field, value) in new[] { ("externalRef", "TAB\tREF"), ("externalRef", "NL\nREF"), ("tenantLastName", "BRA\nHIM"),
            ("tenantFirstName", new string('C', 101)) })
        {
            var refused = activation.ToDictionary(f => f.Key, f => f.Value);
            refused[field] = value;
            var problem = await Expect.ProblemAsync(await PostAsync(s.Staff, "/api/v1/contracts", refused), HttpStatusCode.BadRequest, "invalid_value");
            Assert.Equal(field, problem.GetProperty("errors")[0].GetProperty("field").GetString());
        }

        Assert.Equal(before, await CountAsync("grain_state"));

        // Measured once trimmed, as stored: a space before 100 characters is not one too many.
        activation["externalRef"] = " " + new string('L', 100);
        var created = await Expect.JsonAsync(await PostAsync(s.Staff, "/api/v1/contracts", activation), HttpStatusCode.Created);
        Assert.Equal(new string('L', 100), created.GetProperty("externalRef").GetString());
    }

    [Fact]
    public async Task An_activation_whose_write_PostgreSQL_refuses_frees_the_visa_at_once()
    {
        // Straight to the grain, past the API's checks: the contract write itself fails (PostgreSQL takes no U+0000).
        var grains = fixture.Client;
        var tenant = "T-" + Guid.NewGuid().ToString("N")[..8];
        var visa = GrainScenario.NewVisaNumber();
        await grains.GetGrain<IVisaGrain>(visa).Request(new VisaApplication("Cloane", "Brahim", Effect.AddYears(-22), Profile.Young,
            Effect.AddDays(-20), 2000m, null, null), tenant, byTenant: true);
        ActivateContract Activation(string externalRef) => new(visa, "BRAHIM", "Cloane", "L-grain", null, externalRef,
            new LeaseTerms(Park.Private, Zone.Idf, "1 rue X", 700m, 100m, 700m, Effect.AddDays(-10), Effect, 36), Effect.AddDays(-8), "test");

        var failed = GrainScenario.NewContractNumber();
        await Assert.ThrowsAnyAsync<Exception>(() => grains.GetGrain<IContractGrain>(failed).Activate(Activation("REF\u0000X")));
        Assert.Null(await grains.GetGrain<IContractGrain>(failed).Get());

        // Not after VisaReservations.AbandonedAfter: now.
        var retried = await grains.GetGrain<IContractGrain>(GrainScenario.NewContractNumber()).Activate(Activation("REF-OK"));
        Assert.True(retried.Contract is not null, string.Join(", ", retried.Violations.Select(v => v.Code)));
    }

    [Fact]
    public async Task A_null_month_in_a_declaration_is_400_and_pays_nothing()
    {
        var s = await StartAsync(fixture);
        var number = await s.ContractAsync(await s.VisaAsync(Effect.AddDays(-20)), Lease("PRIVATE", Effect.AddDays(-10), Effect), Effect.AddDays(-8));
        var response = await SendAsync(s.Staff, $"/api/v1/contracts/{number}/unpaid-rent", """{"months":[null]}""");
        var problem = await Expect.ProblemAsync(response, HttpStatusCode.BadRequest, "invalid_value");
        Assert.Equal("months[0]", problem.GetProperty("errors")[0].GetProperty("field").GetString());
        Assert.Equal(0, await TestDatabase.ScalarAsync<long>("SELECT count(*) FROM payouts_view WHERE contract_number = $1", number));
    }

    [Fact]
    public async Task A_field_sent_twice_is_400_and_pays_nothing()
    {
        // The last value would otherwise win silently: here the month's rent due, which sets the payout.
        var s = await StartAsync(fixture);
        var number = await s.ContractAsync(await s.VisaAsync(Effect.AddDays(-20)), Lease("PRIVATE", Effect.AddDays(-10), Effect), Effect.AddDays(-8));
        var month = YearMonth.From(Effect).ToString();
        var body = $$"""
            {"months":[{"month":"{{month}}","due":800.00,"paidByTenant":0,"housingBenefit":0,"due":8000.00}],
             "defaultDate":"{{Effect:yyyy-MM-dd}}","reminderDate":"{{Effect:yyyy-MM-dd}}","demandLetterDate":"{{Effect:yyyy-MM-dd}}"}
            """;
        var problem = await Expect.ProblemAsync(await SendAsync(s.Staff, $"/api/v1/contracts/{number}/unpaid-rent", body),
            HttpStatusCode.BadRequest, "malformed_request");
        var error = problem.GetProperty("errors")[0];
        Assert.Equal("months[0].due", error.GetProperty("field").GetString());
        Assert.Equal("Field 'months[0].due' appears more than once.", error.GetProperty("message").GetString());
        Assert.Equal(0, await TestDatabase.ScalarAsync<long>("SELECT count(*) FROM payouts_view WHERE contract_number = $1", number));
    }

    [Theory]
    [InlineData("""{"role":"partner","subject":"AG-PROBE","managed":[null]}""", "managed")]
    [InlineData("""{"role":"partner","subject":"AG-PROBE","managed":[""]}""", "managed")]
    [InlineData("""{"role":"landlord","subject":"L-\u0000X"}""", "subject")]
    public async Task A_key_is_not_created_with_a_null_or_control_character_in_its_subject_or_landlords(string body, string field)
    {
        var admin = await fixture.ClientForAsync(Roles.Admin, "admin-hostile");
        var before = await CountAsync("api_keys");
        var response = await SendAsync(admin, "/api/v1/keys", body);
        var problem = await Expect.ProblemAsync(response, HttpStatusCode.BadRequest, "invalid_value");
        Assert.Equal(field, problem.GetProperty("errors")[0].GetProperty("field").GetString());
        Assert.Equal(before, await CountAsync("api_keys"));
    }

    [Theory]
    [InlineData("""{"role":"landlord","subject":"L-1 bad"}""", "subject", "subject_invalid")]
    [InlineData("""{"role":"landlord","subject":" L-000123"}""", "subject", "subject_invalid")]
    [InlineData("""{"role":"landlord","subject":"L-1\u202e"}""", "subject", "subject_invalid")]
    [InlineData("""{"role":"partner","subject":"AG-1","managed":["L-1\u200b"]}""", "managed", "invalid_value")]
    [InlineData("""{"role":"landlord","subject":"L-000777","managed":["L-000123"]}""", "managed", "invalid_value")]
    [InlineData("""{"role":"partner","subject":"AG-PROBE","managed":["L-1 bad"]}""", "managed", "invalid_value")]
    [InlineData("""{"role":"partner","subject":"AG-PROBE","managed":["L-000300,L-000301"]}""", "managed", "invalid_value")]
    public async Task A_key_is_not_created_with_a_subject_that_is_no_id_nor_landlords_for_a_role_that_manages_none(
        string body, string field, string code)
    {
        var admin = await fixture.ClientForAsync(Roles.Admin, "admin-hostile");
        var before = await CountAsync("api_keys");
        var problem = await Expect.ProblemAsync(await SendAsync(admin, "/api/v1/keys", body), HttpStatusCode.BadRequest, code);
        Assert.Equal(field, problem.GetProperty("errors")[0].GetProperty("field").GetString());
        Assert.Equal(before, await CountAsync("api_keys"));
    }

    [Theory]
    [InlineData("9999-12-15", "employment.startDate")]
    [InlineData("1800-01-01", "employment.startDate")]
    public async Task A_date_beyond_what_the_API_takes_is_400_date_out_of_range(string startDate, string field)
    {
        var s = await StartAsync(fixture);
        var body = $$$"""
            {"firstName":"Jean","lastName":"Dupont","birthDate":"1980-04-02","profile":"EMPLOYEE","monthlyResources":1400.00,
             "employment":{"contract":"CDD","netSalary":1400.00,"startDate":"{{{startDate}}}","endDate":"9999-12-31"}}
            """;
        var problem = await Expect.ProblemAsync(await SendAsync(s.Staff, "/api/v1/visas", body), HttpStatusCode.BadRequest, "date_out_of_range");
        Assert.Equal(field, problem.GetProperty("errors")[0].GetProperty("field").GetString());
    }

    [Fact]
    public async Task A_plan_due_far_ahead_is_refused_and_the_case_stays_as_it_was()
    {
        var (caseId, staff) = await OpenCaseAsync();
        var plan = new { monthlyAmount = 300m, firstDueDate = "", instalments = 8, tenantMonthlyResources = 1500m };
        await Expect.ProblemAsync(await staff.PostAsJsonAsync($"/api/v1/recovery-cases/{caseId}/plan", plan with { firstDueDate = "9999-06-05" }),
            HttpStatusCode.BadRequest, "date_out_of_range");
        var twoYears = Samples.Today.AddYears(2).ToString("yyyy-MM-dd");
        await Expect.ProblemAsync(await staff.PostAsJsonAsync($"/api/v1/recovery-cases/{caseId}/plan", plan with { firstDueDate = twoYears }),
            HttpStatusCode.UnprocessableEntity, "date_out_of_range");

        var view = await Expect.JsonAsync(await staff.GetAsync($"/api/v1/recovery-cases/{caseId}"), HttpStatusCode.OK);
        Assert.Equal("AMICABLE", view.GetProperty("state").GetString());
        Assert.Equal(JsonValueKind.Null, view.GetProperty("plan").ValueKind);
    }

    [Fact]
    public async Task A_next_action_two_years_ahead_and_an_unbounded_payment_reference_are_refused()
    {
        var (caseId, staff) = await OpenCaseAsync();
        var contact = new { channel = "PHONE", note = "Called", nextActionOn = Samples.Today.AddYears(2).ToString("yyyy-MM-dd") };
        await Expect.ProblemAsync(await staff.PostAsJsonAsync($"/api/v1/recovery-cases/{caseId}/contacts", contact),
            HttpStatusCode.UnprocessableEntity, "date_out_of_range");

        var payment = await PostAsync(staff, $"/api/v1/recovery-cases/{caseId}/payments", new { amount = 10m, reference = new string('R', 5000) });
        await Expect.ProblemAsync(payment, HttpStatusCode.BadRequest, "invalid_value");
        var view = await Expect.JsonAsync(await staff.GetAsync($"/api/v1/recovery-cases/{caseId}"), HttpStatusCode.OK);
        Assert.Equal(2400m, view.GetProperty("debt").GetDecimal());
    }

    [Fact]
    public async Task A_move_out_more_than_a_year_ahead_and_a_payout_paid_before_it_existed_are_refused()
    {
        var s = await StartAsync(fixture);
        var number = await s.ContractAsync(await s.VisaAsync(Effect.AddDays(-20)), Lease("PRIVATE", Effect.AddDays(-10), Effect), Effect.AddDays(-8));
        var exit = new { exitDate = Samples.Today.AddYears(2).ToString("yyyy-MM-dd") };
        await Expect.ProblemAsync(await s.Landlord.PostAsJsonAsync($"/api/v1/contracts/{number}/exit", exit),
            HttpStatusCode.UnprocessableEntity, "date_out_of_range");

        var claim = await Expect.JsonAsync(await PostAsync(s.Landlord, $"/api/v1/contracts/{number}/unpaid-rent", Declaration(
            Today, Months(EffectMonth.AddMonths(1), 1), 800m, DefaultDate, ReminderDate, LetterDate)), HttpStatusCode.OK);
        var payoutId = claim.GetProperty("months")[0].GetProperty("payoutId").GetString();
        await Expect.ProblemAsync(await s.Staff.PostAsJsonAsync($"/api/v1/payouts/{payoutId}/paid", new { bankReference = "VIR-1", paidOn = "1990-01-01" }),
            HttpStatusCode.UnprocessableEntity, "date_out_of_range");

        var contract = await s.Landlord.GetFromJsonAsync<JsonElement>($"/api/v1/contracts/{number}");
        Assert.Equal("ACTIVE", contract.GetProperty("status").GetString());
        Assert.Equal("PENDING", await TestDatabase.ScalarAsync<string>("SELECT status FROM payouts_view WHERE payout_id = $1", payoutId!));
    }

    [Fact]
    public async Task A_correction_replayed_after_it_cancelled_its_months_pending_payout_gets_its_first_answer()
    {
        var s = await StartAsync(fixture);
        var number = await s.ContractAsync(await s.VisaAsync(Effect.AddDays(-20)), Lease("PRIVATE", Effect.AddDays(-10), Effect), Effect.AddDays(-8));
        var path = $"/api/v1/contracts/{number}/unpaid-rent";
        var month = EffectMonth.AddMonths(1);
        await Expect.JsonAsync(await PostAsync(s.Landlord, path, Declaration(Today, Months(month, 2), 800m, DefaultDate, ReminderDate, LetterDate)),
            HttpStatusCode.OK);

        // The tenant had paid the first month after all: its payout, not yet transferred, is cancelled, its instalment freed.
        var correction = new Dictionary<string, object?>
        {
            ["declaredOn"] = Today.ToString("yyyy-MM-dd"),
            ["months"] = new[] { new { month = month.ToString(), due = 800m, paidByTenant = 800m, housingBenefit = 0m } },
        };
        var key = Guid.NewGuid().ToString();
        var first = await PostAsync(s.Landlord, path, correction, key);
        var firstText = await first.Content.ReadAsStringAsync();
        Assert.Equal(HttpStatusCode.OK, first.StatusCode);
        using var answer = JsonDocument.Parse(firstText);
        Assert.Equal((1, 800m), (answer.RootElement.GetProperty("instalmentsUsed").GetInt32(), answer.RootElement.GetProperty("debt").GetDecimal()));

        var replay = await PostAsync(s.Landlord, path, correction, key);
        Assert.Equal(HttpStatusCode.OK, replay.StatusCode);
        Assert.Equal(firstText, await replay.Content.ReadAsStringAsync());
        var claim = await s.Landlord.GetFromJsonAsync<JsonElement>(path);
        Assert.Equal(["CANCELLED", "PENDING"], claim.GetProperty("payouts").EnumerateArray().Select(p => p.GetProperty("status").GetString()));
    }

    [Fact]
    public async Task An_exit_retried_under_its_key_gets_its_first_answer_and_another_exit_under_it_is_refused()
    {
        var s = await StartAsync(fixture);
        var number = await s.ContractAsync(await s.VisaAsync(Effect.AddDays(-20)), Lease("PRIVATE", Effect.AddDays(-10), Effect), Effect.AddDays(-8));
        var exit = new { exitDate = Today.AddDays(-2).ToString("yyyy-MM-dd") };
        var key = Guid.NewGuid().ToString();
        var first = await Expect.JsonAsync(await PostAsync(s.Landlord, $"/api/v1/contracts/{number}/exit", exit, key), HttpStatusCode.OK);
        var retried = await PostAsync(s.Landlord, $"/api/v1/contracts/{number}/exit", exit, key);
        Assert.Equal(first.GetRawText(), (await Expect.JsonAsync(retried, HttpStatusCode.OK)).GetRawText());
        Assert.Equal("ENDED", first.GetProperty("status").GetString());
        Assert.Equal(Today.AddDays(-2).ToString("yyyy-MM"), first.GetProperty("cover").GetProperty("lastCoveredMonth").GetString());

        await Expect.ProblemAsync(await PostAsync(s.Landlord, $"/api/v1/contracts/{number}/exit", new { exitDate = Today.ToString("yyyy-MM-dd") }, key),
            HttpStatusCode.Conflict, "idempotency_key_reused");
        await Expect.ProblemAsync(await PostAsync(s.Landlord, $"/api/v1/contracts/{number}/exit", exit), HttpStatusCode.Conflict, "contract_not_active");
    }

    [Fact]
    public async Task One_command_spelled_two_ways_under_one_key_runs_once()
    {
        var s = await StartAsync(fixture);
        var number = await s.ContractAsync(await s.VisaAsync(Effect.AddDays(-20)), Lease("PRIVATE", Effect.AddDays(-10), Effect), Effect.AddDays(-8));
        var month = EffectMonth.AddMonths(1);
        await Expect.JsonAsync(await PostAsync(s.Landlord, $"/api/v1/contracts/{number}/unpaid-rent", Declaration(
            Today, Months(month, 1), 800m, DefaultDate, ReminderDate, LetterDate)), HttpStatusCode.OK);

        var key = Guid.NewGuid().ToString();
        var repayment = new { month = month.ToString(), amount = 100m };
        string[] spellings =
        [
            $"/api/v1/contracts/{number}/tenant-repayments",
            $"/api/v1/contracts/{number}/tenant-repayments/",
            $"/API/V1/CONTRACTS/{number}/TENANT-REPAYMENTS",
        ];
        var answers = new List<HttpResponseMessage>();
        foreach (var path in spellings)
        {
            answers.Add(await PostAsync(s.Landlord, path, repayment, key));
        }

        Assert.All(answers, a => Assert.Equal(HttpStatusCode.OK, a.StatusCode));
        Assert.All(answers.Skip(1), a => Assert.True(a.Headers.Contains("Idempotent-Replayed")));
        var claim = await s.Landlord.GetFromJsonAsync<JsonElement>($"/api/v1/contracts/{number}/unpaid-rent");
        Assert.Equal(100m, claim.GetProperty("refundOwed").GetDecimal());
    }

    private async Task<(string CaseId, HttpClient Staff)> OpenCaseAsync()
    {
        var contract = await GrainScenario.ContractWithPayoutsAsync(fixture.Client, "T-" + Guid.NewGuid().ToString("N")[..8]);
        return (RecoveryCaseIds.For(contract), await fixture.ClientForAsync(Roles.Staff, "staff-hostile"));
    }

    private static async Task<HttpResponseMessage> SendAsync(HttpClient http, string path, string json)
    {
        using var request = new HttpRequestMessage(HttpMethod.Post, path) { Content = new StringContent(json, Encoding.UTF8, "application/json") };
        request.Headers.Add("Idempotency-Key", Guid.NewGuid().ToString());
        return await http.SendAsync(request);
    }
}
