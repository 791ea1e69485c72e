using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using ActionLogement.Database;
using Orleans.Core.Internal;
using static ActionLogement.IntegrationTests.Infrastructure.ApiScenario;

namespace ActionLogement.IntegrationTests.Recovery;

[Collection("cluster")]
public sealed class RecoveryApiTests(ClusterFixture fixture)
{
    private async Task<(string CaseId, HttpClient Staff, HttpClient Tenant)> OpenCaseAsync()
    {
        var tenantSubject = "T-" + Guid.NewGuid().ToString("N")[..8];
        var contract = await GrainScenario.ContractWithPayoutsAsync(fixture.Client, tenantSubject);
        var staff = await fixture.ClientForAsync(Roles.Staff, "staff-recovery");
        var tenant = await fixture.ClientForAsync(Roles.Tenant, tenantSubject);
        return (RecoveryCaseIds.For(contract), staff, tenant);
    }

    /// <summary>The case as staff see it, once <paramref name="done"/> holds of it (or as it is after 20 s).</summary>
    private static Task<JsonElement> CaseOnceAsync(HttpClient staff, string caseId, Func<JsonElement, bool> done) =>
        Eventually.ValueAsync(async () => await staff.GetFromJsonAsync<JsonElement>($"/api/v1/recovery-cases/{caseId}"), done, TimeSpan.FromSeconds(20));

    /// <summary>Eight instalments of 300 from five days ahead, for a tenant with 1,500 a month: the 2,400 of the case.</summary>
    private static Task<HttpResponseMessage> PlanAsync(HttpClient staff, string caseId) =>
        staff.PostAsJsonAsync($"/api/v1/recovery-cases/{caseId}/plan", new
        {
            monthlyAmount = 300m,
            firstDueDate = Samples.Today.AddDays(5).ToString("yyyy-MM-dd"),
            instalments = 8,
            tenantMonthlyResources = 1500m,
        });

    /// <summary>The debt of the case's queue row, once it is <paramref name="expected"/> (the row follows the case's write).</summary>
    private static Task<decimal> QueuedDebtAsync(string caseId, decimal expected) =>
        Eventually.ValueAsync(() => TestDatabase.ScalarAsync<decimal>("SELECT debt FROM recovery_cases_view WHERE case_id = $1", caseId), d => d == expected);

    /// <summary>The landlord declares that the tenant repaid it <paramref name="amount"/> for <paramref name="month"/>.</summary>
    private static async Task RepayAsync(IContractGrain contract, string month, decimal amount) =>
        Assert.True((await contract.RecordTenantRepayment(new TenantRepayment(month, amount, ApiScenario.Today))).Done);

    /// <summary>The landlord declares <paramref name="month"/> again, today, with these figures; accepted.</summary>
    private static async Task CorrectAsync(IContractGrain contract, string month, decimal due, decimal paidByTenant) =>
        Assert.Empty((await contract.DeclareUnpaidRent(new DeclareUnpaidRent(ApiScenario.Today, null, null, null,
            [new MonthLine(month, due, paidByTenant, 0m)]), origin: null)).Violations);

    /// <summary>Staff record the transfer of every payout so far: what the landlord owes back from then on is owed back, not set off.</summary>
    private static async Task TransferAllAsync(IContractGrain contract)
    {
        foreach (var payout in await contract.GetPayouts())
        {
            Assert.True((await contract.MarkPayoutPaid(payout.PayoutId, ApiScenario.Today, "VIR-" + payout.PayoutId)).Done);
        }
    }

    private static async Task<string?> StateOnceAsync(HttpClient staff, string caseId, string state) =>
        (await CaseOnceAsync(staff, caseId, c => c.GetProperty("state").GetString() == state)).GetProperty("state").GetString();

    [Fact]
    public async Task The_first_payout_opens_a_case_holding_the_debt()
    {
        var (caseId, staff, _) = await OpenCaseAsync();
        var view = await staff.GetFromJsonAsync<JsonElement>($"/api/v1/recovery-cases/{caseId}");
        Assert.Equal("AMICABLE", view.GetProperty("state").GetString());
        Assert.Equal(2400m, view.GetProperty("debt").GetDecimal());
        Assert.Contains(caseId, await WholeQueueAsync(staff, "AMICABLE"));
    }

    [Fact]
    public async Task A_plan_whose_debt_fell_says_what_it_now_repays_as_its_schedule_does()
    {
        var (caseId, staff, tenant) = await OpenCaseAsync();
        var set = await Expect.JsonAsync(await PlanAsync(staff, caseId), HttpStatusCode.OK);
        Assert.Equal(2400m, set.GetProperty("plan").GetProperty("debt").GetDecimal());
        await Expect.JsonAsync(await PostAsync(tenant, $"/api/v1/recovery-cases/{caseId}/payments", new { amount = 300m }), HttpStatusCode.OK);

        // The tenant had also paid the landlord 300 of a month: the landlord owes it back, the tenant 1,800 more.
        await RepayAsync(fixture.Client.GetGrain<IContractGrain>("A" + caseId[1..]), ApiScenario.EffectMonth.AddMonths(1).ToString(), 300m);
        var plan = (await CaseOnceAsync(staff, caseId, c => c.GetProperty("debt").GetDecimal() == 1800m)).GetProperty("plan");
        var schedule = plan.GetProperty("schedule").EnumerateArray().Sum(i => i.GetProperty("amount").GetDecimal());
        Assert.Equal((2100m, 2100m, 300m), (plan.GetProperty("debt").GetDecimal(), schedule, plan.GetProperty("paidTowardsPlan").GetDecimal()));
    }

    [Fact]
    public async Task What_the_tenant_paid_the_landlord_after_a_payout_is_no_longer_its_debt_and_caps_its_payments()
    {
        var (caseId, staff, tenant) = await OpenCaseAsync();
        var contract = "A" + caseId[1..];
        var month = ApiScenario.EffectMonth.AddMonths(1).ToString();
        var repaid = await fixture.Client.GetGrain<IContractGrain>(contract).RecordTenantRepayment(new TenantRepayment(month, 300m, ApiScenario.Today));
        Assert.True(repaid.Done);

        // The landlord owes those 300 back to the guarantor; the tenant owes 2,100, and the queue says so too.
        var view = await staff.GetFromJsonAsync<JsonElement>($"/api/v1/recovery-cases/{caseId}");
        Assert.Equal((2400m, 300m, 2100m), (view.GetProperty("paidOut").GetDecimal(), view.GetProperty("refundOwedByLandlord").GetDecimal(),
            view.GetProperty("debt").GetDecimal()));
        var queued = await QueuedDebtAsync(caseId, 2100m);
        Assert.Equal(2100m, queued);

        await Expect.ProblemAsync(await PostAsync(tenant, $"/api/v1/recovery-cases/{caseId}/payments", new { amount = 2100.01m }),
            HttpStatusCode.UnprocessableEntity, "overpayment");
        var paid = await Expect.JsonAsync(await PostAsync(tenant, $"/api/v1/recovery-cases/{caseId}/payments", new { amount = 2100m }), HttpStatusCode.OK);
        Assert.Equal(("CLOSED_PAID", 0m), (paid.GetProperty("state").GetString(), paid.GetProperty("debt").GetDecimal()));
    }

