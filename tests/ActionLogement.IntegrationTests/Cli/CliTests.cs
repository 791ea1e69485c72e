using System.Diagnostics;
using System.Text.Json;
using System.Text.RegularExpressions;
using ActionLogement.Database;
using Npgsql;

namespace ActionLogement.IntegrationTests.Cli;

/// <summary>`al` as a user runs it: a separate process speaking HTTP to the API under test.</summary>
[Collection("cluster")]
public sealed class CliTests(ClusterFixture fixture)
{
    [Fact]
    public async Task Al_requests_and_shows_a_visa_as_json()
    {
        var key = await KeyAsync(Roles.Tenant, "T-cli");
        var (code, stdout, _) = await RunAsync(key, "visa", "request", "--first-name", "Cloane", "--last-name", "Brahim",
            "--birth-date", Samples.Today.AddYears(-24).ToString("yyyy-MM-dd"), "--profile", "YOUNG", "--resources", "2000", "--json");
        Assert.Equal(0, code);
        var number = JsonDocument.Parse(stdout).RootElement.GetProperty("visaNumber").GetString()!;

        (code, stdout, _) = await RunAsync(key, "visa", "show", number, "--json");
        Assert.Equal(0, code);
        Assert.Equal("CERTIFIED", JsonDocument.Parse(stdout).RootElement.GetProperty("status").GetString());
    }

    [Fact]
    public async Task Al_prints_json_text_as_it_is_not_escaped_for_html()
    {
        var key = await KeyAsync(Roles.Tenant, "T-cli-json");
        var (code, stdout, stderr) = await RunAsync(key, "visa", "request", "--first-name", "Zoé", "--last-name", "N'Diaye",
            "--birth-date", Samples.Today.AddYears(-24).ToString("yyyy-MM-dd"), "--profile", "YOUNG", "--resources", "2000", "--json");
        Assert.True(code == 0, stderr);
        Assert.Contains("\"Zoé\"", stdout);
        Assert.Contains("\"N'Diaye\"", stdout);
        Assert.DoesNotContain("\\u", stdout);
        Assert.Equal("Zoé", JsonDocument.Parse(stdout).RootElement.GetProperty("holder").GetProperty("firstName").GetString());

        var caseId = RecoveryCaseIds.For(await GrainScenario.ContractWithPayoutsAsync(fixture.Client, "T-" + Guid.NewGuid().ToString("N")[..8]));
        (code, stdout, stderr) = await RunAsync(await KeyAsync(Roles.Staff, "staff-cli-json"), "recovery", "show", caseId, "--json");
        Assert.True(code == 0, stderr);
        Assert.Contains("+00:00\"", stdout);
        Assert.DoesNotContain("\\u", stdout);
    }

    [Fact]
    public async Task Al_prints_the_number_of_a_refused_visa_request()
    {
        var key = await KeyAsync(Roles.Tenant, "T-cli-refused");
        var (code, _, stderr) = await RunAsync(key, "visa", "request", "--first-name", "Jean", "--last-name", "Martin",
            "--birth-date", Samples.Today.AddYears(-45).ToString("yyyy-MM-dd"), "--profile", "YOUNG", "--resources", "2000");
        Assert.Equal(1, code);
        Assert.StartsWith("Refused (422)", stderr);
        var number = System.Text.RegularExpressions.Regex.Match(stderr, "^  visaNumber: (V[0-9]{11})$", System.Text.RegularExpressions.RegexOptions.Multiline);
        Assert.True(number.Success, stderr);

        (code, var stdout, stderr) = await RunAsync(key, "visa", "show", number.Groups[1].Value);
        Assert.True(code == 0, stderr);
        Assert.Contains("REFUSED", stdout);
    }

    [Fact]
    public async Task Al_tells_a_landlord_who_gets_no_visa_to_give_the_holders_surname()
    {
        var s = await ApiScenario.StartAsync(fixture);
        var visa = await s.VisaAsync(ApiScenario.Today.AddDays(-3), lastName: "Brahim");
        var landlord = await KeyAsync(Roles.Landlord, s.LandlordId);
        const string Hint = "A landlord or partner sees a visa only with its holder's surname: add --last-name SURNAME.";

        var (code, _, stderr) = await RunAsync(landlord, "visa", "show", visa);
        Assert.Equal(1, code);
        Assert.Contains("not_found", stderr);
        Assert.Equal(Hint, stderr.Trim().Split('\n')[^1]);

        (code, var stdout, stderr) = await RunAsync(landlord, "visa", "show", visa, "--last-name", "BRAHIM");
        Assert.True(code == 0, stderr);
        Assert.Contains(visa, stdout);

        // A tenant's unknown number is unknown: no hint about surnames.
        (code, _, stderr) = await RunAsync(await KeyAsync(Roles.Tenant, "T-cli-nohint"), "visa", "show", "V99999999990");
        Assert.Equal(1, code);
        Assert.DoesNotContain("--last-name", stderr);
    }

    [Fact]
    public async Task Al_sends_the_transfer_date_and_the_months_worked_of_a_visa_request()
    {
        var key = await KeyAsync(Roles.Staff, "staff-cli-visa");
        var today = Samples.Today.ToString("yyyy-MM-dd");
        string[] holder = ["visa", "request", "--first-name", "Jean", "--last-name", "Martin", "--birth-date",
            Samples.Today.AddYears(-40).ToString("yyyy-MM-dd"), "--request-date", today, "--resources", "1400", "--json"];

        var (code, stdout, stderr) = await RunAsync(key, [.. holder, "--profile", "TRANSFER", "--contract", "CDI", "--transfer-date", today]);
        Assert.True(code == 0, stderr);
        Assert.Equal("CERTIFIED", JsonDocument.Parse(stdout).RootElement.GetProperty("status").GetString());

        // A CDD under one month is certified with a month worked in the last three.
        (code, stdout, stderr) = await RunAsync(key, [.. holder, "--profile", "EMPLOYEE", "--contract", "CDD", "--net-salary", "1400",
            "--start-date", today, "--end-date", Samples.Today.AddDays(20).ToString("yyyy-MM-dd"), "--months-worked-last3", "1"]);
        Assert.True(code == 0, stderr);
        Assert.Equal("CERTIFIED", JsonDocument.Parse(stdout).RootElement.GetProperty("status").GetString());

        // Employment details without the contract would be dropped: refused before any request.
        (code, _, stderr) = await RunAsync(key, [.. holder, "--profile", "TRANSFER", "--transfer-date", today]);
        Assert.NotEqual(0, code);
        Assert.Contains("--transfer-date describes the employment: give --contract too.", stderr);
    }

    [Fact]
    public async Task Al_visa_request_help_says_student_proof_takes_false_for_a_student_without_proof_and_what_needs_a_contract()
    {
        var (code, stdout, _) = await RunAsync("k", "visa", "request", "--help");
        Assert.Equal(0, code);
        var help = string.Join(' ', stdout.Split((char[])[' ', '\n'], StringSplitOptions.RemoveEmptyEntries));
        Assert.Contains("--student-proof <true|false> a student: true (or the option alone) with proof of resources; false without proof", help);
        Assert.Contains("--transfer-date <YYYY-MM-DD> the job transfer's date (TRANSFER); needs --contract", help);
    }

