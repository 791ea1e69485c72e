using System.Net.Http.Headers;
using System.Net.Http.Json;
using System.Text.Json;
using System.Text.Json.Nodes;

namespace ActionLogement.Cli;

/// <summary>The CLI only speaks HTTP: one call, a printed result, an exit code (0 done, 1 refused or failed).</summary>
public sealed class ApiClient(string baseUrl, string? key, Output output)
{
    private readonly HttpClient _http = CreateHttp(baseUrl, key);

    public Output Output => output;

    public async Task<(int ExitCode, JsonNode? Body)> SendAsync(HttpMethod method, string path, object? body = null,
        bool idempotent = false, string? idempotencyKey = null)
    {
        using var request = new HttpRequestMessage(method, path.TrimStart('/'));
        if (body is not null)
        {
            request.Content = JsonContent.Create(body, options: Output.JsonOptions);
        }

        if (idempotent)
        {
            // A fresh key per invocation; pass --idempotency-key to retry a command safely after a lost answer.
            request.Headers.Add("Idempotency-Key", idempotencyKey ?? Guid.NewGuid().ToString());
        }

        HttpResponseMessage response;
        try
        {
            response = await _http.SendAsync(request);
        }
        catch (HttpRequestException e)
        {
            await Console.Error.WriteLineAsync($"Cannot reach {baseUrl}: {e.Message}");
            return (1, null);
        }

        var text = await response.Content.ReadAsStringAsync();
        JsonNode? json = null;
        if (text.Length > 0 && response.Content.Headers.ContentType?.MediaType?.Contains("json") == true)
        {
            json = JsonNode.Parse(text);
        }

        if (!response.IsSuccessStatusCode)
        {
            output.Problem((int)response.StatusCode, json, text);
            return (1, json);
        }

        return (0, json);
    }

    private static HttpClient CreateHttp(string baseUrl, string? key)
    {
        var http = new HttpClient { BaseAddress = new Uri(baseUrl.TrimEnd('/') + "/api/v1/"), Timeout = TimeSpan.FromSeconds(100) };
        if (!string.IsNullOrEmpty(key))
        {
            http.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", key);
        }

        return http;
    }
}
