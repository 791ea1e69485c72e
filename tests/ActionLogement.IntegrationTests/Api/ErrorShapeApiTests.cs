using System.Net;
using System.Text;
using System.Text.Json;
using ActionLogement.Database;

namespace ActionLogement.IntegrationTests.Api;

/// <summary>
/// Every error is the API's ProblemDetails (API.md: <c>code</c> and <c>errors</c>, in the API's own words), including
/// those the framework raises before an endpoint runs.
/// </summary>
[Collection("cluster")]
public sealed class ErrorShapeApiTests(ClusterFixture fixture)
{
    [Fact]
    public async Task A_401_without_a_key_names_the_bearer_scheme()
    {
        var response = await fixture.Api.CreateClient().GetAsync("/api/v1/contracts");
        await Expect.ProblemAsync(response, HttpStatusCode.Unauthorized, "unauthorized");
        var challenge = Assert.Single(response.Headers.WwwAuthenticate);
        Assert.Equal("Bearer", challenge.Scheme);
        Assert.Null(challenge.Parameter);
    }

    [Fact]
    public async Task A_401_for_an_unknown_key_says_the_token_is_invalid()
    {
        var http = fixture.Api.CreateClient();
        http.DefaultRequestHeaders.Add("Authorization", "Bearer al_nobody_0000");
        var response = await http.GetAsync("/api/v1/contracts");
        await Expect.ProblemAsync(response, HttpStatusCode.Unauthorized, "unauthorized");
        var challenge = Assert.Single(response.Headers.WwwAuthenticate);
        Assert.Equal("Bearer", challenge.Scheme);
        Assert.Equal("error=\"invalid_token\"", challenge.Parameter);
    }

    [Fact]
    public async Task An_unknown_address_is_404_not_found()
    {
        var staff = await fixture.ClientForAsync(Roles.Staff, "staff-shapes");
        await Expect.ProblemAsync(await staff.GetAsync("/api/v1/nope"), HttpStatusCode.NotFound, "not_found");
        await Expect.ProblemAsync(await fixture.Api.CreateClient().GetAsync("/nope"), HttpStatusCode.NotFound, "not_found");
    }

    [Theory]
    [InlineData("DELETE")]
    [InlineData("PUT")]
    [InlineData("PATCH")]
    [InlineData("OPTIONS")]
    [InlineData("TRACE")]
    public async Task A_method_the_address_does_not_take_is_405_naming_those_it_takes(string method)
    {
        var staff = await fixture.ClientForAsync(Roles.Staff, "staff-shapes");
        var response = await staff.SendAsync(new HttpRequestMessage(new HttpMethod(method), "/api/v1/contracts"));
        var problem = await Expect.ProblemAsync(response, HttpStatusCode.MethodNotAllowed, "method_not_allowed");
        Assert.Equal(["GET", "POST"], response.Content.Headers.Allow.Order());
        var message = problem.GetProperty("errors")[0].GetProperty("message").GetString()!;
        Assert.Contains("GET", message);
        Assert.Contains(method, message);
    }

    [Fact]
    public async Task Head_on_a_read_is_405_with_a_problem_content_type()
    {
        var staff = await fixture.ClientForAsync(Roles.Staff, "staff-shapes");
        var response = await staff.SendAsync(new HttpRequestMessage(HttpMethod.Head, "/api/v1/contracts"));
        Assert.Equal(HttpStatusCode.MethodNotAllowed, response.StatusCode);
        Assert.Equal("application/problem+json", response.Content.Headers.ContentType?.MediaType);
    }

    [Fact]
    public async Task A_body_that_is_not_json_is_415()
    {
        var tenant = await fixture.ClientForAsync(Roles.Tenant, "T-shapes");
        var response = await tenant.PostAsync("/api/v1/visas", new StringContent("{}", Encoding.UTF8, "text/plain"));
        var problem = await Expect.ProblemAsync(response, HttpStatusCode.UnsupportedMediaType, "unsupported_media_type");
        Assert.Contains("application/json", problem.GetProperty("errors")[0].GetProperty("message").GetString());
    }

