namespace ActionLogement.Database.Embedded;

/// <summary>Where and how the private development/test PostgreSQL cluster runs.</summary>
public sealed class EmbeddedPostgresOptions
{
    /// <summary>Folder that holds the cluster (<c>pg/</c>), its log and its credentials.</summary>
    public required string RootDirectory { get; init; }

    public string DatabaseName { get; init; } = "actionlogement";

    /// <summary>Extra <c>-c name=value</c> server settings, e.g. relaxed durability for tests.</summary>
    public IReadOnlyDictionary<string, string> ServerSettings { get; init; } = new Dictionary<string, string>();

    /// <summary>Install the Debian <c>postgresql</c> package when no server binaries are found (root only).</summary>
    public bool InstallWhenMissing { get; init; } = true;
}