    [Fact]
    public async Task A_refund_beyond_what_the_tenant_still_owes_closes_the_case_and_shows_what_it_overpaid()
    {
        var (caseId, staff, tenant) = await OpenCaseAsync();
        await Expect.JsonAsync(await PostAsync(tenant, $"/api/v1/recovery-cases/{caseId}/payments", new { amount = 1800m }), HttpStatusCode.OK);

        // The tenant also paid the landlord a month's 800: 200 more than it still owed the guarantor.
        var month = ApiScenario.EffectMonth.AddMonths(1).ToString();
        await RepayAsync(fixture.Client.GetGrain<IContractGrain>("A" + caseId[1..]), month, 800m);

        var closed = await CaseOnceAsync(staff, caseId, c => c.GetProperty("state").GetString() == "CLOSED_PAID");
        Assert.Equal(("CLOSED_PAID", 0m, 200m), (closed.GetProperty("state").GetString(), closed.GetProperty("debt").GetDecimal(),
            closed.GetProperty("overpaidByTenant").GetDecimal()));

        // The view is read live (an interleaved read may see the closing before its write lands); the queue row follows.
        Assert.Equal(0m, await QueuedDebtAsync(caseId, 0m));

        // Closed, it stays before staff until the tenant is paid back: no more than it is owed, once per key.
        Assert.Equal(Samples.Today.ToString("yyyy-MM-dd"), closed.GetProperty("nextActionOn").GetString());
        var refunds = $"/api/v1/recovery-cases/{caseId}/tenant-refunds";
        await Expect.ProblemAsync(await PostAsync(staff, refunds, new { amount = 200.01m, bankReference = "VIR-T1" }),
            HttpStatusCode.UnprocessableEntity, "refund_above_owed");
        await Expect.ProblemAsync(await PostAsync(tenant, refunds, new { amount = 200m, bankReference = "VIR-T1" }), HttpStatusCode.Forbidden, "forbidden");
        var key = Guid.NewGuid().ToString();
        var partly = await Expect.JsonAsync(await PostAsync(staff, refunds, new { amount = 150m, bankReference = "VIR-T1" }, key), HttpStatusCode.OK);
        Assert.Equal((50m, 1650m), (partly.GetProperty("overpaidByTenant").GetDecimal(), partly.GetProperty("recovered").GetDecimal()));
        var replayed = await Expect.JsonAsync(await PostAsync(staff, refunds, new { amount = 150m, bankReference = "VIR-T1" }, key), HttpStatusCode.OK);
        Assert.Equal(50m, replayed.GetProperty("overpaidByTenant").GetDecimal());
        Assert.NotNull(partly.GetProperty("nextActionOn").GetString());

        var paidBack = await Expect.JsonAsync(await PostAsync(staff, refunds, new { amount = 50m, bankReference = "VIR-T2" }), HttpStatusCode.OK);
        Assert.Equal((0m, 0m, "CLOSED_PAID"), (paidBack.GetProperty("overpaidByTenant").GetDecimal(), paidBack.GetProperty("debt").GetDecimal(),
            paidBack.GetProperty("state").GetString()));
        Assert.Equal(JsonValueKind.Null, paidBack.GetProperty("nextActionOn").ValueKind);
        Assert.Equal(["VIR-T1", "VIR-T2"], paidBack.GetProperty("refundsToTenant").EnumerateArray().Select(r => r.GetProperty("reference").GetString()));
        Assert.Equal(2, paidBack.GetProperty("timeline").EnumerateArray().Count(e => e.GetProperty("kind").GetString() == "tenant-refund"));
    }

    [Fact]
    public async Task A_case_closed_by_refunds_reopens_on_the_next_payout_without_its_old_plan()
    {
        var (caseId, staff, _) = await OpenCaseAsync();
        await Expect.JsonAsync(await PlanAsync(staff, caseId), HttpStatusCode.OK);
        var contract = fixture.Client.GetGrain<IContractGrain>("A" + caseId[1..]);
        foreach (var i in new[] { 1, 2, 3 })
        {
            await RepayAsync(contract, ApiScenario.EffectMonth.AddMonths(i).ToString(), 800m);
        }

        Assert.Equal("CLOSED_PAID", await StateOnceAsync(staff, caseId, "CLOSED_PAID"));

        // The tenant left damage behind: 1,600 more paid out, which the tenant owes.
        Assert.Equal(1600m, (await contract.FileDamageClaim(GrainScenario.DamageAfterExit())).Covered);
        var reopened = await CaseOnceAsync(staff, caseId, c => c.GetProperty("state").GetString() == "AMICABLE");
        Assert.Equal(("AMICABLE", 1600m, JsonValueKind.Null), (reopened.GetProperty("state").GetString(), reopened.GetProperty("debt").GetDecimal(),
            reopened.GetProperty("plan").ValueKind));
    }

    [Fact]
    public async Task A_correction_that_cancels_part_of_the_refund_reopens_a_case_it_had_closed()
    {
        var (caseId, staff, _) = await OpenCaseAsync();
        var contract = fixture.Client.GetGrain<IContractGrain>("A" + caseId[1..]);
        string Month(int i) => ApiScenario.EffectMonth.AddMonths(i).ToString();

        // The payouts transferred, the first month corrected to 400 paid (400 owed back), then the tenant paid the
        // landlord the rest of every month.
        await TransferAllAsync(contract);
        await CorrectAsync(contract, Month(1), 800m, 400m);
        await RepayAsync(contract, Month(1), 400m);
        await RepayAsync(contract, Month(2), 800m);
        await RepayAsync(contract, Month(3), 800m);
        Assert.Equal("CLOSED_PAID", await StateOnceAsync(staff, caseId, "CLOSED_PAID"));

        // Corrected back to nothing paid before the payout: the 400 of the correction are no longer owed back, the
        // tenant's own 400 still are; the tenant owes the guarantor 400 again.
        await CorrectAsync(contract, Month(1), 800m, 0m);
        var reopened = await CaseOnceAsync(staff, caseId, c => c.GetProperty("state").GetString() == "AMICABLE");
        Assert.Equal(("AMICABLE", 400m, 2000m), (reopened.GetProperty("state").GetString(), reopened.GetProperty("debt").GetDecimal(),
            reopened.GetProperty("refundOwedByLandlord").GetDecimal()));
    }

    [Fact]
    public async Task The_queue_pages_through_closed_cases_one_by_one()
    {
        var staff = await fixture.ClientForAsync(Roles.Staff, "staff-recovery");
        for (var i = 0; i < 3; i++)
        {
            var (caseId, _, _) = await OpenCaseAsync();
            var written = await staff.PostAsJsonAsync($"/api/v1/recovery-cases/{caseId}/escalate",
                new { kind = "OVER_INDEBTEDNESS", reason = "Banque de France file", measure = "WRITE_OFF" });
            await Expect.JsonAsync(written, HttpStatusCode.OK);
        }

        // Closed cases have no next action: they sort last, and each page's cursor must lead to the next one.
        var all = (await staff.GetFromJsonAsync<JsonElement>("/api/v1/recovery-cases?state=CLOSED_WRITTEN_OFF&limit=500"))
            .GetProperty("items").EnumerateArray().Select(c => c.GetProperty("caseId").GetString()).ToList();
        var paged = new List<string?>();
        string? next = null;
        do
        {
            var page = await staff.GetFromJsonAsync<JsonElement>(
                "/api/v1/recovery-cases?state=CLOSED_WRITTEN_OFF&limit=1" + (next is null ? "" : "&after=" + Uri.EscapeDataString(next)));
            paged.AddRange(page.GetProperty("items").EnumerateArray().Select(c => c.GetProperty("caseId").GetString()));
            next = page.GetProperty("next").GetString();
        }
        while (next is not null && paged.Count <= all.Count);

        Assert.True(all.Count >= 3);
        Assert.Equal(all, paged);
    }

