using System.Net.Http.Headers;
using System.Net.Http.Json;
using System.Text.Json;
using System.Text.Json.Nodes;

namespace ActionLogement.Cli;

/// <summary>
/// The CLI only speaks HTTP: one call, a printed result, an exit code (0 done, 1 refused or failed). Every call waits
/// at most <paramref name="timeout"/> for its answer; a file sent or received waits that long for each piece instead.
/// </summary>
public sealed class ApiClient(Uri apiBase, string? key, Output output, TimeSpan timeout)
{
    /// <summary>The wait for an answer when neither --timeout nor AL_TIMEOUT says otherwise (HttpClient's own default).</summary>
    public static readonly TimeSpan DefaultTimeout = TimeSpan.FromSeconds(100);

    private readonly HttpClient _http = CreateHttp(apiBase, key);

    public Output Output => output;

    /// <summary>
    /// The role a key names when the engine made it (<c>al_landlord_…</c>, <c>al_dev_landlord_key</c>); null for a key
    /// written otherwise. Only to word a hint: what a key may do is the server's to say.
    /// </summary>
    public string? KeyRole => key is not null && System.Text.RegularExpressions.Regex.Match(key, "^al_(?:dev_)?([a-z]+)_") is { Success: true } m
        ? m.Groups[1].Value
        : null;

    /// <summary>The same server with another key (the generator requests visas as staff).</summary>
    public ApiClient WithKey(string otherKey) => new(apiBase, otherKey, output, timeout);

    public Task<(int ExitCode, JsonNode? Body)> SendAsync(HttpMethod method, string path, object? body = null,
        bool idempotent = false, string? idempotencyKey = null) =>
        SendContentAsync(method, path, body is null ? null : JsonContent.Create(body, options: Output.JsonOptions), idempotent, idempotencyKey);

    public async Task<(int ExitCode, JsonNode? Body)> SendContentAsync(HttpMethod method, string path, HttpContent? content,
        bool idempotent = false, string? idempotencyKey = null)
    {
        using var watch = new Inactivity(timeout);
        return await SendAsync(new HttpRequestMessage(method, path.TrimStart('/')) { Content = content }, watch, idempotent, idempotencyKey);
    }

    /// <summary>
    /// Sends a file of any size: no limit on the whole upload, but it gives up when the file stops being taken for the
    /// timeout, or when the answer does not come within it once the file is sent.
    /// </summary>
    public async Task<(int ExitCode, JsonNode? Body)> UploadAsync(string path, Stream file, MediaTypeHeaderValue mediaType)
    {
        using var watch = new Inactivity(timeout);
        var content = new StreamContent(new WatchedStream(file, watch));
        content.Headers.ContentType = mediaType;
        return await SendAsync(new HttpRequestMessage(HttpMethod.Post, path.TrimStart('/')) { Content = content }, watch,
            idempotent: false, idempotencyKey: null, upload: true);
    }

    private async Task<(int ExitCode, JsonNode? Body)> SendAsync(HttpRequestMessage message, Inactivity watch, bool idempotent,
        string? idempotencyKey, bool upload = false)
    {
        using var request = message;

        // Every address but the health checks wants a key: the server's 401 would speak of an HTTP header.
        if (key is null)
        {
            throw new CliException("No API key: give --key KEY, set AL_KEY, or put \"key\" in ~/.config/al/profile.json.");
        }

        string? generatedKey = null;
        if (idempotent)
        {
            // A fresh key per invocation; pass --idempotency-key to retry a command safely after a lost answer.
            request.Headers.Add("Idempotency-Key", idempotencyKey ?? (generatedKey = Guid.NewGuid().ToString()));
        }

        HttpResponseMessage response;
        try
        {
            // The whole answer is read here (HttpCompletionOption.ResponseContentRead), within the wait.
            response = await _http.SendAsync(request, watch.Token);
        }
        catch (OperationCanceledException) when (watch.Expired)
        {
            await Console.Error.WriteLineAsync(upload
                ? $"The upload to {apiBase} stopped: nothing moved for {Seconds} (--timeout SECONDS or AL_TIMEOUT waits longer)."
                : $"No answer from {apiBase} within {Seconds} (--timeout SECONDS or AL_TIMEOUT waits longer).");
            await RetryHintAsync(generatedKey);
            return (1, null);
        }
        catch (HttpRequestException e)
        {
            await Console.Error.WriteLineAsync(Unreachable(e));
            if (e.HttpRequestError is not (HttpRequestError.ConnectionError or HttpRequestError.NameResolutionError))
            {
                await RetryHintAsync(generatedKey);
            }

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
                if ((int)response.StatusCode >= 500)
                {
                    await RetryHintAsync(generatedKey);
                }

                return (1, null);
            }
        }

