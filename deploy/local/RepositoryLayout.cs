namespace ActionLogement.Local;

/// <summary>Where things are in a checkout: the built silo and API, and the <c>.data/</c> folder.</summary>
public sealed record RepositoryLayout(string Root)
{
    public string DataDirectory => Path.Combine(Root, ".data");

    public string LogDirectory => Path.Combine(DataDirectory, "logs");

    public string PidFile => Path.Combine(DataDirectory, "run.pids");

    public string SiloDll => Built("silo/Host", "ActionLogement.Silo.dll");

    public string ApiDll => Built("client-api/Api", "ActionLogement.Api.dll");

    public string ApiProjectDirectory => Path.Combine(Root, "client-api", "Api");

    public static RepositoryLayout Find()
    {
        for (var dir = new DirectoryInfo(AppContext.BaseDirectory); dir is not null; dir = dir.Parent)
        {
            if (File.Exists(Path.Combine(dir.FullName, "ActionLogement.Orleans.sln")))
            {
                return new RepositoryLayout(dir.FullName);
            }
        }

        throw new InvalidOperationException("Run from inside the repository (ActionLogement.Orleans.sln not found).");
    }

    private string Built(string project, string dll)
    {
        var configuration = Environment.GetEnvironmentVariable("AL_CONFIGURATION") ?? "Release";
        return Path.Combine(Root, project, "bin", configuration, "net10.0", dll);
    }
}