    [Fact]
    public async Task A_retried_write_off_gets_its_first_answer_and_another_body_under_its_key_is_refused()
    {
        var (caseId, staff, _) = await OpenCaseAsync();
        Assert.Equal(HttpStatusCode.OK, (await staff.PostAsJsonAsync($"/api/v1/recovery-cases/{caseId}/escalate",
            new { kind = "OVER_INDEBTEDNESS", reason = "Banque de France file", measure = "SUSPENSION", suspensionMonths = 12 })).StatusCode);
        var key = Guid.NewGuid().ToString();
        async Task<HttpResponseMessage> WriteOffAsync(decimal amount)
        {
            using var request = new HttpRequestMessage(HttpMethod.Post, $"/api/v1/recovery-cases/{caseId}/write-off")
            {
                Content = JsonContent.Create(new { amount, reason = "insolvable" }),
            };
            request.Headers.Add("Idempotency-Key", key);
            return await staff.SendAsync(request);
        }

        var first = await WriteOffAsync(2400m);
        var firstBody = await Expect.JsonAsync(first, HttpStatusCode.OK);
        var again = await WriteOffAsync(2400m);
        Assert.Equal(firstBody.GetRawText(), (await Expect.JsonAsync(again, HttpStatusCode.OK)).GetRawText());
        Assert.True(again.Headers.Contains("Idempotent-Replayed"));
        await Expect.ProblemAsync(await WriteOffAsync(1m), HttpStatusCode.Conflict, "idempotency_key_reused");
    }

    [Fact]
    public async Task A_contact_sent_again_under_its_key_is_recorded_once_and_a_payment_shows_only_the_reference_given()
    {
        var (caseId, staff, tenant) = await OpenCaseAsync();
        var contact = new { channel = "phone", note = "Called the tenant", nextActionOn = ApiScenario.Today.AddDays(10).ToString("yyyy-MM-dd") };
        var key = Guid.NewGuid().ToString();
        var first = await Expect.JsonAsync(await PostAsync(staff, $"/api/v1/recovery-cases/{caseId}/contacts", contact, key), HttpStatusCode.OK);
        var again = await PostAsync(staff, $"/api/v1/recovery-cases/{caseId}/contacts", contact, key);
        Assert.Equal(first.GetRawText(), (await Expect.JsonAsync(again, HttpStatusCode.OK)).GetRawText());
        await Expect.JsonAsync(await PostAsync(tenant, $"/api/v1/recovery-cases/{caseId}/payments", new { amount = 100m }), HttpStatusCode.OK);
        await Expect.JsonAsync(await PostAsync(tenant, $"/api/v1/recovery-cases/{caseId}/payments",
            new { amount = 50m, reference = "VIR-2026-12" }), HttpStatusCode.OK);

        var view = await staff.GetFromJsonAsync<JsonElement>($"/api/v1/recovery-cases/{caseId}");
        Assert.Single(view.GetProperty("timeline").EnumerateArray(), e => e.GetProperty("kind").GetString() == "contact");
        var references = view.GetProperty("payments").EnumerateArray().Select(p => p.GetProperty("reference")).ToList();
        Assert.Equal(2, references.Count);
        Assert.Single(references, r => r.ValueKind == JsonValueKind.Null);
        Assert.Single(references, r => r.ValueKind == JsonValueKind.String && r.GetString() == "VIR-2026-12");
    }

    [Fact]
    public async Task The_tenant_sees_what_happened_to_its_case_but_not_the_staffs_notes_nor_who_among_them_acted()
    {
        var (caseId, staff, tenant) = await OpenCaseAsync();
        var lodgedOn = ApiScenario.Today.AddDays(-3).ToString("yyyy-MM-dd");
        await Expect.JsonAsync(await PostAsync(staff, $"/api/v1/recovery-cases/{caseId}/contacts",
            new { channel = "phone", note = "Says the employer is late with wages" }), HttpStatusCode.OK);
        await Expect.JsonAsync(await PostAsync(staff, $"/api/v1/recovery-cases/{caseId}/payments", new { amount = 100m }), HttpStatusCode.OK);
        var escalated = await Expect.JsonAsync(await staff.PostAsJsonAsync($"/api/v1/recovery-cases/{caseId}/escalate",
            new { kind = "OVER_INDEBTEDNESS", reason = "No answer to three letters", fileDate = lodgedOn }), HttpStatusCode.OK);

        // A channel is one of a list, not a place for words; the refusal names the list.
        var notAChannel = await Expect.ProblemAsync(await PostAsync(staff, $"/api/v1/recovery-cases/{caseId}/contacts",
            new { channel = "tenant admits gambling debts", note = "x" }), HttpStatusCode.BadRequest, "malformed_request");
        Assert.Equal("Invalid value for 'channel': one of PHONE, EMAIL, LETTER, SMS, VISIT, OTHER.", notAChannel.GetProperty("detail").GetString());
        var notAMeasure = await Expect.ProblemAsync(await staff.PostAsJsonAsync($"/api/v1/recovery-cases/{caseId}/escalate",
            new { kind = "OVER_INDEBTEDNESS", reason = "x", measure = "JAIL" }), HttpStatusCode.BadRequest, "malformed_request");
        Assert.Equal("Invalid value for 'measure': one of SUSPENSION, RESCHEDULE_PLAN, WRITE_OFF.", notAMeasure.GetProperty("detail").GetString());

        // Staff see their words and who wrote them, apart from the text the case writes itself.
        var staffContact = Assert.Single(escalated.GetProperty("timeline").EnumerateArray(), e => e.GetProperty("kind").GetString() == "contact");
        Assert.Equal(("Contact by phone.", "Says the employer is late with wages"),
            (staffContact.GetProperty("text").GetString(), staffContact.GetProperty("note").GetString()));
        Assert.StartsWith("staff:", staffContact.GetProperty("by").GetString(), StringComparison.Ordinal);
        Assert.Equal("No answer to three letters", escalated.GetProperty("escalation").GetProperty("reason").GetString());

        // The tenant sees the same events and amounts, without them.
        var response = await tenant.GetAsync($"/api/v1/recovery-cases/{caseId}");
        var raw = await response.Content.ReadAsStringAsync();
        var seen = await Expect.JsonAsync(response, HttpStatusCode.OK);
        Assert.DoesNotContain("employer", raw, StringComparison.Ordinal);
        Assert.DoesNotContain("three letters", raw, StringComparison.Ordinal);
        Assert.DoesNotContain("staff:", raw, StringComparison.Ordinal);
        Assert.Equal(escalated.GetProperty("timeline").EnumerateArray().Select(e => e.GetProperty("kind").GetString()),
            seen.GetProperty("timeline").EnumerateArray().Select(e => e.GetProperty("kind").GetString()));
        var tenantContact = Assert.Single(seen.GetProperty("timeline").EnumerateArray(), e => e.GetProperty("kind").GetString() == "contact");
        Assert.Equal(("Contact by phone.", "staff", JsonValueKind.Null), (tenantContact.GetProperty("text").GetString(),
            tenantContact.GetProperty("by").GetString(), tenantContact.GetProperty("note").ValueKind));
        Assert.Equal("staff", Assert.Single(seen.GetProperty("payments").EnumerateArray()).GetProperty("by").GetString());
        var escalation = seen.GetProperty("escalation");
        Assert.Equal(("OVER_INDEBTEDNESS", lodgedOn, JsonValueKind.Null), (escalation.GetProperty("kind").GetString(),
            escalation.GetProperty("fileDate").GetString(), escalation.GetProperty("reason").ValueKind));
        Assert.Equal(escalated.GetProperty("debt").GetDecimal(), seen.GetProperty("debt").GetDecimal());

        // What the tenant does itself answers in the same terms.
        var paid = await Expect.JsonAsync(await PostAsync(tenant, $"/api/v1/recovery-cases/{caseId}/payments", new { amount = 50m }), HttpStatusCode.OK);
        Assert.DoesNotContain(paid.GetProperty("timeline").EnumerateArray(), e => e.GetProperty("note").ValueKind != JsonValueKind.Null);
    }

