using System.Net;
using System.Net.Http.Json;
using System.Text.Json;

namespace ActionLogement.IntegrationTests.Infrastructure;

public static class Expect
{
    /// <summary>Asserts a ProblemDetails answer with the given status and first rule code; returns its body.</summary>
    public static async Task<JsonElement> ProblemAsync(HttpResponseMessage response, HttpStatusCode status, string code)
    {
        var text = await response.Content.ReadAsStringAsync();
        Assert.True(status == response.StatusCode, $"Expected {(int)status}, got {(int)response.StatusCode}: {text}");
        Assert.Equal("application/problem+json", response.Content.Headers.ContentType?.MediaType);
        var problem = JsonDocument.Parse(text).RootElement;
        Assert.Equal(code, problem.GetProperty("code").GetString());
        Assert.DoesNotContain("   at ", text); // never a stack trace
        return problem;
    }

    public static async Task<JsonElement> JsonAsync(HttpResponseMessage response, HttpStatusCode status)
    {
        var text = await response.Content.ReadAsStringAsync();
        Assert.True(status == response.StatusCode, $"Expected {(int)status}, got {(int)response.StatusCode}: {text}");
        return (await response.Content.ReadFromJsonAsync<JsonElement>())!;
    }
}
