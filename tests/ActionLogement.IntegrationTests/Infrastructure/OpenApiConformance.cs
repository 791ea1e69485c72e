using System.Collections.Concurrent;
using System.Text.Json;
using System.Text.Json.Nodes;
using System.Text.RegularExpressions;
using Json.Schema;

namespace ActionLogement.IntegrationTests.Infrastructure;

/// <summary>
/// Checks every answer that passes through it against what the OpenAPI document says of it: the status must be one the
/// operation lists, in a media type it lists, and a JSON body must be valid against that response's schema.
/// </summary>
public sealed class OpenApiConformance(JsonObject document) : DelegatingHandler(new SocketsHttpHandler())
{
    private const string ComponentsPrefix = "#/components/schemas/";
    private static int _schemas;
    private readonly ConcurrentDictionary<string, JsonSchema> _built = new();

    // Each path template of the document, as the pattern of the paths it names.
    private readonly (string Template, Regex Paths)[] _templates = [.. document["paths"]!.AsObject()
        .Select(p => (p.Key, new Regex("^" + Regex.Replace(p.Key, "\\{[^}]+\\}", "[^/]+") + "$")))];

    /// <summary>Each answer checked: "METHOD /template STATUS".</summary>
    public ConcurrentBag<string> Checked { get; } = [];

    /// <summary>Each answer the document does not describe, with why.</summary>
    public ConcurrentBag<string> Violations { get; } = [];

    protected override async Task<HttpResponseMessage> SendAsync(HttpRequestMessage request, CancellationToken cancellationToken)
    {
        var response = await base.SendAsync(request, cancellationToken);
        await response.Content.LoadIntoBufferAsync(cancellationToken);
        var body = await response.Content.ReadAsStringAsync(cancellationToken);
        Check(request.Method.Method.ToLowerInvariant(), request.RequestUri!.AbsolutePath, (int)response.StatusCode,
            response.Content.Headers.ContentType?.MediaType, body);
        return response;
    }

    private void Check(string method, string path, int status, string? mediaType, string body)
    {
        var template = _templates.FirstOrDefault(t => t.Paths.IsMatch(path)).Template;
        var answer = $"{method.ToUpperInvariant()} {template ?? path} {status}";
        if (template is null || document["paths"]![template]![method] is not JsonObject operation)
        {
            Violations.Add($"{answer}: no such operation in the document");
            return;
        }

        Checked.Add(answer);
        if (operation["responses"]?[status.ToString(System.Globalization.CultureInfo.InvariantCulture)] is not JsonObject described)
        {
            Violations.Add($"{answer}: the document lists no {status} for it");
            return;
        }

        if (body.Length == 0)
        {
            return;
        }

        if (mediaType is null || described["content"]?[mediaType] is not JsonObject content)
        {
            Violations.Add($"{answer}: answered in {mediaType}, which the document does not list");
            return;
        }

        // One JSON document (not NDJSON, whose lines the document can only call text).
        if (mediaType is not ("application/json" or "application/problem+json") || content["schema"] is not JsonNode schema)
        {
            return;
        }

        var results = _built.GetOrAdd($"{answer} {mediaType}", _ => Build(schema))
            .Evaluate(JsonDocument.Parse(body).RootElement, new EvaluationOptions { OutputFormat = OutputFormat.List, RequireFormatValidation = true });
        if (!results.IsValid)
        {
            var errors = (results.Details ?? [results]).Where(d => d.Errors is { Count: > 0 })
                .SelectMany(d => d.Errors!.Select(e => $"{d.InstanceLocation} {e.Key}: {e.Value}"));
            Violations.Add($"{answer}: {string.Join("; ", errors.Take(5))} in {body[..Math.Min(body.Length, 400)]}");
        }
    }

    /// <summary>The response's schema, with the document's component schemas as its definitions.</summary>
    private JsonSchema Build(JsonNode schema)
    {
        var text = new JsonObject
        {
            ["$schema"] = "https://json-schema.org/draft/2020-12/schema",
            ["$defs"] = document["components"]!["schemas"]!.DeepClone(),
            ["allOf"] = new JsonArray(schema.DeepClone()),
        }.ToJsonString().Replace(ComponentsPrefix, "#/$defs/", StringComparison.Ordinal);
        // Each built schema registers under its own base URI.
        return JsonSchema.FromText(text, baseUri: new Uri($"https://openapi.test/{Interlocked.Increment(ref _schemas)}"));
    }
}
