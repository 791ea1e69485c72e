using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using ActionLogement.Database;

namespace ActionLogement.IntegrationTests.Api;

/// <summary>
/// A list filter or cursor the API does not know is a 400 <c>invalid_value</c> naming it, never an empty page that
/// looks like "nothing matches". Values are the API's spelling, letter case aside (as <c>/payouts?status=</c> always was).
/// </summary>
[Collection("cluster")]
public sealed class ListFilterApiTests(ClusterFixture fixture)
{
    [Theory]
    [InlineData("/api/v1/contracts?status=BOGUS", "status", "'status' is one of ACTIVE, ENDED, CANCELLED.")]
    [InlineData("/api/v1/contracts?status=ACTIVE&status=ENDED", "status", "'status' is given once.")]
    [InlineData("/api/v1/contracts?status=0", "status", "'status' is one of ACTIVE, ENDED, CANCELLED.")]
    [InlineData("/api/v1/payouts?status=BOGUS", "status", "'status' is one of PENDING, PAID, CANCELLED.")]
    [InlineData("/api/v1/recovery-cases?state=1", "state", StatesMessage)]
    [InlineData("/api/v1/recovery-cases?state=-5", "state", StatesMessage)]
    [InlineData("/api/v1/recovery-cases?state=closedpaid", "state", StatesMessage)]
    [InlineData("/api/v1/recovery-cases?state=PlanActive", "state", StatesMessage)]
    [InlineData("/api/v1/recovery-cases?state=amicable,litigation", "state", StatesMessage)]
    [InlineData("/api/v1/recovery-cases?state=AMICABLE&state=LITIGATION", "state", "'state' is given once.")]
    [InlineData("/api/v1/recovery-cases?state=", "state", StatesMessage)]
    [InlineData("/api/v1/recovery-cases?after=garbage", "after", CursorMessage)]
    [InlineData("/api/v1/recovery-cases?after=2026-01-01|A10000000001", "after", CursorMessage)]
    [InlineData("/api/v1/recovery-cases?after=01/02/2026|R10000000001", "after", CursorMessage)]
    [InlineData("/api/v1/contracts?after=zzzz", "after", CursorMessage)]
    [InlineData("/api/v1/contracts?after=A1000000000", "after", CursorMessage)]
    [InlineData("/api/v1/payouts?after=zzz", "after", CursorMessage)]
    [InlineData("/api/v1/payouts?after=P-10000000001-01", "after", CursorMessage)]
    [InlineData("/api/v1/payouts?contract=A1000000000", "contract", ContractMessage)]
    [InlineData("/api/v1/payouts?contract=P-10000000001-001", "contract", ContractMessage)]
    [InlineData("/api/v1/recovery-cases?contract=R10000000001", "contract", ContractMessage)]
    [InlineData("/api/v1/payouts?landlordId=L%20123", "landlordId", LandlordMessage)]
    [InlineData("/api/v1/contracts?landlordId=", "landlordId", LandlordMessage)]
    [InlineData("/api/v1/contracts?externalRef=%20", "externalRef", "'externalRef' is 1 to 100 characters.")]
    [InlineData("/api/v1/contracts?externalRef=A%09B", "externalRef", "'externalRef' holds a control character (U+0009).")]
    public async Task An_unknown_filter_value_or_cursor_is_400_naming_the_parameter(string path, string field, string message)
    {
        var staff = await fixture.ClientForAsync(Roles.Staff, "staff-filters");
        var problem = await Expect.ProblemAsync(await staff.GetAsync(path), HttpStatusCode.BadRequest, "invalid_value");
        var error = Assert.Single(problem.GetProperty("errors").EnumerateArray());
        Assert.Equal(field, error.GetProperty("field").GetString());
        Assert.Equal(message, error.GetProperty("message").GetString());
    }

    [Theory]
    [InlineData("0001-01-01")]
    [InlineData("2200-01-01")]
    public async Task A_date_filter_outside_the_dates_a_body_may_carry_is_refused(string date)
    {
        var staff = await fixture.ClientForAsync(Roles.Staff, "staff-filters");
        var problem = await Expect.ProblemAsync(await staff.GetAsync($"/api/v1/recovery-cases?due-before={date}"), HttpStatusCode.BadRequest,
            "date_out_of_range");
        Assert.Equal("due-before", Assert.Single(problem.GetProperty("errors").EnumerateArray()).GetProperty("field").GetString());
    }

