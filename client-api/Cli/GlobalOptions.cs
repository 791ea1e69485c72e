using System.CommandLine;
using System.Text.Json;

namespace ActionLogement.Cli;

/// <summary>Server URL and key: flags first, then AL_URL / AL_KEY, then the profile file (~/.config/al/profile.json).</summary>
public static class GlobalOptions
{
    public static readonly Option<string?> Url = new("--url") { Description = "API base URL (env AL_URL)", Recursive = true };
    public static readonly Option<string?> Key = new("--key") { Description = "API key (env AL_KEY)", Recursive = true };
    public static readonly Option<bool> Json = new("--json") { Description = "Print JSON for scripts", Recursive = true };

    public static void AddTo(RootCommand root)
    {
        root.Options.Add(Url);
        root.Options.Add(Key);
        root.Options.Add(Json);
    }

    public static ApiClient Client(ParseResult parse)
    {
        var profile = Profile.Load();
        var url = parse.GetValue(Url) ?? Environment.GetEnvironmentVariable("AL_URL") ?? profile?.Url ?? "http://127.0.0.1:5080";
        var key = parse.GetValue(Key) ?? Environment.GetEnvironmentVariable("AL_KEY") ?? profile?.Key;
        return new ApiClient(url, key, new Output(parse.GetValue(Json)));
    }

    private sealed record Profile(string? Url, string? Key)
    {
        public static Profile? Load()
        {
            var home = Environment.GetFolderPath(Environment.SpecialFolder.UserProfile);
            var file = Path.Combine(home, ".config", "al", "profile.json");
            return File.Exists(file)
                ? JsonSerializer.Deserialize<Profile>(File.ReadAllText(file), new JsonSerializerOptions(JsonSerializerDefaults.Web))
                : null;
        }
    }
}