    [Fact]
    public async Task A_paid_instalment_moves_the_next_action_to_the_next_one_and_a_plan_recorded_late_has_missed_nothing()
    {
        var (caseId, staff, tenant) = await OpenCaseAsync();
        await Expect.JsonAsync(await PlanAsync(staff, caseId), HttpStatusCode.OK);
        var paid = await Expect.JsonAsync(await PostAsync(tenant, $"/api/v1/recovery-cases/{caseId}/payments", new { amount = 300m }), HttpStatusCode.OK);
        Assert.Equal(Samples.Today.AddDays(5).AddMonths(1).ToString("yyyy-MM-dd"), paid.GetProperty("nextActionOn").GetString());

        // Agreed six weeks ago, recorded today: its first instalment, already due, is not missed.
        var late = await staff.PostAsJsonAsync($"/api/v1/recovery-cases/{caseId}/plan", new
        {
            monthlyAmount = 300m,
            firstDueDate = Samples.Today.AddDays(-40).ToString("yyyy-MM-dd"),
            instalments = 7,
            tenantMonthlyResources = 1500m,
        });
        Assert.Equal(0, (await Expect.JsonAsync(late, HttpStatusCode.OK)).GetProperty("plan").GetProperty("missed").GetInt32());
    }

    [Fact]
    public async Task A_file_lodged_without_a_measure_gets_the_commissions_decision_later_and_only_once()
    {
        var (caseId, staff, _) = await OpenCaseAsync();
        var lodgedOn = ApiScenario.Today.AddDays(-10).ToString("yyyy-MM-dd");
        var lodged = await Expect.JsonAsync(await staff.PostAsJsonAsync($"/api/v1/recovery-cases/{caseId}/escalate",
            new { kind = "OVER_INDEBTEDNESS", reason = "Banque de France file", fileDate = lodgedOn }), HttpStatusCode.OK);
        var today = DateOnly.Parse(lodged.GetProperty("nextActionOn").GetString()!, System.Globalization.CultureInfo.InvariantCulture);

        var decided = await Expect.JsonAsync(await staff.PostAsJsonAsync($"/api/v1/recovery-cases/{caseId}/escalate",
            new { kind = "OVER_INDEBTEDNESS", reason = "commission decision", measure = "SUSPENSION", suspensionMonths = 12 }), HttpStatusCode.OK);
        var escalation = decided.GetProperty("escalation");
        Assert.Equal(("SUSPENSION", lodgedOn), (escalation.GetProperty("measure").GetString(), escalation.GetProperty("fileDate").GetString()));
        Assert.Equal(today.AddMonths(12).ToString("yyyy-MM-dd"), decided.GetProperty("nextActionOn").GetString());
        // The timeline says it in the API's words.
        Assert.Contains(decided.GetProperty("timeline").EnumerateArray(), e =>
            (e.GetProperty("text").GetString(), e.GetProperty("note").GetString()) == ("OVER_INDEBTEDNESS (SUSPENSION).", "commission decision"));

        await Expect.ProblemAsync(await staff.PostAsJsonAsync($"/api/v1/recovery-cases/{caseId}/escalate",
            new { kind = "OVER_INDEBTEDNESS", reason = "again", measure = "RESCHEDULE_PLAN" }), HttpStatusCode.Conflict, "transition_not_allowed");
    }

    [Fact]
    public async Task A_file_ends_the_amicable_plan_and_takes_no_plan_before_the_commissions_measure_nor_during_a_suspension()
    {
        var (caseId, staff, tenant) = await OpenCaseAsync();
        await Expect.JsonAsync(await PlanAsync(staff, caseId), HttpStatusCode.OK);
        var lodged = await Expect.JsonAsync(await staff.PostAsJsonAsync($"/api/v1/recovery-cases/{caseId}/escalate",
            new { kind = "OVER_INDEBTEDNESS", reason = "Banque de France file" }), HttpStatusCode.OK);

        // The plan ends with the file: the tenant is shown no instalment to pay, and a payment no longer moves the next
        // action to one.
        Assert.Equal(JsonValueKind.Null, lodged.GetProperty("plan").ValueKind);
        Assert.Contains(lodged.GetProperty("timeline").EnumerateArray(), e => e.GetProperty("kind").GetString() == "plan-ended");
        Assert.Equal(JsonValueKind.Null, (await tenant.GetFromJsonAsync<JsonElement>($"/api/v1/recovery-cases/{caseId}")).GetProperty("plan").ValueKind);
        await Expect.ProblemAsync(await PlanAsync(staff, caseId), HttpStatusCode.UnprocessableEntity, "plan_not_allowed_in_state");

        var suspended = await Expect.JsonAsync(await staff.PostAsJsonAsync($"/api/v1/recovery-cases/{caseId}/escalate",
            new { kind = "OVER_INDEBTEDNESS", reason = "commission decision", measure = "SUSPENSION", suspensionMonths = 6 }), HttpStatusCode.OK);
        var until = DateOnly.Parse(suspended.GetProperty("nextActionOn").GetString()!, System.Globalization.CultureInfo.InvariantCulture);
        object Plan(DateOnly first) => new { monthlyAmount = 300m, firstDueDate = first.ToString("yyyy-MM-dd"), instalments = 8, tenantMonthlyResources = 0m };
        await Expect.ProblemAsync(await staff.PostAsJsonAsync($"/api/v1/recovery-cases/{caseId}/plan", Plan(until.AddDays(-1))),
            HttpStatusCode.UnprocessableEntity, "plan_not_allowed_in_state");
        var planned = await Expect.JsonAsync(await staff.PostAsJsonAsync($"/api/v1/recovery-cases/{caseId}/plan", Plan(until)), HttpStatusCode.OK);
        Assert.Equal(until.ToString("yyyy-MM-dd"), planned.GetProperty("nextActionOn").GetString());
    }

    [Fact]
    public async Task What_was_written_off_is_never_shown_as_paid_by_the_tenant()
    {
        var (caseId, staff, _) = await OpenCaseAsync();
        var written = await staff.PostAsJsonAsync($"/api/v1/recovery-cases/{caseId}/escalate",
            new { kind = "OVER_INDEBTEDNESS", reason = "Banque de France file", measure = "WRITE_OFF" });
        Assert.Equal("CLOSED_WRITTEN_OFF", (await Expect.JsonAsync(written, HttpStatusCode.OK)).GetProperty("state").GetString());

        // The tenant had also paid the landlord 300: the landlord owes it back, the tenant paid the guarantor nothing.
        await RepayAsync(fixture.Client.GetGrain<IContractGrain>("A" + caseId[1..]), ApiScenario.EffectMonth.AddMonths(1).ToString(), 300m);
        var view = await CaseOnceAsync(staff, caseId, c => c.GetProperty("refundOwedByLandlord").GetDecimal() == 300m);
        Assert.Equal(("CLOSED_WRITTEN_OFF", 0m, 0m), (view.GetProperty("state").GetString(), view.GetProperty("debt").GetDecimal(),
            view.GetProperty("overpaidByTenant").GetDecimal()));
    }

