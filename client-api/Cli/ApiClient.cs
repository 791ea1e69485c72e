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

    /// <summary>The same server with another key (the generator requests visas as staff).</summary>
    public ApiClient WithKey(string otherKey) => new(baseUrl, otherKey, output);

    public Task<(int ExitCode, JsonNode? Body)> SendAsync(HttpMethod method, string path, object? body = null,
        bool idempotent = false, string? idempotencyKey = null) =>
        SendContentAsync(method, path, body is null ? null : JsonContent.Create(body, options: Output.JsonOptions), idempotent, idempotencyKey);

    public async Task<(int ExitCode, JsonNode? Body)> SendContentAsync(HttpMethod method, string path, HttpContent? content,
        bool idempotent = false, string? idempotencyKey = null)
    {
        using var request = new HttpRequestMessage(method, path.TrimStart('/')) { Content = content };

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

    /// <summary>Copies a (possibly large) response body to a stream without buffering it.</summary>
    public async Task<int> DownloadAsync(string path, Stream target)
    {
        using var response = await _http.GetAsync(path.TrimStart('/'), HttpCompletionOption.ResponseHeadersRead);
        if (!response.IsSuccessStatusCode)
        {
            var text = await response.Content.ReadAsStringAsync();
            output.Problem((int)response.StatusCode, text.StartsWith('{') ? JsonNode.Parse(text) : null, text);
            return 1;
        }

        await using var body = await response.Content.ReadAsStreamAsync();
        await body.CopyToAsync(target);
        return 0;
    }

    private static HttpClient CreateHttp(string baseUrl, string? key)
    {
        var http = new HttpClient { BaseAddress = new Uri(baseUrl.TrimEnd('/') + "/api/v1/"), Timeout = TimeSpan.FromMinutes(30) };
        if (!string.IsNullOrEmpty(key))
        {
            http.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", key);
        }

        return http;
    }
}