    [Theory]
    [InlineData("/api/v1/payouts?state=PAID", "state")]
    [InlineData("/api/v1/recovery-cases?due_before=2026-01-01", "due_before")]
    [InlineData("/api/v1/contracts/A10000000000?verbose=1", "verbose")]
    public async Task A_query_parameter_the_address_does_not_take_is_400_not_ignored(string path, string name)
    {
        var staff = await fixture.ClientForAsync(Roles.Staff, "staff-shapes");
        var problem = await Expect.ProblemAsync(await staff.GetAsync(path), HttpStatusCode.BadRequest, "invalid_value");
        Assert.Equal(name, problem.GetProperty("errors")[0].GetProperty("field").GetString());

        // Spelt as the address takes it, the same filter is read.
        var listed = await staff.GetAsync("/api/v1/payouts?STATUS=PAID&limit=1");
        Assert.Equal(HttpStatusCode.OK, listed.StatusCode);

        // The framework's own addresses, outside the API, are left as they are (a cache-busting query on the document).
        Assert.Equal(HttpStatusCode.OK, (await staff.GetAsync("/openapi/v1.json?v=2")).StatusCode);
    }

    [Fact]
    public async Task A_query_parameter_given_twice_where_it_takes_one_value_is_400()
    {
        var landlord = await fixture.ClientForAsync(Roles.Landlord, "L-shapes");
        var problem = await Expect.ProblemAsync(await landlord.GetAsync("/api/v1/visas/V10000000001?lastName=BRAHIM&lastName=X"),
            HttpStatusCode.BadRequest, "invalid_value");
        Assert.Equal("lastName", problem.GetProperty("errors")[0].GetProperty("field").GetString());
    }

