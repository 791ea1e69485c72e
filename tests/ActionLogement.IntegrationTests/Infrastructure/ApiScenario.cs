using System.Net;
using System.Net.Http.Json;
using System.Text;
using System.Text.Json;
using ActionLogement.Database;

namespace ActionLogement.IntegrationTests.Infrastructure;

/// <summary>
/// Builds the people and documents of a scenario through the real HTTP API. Back-office dates are stated with a
/// staff key (API.md: staff may record what happened on another day), so scenarios can live years in the past.
/// </summary>
public sealed class ApiScenario
{
    public static DateOnly Today => DateOnly.FromDateTime(DateTime.UtcNow);

    /// <summary>
    /// When the tests' v2026 private leases took effect: three months ago, so the three months after it (this one the last)
    /// are due, and recent enough to open a claim on today in time (§5).
    /// </summary>
    public static YearMonth EffectMonth => YearMonth.From(Today).AddMonths(-3);

    /// <summary>
    /// The stated default of a claim opened today on the months after <see cref="EffectMonth"/>, all wholly unpaid: the first
    /// one's rent constituted it, and the last day of the term after that is the latest date §5 believes (README, "Rules").
    /// </summary>
    public static DateOnly DefaultDate => EffectMonth.AddMonths(3).FirstDay.AddDays(-1);

    public static DateOnly ReminderDate => DefaultDate;

    /// <summary>The demand letter: at most 15 days after the default, and never after today.</summary>
    public static DateOnly LetterDate => DefaultDate.AddDays(15) < Today ? DefaultDate.AddDays(15) : Today;

    public static DateOnly Effect => EffectMonth.FirstDay;

    public string LandlordId { get; } = "L-" + Guid.NewGuid().ToString("N")[..8];

    public HttpClient Staff { get; private set; } = null!;

    public HttpClient Landlord { get; private set; } = null!;

    public static Task<ApiScenario> StartAsync(ClusterFixture fixture) => StartAsync((role, subject) => fixture.ClientForAsync(role, subject));

    /// <summary>A scenario whose clients (by role and subject) come from <paramref name="clientFor"/>: another API host's.</summary>
    public static async Task<ApiScenario> StartAsync(Func<string, string, Task<HttpClient>> clientFor)
    {
        var scenario = new ApiScenario();
        scenario.Staff = await clientFor(Roles.Staff, "staff-" + scenario.LandlordId);
        scenario.Landlord = await clientFor(Roles.Landlord, scenario.LandlordId);
        return scenario;
    }

    public async Task<string> VisaAsync(DateOnly requestDate, string profile = "YOUNG", string lastName = "Brahim",
        decimal resources = 2000m, bool? studentProof = null)
    {
        var body = new Dictionary<string, object?>
        {
            ["firstName"] = "Cloane",
            ["lastName"] = lastName,
            ["birthDate"] = requestDate.AddYears(-22).ToString("yyyy-MM-dd"),
            ["profile"] = profile,
            ["requestDate"] = requestDate.ToString("yyyy-MM-dd"),
            ["monthlyResources"] = resources,
        };
        if (studentProof is { } proof)
        {
            body["student"] = new { hasProofOfResources = proof };
        }

        var response = await Staff.PostAsJsonAsync("/api/v1/visas", body);
        var visa = await Expect.JsonAsync(response, HttpStatusCode.Created);
        return visa.GetProperty("visaNumber").GetString()!;
    }

    public static Dictionary<string, object?> Lease(string park, DateOnly signedOn, DateOnly effectiveOn,
        decimal rent = 700m, decimal charges = 100m, decimal deposit = 700m, string zone = "IDF") => new()
        {
            ["park"] = park,
            ["zone"] = zone,
            ["address"] = "57 rue Ernest Renan 92000 Nanterre",
            ["rent"] = rent,
            ["charges"] = charges,
            ["deposit"] = deposit,
            ["signedOn"] = signedOn.ToString("yyyy-MM-dd"),
            ["effectiveOn"] = effectiveOn.ToString("yyyy-MM-dd"),
            ["termMonths"] = park == "PRIVATE_MOBILITY" ? 6 : 36,
        };

