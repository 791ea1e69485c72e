using System.Net;
using System.Net.Http.Json;
using System.Net.Sockets;
using System.Text;
using static ActionLogement.IntegrationTests.Infrastructure.ApiScenario;

namespace ActionLogement.IntegrationTests.Lifecycle;

/// <summary>Bad input is a 400 or 413 ProblemDetails with a code, never a 500, and changes nothing.</summary>
[Collection("cluster")]
public sealed class BadInputApiTests(ClusterFixture fixture)
{
    public static TheoryData<string, string, int, string> Bodies => new()
    {
        { "malformed JSON", "{\"visaNumber\": ", 400, "malformed_request" },
        { "unknown field", """{"visaNumber":"V10000000001","tenantLastName":"X","landlordId":"L-1","colour":"red","lease":{}}""", 400, "malformed_request" },
        { "missing lease", """{"visaNumber":"V10000000001","tenantLastName":"X","landlordId":"L-1"}""", 400, "malformed_request" },
        { "negative rent", Activation(rent: "-5"), 400, "invalid_amount" },
        { "three decimals", Activation(rent: "700.125"), 400, "invalid_amount" },
        // A decimal holds 28-29 digits: these would be read as 700 and 0 and pass for amounts with two decimals.
        { "decimals past a decimal's digits", Activation(rent: "699.999999999999999999999999999999"), 400, "invalid_amount" },
        { "an amount below a decimal's smallest", Activation(rent: "1e-400"), 400, "invalid_amount" },
        { "three decimals by the exponent", Activation(rent: "7001e-3"), 400, "invalid_amount" },
        // Two decimals however written are an amount: the only refusal is the visa number's.
        { "two decimals with an exponent", Activation(rent: "6.9950e2", visa: "V123"), 400, "visa_number_invalid" },
        { "date out of range", Activation(signedOn: "1850-01-01"), 400, "date_out_of_range" },
        { "impossible date", Activation(signedOn: "2026-02-30"), 400, "malformed_request" },
        { "unknown park", Activation(park: "CASTLE"), 400, "malformed_request" },
        { "bad visa number", Activation(visa: "V123"), 400, "visa_number_invalid" },
        // Compared as they are: a zero-width space makes another landlord, one no key matches.
        { "an invisible character in an id", Activation().Replace("\"L-1\"", "\"L-1\\u200b\"", StringComparison.Ordinal), 400, "invalid_value" },
        { "a space in an id", Activation().Replace("\"L-1\"", "\"L 1\"", StringComparison.Ordinal), 400, "invalid_value" },
    };

    [Theory]
    [MemberData(nameof(Bodies))]
    public async Task Bad_activation_bodies_are_refused_without_state_change(string why, string body, int status, string code)
    {
        var staff = (await StartAsync(fixture)).Staff;
        var before = (await CountAsync("grain_state"), await CountAsync("contracts_view"));
        await Expect.ProblemAsync(await PostJsonAsync(staff, "/api/v1/contracts", body), (HttpStatusCode)status, code);
        Assert.True(before == (await CountAsync("grain_state"), await CountAsync("contracts_view")), why);
    }

    /// <summary>
    /// A body the JSON reader refuses leaves the connection sound: through .NET 10's reader of the request's pipe, such a
    /// body left that pipe mid-read, and once the client closed its kept-alive connection Kestrel logged "Connection
    /// processing ended abnormally" with a stack trace, for every such request.
    /// </summary>
    [Theory]
    [InlineData("""{"channel":"FAX","note":"n"}""")]
    [InlineData("""{"channel":"PHONE","note":"n","nextActionOn":"notadate"}""")]
    public async Task A_body_refused_by_the_json_reader_leaves_the_connection_sound(string body)
    {
        var staff = (await StartAsync(fixture)).Staff;
        var api = staff.BaseAddress!;
        var bytes = Encoding.UTF8.GetBytes(body);
        using (var tcp = new TcpClient())
        {
            await tcp.ConnectAsync(api.Host, api.Port);
            await using var stream = tcp.GetStream();
            var refused = await RoundTripAsync(stream, $"POST /api/v1/recovery-cases/R10000000001/contacts HTTP/1.1\r\nHost: {api.Authority}\r\n" +
                $"Authorization: Bearer {staff.DefaultRequestHeaders.Authorization!.Parameter}\r\nContent-Type: application/json\r\n" +
                $"Content-Length: {bytes.Length}\r\n\r\n{body}");
            Assert.StartsWith("HTTP/1.1 400 ", refused);
        }

        // Closed by the client, as curl closes a kept-alive connection once it has its answer.
        await Task.Delay(TimeSpan.FromSeconds(1));
        Assert.DoesNotContain(KestrelLog.Warnings, w => w.Contains("Reading is already in progress", StringComparison.Ordinal));
    }

