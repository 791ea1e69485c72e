using System.Net;
using System.Text.Json;

namespace ActionLogement.IntegrationTests.Api;

/// <summary>
/// <c>/openapi/v1.json</c> is the API's reference (API.md): a client generated from it must know every field's type,
/// the key each operation needs and which roles it admits, the <c>Idempotency-Key</c> of the commands, and the
/// ProblemDetails errors.
/// </summary>
[Collection("cluster")]
public sealed class OpenApiDocumentTests(ClusterFixture fixture)
{
    [Fact]
    public async Task Every_field_of_every_schema_has_a_type_or_names_a_schema_that_has_one()
    {
        var document = await DocumentAsync();
        var schemas = document.GetProperty("components").GetProperty("schemas");

        var untyped = (from schema in schemas.EnumerateObject()
                       where schema.Value.TryGetProperty("properties", out _)
                       from field in schema.Value.GetProperty("properties").EnumerateObject()
                       where !Typed(field.Value, schemas)
                       select $"{schema.Name}.{field.Name}").ToList();

        Assert.Empty(untyped);
    }

    [Fact]
    public async Task Amounts_dates_and_months_are_described_as_the_api_writes_them()
    {
        var schemas = (await DocumentAsync()).GetProperty("components").GetProperty("schemas");

        var month = schemas.GetProperty("MonthBody").GetProperty("properties");
        Assert.Equal("number", month.GetProperty("due").GetProperty("type").GetString());
        Assert.False(month.GetProperty("due").TryGetProperty("format", out _), "an amount is an exact decimal, not a double");
        var yearMonth = schemas.GetProperty("YearMonth");
        Assert.Equal("string", yearMonth.GetProperty("type").GetString());
        Assert.Matches(yearMonth.GetProperty("pattern").GetString()!, "2026-03");
        Assert.DoesNotMatch(yearMonth.GetProperty("pattern").GetString()!, "2026-13");

        var activation = schemas.GetProperty("ActivationBody").GetProperty("properties");
        Assert.Equal("string", activation.GetProperty("visaNumber").GetProperty("type").GetString());
        // Optional in the body, so null is a value it may have.
        Assert.Equal(["null", "string"], activation.GetProperty("registeredOn").GetProperty("type").EnumerateArray().Select(t => t.GetString()).Order());
        Assert.Equal("date", activation.GetProperty("registeredOn").GetProperty("format").GetString());
        Assert.Equal("string", schemas.GetProperty("Park").GetProperty("type").GetString());
    }

    [Fact]
    public async Task A_command_names_its_roles_its_idempotency_key_and_its_problems()
    {
        var document = await DocumentAsync();
        var declare = document.GetProperty("paths").GetProperty("/api/v1/contracts/{contractNumber}/unpaid-rent").GetProperty("post");

        Assert.Equal("Roles: landlord, partner, staff.", declare.GetProperty("description").GetString());
        var key = declare.GetProperty("parameters").EnumerateArray().Single(p => p.GetProperty("name").GetString() == "Idempotency-Key");
        Assert.Equal("header", key.GetProperty("in").GetString());
        Assert.True(key.GetProperty("required").GetBoolean());
        Assert.Equal("ApiKey", declare.GetProperty("security")[0].EnumerateObject().Single().Name);

        var responses = declare.GetProperty("responses");
        foreach (var status in new[] { "400", "401", "403", "404", "409", "422", "429" })
        {
            Assert.Equal("#/components/schemas/Problem", responses.GetProperty(status).GetProperty("content")
                .GetProperty("application/problem+json").GetProperty("schema").GetProperty("$ref").GetString());
        }

        var problem = document.GetProperty("components").GetProperty("schemas").GetProperty("Problem");
        Assert.Contains("code", problem.GetProperty("required").EnumerateArray().Select(r => r.GetString()));
        Assert.Equal("bearer", document.GetProperty("components").GetProperty("securitySchemes").GetProperty("ApiKey").GetProperty("scheme").GetString());
    }

    [Fact]
    public async Task Roles_are_those_the_group_and_the_endpoint_both_admit()
    {
        var paths = (await DocumentAsync()).GetProperty("paths");

        // The contracts group admits landlords, partners and staff; exit admits only the landlord's side.
        Assert.Equal("Roles: landlord, partner.", paths.GetProperty("/api/v1/contracts/{contractNumber}/exit").GetProperty("post")
            .GetProperty("description").GetString());
        Assert.Equal("Roles: staff.", paths.GetProperty("/api/v1/payouts").GetProperty("get").GetProperty("description").GetString());
        // A contract's exit takes a key but does not require one.
        var exitKey = paths.GetProperty("/api/v1/contracts/{contractNumber}/exit").GetProperty("post").GetProperty("parameters")
            .EnumerateArray().Single(p => p.GetProperty("name").GetString() == "Idempotency-Key");
        Assert.False(exitKey.TryGetProperty("required", out var required) && required.GetBoolean());
        // Reads take none.
        Assert.DoesNotContain(paths.GetProperty("/api/v1/payouts").GetProperty("get").GetProperty("parameters").EnumerateArray(),
            p => p.GetProperty("name").GetString() == "Idempotency-Key");
    }

    [Fact]
    public async Task The_bulk_upload_and_its_results_describe_the_streams_they_read_and_write()
    {
        var paths = (await DocumentAsync()).GetProperty("paths");

        var upload = paths.GetProperty("/api/v1/bulk-activations").GetProperty("post");
        var accepted = upload.GetProperty("requestBody").GetProperty("content").EnumerateObject().Select(c => c.Name).Order();
        Assert.Equal(["application/x-ndjson", "text/csv"], accepted);
        Assert.True(upload.GetProperty("responses").TryGetProperty("415", out _));

        var results = paths.GetProperty("/api/v1/bulk-activations/{jobId}/results").GetProperty("get");
        Assert.True(results.GetProperty("responses").GetProperty("200").GetProperty("content").TryGetProperty("application/x-ndjson", out _));
    }

    private async Task<JsonElement> DocumentAsync()
    {
        using var response = await fixture.Api.CreateClient().GetAsync("/openapi/v1.json");
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        return JsonDocument.Parse(await response.Content.ReadAsStringAsync()).RootElement.Clone();
    }

    /// <summary>A schema with a type, a reference to one, or a choice among typed ones.</summary>
    private static bool Typed(JsonElement schema, JsonElement schemas)
    {
        if (schema.TryGetProperty("type", out _))
        {
            return true;
        }

        if (schema.TryGetProperty("$ref", out var reference))
        {
            var name = reference.GetString()!["#/components/schemas/".Length..];
            var target = schemas.GetProperty(name);
            return target.TryGetProperty("type", out _) || target.TryGetProperty("oneOf", out _);
        }

        return schema.TryGetProperty("oneOf", out var choices) && choices.EnumerateArray().All(c => Typed(c, schemas));
    }
}
