using System.CommandLine;
using System.Text.Json;

namespace ActionLogement.Cli;

/// <summary>
/// Server URL and key: flags first, then AL_URL / AL_KEY, then the profile file (~/.config/al/profile.json). The wait
/// for an answer: --timeout, then AL_TIMEOUT, then 100 s.
/// </summary>
public static class GlobalOptions
{
    public const string DefaultUrl = "http://127.0.0.1:5080";

    public static readonly Option<string?> Url = new("--url") { Description = "API base URL (env AL_URL)", Recursive = true };
    public static readonly Option<string?> Key = new("--key") { Description = "API key (env AL_KEY)", Recursive = true };
    public static readonly Option<bool> Json = new("--json") { Description = "Print JSON for scripts", Recursive = true };

    public const int MaxTimeoutSeconds = 86_400;

    public static readonly Option<int?> Timeout = new Option<int?>("--timeout")
    {
        Description = "seconds to wait for the server's answer (env AL_TIMEOUT; default 100); a file upload or download " +
            "waits that long for each piece instead",
        HelpName = "SECONDS",
        Recursive = true,
    }.Within(1, MaxTimeoutSeconds);

    public static void AddTo(RootCommand root)
    {
        root.Options.Add(Url);
        root.Options.Add(Key);
        root.Options.Add(Json);
        root.Options.Add(Timeout);
    }

    public static ApiClient Client(ParseResult parse)
    {
        var url = Given(parse.GetValue(Url), "--url") ?? Given(Environment.GetEnvironmentVariable("AL_URL"), "AL_URL");
        // An empty --key is a key that went missing ($KEY unset in a script), not a wish for AL_KEY's or the profile's.
        if (parse.GetResult(Key) is { Implicit: false } && string.IsNullOrWhiteSpace(parse.GetValue(Key)))
        {
            throw new CliException("--key is empty: give the API key, or leave --key out to use AL_KEY or the profile file.");
        }

        var key = Given(parse.GetValue(Key), "--key") ?? Given(Environment.GetEnvironmentVariable("AL_KEY"), "AL_KEY");

        // The profile is read only for what flags and environment leave unset: a broken file must not stop a
        // command that does not need it.
        if (url is null || key is null)
        {
            var (profile, file) = Profile.Load();
            url ??= Given(profile?.Url, file);
            key ??= Given(profile?.Key, file);
        }

        if (key is { } k && HeaderText.Fault(k.Value) is { } fault)
        {
            throw new CliException($"{k.From}: the API key {fault}. An API key is printable ASCII.");
        }

        var (value, from) = url ?? (DefaultUrl, "default URL");
        return new ApiClient(ServerUrl.ApiBase(value, from), key?.Value, new Output(parse.GetValue(Json)), TimeoutOf(parse));
    }

    private static TimeSpan TimeoutOf(ParseResult parse)
    {
        if (parse.GetValue(Timeout) is { } seconds)
        {
            return TimeSpan.FromSeconds(seconds);
        }

        if (Given(Environment.GetEnvironmentVariable("AL_TIMEOUT"), "AL_TIMEOUT") is not { } variable)
        {
            return ApiClient.DefaultTimeout;
        }

        return int.TryParse(variable.Value.Trim(), System.Globalization.NumberStyles.None, System.Globalization.CultureInfo.InvariantCulture,
                out var fromEnvironment) && fromEnvironment is >= 1 and <= MaxTimeoutSeconds
            ? TimeSpan.FromSeconds(fromEnvironment)
            : throw new CliException($"AL_TIMEOUT: '{variable.Value}' is not a number of seconds from 1 to {MaxTimeoutSeconds:D}.");
    }

    // An empty variable (AL_KEY= in a script) counts as unset, as it does for most tools.
    private static (string Value, string From)? Given(string? value, string from) =>
        string.IsNullOrWhiteSpace(value) ? null : (value, from);

    private sealed record Profile(string? Url, string? Key)
    {
        public static (Profile? Profile, string File) Load()
        {
            var home = Environment.GetFolderPath(Environment.SpecialFolder.UserProfile);
            var file = Path.Combine(home, ".config", "al", "profile.json");
            if (!File.Exists(file))
            {
                return (null, file);
            }

            try
            {
                return (JsonSerializer.Deserialize<Profile>(File.ReadAllText(file), new JsonSerializerOptions(JsonSerializerDefaults.Web)), file);
            }
            catch (JsonException e)
            {
                // Said in the file's terms: System.Text.Json's message names this class (GlobalOptions+Profile).
                var what = e.Path is "$.url" or "$.key" ? $"\"{e.Path[2..]}\" is not a string"
                    : e.InnerException is null ? "it is not a JSON object"
                    : "it is not JSON";
                var where = e.LineNumber is { } line ? $" (line {line + 1}, position {e.BytePositionInLine + 1})" : "";
                throw new CliException($"{file} is not a valid profile file: {what}{where}. It holds {{\"url\": \"...\", \"key\": \"...\"}}; " +
                    "fix or remove it, or give --url and --key (or AL_URL and AL_KEY).");
            }
            catch (Exception e) when (e is IOException or UnauthorizedAccessException)
            {
                throw new CliException($"Cannot read {file}: {e.Message}");
            }
        }
    }
}