    /// <summary>
    /// Sends one request and reads its response: head and body, by its Content-Length or to its last chunk; what came if
    /// the server closed first.
    /// </summary>
    private static async Task<string> RoundTripAsync(NetworkStream stream, string request)
    {
        await stream.WriteAsync(Encoding.UTF8.GetBytes(request));
        var received = new StringBuilder();
        var buffer = new byte[8192];
        using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(10));
        while (true)
        {
            var text = received.ToString();
            var headEnd = text.IndexOf("\r\n\r\n", StringComparison.Ordinal);
            if (headEnd >= 0)
            {
                var head = text[..headEnd].Split("\r\n");
                var length = head.FirstOrDefault(h => h.StartsWith("Content-Length:", StringComparison.OrdinalIgnoreCase));
                var chunked = head.Any(h => h.Equals("Transfer-Encoding: chunked", StringComparison.OrdinalIgnoreCase));
                if (chunked ? text.EndsWith("\r\n0\r\n\r\n", StringComparison.Ordinal)
                    : length is null || text.Length - headEnd - 4 >= int.Parse(length["Content-Length:".Length..].Trim()))
                {
                    return text;
                }
            }

            var read = await stream.ReadAsync(buffer, timeout.Token);
            if (read == 0)
            {
                return text;
            }

            received.Append(Encoding.UTF8.GetString(buffer, 0, read));
        }
    }

    [Fact]
    public async Task An_unknown_name_in_a_nested_enum_field_is_told_the_names_it_takes()
    {
        var staff = (await StartAsync(fixture)).Staff;
        var problem = await Expect.ProblemAsync(await PostJsonAsync(staff, "/api/v1/contracts", Activation(park: "CASTLE")),
            HttpStatusCode.BadRequest, "malformed_request");
        Assert.Equal("Invalid value for 'lease.park': one of PRIVATE, PRIVATE_MOBILITY, SOCIAL, COLLECTIVE, TOURIST_RESIDENCE, RHVS, FAMILY_PENSION.",
            problem.GetProperty("detail").GetString());
    }

    [Fact]
    public async Task A_huge_body_is_413()
    {
        var staff = (await StartAsync(fixture)).Staff;
        var huge = "{\"visaNumber\":\"" + new string('9', 2_000_000) + "\"}";
        using var request = new HttpRequestMessage(HttpMethod.Post, "/api/v1/contracts") { Content = new StringContent(huge, Encoding.UTF8, "application/json") };
        request.Headers.Add("Idempotency-Key", Guid.NewGuid().ToString());

        // The server answers 413 from the declared length and closes; a client still sending the body would then meet a
        // broken pipe before it reads the answer. Waiting for "100 Continue", as a careful client does, it reads it.
        request.Headers.ExpectContinue = true;
        await Expect.ProblemAsync(await staff.SendAsync(request), HttpStatusCode.RequestEntityTooLarge, "body_too_large");
    }

    [Fact]
    public async Task A_money_command_without_an_idempotency_key_is_400()
    {
        var staff = (await StartAsync(fixture)).Staff;
        var response = await staff.PostAsJsonAsync("/api/v1/contracts", new { visaNumber = "V10000000001" });
        await Expect.ProblemAsync(response, HttpStatusCode.BadRequest, "idempotency_key_required");
    }

    [Fact]
    public async Task A_negative_unpaid_amount_is_400_and_pays_nothing()
    {
        var s = await StartAsync(fixture);
        var visa = await s.VisaAsync(Today.AddDays(-3));
        var number = await s.ContractAsync(visa, Lease("PRIVATE", Today.AddDays(-1), Today), Today);
        var body = Declaration(Today, [YearMonth.From(Today)], -800m, Today, Today, Today);
        await Expect.ProblemAsync(await PostAsync(s.Staff, $"/api/v1/contracts/{number}/unpaid-rent", body), HttpStatusCode.BadRequest, "invalid_amount");
        Assert.Equal(0, await TestDatabase.ScalarAsync<long>("SELECT count(*) FROM payouts_view WHERE contract_number = $1", number));
    }

    [Fact]
    public async Task A_landlord_may_not_backdate_beyond_seven_days()
    {
        var s = await StartAsync(fixture);
        var visa = await s.VisaAsync(Today.AddDays(-30));
        var response = await PostAsync(s.Landlord, "/api/v1/contracts",
            s.Activation(visa, Lease("PRIVATE", Today.AddDays(-9), Today.AddDays(-9)), Today.AddDays(-8)));
        await Expect.ProblemAsync(response, HttpStatusCode.BadRequest, "date_out_of_range");
    }

    private static string Activation(string rent = "700", string signedOn = "2026-01-10", string park = "PRIVATE", string visa = "V10000000001") =>
        $$"""
        {"visaNumber":"{{visa}}","tenantLastName":"BRAHIM","landlordId":"L-1",
         "lease":{"park":"{{park}}","zone":"IDF","address":"1 rue X","rent":{{rent}},"charges":100,"deposit":0,
                  "signedOn":"{{signedOn}}","effectiveOn":"2026-01-10"}
        }
        """;
}