    [Theory]
    [InlineData(false)]
    [InlineData(true)]
    public async Task A_month_written_off_then_repaid_to_the_landlord_is_not_taken_off_the_next_payouts_debt(bool transferred)
    {
        var (caseId, staff, _) = await OpenCaseAsync();
        var contract = fixture.Client.GetGrain<IContractGrain>("A" + caseId[1..]);
        if (transferred)
        {
            await TransferAllAsync(contract);
        }

        var written = await staff.PostAsJsonAsync($"/api/v1/recovery-cases/{caseId}/escalate",
            new { kind = "OVER_INDEBTEDNESS", reason = "Banque de France file", measure = "WRITE_OFF" });
        Assert.Equal("CLOSED_WRITTEN_OFF", (await Expect.JsonAsync(written, HttpStatusCode.OK)).GetProperty("state").GetString());

        // The tenant had paid the landlord one of the three months written off (owed back if it was transferred, its
        // payout cancelled if not): 1,600 were written off in the end, not 2,400.
        await RepayAsync(contract, ApiScenario.EffectMonth.AddMonths(1).ToString(), 800m);
        var closed = await CaseOnceAsync(staff, caseId, c => c.GetProperty("writtenOff").GetDecimal() == 1600m);
        Assert.Equal(("CLOSED_WRITTEN_OFF", 1600m, 0m), (closed.GetProperty("state").GetString(), closed.GetProperty("writtenOff").GetDecimal(),
            closed.GetProperty("debt").GetDecimal()));

        // The damage paid out after is owed whole.
        Assert.Equal(1600m, (await contract.FileDamageClaim(GrainScenario.DamageAfterExit())).Covered);
        var reopened = await CaseOnceAsync(staff, caseId, c => c.GetProperty("state").GetString() == "AMICABLE");
        Assert.Equal(("AMICABLE", 1600m), (reopened.GetProperty("state").GetString(), reopened.GetProperty("debt").GetDecimal()));
        Assert.Equal(1600m, await QueuedDebtAsync(caseId, 1600m));
    }

    [Fact]
    public async Task A_correction_after_a_write_off_is_written_off_with_it()
    {
        var (caseId, staff, _) = await OpenCaseAsync();
        var contract = fixture.Client.GetGrain<IContractGrain>("A" + caseId[1..]);
        var month = ApiScenario.EffectMonth.AddMonths(1).ToString();

        // 300 owed back by a correction, the remaining 2,100 written off, then the correction undone.
        await CorrectAsync(contract, month, 800m, 300m);
        await CaseOnceAsync(staff, caseId, c => c.GetProperty("debt").GetDecimal() == 2100m);
        var written = await staff.PostAsJsonAsync($"/api/v1/recovery-cases/{caseId}/escalate",
            new { kind = "OVER_INDEBTEDNESS", reason = "Banque de France file", measure = "WRITE_OFF" });
        var closed = await Expect.JsonAsync(written, HttpStatusCode.OK);
        Assert.Equal(("CLOSED_WRITTEN_OFF", 2100m), (closed.GetProperty("state").GetString(), closed.GetProperty("writtenOff").GetDecimal()));
        Assert.False(closed.GetProperty("escalation").TryGetProperty("namesMeasure", out _));
        await CorrectAsync(contract, month, 800m, 0m);

        var view = await CaseOnceAsync(staff, caseId, c => c.GetProperty("writtenOff").GetDecimal() == 2400m);
        Assert.Equal(("CLOSED_WRITTEN_OFF", 0m, 2400m), (view.GetProperty("state").GetString(), view.GetProperty("debt").GetDecimal(),
            view.GetProperty("writtenOff").GetDecimal()));
        Assert.Equal(0m, await QueuedDebtAsync(caseId, 0m));
    }

    [Fact]
    public async Task A_new_payout_after_a_write_off_is_a_new_debt_and_a_later_correction_stays_written_off()
    {
        var (caseId, staff, _) = await OpenCaseAsync();
        var contract = fixture.Client.GetGrain<IContractGrain>("A" + caseId[1..]);
        var month = ApiScenario.EffectMonth.AddMonths(1).ToString();
        await CorrectAsync(contract, month, 800m, 300m);
        await CaseOnceAsync(staff, caseId, c => c.GetProperty("debt").GetDecimal() == 2100m);
        await Expect.JsonAsync(await staff.PostAsJsonAsync($"/api/v1/recovery-cases/{caseId}/escalate",
            new { kind = "OVER_INDEBTEDNESS", reason = "Banque de France file", measure = "WRITE_OFF" }), HttpStatusCode.OK);

        // Damage after the write-off reopens the case for those 1,600 alone; the correction undone afterwards adds nothing.
        Assert.Equal(1600m, (await contract.FileDamageClaim(GrainScenario.DamageAfterExit())).Covered);
        Assert.Equal("AMICABLE", await StateOnceAsync(staff, caseId, "AMICABLE"));
        await CorrectAsync(contract, month, 800m, 0m);

        var view = await CaseOnceAsync(staff, caseId, c => c.GetProperty("writtenOff").GetDecimal() == 2400m);
        Assert.Equal(("AMICABLE", 1600m, 2400m), (view.GetProperty("state").GetString(), view.GetProperty("debt").GetDecimal(),
            view.GetProperty("writtenOff").GetDecimal()));
        // The commission's decision was about the debt it wrote off, not the new one.
        Assert.Equal(JsonValueKind.Null, view.GetProperty("escalation").ValueKind);
    }

    [Fact]
    public async Task A_refund_on_a_month_paid_after_the_write_off_does_not_hide_a_correction_of_one_written_off()
    {
        // Two months paid out (1,600), 500 of the first repaid to the landlord, the 1,100 left written off.
        var tenantSubject = "T-" + Guid.NewGuid().ToString("N")[..8];
        var number = await GrainScenario.ContractWithPayoutsAsync(fixture.Client, tenantSubject, months: 2);
        var (caseId, staff) = (RecoveryCaseIds.For(number), await fixture.ClientForAsync(Roles.Staff, "staff-recovery"));
        var contract = fixture.Client.GetGrain<IContractGrain>(number);
        string Month(int i) => ApiScenario.EffectMonth.AddMonths(i).ToString();
        await RepayAsync(contract, Month(1), 500m);
        await CaseOnceAsync(staff, caseId, c => c.GetProperty("debt").GetDecimal() == 1100m);
        await Expect.JsonAsync(await staff.PostAsJsonAsync($"/api/v1/recovery-cases/{caseId}/escalate",
            new { kind = "OVER_INDEBTEDNESS", reason = "Banque de France file", measure = "WRITE_OFF" }), HttpStatusCode.OK);

        // The third month, declared in its time, is a new debt of 800; the tenant repays 400 of it to the landlord.
        var third = ApiScenario.EffectMonth.AddMonths(3);
        var declared = await contract.DeclareUnpaidRent(new DeclareUnpaidRent(third.FirstDay.AddDays(10), null, null, null,
            [new MonthLine(third.ToString(), 800m, 0m, 0m)]), origin: null);
        Assert.Empty(declared.Violations);
        Assert.Equal(800m, declared.Months.Single().Covered);
        await RepayAsync(contract, third.ToString(), 400m);

        // The first month corrected upward: 200 of its refund cancelled, on a month the write-off covered.
        await CorrectAsync(contract, Month(1), 1000m, 0m);
        var view = await CaseOnceAsync(staff, caseId, c => c.GetProperty("writtenOff").GetDecimal() == 1300m);
        Assert.Equal(("AMICABLE", 400m, 1300m), (view.GetProperty("state").GetString(), view.GetProperty("debt").GetDecimal(),
            view.GetProperty("writtenOff").GetDecimal()));
    }

    [Fact]
    public async Task A_litigation_naming_a_write_off_is_refused_and_changes_nothing()
    {
        var (caseId, staff, _) = await OpenCaseAsync();
        var refused = await staff.PostAsJsonAsync($"/api/v1/recovery-cases/{caseId}/escalate",
            new { kind = "LITIGATION", reason = "court", measure = "WRITE_OFF" });
        // Refused twice over: litigation comes after a defaulted plan, and names no Banque de France measure.
        var problem = await Expect.ProblemAsync(refused, HttpStatusCode.Conflict, "transition_not_allowed");
        Assert.Contains(problem.GetProperty("errors").EnumerateArray(),
            e => (e.GetProperty("code").GetString(), e.GetProperty("field").GetString()) == ("escalation_terms_mismatch", "measure"));
        var unchanged = await staff.GetFromJsonAsync<JsonElement>($"/api/v1/recovery-cases/{caseId}");
        Assert.Equal(("AMICABLE", 0m), (unchanged.GetProperty("state").GetString(), unchanged.GetProperty("writtenOff").GetDecimal()));
    }