    [Fact]
    public async Task Al_lists_payouts_for_staff_in_80_columns_with_their_landlord_and_for_paid_ones_when_and_how_they_went_out()
    {
        const string Page = """
            {"items":[
             {"payoutId":"P-10000000001-001","contractNumber":"A10000000001","landlordId":"L-000123","kind":"UNPAID_RENT",
              "month":"2026-12","amount":1000.00,"status":"PAID","receiptNumber":"QS-10000000001-001","createdOn":"2026-12-20",
              "paidOn":"2026-12-22","bankReference":"VIR-2026-0042"},
             {"payoutId":"P-10000000001-002","contractNumber":"A10000000001","landlordId":"L-000123","kind":"DAMAGE","month":null,
              "amount":2000.00,"status":"CANCELLED","receiptNumber":"QS-10000000001-002","createdOn":"2026-12-21","paidOn":null,
              "bankReference":null}],
             "next":null}
            """;
        await using var server = FakeServer.Answering(200, Page);
        var (code, stdout, stderr) = await RunAsync("k", new Setup(Url: server.Url), "payouts", "list");
        Assert.True(code == 0, stderr);
        var lines = stdout.TrimEnd().Split('\n');
        Assert.All(lines, line => Assert.True(line.TrimEnd().Length <= 80, line));
        Assert.Equal(["payout", "contract", "landlord", "for", "amount", "status", "created"], lines[0].Split(' ', StringSplitOptions.RemoveEmptyEntries));
        Assert.Equal(["P-10000000001-001", "A10000000001", "L-000123", "2026-12", "1000.00", "PAID", "2026-12-20"],
            lines[1].Split(' ', StringSplitOptions.RemoveEmptyEntries));
        Assert.Equal(["P-10000000001-002", "A10000000001", "L-000123", "DAMAGE", "2000.00", "CANCELLED", "2026-12-21"],
            lines[2].Split(' ', StringSplitOptions.RemoveEmptyEntries));
        Assert.DoesNotContain("QS-", stdout);

        (code, stdout, stderr) = await RunAsync("k", new Setup(Url: server.Url), "payouts", "list", "--status", "PAID");
        Assert.True(code == 0, stderr);
        Assert.Contains("GET /api/v1/payouts?status=PAID&limit=50 ", server.Requests.Last());
        lines = stdout.TrimEnd().Split('\n');
        Assert.All(lines, line => Assert.True(line.TrimEnd().Length <= 80, line));
        Assert.Equal(["payout", "contract", "landlord", "for", "amount", "paid", "bank", "ref"], lines[0].Split(' ', StringSplitOptions.RemoveEmptyEntries));
        Assert.Equal(["P-10000000001-001", "A10000000001", "L-000123", "2026-12", "1000.00", "2026-12-22", "VIR-2026-0042"],
            lines[1].Split(' ', StringSplitOptions.RemoveEmptyEntries));

        // The receipt stays in what scripts read.
        (code, stdout, _) = await RunAsync("k", new Setup(Url: server.Url), "payouts", "list", "--json");
        Assert.Equal(0, code);
        Assert.Contains("QS-10000000001-001", stdout);
    }

    [Theory]
    [InlineData("contract list --external-ref LEASE-42", "GET /api/v1/contracts?externalRef=LEASE-42&limit=50 ")]
    [InlineData("payouts list --contract A10000000001 --landlord L-000123",
        "GET /api/v1/payouts?contract=A10000000001&landlordId=L-000123&limit=50 ")]
    [InlineData("recovery queue --contract A10000000001", "GET /api/v1/recovery-cases?contract=A10000000001&limit=50 ")]
    public async Task Al_asks_for_a_lease_by_reference_payouts_by_contract_or_landlord_and_a_contract_s_case(string command, string request)
    {
        await using var server = FakeServer.Answering(200, """{"items":[],"next":null}""");
        var (code, _, stderr) = await RunAsync("k", new Setup(Url: server.Url), command.Split(' '));
        Assert.True(code == 0, stderr);
        Assert.Contains(request, server.Requests.Last());
    }

    [Fact]
    public async Task Al_sends_a_filter_given_empty_for_the_API_to_refuse_rather_than_listing_everything()
    {
        await using var server = FakeServer.Answering(400,
            """{"title":"Bad request","status":400,"code":"invalid_value","errors":[{"code":"invalid_value","field":"contract","message":"'contract' is a contract number."}]}""");
        var (code, stdout, stderr) = await RunAsync("k", new Setup(Url: server.Url), "payouts", "list", "--contract", "");
        Assert.Equal(1, code);
        Assert.Contains("GET /api/v1/payouts?contract=&limit=50 ", server.Requests.Last());
        Assert.Empty(stdout);
        Assert.Contains("invalid_value", stderr);
    }

    [Fact]
    public async Task Al_shows_when_and_with_which_bank_reference_each_payout_of_a_claim_was_paid()
    {
        var contract = await GrainScenario.ContractWithPayoutsAsync(fixture.Client, "T-" + Guid.NewGuid().ToString("N")[..8], waitForCase: false);
        var staff = await KeyAsync(Roles.Staff, "staff-cli-paid");
        var (code, stdout, stderr) = await RunAsync(staff, "rent", "show", contract, "--json");
        Assert.True(code == 0, stderr);
        var payout = JsonDocument.Parse(stdout).RootElement.GetProperty("payouts")[0].GetProperty("payoutId").GetString()!;
        var paidOn = Samples.Today.ToString("yyyy-MM-dd");
        (code, _, stderr) = await RunAsync(staff, "payouts", "mark-paid", payout, "--bank-reference", "VIR-CLI-SHOW", "--paid-on", paidOn);
        Assert.True(code == 0, stderr);

        (code, stdout, stderr) = await RunAsync(staff, "rent", "show", contract);
        Assert.True(code == 0, stderr);
        var lines = stdout.Split('\n');
        Assert.Contains(lines, line => line.Split(' ', StringSplitOptions.RemoveEmptyEntries) is ["payout", "for", "amount", "status", "created", "paid", "bank", "ref"]);
        var row = Assert.Single(lines, line => line.StartsWith(payout + " ", StringComparison.Ordinal));
        Assert.Equal([payout, "PAID", paidOn, "VIR-CLI-SHOW"], row.Split(' ', StringSplitOptions.RemoveEmptyEntries) is var cells
            ? [cells[0], cells[3], cells[5], cells[6]] : null);
        Assert.All(lines, line => Assert.True(line.TrimEnd().Length <= 80, line));
    }

    [Fact]
    public async Task Al_prints_no_violations_row_in_a_claims_table_as_a_success_never_has_any_but_keeps_them_in_json()
    {
        string[] declare = ["rent", "declare", "A10000000001", "--month", "2026-12:1000"];
        string[] damage = ["damage", "claim", "A10000000001", "--exit-date", "2026-01-31", "--inventory-in", "2025-01-01",
            "--inventory-out", "2026-01-31", "--repair-cost", "100"];
        foreach (var (command, answer) in new[]
        {
            (declare, """{"months":[{"month":"2026-12","covered":1000.00,"payoutId":"P-10000000001-001","code":null}],"instalmentsUsed":1,"instalmentsLeft":35,"debt":1000.00,"violations":[]}"""),
            (damage, """{"covered":100.00,"payoutId":"P-10000000001-002","code":null,"violations":[],"wearDeducted":0.00}"""),
        })
        {
            await using var server = FakeServer.Answering(200, answer);
            var (code, stdout, stderr) = await RunAsync("k", new Setup(Url: server.Url), command);
            Assert.True(code == 0, stderr);
            Assert.Contains("P-10000000001-00", stdout);
            Assert.DoesNotContain("violations", stdout);

            (code, stdout, stderr) = await RunAsync("k", new Setup(Url: server.Url), [.. command, "--json"]);
            Assert.True(code == 0, stderr);
            Assert.Equal(JsonValueKind.Array, JsonDocument.Parse(stdout).RootElement.GetProperty("violations").ValueKind);
        }
    }

