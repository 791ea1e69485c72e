namespace ActionLogement.Cli;

/// <summary>The API base every request is relative to, from the server URL a user gives.</summary>
public static class ServerUrl
{
    private const string ApiPrefix = "/api/v1";

    /// <summary>
    /// Accepts the server (<c>http://127.0.0.1:5080</c>) and the API URL the engine prints
    /// (<c>http://127.0.0.1:5080/api/v1</c>), both with or without a trailing slash; a path before <c>/api/v1</c>
    /// (a reverse proxy's mount) is kept. Anything but an absolute http or https URL is refused here: HttpClient
    /// would only fail later with an exception.
    /// </summary>
    /// <param name="value">the URL as given</param>
    /// <param name="from">where it was given (<c>--url</c>, <c>AL_URL</c>, the profile file), for the message</param>
    public static Uri ApiBase(string value, string from)
    {
        if (!Uri.TryCreate(value.Trim(), UriKind.Absolute, out var uri) || uri.Scheme is not ("http" or "https"))
        {
            throw new CliException($"{from}: '{value}' is not an http or https URL (e.g. http://127.0.0.1:5080).");
        }

        var path = uri.AbsolutePath.TrimEnd('/');
        if (path.EndsWith(ApiPrefix, StringComparison.OrdinalIgnoreCase))
        {
            path = path[..^ApiPrefix.Length];
        }

        return new UriBuilder(uri) { Path = path + ApiPrefix + "/", Query = "", Fragment = "" }.Uri;
    }
}