    [Fact]
    public async Task Every_failing_parameter_is_listed()
    {
        var staff = await fixture.ClientForAsync(Roles.Staff, "staff-filters");
        var problem = await Expect.ProblemAsync(
            await staff.GetAsync("/api/v1/recovery-cases?state=NOPE&limit=0&after=x"), HttpStatusCode.BadRequest, "invalid_value");
        Assert.Equal(["state", "limit", "after"], problem.GetProperty("errors").EnumerateArray().Select(e => e.GetProperty("field").GetString()));
    }

    [Theory]
    [InlineData("/api/v1/contracts?status=ACTIVE")]
    [InlineData("/api/v1/contracts?status=cancelled")]
    [InlineData("/api/v1/payouts?status=pending")]
    [InlineData("/api/v1/recovery-cases?state=PLAN_DEFAULTED")]
    [InlineData("/api/v1/recovery-cases?state=closed_written_off")]
    [InlineData("/api/v1/recovery-cases?after=2026-01-01|R10000000001")]
    [InlineData("/api/v1/recovery-cases?after=9999-12-31|R10000000001")]
    [InlineData("/api/v1/contracts?after=A10000000001")]
    [InlineData("/api/v1/payouts?after=P-10000000001-001")]
    [InlineData("/api/v1/payouts?status=PAID&after=P-10000000001-1000")]
    [InlineData("/api/v1/contracts?externalRef=%20" + HundredCharacters + "%20")]
    public async Task Known_values_in_any_letter_case_and_well_formed_cursors_are_listed(string path)
    {
        var staff = await fixture.ClientForAsync(Roles.Staff, "staff-filters");
        await Expect.JsonAsync(await staff.GetAsync(path), HttpStatusCode.OK);
    }

    [Fact]
    public async Task A_filter_matches_the_status_it_names_and_a_next_cursor_continues_the_list()
    {
        var s = await ApiScenario.StartAsync(fixture);
        var first = await s.ContractAsync(await s.VisaAsync(ApiScenario.Today.AddDays(-3)),
            ApiScenario.Lease("PRIVATE", ApiScenario.Today.AddDays(-1), ApiScenario.Today), ApiScenario.Today);
        var second = await s.ContractAsync(await s.VisaAsync(ApiScenario.Today.AddDays(-3)),
            ApiScenario.Lease("PRIVATE", ApiScenario.Today.AddDays(-1), ApiScenario.Today), ApiScenario.Today);

        string[] expected = [.. new[] { first, second }.Order(StringComparer.Ordinal)];

        var active = await s.Landlord.GetFromJsonAsync<JsonElement>("/api/v1/contracts?status=active&limit=1");
        Assert.Equal(expected[0], Assert.Single(active.GetProperty("items").EnumerateArray()).GetProperty("contractNumber").GetString());
        var next = active.GetProperty("next").GetString()!;
        var rest = await s.Landlord.GetFromJsonAsync<JsonElement>($"/api/v1/contracts?status=ACTIVE&after={next}");
        Assert.Equal([expected[1]], rest.GetProperty("items").EnumerateArray().Select(c => c.GetProperty("contractNumber").GetString()));

        var ended = await s.Landlord.GetFromJsonAsync<JsonElement>("/api/v1/contracts?status=ENDED");
        Assert.Empty(ended.GetProperty("items").EnumerateArray());
    }

    private const string StatesMessage =
        "'state' is one of AMICABLE, PLAN_ACTIVE, PLAN_DEFAULTED, LITIGATION, OVER_INDEBTEDNESS, CLOSED_PAID, CLOSED_WRITTEN_OFF.";

    /// <summary>A reference of the longest length an activation stores, measured (as there) once trimmed.</summary>
    private const string HundredCharacters =
        "RRRRRRRRRRRRRRRRRRRRRRRRRRRRRRRRRRRRRRRRRRRRRRRRRRRRRRRRRRRRRRRRRRRRRRRRRRRRRRRRRRRRRRRRRRRRRRRRRRRR";

    private const string ContractMessage = "'contract' is a contract number: 'A' followed by 11 digits.";

    private const string LandlordMessage = "'landlordId' is an id of 1 to 50 visible characters, without spaces.";

    private const string CursorMessage = "'after' is the 'next' of a previous page, as given.";
}