    [Fact]
    public async Task Al_prints_a_cases_schedule_payments_and_timeline_as_tables_not_json()
    {
        var tenant = "T-" + Guid.NewGuid().ToString("N")[..8];
        var caseId = RecoveryCaseIds.For(await GrainScenario.ContractWithPayoutsAsync(fixture.Client, tenant));
        var key = await KeyAsync(Roles.Staff, "staff-cli-case");
        var firstDue = Samples.Today.AddDays(5).ToString("yyyy-MM-dd");
        var (code, _, stderr) = await RunAsync(key, "recovery", "plan", caseId, "--monthly-amount", "300", "--first-due", firstDue,
            "--instalments", "8", "--tenant-resources", "1500");
        Assert.True(code == 0, stderr);

        (code, var stdout, stderr) = await RunAsync(key, "recovery", "pay", caseId, "--amount", "300", "--reference", "VIR-CLI");
        Assert.True(code == 0, stderr);
        Assert.DoesNotContain("{\"", stdout, StringComparison.Ordinal);
        Assert.Contains(firstDue, stdout, StringComparison.Ordinal);
        Assert.Contains("VIR-CLI", stdout, StringComparison.Ordinal);

        // The timeline in 80 columns, its text and the staff's notes both wrapping: its moments to the second, and every
        // word of the text whole (the payout ids, the state), however long the note beside it.
        (code, _, stderr) = await RunAsync(key, "recovery", "escalate", caseId, "--kind", "OVER_INDEBTEDNESS", "--measure", "SUSPENSION",
            "--suspension-months", "6", "--reason", "Commission decision after review of the household budget, the debts to other creditors and the tenant's situation");
        Assert.True(code == 0, stderr);
        (code, stdout, stderr) = await RunAsync(key, "recovery", "show", caseId);
        Assert.True(code == 0, stderr);
        Assert.Equal(3, Regex.Matches(stdout, @"P-\d{11}-00\d").Count);
        Assert.Contains("OVER_INDEBTEDNESS", stdout, StringComparison.Ordinal);
        Assert.DoesNotMatch(@"\d{2}:\d{2}:\d{2}\.\d", stdout);
    }

    [Fact]
    public async Task Al_exits_non_zero_with_the_refusal_code()
    {
        var key = await KeyAsync(Roles.Staff, "staff-cli");
        var (code, _, stderr) = await RunAsync(key, "contract", "show", "A99999999990");
        Assert.Equal(1, code);
        Assert.Contains("not_found", stderr);
    }

    [Fact]
    public async Task Al_creates_a_key_with_its_own_request_rate_and_shows_its_secret_once()
    {
        var admin = await KeyAsync(Roles.Admin, "admin-cli");
        var (code, stdout, _) = await RunAsync(admin, "keys", "create", "--role", "partner", "--subject", "AG-CLI",
            "--manages", "L-CLI1", "L-CLI2", "--requests-per-second", "500", "--json");
        Assert.Equal(0, code);
        var created = JsonDocument.Parse(stdout).RootElement;
        Assert.Equal((500, "partner"), (created.GetProperty("requestsPerSecond").GetInt32(), created.GetProperty("role").GetString()));

        await using var database = NpgsqlDataSource.Create(TestDatabase.ConnectionString);
        var stored = await new ApiKeys(database).FindAsync(created.GetProperty("key").GetString()!);
        Assert.Equal(500, stored!.RequestsPerSecond);
        Assert.Equal(["L-CLI1", "L-CLI2"], stored.Managed);
    }

    [Fact]
    public async Task Al_reads_a_comma_separated_list_of_managed_landlords_as_several_ids_and_says_so_in_its_help()
    {
        var admin = await KeyAsync(Roles.Admin, "admin-cli-manages");
        var (code, stdout, stderr) = await RunAsync(admin, "keys", "create", "--role", "partner", "--subject", "AG-CLI-COMMA",
            "--manages", "L-CLI-C1,L-CLI-C2", "L-CLI-C3", "--manages", " L-CLI-C4 , L-CLI-C5", "--json");
        Assert.True(code == 0, stderr);
        await using var database = NpgsqlDataSource.Create(TestDatabase.ConnectionString);
        var stored = await new ApiKeys(database).FindAsync(JsonDocument.Parse(stdout).RootElement.GetProperty("key").GetString()!);
        Assert.Equal(["L-CLI-C1", "L-CLI-C2", "L-CLI-C3", "L-CLI-C4", "L-CLI-C5"], stored!.Managed);

        // A list with a hole in it is a typing slip, refused before any request rather than sent as an empty id.
        (code, _, stderr) = await RunAsync(admin, new Setup(Url: "http://127.0.0.1:1"), "keys", "create", "--role", "partner",
            "--subject", "AG-CLI-COMMA", "--manages", "L-CLI-C1,,L-CLI-C2");
        Assert.Equal(2, code);
        Assert.Contains("--manages 'L-CLI-C1,,L-CLI-C2': a landlord id is missing between or around its commas.", stderr);

        (code, stdout, _) = await RunAsync("k", "keys", "create", "--help");
        Assert.Equal(0, code);
        Assert.Contains("separated by commas or spaces", stdout);
    }

    [Fact]
    public async Task Al_confirms_a_revoked_key_and_refuses_a_request_rate_that_is_not_a_whole_number_in_plain_words()
    {
        var admin = await KeyAsync(Roles.Admin, "admin-cli-revoke");
        await using var database = NpgsqlDataSource.Create(TestDatabase.ConnectionString);
        var (identity, _) = await new ApiKeys(database).CreateAsync(Roles.Landlord, "L-CLI-REVOKE");

        var (code, stdout, stderr) = await RunAsync(admin, "keys", "revoke", identity.KeyId);
        Assert.True(code == 0, stderr);
        Assert.Equal($"Key {identity.KeyId} revoked.", stdout.Trim());

        // The list finds it, marked revoked, as the table a person reads.
        (code, stdout, stderr) = await RunAsync(admin, "keys", "list", "--subject", "L-CLI-REVOKE");
        Assert.True(code == 0, stderr);
        var row = Assert.Single(stdout.Split('\n'), line => line.Contains(identity.KeyId, StringComparison.Ordinal));
        Assert.Contains("landlord", row, StringComparison.Ordinal);
        Assert.Matches(@"\d{4}-\d{2}-\d{2}.*\d{4}-\d{2}-\d{2}", row);

        foreach (var rate in new[] { "1.5", "0", "100001" })
        {
            (code, _, stderr) = await RunAsync(admin, new Setup(Url: "http://127.0.0.1:1"), "keys", "create", "--role", "landlord",
                "--subject", "L-CLI-RATE", "--requests-per-second", rate);
            Assert.Equal(2, code);
            Assert.Contains($"--requests-per-second '{rate}': expected a whole number from 1 to 100000.", stderr);
            Assert.DoesNotContain("System.", stderr);
        }
    }

