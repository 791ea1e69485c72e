namespace ActionLogement.Grains;

/// <summary>Names of the grain storage providers the silo registers.</summary>
public static class StorageNames
{
    /// <summary>PostgreSQL grain state (the Orleans ADO.NET provider over the project's own schema).</summary>
    public const string Default = "postgres";
}