        if (!response.IsSuccessStatusCode)
        {
            output.Problem((int)response.StatusCode, json, text);
            if ((int)response.StatusCode >= 500)
            {
                // The API frees the key of a request that failed: sent again under it, the command runs at most once.
                await RetryHintAsync(generatedKey);
            }

            return (1, json);
        }

        return (0, json);
    }

    /// <summary>
    /// After a failure that leaves unknown whether the command was done (no answer, a connection lost, a 5xx), the key
    /// the CLI made up, without which the user could not retry safely.
    /// </summary>
    private static async Task RetryHintAsync(string? generatedKey)
    {
        if (generatedKey is not null)
        {
            await Console.Error.WriteLineAsync($"Idempotency-Key {generatedKey}: the command may have been done; " +
                $"to retry it safely, run it again with --idempotency-key {generatedKey}");
        }
    }

    private string Seconds => $"{timeout.TotalSeconds:0} s";

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

        using var watch = new Inactivity(timeout);
        HttpResponseMessage response;
        try
        {
            response = await _http.GetAsync(path.TrimStart('/'), HttpCompletionOption.ResponseHeadersRead, watch.Token);
        }
        catch (OperationCanceledException) when (watch.Expired)
        {
            await Console.Error.WriteLineAsync($"No answer from {apiBase} within {Seconds} (--timeout SECONDS or AL_TIMEOUT waits longer).");
            return 1;
        }
        catch (HttpRequestException e)
        {
            await Console.Error.WriteLineAsync(Unreachable(e));
            return 1;
        }

        using var answer = response;
        if (!response.IsSuccessStatusCode)
        {
            var text = await response.Content.ReadAsStringAsync(watch.Token);
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

        await using var body = await response.Content.ReadAsStreamAsync(watch.Token);
        if (file is null)
        {
            await using var stdout = Console.OpenStandardOutput();
            return await CopyAsync(body, stdout, watch) ? 0 : 1;
        }

        var partial = file.FullName + ".part";
        try
        {
            bool complete;
            await using (var target = File.Create(partial))
            {
                complete = await CopyAsync(body, target, watch);
            }

            if (!complete)
            {
                DeleteQuietly(partial);
                return 1;
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

    /// <summary>
    /// Copies a download as it comes, however long it takes, while it keeps coming: false (said in one line) when it
    /// stops for the timeout or the connection breaks. What the target refuses is thrown, as the target's.
    /// </summary>
    private async Task<bool> CopyAsync(Stream body, Stream target, Inactivity watch)
    {
        var buffer = new byte[81920];
        while (true)
        {
            int read;
            try
            {
                watch.Extend();
                read = await body.ReadAsync(buffer, watch.Token);
            }
            catch (OperationCanceledException) when (watch.Expired)
            {
                await Console.Error.WriteLineAsync($"The download from {apiBase} stopped: nothing came for {Seconds} " +
                    "(--timeout SECONDS or AL_TIMEOUT waits longer).");
                return false;
            }
            catch (Exception e) when (e is HttpRequestException or IOException)
            {
                await Console.Error.WriteLineAsync($"The download from {apiBase} broke off: {e.Message}");
                return false;
            }

            if (read == 0)
            {
                return true;
            }

            await target.WriteAsync(buffer.AsMemory(0, read));
        }
    }

    private string Unreachable(HttpRequestException e) =>
        e.HttpRequestError is HttpRequestError.ConnectionError or HttpRequestError.NameResolutionError
            ? $"Cannot reach {apiBase}: {e.Message}"
            : $"The connection to {apiBase} failed: {e.Message}";

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
        // No overall limit here: each call has its own wait (Inactivity), which a file's transfer extends as it moves.
        var http = new HttpClient { BaseAddress = apiBase, Timeout = Timeout.InfiniteTimeSpan };
        if (!string.IsNullOrEmpty(key))
        {
            http.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", key);
        }

        return http;
    }
}