    [Fact]
    public async Task Al_prints_the_page_with_its_cursor_in_json_so_scripts_can_page()
    {
        var s = await ApiScenario.StartAsync(fixture);
        var contracts = new List<string>();
        for (var i = 0; i < 2; i++)
        {
            contracts.Add(await s.ContractAsync(await s.VisaAsync(ApiScenario.Today.AddDays(-3)),
                ApiScenario.Lease("PRIVATE", ApiScenario.Today.AddDays(-1), ApiScenario.Today), ApiScenario.Today));
        }

        var landlord = await KeyAsync(Roles.Landlord, s.LandlordId);
        var (code, stdout, _) = await RunAsync(landlord, "contract", "list", "--limit", "1", "--json");
        Assert.Equal(0, code);
        var page = JsonDocument.Parse(stdout).RootElement;
        var first = Assert.Single(page.GetProperty("items").EnumerateArray()).GetProperty("contractNumber").GetString();
        var next = page.GetProperty("next").GetString()!;

        (code, stdout, _) = await RunAsync(landlord, "contract", "list", "--limit", "1", "--after", next, "--json");
        Assert.Equal(0, code);
        page = JsonDocument.Parse(stdout).RootElement;
        var second = Assert.Single(page.GetProperty("items").EnumerateArray()).GetProperty("contractNumber").GetString();
        Assert.Equal(JsonValueKind.Null, page.GetProperty("next").ValueKind);
        Assert.Equal(contracts.Order(), new[] { first!, second! }.Order());

        var staff = await KeyAsync(Roles.Staff, "staff-cli-pages");
        foreach (var list in new[] { new[] { "payouts", "list" }, ["recovery", "queue"] })
        {
            (code, stdout, _) = await RunAsync(staff, [.. list, "--limit", "1", "--json"]);
            Assert.Equal(0, code);
            page = JsonDocument.Parse(stdout).RootElement;
            Assert.Equal(JsonValueKind.Array, page.GetProperty("items").ValueKind);
            Assert.True(page.TryGetProperty("next", out _), string.Join(' ', list));
        }
    }

    [Fact]
    public async Task Al_quotes_a_cursor_that_a_shell_would_read_as_a_pipe_so_the_more_line_can_be_pasted()
    {
        for (var i = 0; i < 2; i++)
        {
            await GrainScenario.ContractWithPayoutsAsync(fixture.Client, "T-" + Guid.NewGuid().ToString("N")[..8]);
        }

        var staff = await KeyAsync(Roles.Staff, "staff-cli-more");
        var (code, stdout, stderr) = await RunAsync(staff, "recovery", "queue", "--limit", "1");
        Assert.True(code == 0, stderr);
        var more = stdout.Split('\n').Single(line => line.StartsWith("more: ", StringComparison.Ordinal)).TrimEnd();
        var match = System.Text.RegularExpressions.Regex.Match(more, "^more: --after '([^']*)'$");
        Assert.True(match.Success, more);
        Assert.Contains("|", match.Groups[1].Value);

        (code, _, stderr) = await RunAsync(staff, "recovery", "queue", "--limit", "1", "--after", match.Groups[1].Value);
        Assert.True(code == 0, stderr);

        (code, stdout, _) = await RunAsync(staff, "recovery", "queue", "--help");
        Assert.Contains("--after <CURSOR>", stdout);
        Assert.Contains("'more: --after'", stdout);
    }

    [Fact]
    public async Task Al_tables_show_identifiers_and_keys_whole_in_80_columns()
    {
        var s = await ApiScenario.StartAsync(fixture);
        var visa = await s.VisaAsync(ApiScenario.Today.AddDays(-3));
        var contract = await s.ContractAsync(visa, ApiScenario.Lease("PRIVATE", ApiScenario.Today.AddDays(-1), ApiScenario.Today), ApiScenario.Today);
        var landlord = await KeyAsync(Roles.Landlord, s.LandlordId);

        // Redirected, as here, Spectre.Console lays tables out in 80 columns.
        foreach (var command in new[] { new[] { "contract", "list" }, ["contract", "show", contract] })
        {
            var (code, stdout, _) = await RunAsync(landlord, command);
            Assert.Equal(0, code);
            var lines = stdout.Split('\n');
            Assert.Contains(lines, line => line.Contains(contract) && line.Contains(command[1] == "list" ? visa : contract));
            Assert.DoesNotContain("…", stdout);
        }

        var admin = await KeyAsync(Roles.Admin, "admin-cli-table");
        var (created, output, _) = await RunAsync(admin, "keys", "create", "--role", "landlord", "--subject", "L-CLI-TABLE");
        Assert.Equal(0, created);
        var secret = output.Split('\n').Select(line => line.Trim()).Single(line => line.StartsWith("al_landlord_"));
        await using var database = NpgsqlDataSource.Create(TestDatabase.ConnectionString);
        Assert.Equal("L-CLI-TABLE", (await new ApiKeys(database).FindAsync(secret))?.Subject);
    }

    [Fact]
    public async Task Al_shows_a_claims_months_and_payouts_as_tables_not_json()
    {
        var s = await ApiScenario.StartAsync(fixture);
        var effect = ApiScenario.Effect;
        var contract = await s.ContractAsync(await s.VisaAsync(effect.AddDays(-20)), ApiScenario.Lease("PRIVATE", effect.AddDays(-10), effect),
            effect.AddDays(-8));
        var declared = await Expect.JsonAsync(await ApiScenario.PostAsync(s.Landlord, $"/api/v1/contracts/{contract}/unpaid-rent",
            ApiScenario.Declaration(ApiScenario.Today, ApiScenario.Months(ApiScenario.EffectMonth.AddMonths(1), 1), 800m,
                ApiScenario.DefaultDate, ApiScenario.ReminderDate, ApiScenario.LetterDate)), System.Net.HttpStatusCode.OK);
        var payoutId = declared.GetProperty("months")[0].GetProperty("payoutId").GetString()!;
        var landlord = await KeyAsync(Roles.Landlord, s.LandlordId);

        var (code, stdout, _) = await RunAsync(landlord, "rent", "show", contract);
        Assert.Equal(0, code);
        Assert.Contains(stdout.Split('\n'), line => line.Contains(payoutId) && line.Contains("PENDING") && line.Contains("800"));
        Assert.DoesNotContain("{", stdout);
        Assert.DoesNotContain("…", stdout);
    }

