using System.Net.Http.Headers;
using System.Net.Http.Json;
using System.Text.Json;
using System.Text.Json.Nodes;

namespace ActionLogement.Cli;

/// <summary>The CLI only speaks HTTP: one call, a printed result, an exit code (0 done, 1 refused or failed).</summary>
public sealed class ApiClient(Uri apiBase, string? key, Output output)
{
    private readonly HttpClient _http = CreateHttp(apiBase, key);

    public Output Output => output;

    /// <summary>The same server with another key (the generator requests visas as staff).</summary>
    public ApiClient WithKey(string otherKey) => new(apiBase, otherKey, output);

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
            await Console.Error.WriteLineAsync(Unreachable(e));
            return (1, null);
        }

        using var answer = response;
        var text = await response.Content.ReadAsStringAsync();
        JsonNode? json = null;
        if (text.Length > 0 && response.Content.Headers.ContentType?.MediaType?.Contains("json") == true)
        {
            try
            {
                json = JsonNode.Parse(text);
            }
            catch (JsonException e)
            {
                // Not this API's answer (a proxy's error page, another server on the port).
                await Console.Error.WriteLineAsync($"{apiBase} answered {(int)response.StatusCode} with a body that is not JSON ({e.Message}).");
                return (1, null);
            }
        }

        if (!response.IsSuccessStatusCode)
        {
            output.Problem((int)response.StatusCode, json, text);
            return (1, json);
        }

        return (0, json);
    }

    /// <summary>
    /// Copies a (possibly large) response body, without buffering it, to a file (stdout when null). The file is
    /// written only for a success, under a temporary name renamed at the end: a refusal or a broken transfer leaves
    /// no empty or partial file under the name asked for.
    /// </summary>
    public async Task<int> DownloadAsync(string path, FileInfo? file)
    {
        // Said before the download, not after it.
        if (file?.Directory is { Exists: false } folder)
        {
            throw new CliException($"Cannot write {file.FullName}: there is no folder {folder.FullName}.");
        }

        HttpResponseMessage response;
        try
        {
            response = await _http.GetAsync(path.TrimStart('/'), HttpCompletionOption.ResponseHeadersRead);
        }
        catch (HttpRequestException e)
        {
            await Console.Error.WriteLineAsync(Unreachable(e));
            return 1;
        }

        using var answer = response;
        if (!response.IsSuccessStatusCode)
        {
            var text = await response.Content.ReadAsStringAsync();
            JsonNode? problem = null;
            try
            {
                problem = text.StartsWith('{') ? JsonNode.Parse(text) : null;
            }
            catch (JsonException)
            {
                // Printed raw below.
            }

            output.Problem((int)response.StatusCode, problem, text);
            return 1;
        }

        await using var body = await response.Content.ReadAsStreamAsync();
        if (file is null)
        {
            await using var stdout = Console.OpenStandardOutput();
            await body.CopyToAsync(stdout);
            return 0;
        }

        var partial = file.FullName + ".part";
        try
        {
            await using (var target = File.Create(partial))
            {
                await body.CopyToAsync(target);
            }

            File.Move(partial, file.FullName, overwrite: true);
            return 0;
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            DeleteQuietly(partial);
            throw new CliException($"Cannot write {file.FullName}: {e.Message}");
        }
        catch
        {
            DeleteQuietly(partial);
            throw;
        }
    }

    private string Unreachable(HttpRequestException e) => $"Cannot reach {apiBase}: {e.Message}";

    private static void DeleteQuietly(string path)
    {
        try
        {
            File.Delete(path);
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            // Nothing was written there (its folder is missing or read-only): nothing to clean.
        }
    }

    private static HttpClient CreateHttp(Uri apiBase, string? key)
    {
        var http = new HttpClient { BaseAddress = apiBase, Timeout = TimeSpan.FromMinutes(30) };
        if (!string.IsNullOrEmpty(key))
        {
            http.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", key);
        }

        return http;
    }
}
