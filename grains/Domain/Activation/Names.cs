using System.Text;

namespace ActionLogement.Domain;

/// <summary>Name comparison for a nominative visa: "BRAHIM" matches "Brahim", "Hélène" matches "HELENE".</summary>
public static class Names
{
    public static bool Match(string? a, string? b) => string.Equals(Normalize(a), Normalize(b), StringComparison.Ordinal);

    public static string Normalize(string? name)
    {
        if (string.IsNullOrWhiteSpace(name))
        {
            return "";
        }

        var decomposed = name.Trim().Normalize(NormalizationForm.FormD);
        var kept = new StringBuilder(decomposed.Length);
        var lastWasSpace = false;
        foreach (var c in decomposed)
        {
            if (CharUnicodeInfo.GetUnicodeCategory(c) == UnicodeCategory.NonSpacingMark)
            {
                continue;
            }

            // Hyphens and runs of spaces are typed inconsistently ("Jean-Pierre", "Jean  Pierre"): treat them alike.
            var space = char.IsWhiteSpace(c) || c == '-';
            if (space && lastWasSpace)
            {
                continue;
            }

            kept.Append(space ? ' ' : char.ToUpperInvariant(c));
            lastWasSpace = space;
        }

        return kept.ToString().Normalize(NormalizationForm.FormC);
    }
}