    [Fact]
    public async Task Al_records_what_the_tenant_repaid_the_landlord_after_a_payout()
    {
        var s = await ApiScenario.StartAsync(fixture);
        var effect = ApiScenario.Effect;
        var contract = await s.ContractAsync(await s.VisaAsync(effect.AddDays(-20)), ApiScenario.Lease("PRIVATE", effect.AddDays(-10), effect),
            effect.AddDays(-8));
        var month = ApiScenario.EffectMonth.AddMonths(1);
        await Expect.JsonAsync(await ApiScenario.PostAsync(s.Landlord, $"/api/v1/contracts/{contract}/unpaid-rent",
            ApiScenario.Declaration(ApiScenario.Today, ApiScenario.Months(month, 1), 800m,
                ApiScenario.DefaultDate, ApiScenario.ReminderDate, ApiScenario.LetterDate)), System.Net.HttpStatusCode.OK);
        var landlord = await KeyAsync(Roles.Landlord, s.LandlordId);

        var (code, stdout, stderr) = await RunAsync(landlord, "rent", "repayment", contract, "--month", month.ToString(), "--amount", "100.00",
            "--received-on", ApiScenario.Today.ToString("yyyy-MM-dd"), "--json");
        Assert.True(code == 0, stderr);
        var answer = JsonDocument.Parse(stdout).RootElement;
        Assert.Equal(contract, answer.GetProperty("contractNumber").GetString());
        Assert.Equal(100m, answer.GetProperty("claim").GetProperty("refundOwed").GetDecimal());

        (code, stdout, stderr) = await RunAsync(landlord, "rent", "repayment", contract, "--month", month.ToString(), "--amount", "50");
        Assert.True(code == 0, stderr);
        Assert.Contains(stdout.Split('\n'), line => line.Contains("claim.refundOwed") && line.Contains("150"));

        (code, _, stderr) = await RunAsync(landlord, new Setup(Url: "http://127.0.0.1:1"), "rent", "repayment", contract, "--month", "2026-3",
            "--amount", "50");
        Assert.Equal(2, code);
        Assert.Contains("--month '2026-3': expected a month as YYYY-MM (month 01 to 12), e.g. 2026-03.", stderr);
    }

    [Fact]
    public async Task Al_accepts_the_api_url_the_engine_prints()
    {
        var key = await KeyAsync(Roles.Staff, "staff-cli-url");
        foreach (var url in new[] { ApiUrl + "api/v1", ApiUrl + "api/v1/" })
        {
            var (code, _, stderr) = await RunAsync(key, new Setup(Url: url), "contract", "show", "A99999999990");
            Assert.Equal(1, code);
            Assert.Contains("not_found", stderr); // the API's refusal, not a 404 of an unknown route
        }
    }

    [Theory]
    [InlineData("notaurl")]
    [InlineData("ftp://x")]
    public async Task Al_refuses_a_url_it_cannot_use_in_one_line(string url)
    {
        var (code, _, stderr) = await RunAsync("k", new Setup(Url: url), "contract", "show", "A99999999990");
        Assert.Equal(2, code);
        Assert.Equal($"AL_URL: '{url}' is not an http or https URL (e.g. http://127.0.0.1:5080).", stderr.Trim());
    }

    [Theory]
    [InlineData("--paid-on", "2026-12-32", "--paid-on '2026-12-32': expected a date as YYYY-MM-DD, e.g. 2026-03-01.")]
    [InlineData("--paid-on", "05/12/2026", "--paid-on '05/12/2026': expected a date as YYYY-MM-DD, e.g. 2026-03-01.")]
    public async Task Al_refuses_a_value_it_cannot_read_as_a_usage_error_in_the_apis_words(string option, string value, string message)
    {
        var (code, _, stderr) = await RunAsync("k", new Setup(Url: "http://127.0.0.1:1"), "payouts", "mark-paid", "P-10000000002-002",
            "--bank-reference", "VIR-1", option, value);
        Assert.Equal(2, code);
        Assert.Contains(message, stderr);
        Assert.DoesNotContain("System.", stderr);
    }

    [Fact]
    public async Task Al_refuses_a_month_whose_amounts_have_a_decimal_comma_rather_than_declare_a_hundredfold_rent()
    {
        var (code, _, stderr) = await RunAsync("k", new Setup(Url: "http://127.0.0.1:1"), "rent", "declare", "A10000000001",
            "--month", "2026-09:800,00:750");
        Assert.Equal(2, code);
        Assert.Contains("--month '2026-09:800,00:750': expected MONTH:DUE[:PAID[:BENEFIT]], amounts written 834.50.", stderr);
    }

    [Theory]
    [InlineData("2026-13:1000")]
    [InlineData("2026-1:1000")]
    [InlineData("2026-00:1000")]
    [InlineData("26-01:1000")]
    public async Task Al_refuses_a_month_that_is_not_yyyy_mm_before_sending_anything(string month)
    {
        var (code, _, stderr) = await RunAsync("k", new Setup(Url: "http://127.0.0.1:1"), "rent", "declare", "A10000000001",
            "--month", "2026-12:1000", "--month", month);
        Assert.Equal(2, code);
        Assert.Contains($"--month '{month}': expected a month as YYYY-MM (month 01 to 12), e.g. 2026-03.", stderr);
        Assert.DoesNotContain("Cannot reach", stderr);
    }

    [Fact]
    public async Task Al_lists_the_values_an_option_takes_when_refusing_one_and_says_how_dates_are_written()
    {
        string[] activation = ["contract", "activate", "--visa", "V10000000001", "--tenant-last-name", "B", "--landlord", "L-1",
            "--address", "1 rue A", "--rent", "500", "--signed-on", "2026-01-01", "--effective-on", "2026-01-01"];
        var (code, _, stderr) = await RunAsync("k", new Setup(Url: "http://127.0.0.1:1"), [.. activation, "--park", "FOO", "--zone", "IDF"]);
        Assert.Equal(2, code);
        Assert.Contains("--park 'FOO': expected one of PRIVATE, PRIVATE_MOBILITY, SOCIAL, COLLECTIVE, TOURIST_RESIDENCE, RHVS, FAMILY_PENSION.", stderr);

        (code, _, stderr) = await RunAsync("k", new Setup(Url: "http://127.0.0.1:1"), "recovery", "queue", "--state", "OPEN");
        Assert.Equal(2, code);
        Assert.Contains("--state 'OPEN': expected one of AMICABLE, PLAN_ACTIVE, PLAN_DEFAULTED, LITIGATION, OVER_INDEBTEDNESS, CLOSED_PAID, " +
            "CLOSED_WRITTEN_OFF.", stderr);

        // No key from any source: said in the CLI's words, before any request.
        (code, _, stderr) = await RunAsync("", new Setup(Url: "http://127.0.0.1:1"), "contract", "list");
        Assert.Equal(2, code);
        Assert.Contains("No API key: give --key KEY, set AL_KEY, or put \"key\" in ~/.config/al/profile.json.", stderr);

        // A contact states how it was made: none is assumed.
        (code, _, stderr) = await RunAsync("k", new Setup(Url: "http://127.0.0.1:1"), "recovery", "contact", "R10000000001", "--note", "called");
        Assert.Equal(2, code);
        Assert.Contains("--channel", stderr);

        // Any letter case, as the API takes it.
        var tenant = await KeyAsync(Roles.Tenant, "T-cli-case");
        (code, var stdout, stderr) = await RunAsync(tenant, "visa", "request", "--first-name", "Cloane", "--last-name", "Brahim",
            "--birth-date", Samples.Today.AddYears(-24).ToString("yyyy-MM-dd"), "--profile", "young", "--resources", "2000", "--json");
        Assert.True(code == 0, stderr);
        Assert.Equal("YOUNG", JsonDocument.Parse(stdout).RootElement.GetProperty("profile").GetString());

        (code, stdout, _) = await RunAsync("k", "visa", "request", "--help");
        Assert.Equal(0, code);
        Assert.Contains("--birth-date <YYYY-MM-DD>", stdout);
        Assert.Contains("--request-date <YYYY-MM-DD>", stdout);
    }

