using System.Text.Json.Nodes;

namespace ActionLogement.Cli;

/// <summary>A column of a list table: the item's value at a dotted JSON path, under a header short enough for 80 columns.</summary>
public sealed record Column(string Path, string Header)
{
    /// <summary>What the cell shows when it is not the value at <see cref="Path"/>: one cell for two fields, to fit 80 columns.</summary>
    public Func<JsonNode?, string>? Text { get; init; }

    public static implicit operator Column(string path) => new(path, path);
}
