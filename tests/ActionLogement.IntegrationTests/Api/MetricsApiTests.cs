using System.Globalization;
using ActionLogement.Database;
using ActionLogement.IntegrationTests.Bulk;
using static ActionLogement.IntegrationTests.Infrastructure.ApiScenario;

namespace ActionLogement.IntegrationTests.Api;

/// <summary>
/// <c>GET /metrics</c> (API.md): Prometheus text a scraper reads without a key, counting requests by route, grain calls
/// and payouts, and naming no contract, payout or person.
/// </summary>
[Collection("cluster")]
public sealed class MetricsApiTests(ClusterFixture fixture)
{
    private const string DeclareRoute = "endpoint=\"/api/v1/contracts/{contractNumber}/unpaid-rent\"";

    [Fact]
    public async Task A_declaration_that_pays_is_counted_as_a_request_a_grain_call_and_a_payout()
    {
        var s = await StartAsync(fixture);
        var number = await s.ContractAsync(await s.VisaAsync(new DateOnly(2023, 5, 1)),
            Lease("PRIVATE", new DateOnly(2023, 5, 20), new DateOnly(2023, 6, 1)), new DateOnly(2023, 5, 25));
        var before = await ScrapeAsync();

        var declared = Declaration(new DateOnly(2023, 9, 1), [new YearMonth(2023, 7)], 800m,
            new DateOnly(2023, 8, 10), new DateOnly(2023, 8, 12), new DateOnly(2023, 8, 20));
        await Expect.JsonAsync(await PostAsync(s.Staff, $"/api/v1/contracts/{number}/unpaid-rent", declared), System.Net.HttpStatusCode.OK);
        var after = await ScrapeAsync();

        // Other tests run meanwhile: each count grew by this test's at least.
        Assert.True(Sum(after, "http_requests_received_total", "code=\"200\"", "method=\"POST\"", DeclareRoute)
            >= Sum(before, "http_requests_received_total", "code=\"200\"", "method=\"POST\"", DeclareRoute) + 1);
        Assert.True(Sum(after, "actionlogement_grain_calls", "grain=\"ContractGrain\"", "method=\"DeclareUnpaidRent\"", "outcome=\"ok\"")
            >= Sum(before, "actionlogement_grain_calls", "grain=\"ContractGrain\"", "method=\"DeclareUnpaidRent\"", "outcome=\"ok\"") + 1);
        Assert.True(Sum(after, "actionlogement_payouts_created", "kind=\"unpaid_rent\"")
            >= Sum(before, "actionlogement_payouts_created", "kind=\"unpaid_rent\"") + 1);
        Assert.True(Sum(after, "actionlogement_payouts_created_amount", "kind=\"unpaid_rent\"") > 0);

        Assert.DoesNotContain(number, after, StringComparison.Ordinal);
        Assert.DoesNotContain(s.LandlordId, after, StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_request_refused_by_the_exception_handler_is_counted_with_the_status_it_got()
    {
        var s = await StartAsync(fixture);
        var before = await ScrapeAsync();
        using var malformed = new HttpRequestMessage(HttpMethod.Post, "/api/v1/contracts/A10000000000/unpaid-rent")
        {
            Content = new StringContent("{", System.Text.Encoding.UTF8, "application/json"),
        };
        malformed.Headers.Add("Idempotency-Key", Guid.NewGuid().ToString());
        await Expect.ProblemAsync(await s.Staff.SendAsync(malformed), System.Net.HttpStatusCode.BadRequest, "malformed_request");
        var after = await ScrapeAsync();

        Assert.True(Sum(after, "http_requests_received_total", "code=\"400\"", "method=\"POST\"", DeclareRoute)
            >= Sum(before, "http_requests_received_total", "code=\"400\"", "method=\"POST\"", DeclareRoute) + 1,
            string.Join('\n', after.Split('\n').Where(l => l.StartsWith("http_requests_received_total", StringComparison.Ordinal) && l.Contains("POST", StringComparison.Ordinal))));
    }

    [Fact]
    public async Task Bulk_rows_are_counted_by_status_once_committed()
    {
        var (http, _, lines) = await BulkFile.ForNewPartnerAsync(fixture, 3);
        var before = await ScrapeAsync();

        await BulkActivationApiTests.RunJobAsync(http, string.Join('\n', lines.Append("{}")) + "\n", "application/x-ndjson");
        var after = await ScrapeAsync();

        Assert.True(Sum(after, "actionlogement_bulk_rows", "status=\"activated\"") >= Sum(before, "actionlogement_bulk_rows", "status=\"activated\"") + 3);
        Assert.True(Sum(after, "actionlogement_bulk_rows", "status=\"rejected\"") >= Sum(before, "actionlogement_bulk_rows", "status=\"rejected\"") + 1);
    }

    [Theory]
    [InlineData("PROBE", "/api/v1/contracts")]
    [InlineData("PROBE", "/health/live")]
    public async Task A_made_up_method_is_501_and_adds_no_series(string method, string path)
    {
        method += Guid.NewGuid().ToString("N")[..8].ToUpperInvariant();
        using var request = new HttpRequestMessage(new HttpMethod(method), path);
        await Expect.ProblemAsync(await fixture.Api.CreateClient().SendAsync(request), System.Net.HttpStatusCode.NotImplemented,
            "method_not_supported");
        Assert.DoesNotContain($"method=\"{method}\"", await ScrapeAsync(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_method_in_other_letters_is_not_GET()
    {
        // Sent on a bare socket: HttpClient would write it as GET. A method is case-sensitive (RFC 9110 §9.1).
        var address = fixture.Api.ClientOptions.BaseAddress;
        using var tcp = new System.Net.Sockets.TcpClient();
        await tcp.ConnectAsync(address.Host, address.Port);
        await using var stream = tcp.GetStream();
        await stream.WriteAsync(System.Text.Encoding.ASCII.GetBytes($"gEt /health/live HTTP/1.1\r\nHost: {address.Authority}\r\nConnection: close\r\n\r\n"));
        var answer = await new StreamReader(stream).ReadToEndAsync();
        Assert.StartsWith("HTTP/1.1 501", answer);
        Assert.DoesNotContain("method=\"gEt\"", await ScrapeAsync(), StringComparison.Ordinal);
    }

    private async Task<string> ScrapeAsync()
    {
        using var response = await fixture.Api.CreateClient().GetAsync("/metrics");
        Assert.Equal(System.Net.HttpStatusCode.OK, response.StatusCode);
        Assert.StartsWith("text/plain", response.Content.Headers.ContentType?.MediaType);
        return await response.Content.ReadAsStringAsync();
    }

    /// <summary>The sum of the samples of <paramref name="metric"/> whose labels include all of <paramref name="labels"/>.</summary>
    private static double Sum(string scrape, string metric, params string[] labels) =>
        scrape.Split('\n')
            .Where(line => line.StartsWith(metric + "{", StringComparison.Ordinal) || line.StartsWith(metric + " ", StringComparison.Ordinal))
            .Where(line => labels.All(label => line.Contains(label, StringComparison.Ordinal)))
            .Sum(line => double.Parse(line[(line.LastIndexOf(' ') + 1)..], CultureInfo.InvariantCulture));
}