    public Dictionary<string, object?> Activation(string visaNumber, Dictionary<string, object?> lease, DateOnly registeredOn,
        string tenantLastName = "BRAHIM") => new()
        {
            ["visaNumber"] = visaNumber,
            ["tenantLastName"] = tenantLastName,
            ["tenantFirstName"] = "Cloane",
            ["landlordId"] = LandlordId,
            ["lease"] = lease,
            ["registeredOn"] = registeredOn.ToString("yyyy-MM-dd"),
        };

    public static async Task<HttpResponseMessage> PostAsync(HttpClient http, string path, object body, string? idempotencyKey = null)
    {
        using var request = new HttpRequestMessage(HttpMethod.Post, path) { Content = JsonContent.Create(body) };
        request.Headers.Add("Idempotency-Key", idempotencyKey ?? Guid.NewGuid().ToString());
        return await http.SendAsync(request);
    }

    /// <summary>Posts a body written as JSON text (a malformed one, or a number as written), under a key like <see cref="PostAsync"/>.</summary>
    public static async Task<HttpResponseMessage> PostJsonAsync(HttpClient http, string path, string json, string? idempotencyKey = null)
    {
        using var request = new HttpRequestMessage(HttpMethod.Post, path) { Content = new StringContent(json, Encoding.UTF8, "application/json") };
        request.Headers.Add("Idempotency-Key", idempotencyKey ?? Guid.NewGuid().ToString());
        return await http.SendAsync(request);
    }

    /// <summary>Activates through the staff back office; returns the contract number.</summary>
    public async Task<string> ContractAsync(string visaNumber, Dictionary<string, object?> lease, DateOnly registeredOn)
    {
        var response = await PostAsync(Staff, "/api/v1/contracts", Activation(visaNumber, lease, registeredOn));
        var contract = await Expect.JsonAsync(response, HttpStatusCode.Created);
        return contract.GetProperty("contractNumber").GetString()!;
    }

    public static Dictionary<string, object?> Declaration(DateOnly declaredOn, IEnumerable<YearMonth> months, decimal due,
        DateOnly? defaultDate = null, DateOnly? reminderDate = null, DateOnly? letterDate = null) => new()
        {
            ["defaultDate"] = defaultDate?.ToString("yyyy-MM-dd"),
            ["reminderDate"] = reminderDate?.ToString("yyyy-MM-dd"),
            ["demandLetterDate"] = letterDate?.ToString("yyyy-MM-dd"),
            ["declaredOn"] = declaredOn.ToString("yyyy-MM-dd"),
            ["months"] = months.Select(m => new { month = m.ToString(), due, paidByTenant = 0m, housingBenefit = 0m }).ToList(),
        };

    /// <summary>
    /// Declares <paramref name="count"/> wholly unpaid months from <paramref name="first"/> as a landlord keeping a claim
    /// going does, each in time (back office, so on the days it happened): the first opens the claim 19 days after its due
    /// date, each next one is declared 5 days after its own. Returns the last answer.
    /// </summary>
    public async Task<JsonElement> DeclareMonthByMonthAsync(string number, YearMonth first, int count, decimal due)
    {
        var answer = default(JsonElement);
        for (var i = 0; i < count; i++)
        {
            var month = first.AddMonths(i);
            var body = i == 0
                ? Declaration(month.FirstDay.AddDays(19), [month], due, month.FirstDay.AddDays(5), month.FirstDay.AddDays(7), month.FirstDay.AddDays(14))
                : Declaration(month.FirstDay.AddDays(5), [month], due);
            answer = await Expect.JsonAsync(await PostAsync(Staff, $"/api/v1/contracts/{number}/unpaid-rent", body), HttpStatusCode.OK);
        }

        return answer;
    }

    public static IEnumerable<YearMonth> Months(YearMonth first, int count) => Enumerable.Range(0, count).Select(first.AddMonths);

    public static async Task<long> CountAsync(string table) => await TestDatabase.ScalarAsync<long>($"SELECT count(*) FROM {table}");

    public static JsonElement Month(JsonElement declaration, string month) =>
        declaration.GetProperty("months").EnumerateArray().Single(m => m.GetProperty("month").GetString() == month);
}
