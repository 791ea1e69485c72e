using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using System.Text.Json.Nodes;
using ActionLogement.Database;
using static ActionLogement.IntegrationTests.Infrastructure.ApiScenario;

namespace ActionLogement.IntegrationTests.Lifecycle;

[Collection("cluster")]
public sealed class GuaranteeLifecycleApiTests(ClusterFixture fixture)
{
    [Fact]
    public async Task Visa_to_contract_to_three_unpaid_months_to_payouts_to_exit_to_damage()
    {
        var s = await StartAsync(fixture);
        var visa = await s.VisaAsync(Effect.AddDays(-20));
        var number = await s.ContractAsync(visa, Lease("PRIVATE", Effect.AddDays(-10), Effect), Effect.AddDays(-8));

        var contract = await s.Landlord.GetFromJsonAsync<JsonElement>($"/api/v1/contracts/{number}");
        Assert.Equal("ACTIVE", contract.GetProperty("status").GetString());
        Assert.Equal("v2026", contract.GetProperty("policyVersion").GetString());
        Assert.Equal(36, contract.GetProperty("cover").GetProperty("maxInstalments").GetInt32());
        Assert.Equal(1600m, contract.GetProperty("cover").GetProperty("damageCap").GetDecimal());

        var m1 = EffectMonth.AddMonths(1);
        var declared = await PostAsync(s.Landlord, $"/api/v1/contracts/{number}/unpaid-rent", Declaration(
            declaredOn: Today, Months(m1, 3), due: 800m,
            defaultDate: DefaultDate, reminderDate: ReminderDate, letterDate: LetterDate));
        var claim = await Expect.JsonAsync(declared, HttpStatusCode.OK);
        Assert.All(claim.GetProperty("months").EnumerateArray(), m =>
        {
            Assert.Equal(800m, m.GetProperty("covered").GetDecimal());
            Assert.StartsWith("P-", m.GetProperty("payoutId").GetString());
        });
        Assert.Equal(3, claim.GetProperty("instalmentsUsed").GetInt32());
        Assert.Equal(33, claim.GetProperty("instalmentsLeft").GetInt32());
        Assert.Equal(2400m, claim.GetProperty("debt").GetDecimal());

        var pending = await s.Staff.GetFromJsonAsync<JsonElement>("/api/v1/payouts?status=PENDING&limit=500");
        var ours = pending.GetProperty("items").EnumerateArray().Where(p => p.GetProperty("contractNumber").GetString() == number).ToList();
        Assert.Equal(3, ours.Count);

        var payoutId = Month(claim, m1.ToString()).GetProperty("payoutId").GetString();
        var paid = await s.Staff.PostAsJsonAsync($"/api/v1/payouts/{payoutId}/paid", new { bankReference = "VIR-2026-0001" });
        Assert.Equal("PAID", (await Expect.JsonAsync(paid, HttpStatusCode.OK)).GetProperty("status").GetString());

        // The recovery case is handed each payout just after the command has answered.
        Assert.Equal(2400m, await RecoveryDebtAsync(s.Staff, number, 2400m));

        // The tenant leaves today: every month declared (this one the last) was rent of the lease.
        var exitDate = Today;
        var exited = await s.Landlord.PostAsJsonAsync($"/api/v1/contracts/{number}/exit", new { exitDate = exitDate.ToString("yyyy-MM-dd") });
        Assert.Equal("ENDED", (await Expect.JsonAsync(exited, HttpStatusCode.OK)).GetProperty("status").GetString());

        // The lists are the read-model rows written with each of those commands: the contract as it is now, the payout paid.
        var listed = (await s.Landlord.GetFromJsonAsync<JsonElement>("/api/v1/contracts")).GetProperty("items").EnumerateArray()
            .Single(c => c.GetProperty("contractNumber").GetString() == number);
        Assert.Equal(("ENDED", exitDate.ToString("yyyy-MM-dd"), 3, 2400m), (listed.GetProperty("status").GetString(),
            listed.GetProperty("exitDate").GetString(), listed.GetProperty("instalmentsUsed").GetInt32(), listed.GetProperty("totalPaidOut").GetDecimal()));
        var paidList = await s.Staff.GetFromJsonAsync<JsonElement>("/api/v1/payouts?status=PAID&limit=500");
        Assert.Contains(paidList.GetProperty("items").EnumerateArray(), p => p.GetProperty("payoutId").GetString() == payoutId
            && p.GetProperty("bankReference").GetString() == "VIR-2026-0001");

        var damage = await PostAsync(s.Landlord, $"/api/v1/contracts/{number}/damage-claims", new
        {
            exitDate = exitDate.ToString("yyyy-MM-dd"),
            inventoryInDate = Effect.ToString("yyyy-MM-dd"),
            inventoryOutDate = exitDate.ToString("yyyy-MM-dd"),
            repairCost = 4000m,
            depositKept = 700m,
        });
        var covered = await Expect.JsonAsync(damage, HttpStatusCode.OK);
        Assert.Equal(1600m, covered.GetProperty("covered").GetDecimal()); // capped at 2 x (700 + 100)
        Assert.StartsWith("P-", covered.GetProperty("payoutId").GetString());

        Assert.Equal(4000m, await RecoveryDebtAsync(s.Staff, number, 4000m));
    }