    [Fact]
    public async Task Al_answers_a_command_line_that_does_not_parse_with_its_errors_and_where_the_help_is_not_the_whole_help()
    {
        var (code, stdout, stderr) = await RunAsync("k", "contract", "show");
        Assert.Equal(2, code);
        Assert.Equal(["Required argument missing for command: 'show'.", "See `al contract show --help`."], stderr.Trim().Split('\n'));
        Assert.Empty(stdout);

        (code, stdout, stderr) = await RunAsync("k", "contract", "list", "--limt", "5");
        Assert.Equal(2, code);
        Assert.Contains("Did you mean --limit?", stderr);
        Assert.EndsWith("See `al contract list --help`.", stderr.Trim());
        Assert.DoesNotContain("Usage:", stdout + stderr);
    }

    [Fact]
    public async Task Al_refuses_an_amount_it_cannot_read_in_the_apis_words()
    {
        var (code, _, stderr) = await RunAsync("k", new Setup(Url: "http://127.0.0.1:1"), "visa", "request", "--first-name", "A",
            "--last-name", "B", "--birth-date", "2000-01-01", "--profile", "YOUNG", "--resources", "1 200,50");
        Assert.Equal(2, code);
        Assert.Contains("--resources '1 200,50': expected a number with a point for decimals, e.g. 834.50.", stderr);
        Assert.DoesNotContain("System.", stderr);
    }

    [Fact]
    public async Task Al_reports_a_server_it_cannot_reach_in_one_line()
    {
        var (code, _, stderr) = await RunAsync("k", new Setup(Url: "http://127.0.0.1:1"), "bulk", "results", "BA-nope");
        Assert.Equal(1, code);
        Assert.StartsWith("Cannot reach http://127.0.0.1:1/api/v1/", stderr);
        Assert.Single(stderr.Trim().Split('\n'));
    }

    [Fact]
    public async Task Al_gives_up_on_a_server_that_never_answers_after_its_timeout_in_one_line()
    {
        await using var server = FakeServer.Silent();
        var api = server.Url + "/api/v1/";
        var (code, _, stderr) = await RunAsync("k", new Setup(Url: server.Url), "contract", "show", "A10000000001", "--timeout", "1");
        Assert.Equal(1, code);
        Assert.Equal($"No answer from {api} within 1 s (--timeout SECONDS or AL_TIMEOUT waits longer).", stderr.Trim());

        (code, _, stderr) = await RunAsync("k", new Setup(Url: server.Url, Timeout: "2"), "bulk", "results", "BA-1");
        Assert.Equal(1, code);
        Assert.Equal($"No answer from {api} within 2 s (--timeout SECONDS or AL_TIMEOUT waits longer).", stderr.Trim());

        // An upload has no limit as a whole, only on a file that stops moving or an answer that does not come after it.
        var file = Path.Combine(Directory.CreateTempSubdirectory("al-upload-").FullName, "rows.ndjson");
        await File.WriteAllTextAsync(file, "{\"externalRef\":\"R-1\"}\n");
        (code, _, stderr) = await RunAsync("k", new Setup(Url: server.Url), "bulk", "upload", file, "--timeout", "1");
        Assert.Equal(1, code);
        Assert.Equal($"The upload to {api} stopped: nothing moved for 1 s (--timeout SECONDS or AL_TIMEOUT waits longer).", stderr.Trim());

        (code, _, stderr) = await RunAsync("k", new Setup(Url: server.Url, Timeout: "soon"), "contract", "show", "A10000000001");
        Assert.Equal(2, code);
        Assert.Equal("AL_TIMEOUT: 'soon' is not a number of seconds from 1 to 86400.", stderr.Trim());
    }

    [Fact]
    public async Task Al_refuses_a_key_with_a_control_or_non_ascii_character_and_an_empty_key_option_without_sending_anything()
    {
        await using var server = FakeServer.Answering(200, "{}");
        foreach (var (key, option, said) in new[]
        {
            ("al_dev_staff_key", "al_dev_staff_key\r", "--key: the API key contains a control character (U+000D, at position 17; the end of a line read from a file?)."),
            ("al_dev_staff_key", "clé", "--key: the API key contains a non-ASCII character (U+00E9, at position 3)."),
            ("al_dev_staff_key\r\n", null, "AL_KEY: the API key contains a control character (U+000D, at position 17; the end of a line read from a file?)."),
            ("al_dev_staff_key", "", "--key is empty: give the API key, or leave --key out to use AL_KEY or the profile file."),
            ("al_dev_staff_key", " ", "--key is empty: give the API key, or leave --key out to use AL_KEY or the profile file."),
        })
        {
            string[] command = option is null ? ["contract", "show", "A10000000001"] : ["contract", "show", "A10000000001", "--key", option];
            var (code, _, stderr) = await RunAsync(key, new Setup(Url: server.Url), command);
            Assert.Equal(2, code);
            Assert.StartsWith(said, stderr);
            Assert.Single(stderr.Trim().Split('\n'));
            Assert.DoesNotContain("al_dev_staff_key", stderr);
        }

        Assert.Empty(server.Requests);
    }

    [Fact]
    public async Task Al_refuses_an_empty_idempotency_key_rather_than_send_it()
    {
        await using var server = FakeServer.Answering(200, "{}");
        foreach (var key in new[] { "", "  " })
        {
            var (code, _, stderr) = await RunAsync("k", new Setup(Url: server.Url), "payouts", "mark-paid", "P-10000000001-001",
                "--bank-reference", "VIR-1", "--idempotency-key", key);
            Assert.Equal(2, code);
            Assert.StartsWith("--idempotency-key is empty: give the key a failed attempt printed, or leave the option out for a new one.", stderr);
        }

        var (_, _, said) = await RunAsync("k", new Setup(Url: server.Url), "payouts", "mark-paid", "P-10000000001-001",
            "--bank-reference", "VIR-1", "--idempotency-key", "key-1\r");
        Assert.StartsWith("--idempotency-key contains a control character (U+000D, at position 6;", said);
        Assert.Empty(server.Requests);
    }

    [Fact]
    public async Task Al_contract_exit_takes_exit_date_as_damage_claim_does_and_still_date()
    {
        await using var server = FakeServer.Answering(200, """{"contractNumber":"A10000000001","status":"ENDED"}""");
        foreach (var option in new[] { "--exit-date", "--date" })
        {
            var (code, stdout, stderr) = await RunAsync("k", new Setup(Url: server.Url), "contract", "exit", "A10000000001", option, "2026-01-31");
            Assert.True(code == 0, stderr);
            Assert.Contains("ENDED", stdout);
        }

        var (_, help, _) = await RunAsync("k", "contract", "exit", "--help");
        Assert.Contains("--date, --exit-date <YYYY-MM-DD> (REQUIRED)", help);
    }

    [Theory]
    [InlineData("rent declare", "<contractNumber>  A followed by 11 digits")]
    [InlineData("rent show", "<contractNumber>  A followed by 11 digits")]
    [InlineData("rent repayment", "<contractNumber>  A followed by 11 digits")]
    [InlineData("damage claim", "<contractNumber>  A followed by 11 digits")]
    [InlineData("payouts mark-paid", "<payoutId>  P-, the contract number's 11 digits, - and a sequence: P-10000000001-001")]
    public async Task Al_help_says_how_a_commands_number_is_written(string command, string described)
    {
        var (code, stdout, _) = await RunAsync("k", [.. command.Split(' '), "--help"]);
        Assert.Equal(0, code);
        Assert.Contains(described, stdout);
    }