    [Fact]
    public async Task A_refund_that_lowers_the_debt_shortens_the_active_plan()
    {
        var (caseId, staff, _) = await OpenCaseAsync();
        await Expect.JsonAsync(await PlanAsync(staff, caseId), HttpStatusCode.OK);

        // The tenant paid the landlord 800 for a covered month: it owes the guarantor 1,600, in 5 x 300 and 100.
        var month = ApiScenario.EffectMonth.AddMonths(1).ToString();
        await RepayAsync(fixture.Client.GetGrain<IContractGrain>("A" + caseId[1..]), month, 800m);

        var view = await staff.GetFromJsonAsync<JsonElement>($"/api/v1/recovery-cases/{caseId}");
        var schedule = view.GetProperty("plan").GetProperty("schedule").EnumerateArray().Select(i => i.GetProperty("amount").GetDecimal()).ToList();
        Assert.Equal(1600m, view.GetProperty("debt").GetDecimal());
        Assert.Equal([300m, 300m, 300m, 300m, 300m, 100m], schedule);
    }

    [Fact]
    public async Task A_move_out_before_months_already_transferred_makes_the_landlord_owe_them_back_and_leaves_them_off_the_debt()
    {
        var (caseId, staff, _) = await OpenCaseAsync();
        var contract = "A" + caseId[1..];
        var grain = fixture.Client.GetGrain<IContractGrain>(contract);
        await TransferAllAsync(grain);
        var firstMonth = ApiScenario.EffectMonth.AddMonths(1);
        Assert.True((await grain.Exit(firstMonth.AddMonths(1).FirstDay.AddDays(-1))).Done);

        var claim = await staff.GetFromJsonAsync<JsonElement>($"/api/v1/contracts/{contract}/unpaid-rent");
        Assert.Equal(1600m, claim.GetProperty("refundOwed").GetDecimal());

        // Rebuilt from its stored events, the claim takes the months back again.
        await grain.AsReference<IGrainManagementExtension>().DeactivateOnIdle();
        claim = await staff.GetFromJsonAsync<JsonElement>($"/api/v1/contracts/{contract}/unpaid-rent");
        Assert.Equal(1600m, claim.GetProperty("refundOwed").GetDecimal());
        var debt = await QueuedDebtAsync(caseId, 800m);
        Assert.Equal(800m, debt);
        var view = await staff.GetFromJsonAsync<JsonElement>($"/api/v1/recovery-cases/{caseId}");
        Assert.Equal((800m, 2400m, 1600m), (view.GetProperty("debt").GetDecimal(), view.GetProperty("paidOut").GetDecimal(),
            view.GetProperty("refundOwedByLandlord").GetDecimal()));
    }

    [Fact]
    public async Task A_move_out_before_months_not_yet_transferred_cancels_their_payouts_instead_of_claiming_them_back()
    {
        var (caseId, staff, _) = await OpenCaseAsync();
        var contract = "A" + caseId[1..];
        var grain = fixture.Client.GetGrain<IContractGrain>(contract);
        var payouts = await grain.GetPayouts();
        Assert.True((await grain.MarkPayoutPaid(payouts[0].PayoutId, ApiScenario.Today, "VIR-FIRST")).Done);
        var firstMonth = ApiScenario.EffectMonth.AddMonths(1);
        Assert.True((await grain.Exit(firstMonth.AddMonths(1).FirstDay.AddDays(-1))).Done);

        // Rebuilt from its stored events too: the two later months, still pending, are cancelled, and nothing is owed back.
        foreach (var reactivated in new[] { false, true })
        {
            if (reactivated)
            {
                await grain.AsReference<IGrainManagementExtension>().DeactivateOnIdle();
            }

            var claim = await staff.GetFromJsonAsync<JsonElement>($"/api/v1/contracts/{contract}/unpaid-rent");
            Assert.Equal((0m, 800m, 1), (claim.GetProperty("refundOwed").GetDecimal(), claim.GetProperty("totalPaidOut").GetDecimal(),
                claim.GetProperty("instalmentsUsed").GetInt32()));
            Assert.Equal(["PAID", "CANCELLED", "CANCELLED"], claim.GetProperty("payouts").EnumerateArray().Select(p => p.GetProperty("status").GetString()));
        }

        Assert.Equal(800m, await QueuedDebtAsync(caseId, 800m));
        var view = await CaseOnceAsync(staff, caseId, c => c.GetProperty("debt").GetDecimal() == 800m);
        Assert.Equal((800m, 800m, 0m), (view.GetProperty("debt").GetDecimal(), view.GetProperty("paidOut").GetDecimal(),
            view.GetProperty("refundOwedByLandlord").GetDecimal()));

        // Not offered for transfer, and refused if marked paid all the same.
        var pending = await staff.GetFromJsonAsync<JsonElement>($"/api/v1/payouts?status=PENDING&limit=500");
        Assert.DoesNotContain(pending.GetProperty("items").EnumerateArray(), p => p.GetProperty("contractNumber").GetString() == contract);
        Assert.Equal("CANCELLED", await TestDatabase.ScalarAsync<string>("SELECT status FROM payouts_view WHERE payout_id = $1", payouts[2].PayoutId));
        await Expect.ProblemAsync(await staff.PostAsJsonAsync($"/api/v1/payouts/{payouts[2].PayoutId}/paid", new { bankReference = "VIR-LATE" }),
            HttpStatusCode.Conflict, "payout_cancelled");
    }

    [Fact]
    public async Task The_timeline_puts_each_payout_and_its_cancellation_at_the_moment_they_happened()
    {
        var (caseId, staff, _) = await OpenCaseAsync();
        var contract = "A" + caseId[1..];
        var grain = fixture.Client.GetGrain<IContractGrain>(contract);
        var payouts = await grain.GetPayouts();
        Assert.True((await grain.MarkPayoutPaid(payouts[0].PayoutId, ApiScenario.Today, "VIR-FIRST")).Done);
        TestClock.Instance.Advance(TimeSpan.FromSeconds(1));
        await Expect.JsonAsync(await staff.PostAsJsonAsync($"/api/v1/recovery-cases/{caseId}/contacts", new { channel = "PHONE", note = "Called" }),
            HttpStatusCode.OK);
        TestClock.Instance.Advance(TimeSpan.FromSeconds(1));

        // After the contact: a move-out cancels the two payouts not yet transferred, and a damage claim makes a new one,
        // all on the same day as the case's first payouts.
        var exit = ApiScenario.EffectMonth.AddMonths(2).FirstDay.AddDays(-1);
        Assert.True((await grain.Exit(exit)).Done);
        var damage = await grain.FileDamageClaim(new FileDamageClaim(exit, ApiScenario.Effect, exit, 1000m, 700m, null, ApiScenario.Today));
        Assert.NotNull(damage.PayoutId);

        var view = await CaseOnceAsync(staff, caseId, c => c.GetProperty("timeline").EnumerateArray().Any(e => e.GetProperty("text").GetString()!.Contains(damage.PayoutId)));
        var texts = view.GetProperty("timeline").EnumerateArray().Select(e => (Kind: e.GetProperty("kind").GetString(), Text: e.GetProperty("text").GetString()!)).ToList();
        var contact = texts.FindIndex(e => e.Kind == "contact");
        Assert.All(payouts, p => Assert.InRange(texts.FindIndex(e => e.Kind == "payout" && e.Text.Contains(p.PayoutId)), 0, contact - 1));
        Assert.Equal([payouts[1].PayoutId, payouts[2].PayoutId],
            texts.Skip(contact).Where(e => e.Kind == "payout-cancelled").Select(e => e.Text.Split(' ')[1]));
        Assert.True(texts.FindIndex(e => e.Kind == "payout" && e.Text.Contains(damage.PayoutId)) > contact);
    }