    private static Task<decimal?> RecoveryDebtAsync(HttpClient staff, string contract, decimal expected) =>
        Eventually.ValueAsync(async () =>
        {
            using var response = await staff.GetAsync($"/api/v1/recovery-cases/R{contract[1..]}");
            return response.IsSuccessStatusCode
                ? (await response.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("debt").GetDecimal()
                : (decimal?)null;
        }, debt => debt == expected, TimeSpan.FromSeconds(30));

    [Fact]
    public async Task Rent_above_the_visa_ceiling_is_422_with_its_code_and_leaves_the_visa_free()
    {
        var s = await StartAsync(fixture);
        var visa = await s.VisaAsync(Today.AddDays(-3)); // resources 2000: at most 1000 a month
        var refused = await PostAsync(s.Staff, "/api/v1/contracts",
            s.Activation(visa, Lease("PRIVATE", Today.AddDays(-1), Today, rent: 900m, charges: 100.01m), Today));
        var problem = await Expect.ProblemAsync(refused, HttpStatusCode.UnprocessableEntity, "rent_above_visa_ceiling");
        Assert.Contains(problem.GetProperty("errors").EnumerateArray(), e => e.GetProperty("code").GetString() == "rent_above_visa_ceiling");

        // The refusal reserved nothing: the same visa activates at the ceiling exactly.
        await s.ContractAsync(visa, Lease("PRIVATE", Today.AddDays(-1), Today, rent: 900m, charges: 100m), Today);
    }

    [Fact]
    public async Task A_lease_signed_before_its_visa_was_issued_is_refused_and_leaves_the_visa_free()
    {
        var s = await StartAsync(fixture);
        var visa = await s.VisaAsync(Today.AddDays(-3));
        var early = await PostAsync(s.Staff, "/api/v1/contracts", s.Activation(visa, Lease("PRIVATE", Today.AddDays(-4), Today), Today));
        var problem = await Expect.ProblemAsync(early, HttpStatusCode.UnprocessableEntity, "lease_signed_before_visa");
        Assert.Equal("lease.signedOn", problem.GetProperty("errors")[0].GetProperty("field").GetString());
        await s.ContractAsync(visa, Lease("PRIVATE", Today.AddDays(-3), Today), Today);
    }

    [Fact]
    public async Task Registration_more_than_ten_days_after_signature_is_late()
    {
        var s = await StartAsync(fixture);
        var visa = await s.VisaAsync(Today.AddDays(-30));
        var signed = Today.AddDays(-20);
        var late = await PostAsync(s.Staff, "/api/v1/contracts", s.Activation(visa, Lease("PRIVATE", signed, signed), signed.AddDays(11)));
        await Expect.ProblemAsync(late, HttpStatusCode.UnprocessableEntity, "registration_late");
        await s.ContractAsync(visa, Lease("PRIVATE", signed, signed), signed.AddDays(10));
    }

    [Fact]
    public async Task Two_concurrent_activations_on_one_visa_give_one_201_and_one_409()
    {
        var s = await StartAsync(fixture);
        var visa = await s.VisaAsync(Today.AddDays(-3));
        var lease = Lease("PRIVATE", Today.AddDays(-1), Today);
        var responses = await Task.WhenAll(Enumerable.Range(0, 2).Select(_ =>
            PostAsync(s.Staff, "/api/v1/contracts", s.Activation(visa, lease, Today))));
        Assert.Single(responses, r => r.StatusCode == HttpStatusCode.Created);
        var loser = Assert.Single(responses, r => r.StatusCode == HttpStatusCode.Conflict);
        await Expect.ProblemAsync(loser, HttpStatusCode.Conflict, "visa_already_used");
    }

    [Fact]
    public async Task A_replayed_declaration_pays_once()
    {
        var s = await StartAsync(fixture);
        var visa = await s.VisaAsync(Effect.AddDays(-20));
        var number = await s.ContractAsync(visa, Lease("PRIVATE", Effect.AddDays(-10), Effect), Effect.AddDays(-8));
        var body = Declaration(Today, Months(EffectMonth.AddMonths(1), 2), 800m, DefaultDate, ReminderDate, LetterDate);
        var key = Guid.NewGuid().ToString();

        var first = await Expect.JsonAsync(await PostAsync(s.Landlord, $"/api/v1/contracts/{number}/unpaid-rent", body, key), HttpStatusCode.OK);
        Assert.Equal(2, first.GetProperty("instalmentsUsed").GetInt32());

        // A later month under another key moves the claim on; the replay still gets the first answer, which the
        // contract rebuilds from its own record of the key.
        var later = Declaration(Today, Months(YearMonth.From(Today), 1), 800m);
        Assert.Equal(3, (await Expect.JsonAsync(await PostAsync(s.Landlord, $"/api/v1/contracts/{number}/unpaid-rent", later), HttpStatusCode.OK))
            .GetProperty("instalmentsUsed").GetInt32());
        var replay = await PostAsync(s.Landlord, $"/api/v1/contracts/{number}/unpaid-rent", body, key);
        Assert.Equal(first.GetRawText(), (await Expect.JsonAsync(replay, HttpStatusCode.OK)).GetRawText());
        Assert.True(replay.Headers.Contains("Idempotent-Replayed"));

        // The same declaration under a new key: the engine recognises it and pays nothing more.
        var again = await Expect.JsonAsync(await PostAsync(s.Landlord, $"/api/v1/contracts/{number}/unpaid-rent", body), HttpStatusCode.OK);
        Assert.Equal(3, again.GetProperty("instalmentsUsed").GetInt32());
        Assert.Equal(2400m, again.GetProperty("debt").GetDecimal());
        Assert.Equal(3, await TestDatabase.ScalarAsync<long>("SELECT count(*) FROM payouts_view WHERE contract_number = $1", number));
        // Its months show their cover, and no payout: the first answer's ids would read as new payments.
        Assert.All(again.GetProperty("months").EnumerateArray(), m =>
            Assert.Equal((800m, JsonValueKind.Null), (m.GetProperty("covered").GetDecimal(), m.GetProperty("payoutId").ValueKind)));
        Assert.All(first.GetProperty("months").EnumerateArray(), m => Assert.StartsWith("P-", m.GetProperty("payoutId").GetString()));

        // The same key with another body is refused.
        var other = Declaration(Today, Months(EffectMonth.AddMonths(1), 1), 800m);
        await Expect.ProblemAsync(await PostAsync(s.Landlord, $"/api/v1/contracts/{number}/unpaid-rent", other, key),
            HttpStatusCode.Conflict, "idempotency_key_reused");
    }

    [Fact]
    public async Task Concurrent_sends_of_one_declaration_pay_once_get_one_answer_and_are_each_audited_once()
    {
        var s = await StartAsync(fixture);
        var visa = await s.VisaAsync(Effect.AddDays(-20));
        var number = await s.ContractAsync(visa, Lease("PRIVATE", Effect.AddDays(-10), Effect), Effect.AddDays(-8));
        var body = Declaration(Today, Months(EffectMonth.AddMonths(1), 3), 800m, DefaultDate, ReminderDate, LetterDate);
        var key = Guid.NewGuid().ToString();

        var responses = await Task.WhenAll(Enumerable.Range(0, 4).Select(_ => PostAsync(s.Landlord, $"/api/v1/contracts/{number}/unpaid-rent", body, key)));
        var answers = await Task.WhenAll(responses.Select(r => Expect.JsonAsync(r, HttpStatusCode.OK)));
        Assert.Single(answers.Select(a => a.GetRawText()).Distinct());
        Assert.Equal(3, responses.Count(r => r.Headers.Contains("Idempotent-Replayed")));
        Assert.Equal(3, await TestDatabase.ScalarAsync<long>("SELECT count(*) FROM payouts_view WHERE contract_number = $1", number));

        // The applied one is audited by the contract, with its state; the three replays by the API.
        Assert.Equal(4, await TestDatabase.ScalarAsync<long>(
            "SELECT count(*) FROM audit_log WHERE target = $1 AND status = 200 AND action = 'POST /api/v1/contracts/{contractNumber}/unpaid-rent'",
            number));

        // No key of a declaration is kept outside its contract.
        Assert.Equal(0, await TestDatabase.ScalarAsync<long>("SELECT count(*) FROM idempotency_keys WHERE key = $1", key));
    }

    [Fact]
    public async Task Concurrent_sends_of_one_activation_with_one_key_all_get_its_answer_none_is_turned_away()
    {
        var s = await StartAsync(fixture);
        var visa = await s.VisaAsync(Effect.AddDays(-20));
        var body = s.Activation(visa, Lease("PRIVATE", Effect.AddDays(-10), Effect), Effect.AddDays(-8));
        var key = Guid.NewGuid().ToString();

        // The replays racing the first wait for its answer rather than meeting a 409 "in progress".
        var responses = await Task.WhenAll(Enumerable.Range(0, 8).Select(_ => PostAsync(s.Staff, "/api/v1/contracts", body, key)));
        var answers = await Task.WhenAll(responses.Select(r => Expect.JsonAsync(r, HttpStatusCode.Created)));
        Assert.Single(answers.Select(a => a.GetRawText()).Distinct());
        Assert.Equal(7, responses.Count(r => r.Headers.Contains("Idempotent-Replayed")));
        Assert.Equal(1, await TestDatabase.ScalarAsync<long>("SELECT count(*) FROM contracts_view WHERE visa_number = $1", visa));
    }

    [Fact]
    public async Task A_refused_declaration_is_kept_by_its_contract_and_replayed_as_refused_even_once_the_contract_changed()
    {
        var s = await StartAsync(fixture);
        var visa = await s.VisaAsync(Today.AddDays(-3));
        var number = await s.ContractAsync(visa, Lease("PRIVATE", Today.AddDays(-1), Today), Today);
        var path = $"/api/v1/contracts/{number}/unpaid-rent";
        var refusedKey = Guid.NewGuid().ToString();
        var future = Declaration(Today, Months(YearMonth.From(Today).AddMonths(3), 1), 800m);

        var refused = await PostAsync(s.Landlord, path, future, refusedKey);
        var refusal = await refused.Content.ReadAsStringAsync();
        await Expect.ProblemAsync(refused, HttpStatusCode.UnprocessableEntity, "default_date_missing");

        // Cancelled since: the same request under a new key is now refused for that reason, but the key's replay
        // still gets its first answer, from the contract's own record of it.
        var cancelled = await Expect.JsonAsync(await PostAsync(s.Landlord, $"/api/v1/contracts/{number}/cancel", new { reason = "Lease never started" }),
            HttpStatusCode.OK);
        Assert.Equal((0, 0), (cancelled.GetProperty("cover").GetProperty("instalmentsLeft").GetInt32(),
            cancelled.GetProperty("claim").GetProperty("instalmentsLeft").GetInt32()));
        Assert.Equal((JsonValueKind.Null, JsonValueKind.Null), (cancelled.GetProperty("cover").GetProperty("damageCap").ValueKind,
            cancelled.GetProperty("cover").GetProperty("lastCoveredMonth").ValueKind));
        await Expect.ProblemAsync(await PostAsync(s.Landlord, path, future), HttpStatusCode.Conflict, "contract_not_active");
        await Expect.ProblemAsync(await PostAsync(s.Landlord, $"/api/v1/contracts/{number}/damage-claims", new
        {
            exitDate = Today.ToString("yyyy-MM-dd"),
            inventoryInDate = Today.ToString("yyyy-MM-dd"),
            inventoryOutDate = Today.ToString("yyyy-MM-dd"),
            repairCost = 1000m,
            depositKept = 0m,
        }), HttpStatusCode.Conflict, "contract_not_active");
        await Expect.ProblemAsync(await PostAsync(s.Landlord, $"/api/v1/contracts/{number}/tenant-repayments",
            new { month = YearMonth.From(Today).ToString(), amount = 100m }), HttpStatusCode.Conflict, "contract_not_active");
        var replay = await PostAsync(s.Landlord, path, future, refusedKey);
        Assert.Equal(HttpStatusCode.UnprocessableEntity, replay.StatusCode);
        // The same problem; only its traceId, which names each request, differs.
        Assert.Equal(WithoutTraceId(refusal), WithoutTraceId(await replay.Content.ReadAsStringAsync()));
        Assert.True(replay.Headers.Contains("Idempotent-Replayed"));

        // The refusal's audit row is written with the contract's state, with its rule code; the replay's by the API.
        Assert.Equal(2, await TestDatabase.ScalarAsync<long>(
            "SELECT count(*) FROM audit_log WHERE target = $1 AND status = 422 AND code = 'default_date_missing'", number));
        Assert.Equal(0, await TestDatabase.ScalarAsync<long>("SELECT count(*) FROM idempotency_keys WHERE key = $1", refusedKey));
    }

    private static string WithoutTraceId(string problem)
    {
        var json = JsonNode.Parse(problem)!.AsObject();
        Assert.True(json.Remove("traceId"));
        return json.ToJsonString();
    }

    [Fact]
    public async Task A_landlord_cannot_read_or_act_on_another_landlords_contract()
    {
        var s = await StartAsync(fixture);
        var visa = await s.VisaAsync(Today.AddDays(-3));
        var number = await s.ContractAsync(visa, Lease("PRIVATE", Today.AddDays(-1), Today), Today);
        var stranger = await fixture.ClientForAsync(Roles.Landlord, "L-stranger");

        await Expect.ProblemAsync(await stranger.GetAsync($"/api/v1/contracts/{number}"), HttpStatusCode.NotFound, "not_found");
        await Expect.ProblemAsync(await stranger.PostAsJsonAsync($"/api/v1/contracts/{number}/exit", new { exitDate = Today.ToString("yyyy-MM-dd") }),
            HttpStatusCode.NotFound, "not_found");
        var list = await stranger.GetFromJsonAsync<JsonElement>("/api/v1/contracts");
        Assert.DoesNotContain(list.GetProperty("items").EnumerateArray(), c => c.GetProperty("contractNumber").GetString() == number);

        var own = await s.Landlord.GetFromJsonAsync<JsonElement>("/api/v1/contracts");
        Assert.Contains(own.GetProperty("items").EnumerateArray(), c => c.GetProperty("contractNumber").GetString() == number);
    }

    [Fact]
    public async Task An_operator_has_no_part_in_visas_or_contracts_and_is_told_so()
    {
        var s = await StartAsync(fixture);
        var visa = await s.VisaAsync(Today.AddDays(-3));
        var number = await s.ContractAsync(visa, Lease("PRIVATE", Today.AddDays(-1), Today), Today);
        var operatorKey = await fixture.ClientForAsync(Roles.Operator, "OP-" + s.LandlordId);

        await Expect.ProblemAsync(await operatorKey.GetAsync($"/api/v1/visas/{visa}?lastName=Brahim"), HttpStatusCode.Forbidden, "forbidden");
        await Expect.ProblemAsync(await operatorKey.GetAsync($"/api/v1/contracts/{number}"), HttpStatusCode.Forbidden, "forbidden");
    }

    [Fact]
    public async Task An_admin_key_manages_keys_only_and_sees_no_tenant_data_nor_moves_money()
    {
        var s = await StartAsync(fixture);
        var visa = await s.VisaAsync(Today.AddDays(-3));
        var number = await s.ContractAsync(visa, Lease("PRIVATE", Today.AddDays(-1), Today), Today);
        var admin = await fixture.ClientForAsync(Roles.Admin, "admin-" + s.LandlordId);

        await Expect.ProblemAsync(await admin.GetAsync($"/api/v1/visas/{visa}"), HttpStatusCode.Forbidden, "forbidden");
        await Expect.ProblemAsync(await admin.GetAsync($"/api/v1/contracts/{number}"), HttpStatusCode.Forbidden, "forbidden");
        await Expect.ProblemAsync(await admin.GetAsync("/api/v1/recovery-cases"), HttpStatusCode.Forbidden, "forbidden");
        await Expect.ProblemAsync(await admin.GetAsync("/api/v1/payouts"), HttpStatusCode.Forbidden, "forbidden");
        var declared = await PostAsync(admin, $"/api/v1/contracts/{number}/unpaid-rent",
            Declaration(Today, [YearMonth.From(Today)], 800m));
        await Expect.ProblemAsync(declared, HttpStatusCode.Forbidden, "forbidden");
        var claim = await s.Landlord.GetFromJsonAsync<JsonElement>($"/api/v1/contracts/{number}/unpaid-rent");
        Assert.Equal(0, claim.GetProperty("instalmentsUsed").GetInt32());
    }

    [Fact]
    public async Task A_contract_with_an_unpaid_rent_claim_cannot_be_cancelled_even_before_any_payout()
    {
        var (s, number, _, opening) = await ChargesOnlyOpeningAsync();
        await Expect.JsonAsync(await PostAsync(s.Landlord, $"/api/v1/contracts/{number}/unpaid-rent", opening), HttpStatusCode.OK);

        // Nothing paid out yet, but the tenant lived there and owes rent: the lease did start.
        await Expect.ProblemAsync(await PostAsync(s.Landlord, $"/api/v1/contracts/{number}/cancel", new { reason = "tenant never moved in" }),
            HttpStatusCode.Conflict, "contract_not_active");
        Assert.Equal("ACTIVE", (await s.Landlord.GetFromJsonAsync<JsonElement>($"/api/v1/contracts/{number}")).GetProperty("status").GetString());
    }

    [Fact]
    public async Task A_declaration_of_unpaid_charges_alone_is_recorded_and_paid_once_a_default_is_constituted()
    {
        var (s, number, m1, opening) = await ChargesOnlyOpeningAsync();

        // Charges alone are no default (charges_only), but the month is recorded, as one waiting for a default is.
        var first = await Expect.JsonAsync(await PostAsync(s.Landlord, $"/api/v1/contracts/{number}/unpaid-rent", opening), HttpStatusCode.OK);
        var month = Assert.Single(first.GetProperty("months").EnumerateArray());
        Assert.Equal(("charges_only", 0m), (month.GetProperty("code").GetString(), month.GetProperty("covered").GetDecimal()));

        var now = YearMonth.From(Today);
        var later = await PostAsync(s.Landlord, $"/api/v1/contracts/{number}/unpaid-rent", Declaration(Today, [now], 800m));
        var claim = await Expect.JsonAsync(later, HttpStatusCode.OK);
        Assert.Equal((2, 900m), (claim.GetProperty("instalmentsUsed").GetInt32(), claim.GetProperty("debt").GetDecimal()));
    }

    [Fact]
    public async Task Another_landlord_who_knows_the_holder_is_not_told_which_contract_used_the_visa()
    {
        var s = await StartAsync(fixture);
        var visa = await s.VisaAsync(Today.AddDays(-3));
        var number = await s.ContractAsync(visa, Lease("PRIVATE", Today.AddDays(-1), Today), Today);
        var strangerId = "L-" + Guid.NewGuid().ToString("N")[..8];
        var stranger = await fixture.ClientForAsync(Roles.Landlord, strangerId);

        var seen = await stranger.GetFromJsonAsync<JsonElement>($"/api/v1/visas/{visa}?lastName=BRAHIM");
        Assert.Equal(JsonValueKind.Null, seen.GetProperty("usedByContract").ValueKind);
        Assert.True(seen.GetProperty("used").GetBoolean());
        var own = await s.Landlord.GetFromJsonAsync<JsonElement>($"/api/v1/visas/{visa}?lastName=BRAHIM");
        Assert.Equal(number, own.GetProperty("usedByContract").GetString());

        var activation = s.Activation(visa, Lease("PRIVATE", Today.AddDays(-1), Today), Today);
        activation["landlordId"] = strangerId;
        var refused = await Expect.ProblemAsync(await PostAsync(stranger, "/api/v1/contracts", activation), HttpStatusCode.Conflict, "visa_already_used");
        Assert.DoesNotContain(number, refused.ToString(), StringComparison.Ordinal);
        var toOwner = await Expect.ProblemAsync(await PostAsync(s.Landlord, "/api/v1/contracts",
            s.Activation(visa, Lease("PRIVATE", Today.AddDays(-1), Today), Today)), HttpStatusCode.Conflict, "visa_already_used");
        Assert.Contains(number, toOwner.GetProperty("detail").GetString(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_visa_already_used_is_reported_beside_other_refusals_and_a_wrong_name_learns_nothing_of_the_visa()
    {
        var s = await StartAsync(fixture);
        var visa = await s.VisaAsync(Today.AddDays(-3));
        var number = await s.ContractAsync(visa, Lease("PRIVATE", Today.AddDays(-1), Today), Today);

        // The holder named, a rent above the ceiling too: both refusals (422, not only the conflict).
        var both = await Expect.ProblemAsync(await PostAsync(s.Landlord, "/api/v1/contracts",
            s.Activation(visa, Lease("PRIVATE", Today.AddDays(-1), Today, rent: 5000m), Today)), HttpStatusCode.UnprocessableEntity, "rent_above_visa_ceiling");
        Assert.Equal(["rent_above_visa_ceiling", "visa_already_used"],
            both.GetProperty("errors").EnumerateArray().Select(e => e.GetProperty("code").GetString()).Order());
        Assert.Contains(number, both.ToString(), StringComparison.Ordinal);

        // Another name: only the mismatch, nothing of the visa's ceilings, expiry or use.
        var stranger = await Expect.ProblemAsync(await PostAsync(s.Landlord, "/api/v1/contracts",
            s.Activation(visa, Lease("PRIVATE", Today.AddDays(-1), Today, rent: 5000m), Today, tenantLastName: "NOTTHEHOLDER")),
            HttpStatusCode.UnprocessableEntity, "tenant_name_mismatch");
        Assert.Equal(["tenant_name_mismatch"], stranger.GetProperty("errors").EnumerateArray().Select(e => e.GetProperty("code").GetString()));
    }

    [Fact]
    public async Task A_landlord_sees_that_a_visa_was_refused_but_not_why()
    {
        var s = await StartAsync(fixture);
        var refused = await s.Staff.PostAsJsonAsync("/api/v1/visas", new
        {
            firstName = "Cloane",
            lastName = "BRAHIM",
            birthDate = Today.AddYears(-45).ToString("yyyy-MM-dd"),
            profile = "YOUNG",
            requestDate = Today.ToString("yyyy-MM-dd"),
            monthlyResources = 2000m,
        });
        var problem = await Expect.ProblemAsync(refused, HttpStatusCode.UnprocessableEntity, "too_old");
        var visa = problem.GetProperty("visaNumber").GetString();

        // The reason tells the holder's age (or salary): staff see it, a landlord who knows the surname does not.
        var toStaff = await s.Staff.GetFromJsonAsync<JsonElement>($"/api/v1/visas/{visa}");
        Assert.Equal("too_old", toStaff.GetProperty("refusals")[0].GetProperty("code").GetString());
        var toLandlord = await s.Landlord.GetFromJsonAsync<JsonElement>($"/api/v1/visas/{visa}?lastName=BRAHIM");
        Assert.Equal(("REFUSED", 0), (toLandlord.GetProperty("status").GetString(), toLandlord.GetProperty("refusals").GetArrayLength()));
    }

    /// <summary>A contract from five months ago, and the opening declaration of its second month with only the charges unpaid.</summary>
    private async Task<(ApiScenario S, string Number, YearMonth Month, Dictionary<string, object?> Opening)> ChargesOnlyOpeningAsync()
    {
        var s = await StartAsync(fixture);
        var number = await s.ContractAsync(await s.VisaAsync(Effect.AddDays(-20)), Lease("PRIVATE", Effect.AddDays(-10), Effect), Effect.AddDays(-8));
        var m1 = EffectMonth.AddMonths(1);
        var opening = Declaration(Today, [m1], 800m, DefaultDate, ReminderDate, LetterDate);
        opening["months"] = new[] { new { month = m1.ToString(), due = 800m, paidByTenant = 700m, housingBenefit = 0m } };
        return (s, number, m1, opening);
    }
}