    [Theory]
    [InlineData("windows-1252")]
    [InlineData("x")]
    [InlineData("")]
    public async Task A_json_body_in_another_charset_is_415(string charset)
    {
        var tenant = await fixture.ClientForAsync(Roles.Tenant, "T-shapes");
        var content = new StringContent("{}", Encoding.UTF8);
        content.Headers.ContentType = System.Net.Http.Headers.MediaTypeHeaderValue.Parse($"application/json; charset={(charset == "" ? "\"\"" : charset)}");
        var problem = await Expect.ProblemAsync(await tenant.PostAsync("/api/v1/visas", content), HttpStatusCode.UnsupportedMediaType,
            "unsupported_media_type");
        Assert.Contains("UTF-8", problem.GetProperty("errors")[0].GetProperty("message").GetString());
    }

    [Theory]
    [InlineData("utf8")]
    [InlineData("UTF-8")]
    public async Task A_json_body_in_utf8_however_spelt_is_read(string charset)
    {
        var tenant = await fixture.ClientForAsync(Roles.Tenant, "T-shapes");
        var content = new StringContent("{\"firstName\": 1}", Encoding.UTF8);
        content.Headers.ContentType = System.Net.Http.Headers.MediaTypeHeaderValue.Parse($"application/json; charset={charset}");
        // Read, and refused for what it says, not for how it is encoded.
        await Expect.ProblemAsync(await tenant.PostAsync("/api/v1/visas", content), HttpStatusCode.BadRequest, "malformed_request");
    }

    [Fact]
    public async Task A_body_over_the_limit_is_413_without_an_idempotency_key_too()
    {
        var tenant = await fixture.ClientForAsync(Roles.Tenant, "T-shapes");
        var huge = "{\"firstName\":\"" + new string('x', 300 * 1024) + "\"}";
        var response = await tenant.PostAsync("/api/v1/visas", new StringContent(huge, Encoding.UTF8, "application/json"));
        await Expect.ProblemAsync(response, HttpStatusCode.RequestEntityTooLarge, "body_too_large");
    }

    [Theory]
    [InlineData("null")]
    [InlineData("")]
    public async Task A_missing_body_is_400_saying_a_body_is_required(string body)
    {
        var landlord = await fixture.ClientForAsync(Roles.Landlord, "L-shapes");
        var response = await landlord.PostAsync("/api/v1/contracts/A10000140233/exit", new StringContent(body, Encoding.UTF8, "application/json"));
        var error = await SingleErrorAsync(response, "malformed_request");
        Assert.Equal("A JSON body is required.", error.GetProperty("message").GetString());
        Assert.Equal(JsonValueKind.Null, error.GetProperty("field").ValueKind);
    }

    [Theory]
    [InlineData("[1,2]", "The body is JSON, but not an object: send the command's fields as a JSON object ({...}).")]
    [InlineData("\"2026-01-31\"", "The body is JSON, but not an object: send the command's fields as a JSON object ({...}).")]
    [InlineData("{oops}", "The body is not valid JSON.")]
    public async Task A_body_of_another_shape_is_told_apart_from_one_that_is_not_json(string body, string message)
    {
        var landlord = await fixture.ClientForAsync(Roles.Landlord, "L-shapes");
        var response = await landlord.PostAsync("/api/v1/contracts/A10000140233/exit", new StringContent(body, Encoding.UTF8, "application/json"));
        var error = await SingleErrorAsync(response, "malformed_request");
        Assert.Equal(message, error.GetProperty("message").GetString());
    }

    [Theory]
    [InlineData("x", HttpStatusCode.BadRequest, "payout_id_invalid")]
    [InlineData("P-1-001", HttpStatusCode.BadRequest, "payout_id_invalid")]
    [InlineData("P-10000140233-001", HttpStatusCode.NotFound, "not_found")]
    public async Task A_malformed_payout_id_is_the_callers_mistake_and_a_well_formed_unknown_one_is_not_found(
        string payoutId, HttpStatusCode status, string code)
    {
        var staff = await fixture.ClientForAsync(Roles.Staff, "staff-shapes");
        var response = await staff.PostAsync($"/api/v1/payouts/{payoutId}/paid",
            new StringContent("{\"bankReference\":\"VIR-1\"}", Encoding.UTF8, "application/json"));
        await Expect.ProblemAsync(response, status, code);
    }

    [Fact]
    public async Task Two_idempotency_keys_on_one_command_are_refused_rather_than_joined_into_one()
    {
        var landlord = await fixture.ClientForAsync(Roles.Landlord, "L-shapes");
        using var request = new HttpRequestMessage(HttpMethod.Post, "/api/v1/contracts/A10000140233/exit")
        {
            Content = new StringContent("{\"exitDate\":\"2026-01-31\"}", Encoding.UTF8, "application/json"),
        };
        request.Headers.Add("Idempotency-Key", ["key-a", "key-b"]);
        await SingleErrorAsync(await landlord.SendAsync(request), "idempotency_key_invalid");
    }

    [Fact]
    public async Task A_missing_field_is_named_in_the_apis_words()
    {
        var landlord = await fixture.ClientForAsync(Roles.Landlord, "L-shapes");
        var response = await landlord.PostAsync("/api/v1/contracts/A10000140233/exit", new StringContent("{}", Encoding.UTF8, "application/json"));
        var error = await SingleErrorAsync(response, "malformed_request");
        Assert.Equal("Required fields are missing: 'exitDate'.", error.GetProperty("message").GetString());
    }

    [Theory]
    [InlineData("/api/v1/contracts?limit=abc", "limit", "'limit' must be a whole number.")]
    [InlineData("/api/v1/contracts?limit=1.5", "limit", "'limit' must be a whole number.")]
    [InlineData("/api/v1/contracts?limit=1&limit=2", "limit", "'limit' is given once.")]
    [InlineData("/api/v1/recovery-cases?due-before=2026-13-01", "due-before", "'due-before' must be a date (yyyy-MM-dd).")]
    [InlineData("/api/v1/recovery-cases?due-before=soon", "due-before", "'due-before' must be a date (yyyy-MM-dd).")]
    public async Task A_query_value_that_does_not_parse_is_400_on_its_wire_name(string path, string field, string message)
    {
        var staff = await fixture.ClientForAsync(Roles.Staff, "staff-shapes");
        var error = await SingleErrorAsync(await staff.GetAsync(path), "invalid_value");
        Assert.Equal(field, error.GetProperty("field").GetString());
        Assert.Equal(message, error.GetProperty("message").GetString());
    }

    private static async Task<JsonElement> SingleErrorAsync(HttpResponseMessage response, string code)
    {
        var problem = await Expect.ProblemAsync(response, HttpStatusCode.BadRequest, code);
        return Assert.Single(problem.GetProperty("errors").EnumerateArray());
    }
}
