namespace ActionLogement.Cli;

/// <summary>A column of a list table: the item's value at a dotted JSON path, under a header short enough for 80 columns.</summary>
public sealed record Column(string Path, string Header)
{
    public static implicit operator Column(string path) => new(path, path);
}