    public static TheoryData<string[]> CommandsTakingAnIdempotencyKey => new()
    {
        new[] { "visa", "request", "--first-name", "A", "--last-name", "B", "--birth-date", "2000-01-01", "--profile", "YOUNG" },
        new[] { "contract", "activate", "--visa", "V10000000001", "--tenant-last-name", "B", "--landlord", "L-1", "--park", "PRIVATE",
            "--zone", "IDF", "--address", "1 rue A", "--rent", "500", "--signed-on", "2026-01-01", "--effective-on", "2026-01-01" },
        new[] { "contract", "exit", "A10000000001", "--date", "2026-01-31" },
        new[] { "contract", "cancel", "A10000000001", "--reason", "never moved in" },
        new[] { "rent", "declare", "A10000000001", "--month", "2026-01:500" },
        new[] { "damage", "claim", "A10000000001", "--exit-date", "2026-01-31", "--inventory-in", "2025-01-01",
            "--inventory-out", "2026-01-31", "--repair-cost", "100" },
        new[] { "payouts", "mark-paid", "P-10000000001-001", "--bank-reference", "VIR-1" },
        new[] { "rent", "repayment", "A10000000001", "--month", "2026-01", "--amount", "100" },
        new[] { "recovery", "contact", "R10000000001", "--channel", "PHONE", "--note", "called" },
        new[] { "recovery", "plan", "R10000000001", "--monthly-amount", "10", "--first-due", "2026-02-01", "--instalments", "2",
            "--tenant-resources", "1000" },
        new[] { "recovery", "pay", "R10000000001", "--amount", "10" },
        new[] { "recovery", "escalate", "R10000000001", "--kind", "LITIGATION", "--reason", "no answer" },
        new[] { "recovery", "write-off", "R10000000001", "--amount", "10", "--reason", "insolvent" },
        new[] { "recovery", "refund", "R10000000001", "--amount", "10", "--bank-reference", "VIR-T1" },
    };

    [Theory]
    [MemberData(nameof(CommandsTakingAnIdempotencyKey))]
    public async Task Al_sends_every_command_that_takes_one_with_an_idempotency_key_and_prints_it_when_the_outcome_is_unknown(string[] command)
    {
        await using var server = FakeServer.Answering(503,
            """{"status":503,"title":"Service Unavailable","code":"unavailable","errors":[{"code":"unavailable","message":"busy"}]}""");
        var (code, _, stderr) = await RunAsync("k", new Setup(Url: server.Url), command);
        Assert.Equal(1, code);
        var sent = Assert.Single(server.Requests).Split("\r\n").Single(h => h.StartsWith("Idempotency-Key: ", StringComparison.OrdinalIgnoreCase));
        var key = sent["Idempotency-Key: ".Length..];
        Assert.True(Guid.TryParse(key, out _), sent);
        Assert.Contains($"Idempotency-Key {key}: the command may have been done; to retry it safely, run it again with --idempotency-key {key}",
            stderr);

        // A key given is sent as given, and not printed back.
        (code, _, stderr) = await RunAsync("k", new Setup(Url: server.Url), [.. command, "--idempotency-key", "my-key-1"]);
        Assert.Equal(1, code);
        Assert.Contains("Idempotency-Key: my-key-1", server.Requests.Last());
        Assert.DoesNotContain("--idempotency-key", stderr);

        // No answer at all: the same.
        await using var silent = FakeServer.Silent();
        (code, _, stderr) = await RunAsync("k", new Setup(Url: silent.Url), [.. command, "--timeout", "1"]);
        Assert.Equal(1, code);
        Assert.Matches("^No answer from .*\nIdempotency-Key ([0-9a-f-]{36}): the command may have been done; to retry it safely, run it again with --idempotency-key \\1$",
            stderr.Trim());
    }

    [Fact]
    public async Task Al_needs_no_profile_file_when_url_and_key_are_given_and_names_a_broken_one()
    {
        var home = Directory.CreateTempSubdirectory("al-home-").FullName;
        var profile = Path.Combine(home, ".config", "al", "profile.json");
        Directory.CreateDirectory(Path.GetDirectoryName(profile)!);
        await File.WriteAllTextAsync(profile, "{not json");
        var key = await KeyAsync(Roles.Staff, "staff-cli-profile");

        var (code, _, stderr) = await RunAsync(key, new Setup(Home: home), "contract", "show", "A99999999990");
        Assert.Equal(1, code);
        Assert.Contains("not_found", stderr);

        (code, _, stderr) = await RunAsync("", new Setup(Home: home), "contract", "show", "A99999999990");
        Assert.Equal(2, code);
        Assert.StartsWith($"{profile} is not a valid profile file: it is not JSON (line 1, position 2).", stderr);
        Assert.DoesNotContain(" at ", stderr);

        // Said in the file's terms, not the CLI's class names.
        foreach (var (text, what) in new[] { ("[1]", "it is not a JSON object"), ("{\"url\": 5}", "\"url\" is not a string") })
        {
            await File.WriteAllTextAsync(profile, text);
            (code, _, stderr) = await RunAsync("", new Setup(Home: home), "contract", "show", "A99999999990");
            Assert.Equal(2, code);
            Assert.StartsWith($"{profile} is not a valid profile file: {what}", stderr);
            Assert.DoesNotContain("GlobalOptions", stderr);
            Assert.DoesNotContain("System.", stderr);
        }
    }

    [Fact]
    public async Task Al_uploads_a_file_whose_name_does_not_say_its_format_only_with_format()
    {
        var (key, folder, file) = await PartnerFileAsync("AG-CLI-FORMAT", "rows.txt", "CLI-FMT-1");

        var (code, _, stderr) = await RunAsync(key, new Setup(WorkingDirectory: folder), "bulk", "upload", file);
        Assert.Equal(2, code);
        Assert.Equal("rows.txt: CSV or NDJSON? Its name does not say (.csv, .ndjson or .jsonl): rename it, or give --format csv or " +
            "--format ndjson.", stderr.Trim());

        // Followed to its end: the job (its one row rejected) and its results file.
        (code, var stdout, stderr) = await RunAsync(key, new Setup(WorkingDirectory: folder), "bulk", "upload", file, "--format", "ndjson");
        Assert.True(code == 0, stderr);
        var results = Assert.Single(Directory.GetFiles(folder, "*.results.ndjson"));
        Assert.Contains("\"line\":1", await File.ReadAllTextAsync(results));
        Assert.Contains(results, stdout.Replace("\n", ""));

        (code, _, stderr) = await RunAsync(key, new Setup(Url: "http://127.0.0.1:1"), "bulk", "generate", "--rows", "1", "--out",
            Path.Combine(folder, "gen.txt"));
        Assert.Equal(2, code);
        Assert.Contains("name it .csv, .ndjson or .jsonl", stderr);
    }