    [Fact]
    public async Task A_move_out_right_after_the_first_payouts_reaches_the_queue_once_the_case_opens()
    {
        // The exit tells the case of the refund before the payouts have opened it: the opening must read it.
        var contract = await GrainScenario.ContractWithPayoutsAsync(fixture.Client, "T-" + Guid.NewGuid().ToString("N")[..8], waitForCase: false);
        var exited = await fixture.Client.GetGrain<IContractGrain>(contract).Exit(ApiScenario.EffectMonth.AddMonths(2).FirstDay.AddDays(-1));
        Assert.True(exited.Done);

        var caseId = RecoveryCaseIds.For(contract);
        var debt = await Eventually.ValueAsync(
            () => TestDatabase.ScalarAsync<decimal>("SELECT coalesce((SELECT debt FROM recovery_cases_view WHERE case_id = $1), -1)", caseId),
            d => d == 800m,
            TimeSpan.FromSeconds(20));
        Assert.Equal(800m, debt);
    }

    [Fact]
    public async Task Two_missed_instalments_default_the_plan_through_the_reminder_and_queue_the_case()
    {
        var (caseId, staff, _) = await OpenCaseAsync();
        var plan = await PlanAsync(staff, caseId);
        Assert.Equal("PLAN_ACTIVE", (await Expect.JsonAsync(plan, HttpStatusCode.OK)).GetProperty("state").GetString());

        TestClock.Instance.Advance(TimeSpan.FromDays(40)); // the first two due dates pass unpaid
        var state = await Eventually.ValueAsync(async () =>
            (await staff.GetFromJsonAsync<JsonElement>($"/api/v1/recovery-cases/{caseId}")).GetProperty("state").GetString(),
            s => s == "PLAN_DEFAULTED");
        Assert.Equal("PLAN_DEFAULTED", state);

        var queue = await staff.GetFromJsonAsync<JsonElement>("/api/v1/recovery-cases?state=PLAN_DEFAULTED&limit=500");
        Assert.Contains(queue.GetProperty("items").EnumerateArray(), c => c.GetProperty("caseId").GetString() == caseId);
    }

    [Fact]
    public async Task A_missed_instalment_of_the_commissions_plan_brings_the_case_back_to_staff_once()
    {
        var (caseId, staff, _) = await OpenCaseAsync();
        await Expect.JsonAsync(await staff.PostAsJsonAsync($"/api/v1/recovery-cases/{caseId}/escalate",
            new { kind = "OVER_INDEBTEDNESS", reason = "commission decision", measure = "RESCHEDULE_PLAN" }), HttpStatusCode.OK);
        var planned = await Expect.JsonAsync(await staff.PostAsJsonAsync($"/api/v1/recovery-cases/{caseId}/plan", new
        {
            monthlyAmount = 100m,
            firstDueDate = Samples.Today.ToString("yyyy-MM-dd"),
            instalments = 24,
            tenantMonthlyResources = 0m,
        }), HttpStatusCode.OK);
        Assert.Equal("OVER_INDEBTEDNESS", planned.GetProperty("state").GetString());

        TestClock.Instance.Advance(TimeSpan.FromDays(1)); // the first instalment, due the day the plan was recorded, passes unpaid
        var missed = await CaseOnceAsync(staff, caseId, c => c.GetProperty("timeline").EnumerateArray().Any(e => e.GetProperty("kind").GetString() == "plan-missed"));
        Assert.Equal(("OVER_INDEBTEDNESS", Samples.Today.ToString("yyyy-MM-dd")),
            (missed.GetProperty("state").GetString(), missed.GetProperty("nextActionOn").GetString()));
        Assert.Equal("1 instalment(s) of the commission's plan missed.",
            missed.GetProperty("timeline").EnumerateArray().Single(e => e.GetProperty("kind").GetString() == "plan-missed").GetProperty("text").GetString());

        // Told once: the checks that follow find nothing new.
        await Task.Delay(TimeSpan.FromSeconds(5));
        var later = await staff.GetFromJsonAsync<JsonElement>($"/api/v1/recovery-cases/{caseId}");
        Assert.Single(later.GetProperty("timeline").EnumerateArray(), e => e.GetProperty("kind").GetString() == "plan-missed");
    }

    [Fact]
    public async Task A_replayed_payment_counts_once_and_an_overpayment_is_refused()
    {
        var (caseId, _, tenant) = await OpenCaseAsync();
        var key = Guid.NewGuid().ToString();
        var payment = new { amount = 250m, reference = "VIR-0001" };
        var first = await Expect.JsonAsync(await PostAsync(tenant, $"/api/v1/recovery-cases/{caseId}/payments", payment, key), HttpStatusCode.OK);
        var replay = await Expect.JsonAsync(await PostAsync(tenant, $"/api/v1/recovery-cases/{caseId}/payments", payment, key), HttpStatusCode.OK);
        Assert.Equal(2150m, first.GetProperty("debt").GetDecimal());
        Assert.Equal(2150m, replay.GetProperty("debt").GetDecimal());

        var over = await PostAsync(tenant, $"/api/v1/recovery-cases/{caseId}/payments", new { amount = 2150.01m });
        await Expect.ProblemAsync(over, HttpStatusCode.UnprocessableEntity, "overpayment");

        // Staff may backdate a payment, not to before the guarantor paid anything out.
        var staff = await fixture.ClientForAsync(Roles.Staff, "staff-recovery");
        var early = await PostAsync(staff, $"/api/v1/recovery-cases/{caseId}/payments", new { amount = 10m, paidOn = "1950-01-01" });
        await Expect.ProblemAsync(early, HttpStatusCode.UnprocessableEntity, "date_out_of_range");

        var rest = await Expect.JsonAsync(await PostAsync(tenant, $"/api/v1/recovery-cases/{caseId}/payments", new { amount = 2150m }), HttpStatusCode.OK);
        Assert.Equal("CLOSED_PAID", rest.GetProperty("state").GetString());
        Assert.Equal(0m, rest.GetProperty("debt").GetDecimal());
    }

    [Fact]
    public async Task A_key_is_the_callers_own_the_same_key_from_staff_is_another_payment()
    {
        var (caseId, staff, tenant) = await OpenCaseAsync();
        var (first, second) = (Guid.NewGuid().ToString(), Guid.NewGuid().ToString());
        await Expect.JsonAsync(await PostAsync(tenant, $"/api/v1/recovery-cases/{caseId}/payments", new { amount = 100m }, first), HttpStatusCode.OK);
        await Expect.JsonAsync(await PostAsync(tenant, $"/api/v1/recovery-cases/{caseId}/payments", new { amount = 100m }, second), HttpStatusCode.OK);

        // Staff recording a payment under a key the tenant happened to use: with the same body, and with another.
        var same = await PostAsync(staff, $"/api/v1/recovery-cases/{caseId}/payments", new { amount = 100m }, first);
        Assert.Equal(2100m, (await Expect.JsonAsync(same, HttpStatusCode.OK)).GetProperty("debt").GetDecimal());
        var other = await PostAsync(staff, $"/api/v1/recovery-cases/{caseId}/payments", new { amount = 20m }, second);
        Assert.Equal(2080m, (await Expect.JsonAsync(other, HttpStatusCode.OK)).GetProperty("debt").GetDecimal());
    }

