using System.Net;
using System.Net.Http.Json;
using System.Text.Json;

namespace ActionLogement.IntegrationTests.Infrastructure;

public static class Expect
{
    /// <summary>Words of the framework's own messages (type and parameter names, advice to the developer).</summary>
    private static readonly string[] FrameworkWords =
    [
        "parameter \"", "Nullable<", "Did you mean", "Failed to bind", "Failed to read", "was not provided from",
        "System.", "Microsoft.", "ActionLogement.", "tools.ietf.org", "Exception",
    ];

    /// <summary>Asserts a ProblemDetails answer with the given status and first rule code; returns its body.</summary>
    public static async Task<JsonElement> ProblemAsync(HttpResponseMessage response, HttpStatusCode status, string code)
    {
        var text = await response.Content.ReadAsStringAsync();
        Assert.True(status == response.StatusCode, $"Expected {(int)status}, got {(int)response.StatusCode}: {text}");
        Assert.Equal("application/problem+json", response.Content.Headers.ContentType?.MediaType);
        var problem = JsonDocument.Parse(text).RootElement;
        Assert.Equal(code, problem.GetProperty("code").GetString());
        // API.md: `errors` lists every failing rule, the first being `code`.
        Assert.True(problem.TryGetProperty("errors", out var errors) && errors.GetArrayLength() > 0, $"No errors: {text}");
        Assert.Equal(code, errors[0].GetProperty("code").GetString());
        Assert.DoesNotContain("   at ", text); // never a stack trace
        NoFrameworkText(problem);
        return problem;
    }

    /// <summary>Asserts the words of a response are the API's: no .NET type or parameter names, no framework advice.</summary>
    public static void NoFrameworkText(JsonElement element)
    {
        switch (element.ValueKind)
        {
            case JsonValueKind.Object:
                foreach (var property in element.EnumerateObject())
                {
                    NoFrameworkText(property.Value);
                }

                break;
            case JsonValueKind.Array:
                foreach (var item in element.EnumerateArray())
                {
                    NoFrameworkText(item);
                }

                break;
            case JsonValueKind.String:
                var text = element.GetString()!;
                Assert.False(FrameworkWords.Any(w => text.Contains(w, StringComparison.Ordinal)), $"Framework text: {text}");
                break;
        }
    }

    public static async Task<JsonElement> JsonAsync(HttpResponseMessage response, HttpStatusCode status)
    {
        var text = await response.Content.ReadAsStringAsync();
        Assert.True(status == response.StatusCode, $"Expected {(int)status}, got {(int)response.StatusCode}: {text}");
        return (await response.Content.ReadFromJsonAsync<JsonElement>())!;
    }
}
