using System.CommandLine.Parsing;

namespace ActionLogement.Benchmarks;

/// <summary>An option value such as <c>500,1000,2000</c>: positive whole numbers up to a maximum.</summary>
internal static class CommaList
{
    public static int[] Parse(ArgumentResult result, int max = int.MaxValue)
    {
        var text = result.Tokens.Count == 1 ? result.Tokens[0].Value : "";
        var parts = text.Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries);
        if (parts.Length == 0 || !parts.All(p => int.TryParse(p, out var n) && n > 0 && n <= max))
        {
            var bound = max == int.MaxValue ? "" : $" up to {max:N0}";
            result.AddError($"expected positive whole numbers{bound}, separated by commas (e.g. 500,1000,2000), not '{text}'.");
            return [];
        }

        return [.. parts.Select(int.Parse)];
    }
}