    [Fact]
    public async Task Illegal_transitions_are_refused_with_a_code()
    {
        var (caseId, staff, _) = await OpenCaseAsync();
        var litigation = await staff.PostAsJsonAsync($"/api/v1/recovery-cases/{caseId}/escalate",
            new { kind = "LITIGATION", reason = "no answer", courtReference = "RG 26/001", courtDelayMonths = 12 });
        await Expect.ProblemAsync(litigation, HttpStatusCode.Conflict, "transition_not_allowed");
    }

    [Fact]
    public async Task An_escalation_filed_ahead_or_with_a_negative_suspension_is_refused_and_changes_nothing()
    {
        var (caseId, staff, _) = await OpenCaseAsync();
        var ahead = await staff.PostAsJsonAsync($"/api/v1/recovery-cases/{caseId}/escalate", new
        {
            kind = "OVER_INDEBTEDNESS",
            reason = "file",
            fileDate = ApiScenario.Today.AddDays(3).ToString("yyyy-MM-dd"),
            measure = "SUSPENSION",
            suspensionMonths = 6,
        });
        var problem = await Expect.ProblemAsync(ahead, HttpStatusCode.BadRequest, "date_out_of_range");
        Assert.Equal("fileDate", problem.GetProperty("errors")[0].GetProperty("field").GetString());

        var negative = await staff.PostAsJsonAsync($"/api/v1/recovery-cases/{caseId}/escalate",
            new { kind = "OVER_INDEBTEDNESS", reason = "file", measure = "SUSPENSION", suspensionMonths = -5 });
        problem = await Expect.ProblemAsync(negative, HttpStatusCode.UnprocessableEntity, "invalid_duration");
        Assert.Equal("suspensionMonths", problem.GetProperty("errors")[0].GetProperty("field").GetString());

        var unchanged = await Expect.JsonAsync(await staff.GetAsync($"/api/v1/recovery-cases/{caseId}"), HttpStatusCode.OK);
        Assert.Equal(("AMICABLE", JsonValueKind.Null), (unchanged.GetProperty("state").GetString(), unchanged.GetProperty("escalation").ValueKind));
    }

    [Fact]
    public async Task Write_off_closes_the_case_with_a_zero_debt()
    {
        var (caseId, staff, _) = await OpenCaseAsync();
        var escalated = await staff.PostAsJsonAsync($"/api/v1/recovery-cases/{caseId}/escalate",
            new { kind = "OVER_INDEBTEDNESS", reason = "Banque de France file", fileDate = ApiScenario.Today.ToString("yyyy-MM-dd"), measure = "SUSPENSION", suspensionMonths = 12 });
        Assert.Equal("OVER_INDEBTEDNESS", (await Expect.JsonAsync(escalated, HttpStatusCode.OK)).GetProperty("state").GetString());

        // A write-off is the whole debt or nothing: a part is refused and leaves the case as it was.
        var partial = await staff.PostAsJsonAsync($"/api/v1/recovery-cases/{caseId}/write-off", new { amount = 1000m, reason = "rétablissement personnel" });
        await Expect.ProblemAsync(partial, HttpStatusCode.UnprocessableEntity, "write_off_amount_mismatch");
        var unchanged = await Expect.JsonAsync(await staff.GetAsync($"/api/v1/recovery-cases/{caseId}"), HttpStatusCode.OK);
        var escalation = unchanged.GetProperty("escalation");
        Assert.Equal(("SUSPENSION", 12, ApiScenario.Today.ToString("yyyy-MM-dd")), (escalation.GetProperty("measure").GetString(),
            escalation.GetProperty("suspensionMonths").GetInt32(), escalation.GetProperty("fileDate").GetString()));
        Assert.Equal(("OVER_INDEBTEDNESS", 2400m, 0m), (unchanged.GetProperty("state").GetString(), unchanged.GetProperty("debt").GetDecimal(),
            unchanged.GetProperty("writtenOff").GetDecimal()));

        var written = await staff.PostAsJsonAsync($"/api/v1/recovery-cases/{caseId}/write-off", new { amount = 2400m, reason = "rétablissement personnel" });
        var closed = await Expect.JsonAsync(written, HttpStatusCode.OK);
        Assert.Equal("CLOSED_WRITTEN_OFF", closed.GetProperty("state").GetString());
        Assert.Equal(0m, closed.GetProperty("debt").GetDecimal());
        Assert.Equal(2400m, closed.GetProperty("writtenOff").GetDecimal());
    }

    [Fact]
    public async Task A_tenant_reads_only_its_own_case()
    {
        var (caseId, _, tenant) = await OpenCaseAsync();
        Assert.Equal(HttpStatusCode.OK, (await tenant.GetAsync($"/api/v1/recovery-cases/{caseId}")).StatusCode);
        var other = await fixture.ClientForAsync(Roles.Tenant, "T-someone-else");
        await Expect.ProblemAsync(await other.GetAsync($"/api/v1/recovery-cases/{caseId}"), HttpStatusCode.NotFound, "not_found");
        await Expect.ProblemAsync(await other.PostAsJsonAsync($"/api/v1/recovery-cases/{caseId}/payments", new { amount = 1m }),
            HttpStatusCode.BadRequest, "idempotency_key_required");
        await Expect.ProblemAsync(await PostAsync(other, $"/api/v1/recovery-cases/{caseId}/payments", new { amount = 1m }),
            HttpStatusCode.NotFound, "not_found");

        // Its list holds its own case and nobody else's: the only way it has to find the case's id.
        Assert.Equal([caseId], await CaseIdsAsync(tenant, "/api/v1/recovery-cases"));
        Assert.Empty(await CaseIdsAsync(other, "/api/v1/recovery-cases"));
    }

    [Fact]
    public async Task A_tenant_lists_its_own_cases_with_the_queue_s_filters_and_staff_still_list_every_case()
    {
        var (caseId, staff, tenant) = await OpenCaseAsync();
        var (otherCase, _, otherTenant) = await OpenCaseAsync();

        var own = await Expect.JsonAsync(await tenant.GetAsync("/api/v1/recovery-cases"), HttpStatusCode.OK);
        var item = Assert.Single(own.GetProperty("items").EnumerateArray());
        Assert.Equal((caseId, "AMICABLE", 2400m), (item.GetProperty("caseId").GetString(), item.GetProperty("state").GetString(),
            item.GetProperty("debt").GetDecimal()));
        Assert.Equal([otherCase], await CaseIdsAsync(otherTenant, "/api/v1/recovery-cases?state=AMICABLE"));
        Assert.Empty(await CaseIdsAsync(tenant, "/api/v1/recovery-cases?state=CLOSED_PAID"));

        // Staff's queue is every case's, both of these among them.
        var queue = await WholeQueueAsync(staff, "AMICABLE");
        Assert.Contains(caseId, queue);
        Assert.Contains(otherCase, queue);
    }

    /// <summary>The ids of every case in <paramref name="state"/>, page after page (the suite's other tests add cases by the hundred).</summary>
    private static async Task<List<string>> WholeQueueAsync(HttpClient staff, string state)
    {
        var queue = new List<string>();
        for (string? next = $"/api/v1/recovery-cases?state={state}&limit=500"; next is not null;)
        {
            var page = await Expect.JsonAsync(await staff.GetAsync(next), HttpStatusCode.OK);
            queue.AddRange(page.GetProperty("items").EnumerateArray().Select(c => c.GetProperty("caseId").GetString()!));
            next = page.GetProperty("next").GetString() is { } cursor
                ? $"/api/v1/recovery-cases?state={state}&limit=500&after={Uri.EscapeDataString(cursor)}"
                : null;
        }

        return queue;
    }

    private static async Task<List<string>> CaseIdsAsync(HttpClient client, string path) =>
        [.. (await Expect.JsonAsync(await client.GetAsync(path), HttpStatusCode.OK)).GetProperty("items").EnumerateArray()
            .Select(c => c.GetProperty("caseId").GetString()!)];
}