    [Fact]
    public async Task Al_follows_a_bulk_job_with_json_too_and_prints_it_as_it_ended()
    {
        var (key, folder, file) = await PartnerFileAsync("AG-CLI-JSON", "rows.ndjson", "CLI-JSON-1");

        var (code, stdout, stderr) = await RunAsync(key, new Setup(WorkingDirectory: folder), "bulk", "upload", file, "--json");
        Assert.True(code == 0, stderr);
        var job = JsonDocument.Parse(stdout).RootElement;
        Assert.Equal(("DONE", 1), (job.GetProperty("state").GetString(), job.GetProperty("total").GetInt32()));
        Assert.True(File.Exists(job.GetProperty("resultsFile").GetString()));
    }

    [Fact]
    public async Task Al_generates_bulk_files_whose_references_differ_from_run_to_run_and_says_so_in_json()
    {
        var staff = await KeyAsync(Roles.Staff, "staff-cli-generate");
        var folder = Directory.CreateTempSubdirectory("al-generate-").FullName;
        var refs = new List<string>();
        foreach (var name in new[] { "rows.ndjson", "rows.csv" })
        {
            var (code, stdout, stderr) = await RunAsync(staff, "bulk", "generate", "--rows", "2", "--reject-share", "0",
                "--out", Path.Combine(folder, name), "--staff-key", staff, "--json");
            Assert.True(code == 0, stderr);
            var made = JsonDocument.Parse(stdout).RootElement;
            Assert.Equal(2, made.GetProperty("rows").GetInt32());
            Assert.True(File.Exists(made.GetProperty("expectedFile").GetString()));
            refs.Add(File.ReadAllLines(Path.Combine(folder, name)).Last().Split(',')[0].Split('"').First(part => part.StartsWith("GEN-", StringComparison.Ordinal)));
        }

        // Two runs in the same second: each its own references, and its own expected outcome.
        Assert.NotEqual(refs[0], refs[1]);
        Assert.Equal(2, Directory.GetFiles(folder, "*.expected.json").Length);
    }

    [Theory]
    [InlineData("--rows", "0", "expected a whole number from 1 to 1000000")]
    [InlineData("--rows", "-5", "expected a whole number from 1 to 1000000")]
    [InlineData("--reject-share", "2", "--reject-share is 0 to 0.5")]
    [InlineData("--reject-share", "-1", "--reject-share is 0 to 0.5")]
    public async Task Al_bulk_generate_refuses_a_count_or_share_out_of_range_before_any_request(string option, string value, string message)
    {
        var folder = Directory.CreateTempSubdirectory("al-generate-bad-").FullName;
        string[] args = option == "--rows"
            ? ["bulk", "generate", "--rows", value, "--out", Path.Combine(folder, "g.csv")]
            : ["bulk", "generate", "--rows", "1", option, value, "--out", Path.Combine(folder, "g.csv")];
        var (code, _, stderr) = await RunAsync("k", new Setup(Url: "http://127.0.0.1:1"), args);
        Assert.Equal(2, code);
        Assert.Contains(message, stderr);
        Assert.Empty(Directory.GetFileSystemEntries(folder));
    }

    [Theory]
    [InlineData("contract", "show", "")]
    [InlineData("visa", "show", "../contracts/A10000000001")]
    [InlineData("contract", "show", "A10000000001?x=1")]
    [InlineData("bulk", "status", "x/../../health")]
    public async Task Al_refuses_an_id_that_is_empty_or_would_lead_to_another_address(string group, string command, string id)
    {
        var key = await KeyAsync(Roles.Staff, "staff-cli-ids");
        var (code, stdout, stderr) = await RunAsync(key, group, command, id);
        Assert.Equal(2, code);
        Assert.Contains("expected an id", stderr);
        Assert.Equal("", stdout.Trim());
    }

    [Fact]
    public async Task Al_writes_bulk_results_only_for_a_success_and_says_when_it_cannot()
    {
        var key = await KeyAsync(Roles.Partner, "AG-CLI-RESULTS");
        var folder = Directory.CreateTempSubdirectory("al-out-").FullName;
        var (code, _, stderr) = await RunAsync(key, new Setup(WorkingDirectory: folder), "bulk", "results", "BA-nope", "--out", "r.ndjson");
        Assert.Equal(1, code);
        Assert.Contains("404", stderr);
        Assert.Empty(Directory.GetFileSystemEntries(folder));

        var missing = Path.Combine(folder, "missing", "r.ndjson");
        (code, _, stderr) = await RunAsync(key, "bulk", "results", "BA-nope", "--out", missing);
        Assert.Equal(2, code);
        Assert.Equal($"Cannot write {missing}: there is no folder {Path.GetDirectoryName(missing)}.", stderr.Trim());
    }

    private static async Task<string> KeyAsync(string role, string subject)
    {
        await using var database = NpgsqlDataSource.Create(TestDatabase.ConnectionString);
        return (await new ApiKeys(database).CreateAsync(role, subject)).Secret;
    }

    private string ApiUrl => fixture.Api.ClientOptions.BaseAddress.ToString();

    /// <summary>A partner's key, and a folder of its own holding one bulk file of one row (missing its other fields).</summary>
    private async Task<(string Key, string Folder, string File)> PartnerFileAsync(string partner, string fileName, string externalRef)
    {
        var key = await KeyAsync(Roles.Partner, partner);
        var folder = Directory.CreateTempSubdirectory("al-bulk-").FullName;
        var file = Path.Combine(folder, fileName);
        await File.WriteAllTextAsync(file, $"{{\"externalRef\":\"{externalRef}\"}}\n");
        return (key, folder, file);
    }

    private Task<(int Code, string Stdout, string Stderr)> RunAsync(string key, params string[] args) => RunAsync(key, new Setup(), args);

    /// <summary>Runs al with AL_URL (the API under test unless given) and AL_KEY, in an empty home unless given.</summary>
    private async Task<(int Code, string Stdout, string Stderr)> RunAsync(string key, Setup setup, params string[] args)
    {
        var psi = new ProcessStartInfo("dotnet") { RedirectStandardOutput = true, RedirectStandardError = true };
        psi.ArgumentList.Add(Path.Combine(AppContext.BaseDirectory, "al.dll"));
        foreach (var arg in args)
        {
            psi.ArgumentList.Add(arg);
        }

        psi.Environment["AL_URL"] = setup.Url ?? ApiUrl;
        psi.Environment["AL_KEY"] = key;
        psi.Environment["HOME"] = setup.Home ?? Directory.CreateTempSubdirectory("al-home-").FullName;
        psi.WorkingDirectory = setup.WorkingDirectory ?? "";
        if (setup.Timeout is { } timeout)
        {
            psi.Environment["AL_TIMEOUT"] = timeout;
        }

        using var process = Process.Start(psi)!;
        var stdout = process.StandardOutput.ReadToEndAsync();
        var stderr = process.StandardError.ReadToEndAsync();
        try
        {
            await process.WaitForExitAsync(new CancellationTokenSource(TimeSpan.FromSeconds(60)).Token);
        }
        catch (OperationCanceledException)
        {
            // A CLI that hangs fails its test rather than outliving it.
            process.Kill(entireProcessTree: true);
            throw new TimeoutException($"al {string.Join(' ', args)} did not exit within 60 s.");
        }

        return (process.ExitCode, await stdout, await stderr);
    }

    private sealed record Setup(string? Url = null, string? Home = null, string? WorkingDirectory = null, string? Timeout = null);
}
