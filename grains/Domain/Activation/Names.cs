using System.Text;

namespace ActionLogement.Domain;

/// <summary>Name comparison for a nominative visa: "BRAHIM" matches "Brahim", "Hélène" matches "HELENE".</summary>
public static class Names
{
    // The solution runs with InvariantGlobalization, where string.Normalize is a no-op for non-ASCII text; so after
    // FormD (which does the work when ICU is present) the accented Latin letters are folded with this table too.
    private static readonly FrozenDictionary<char, char> Folded = new (string Accented, char Plain)[]
    {
        ("àáâãäåāăą", 'a'), ("çćĉċč", 'c'), ("ďđ", 'd'), ("èéêëēĕėęě", 'e'), ("ĝğġģ", 'g'), ("ĥħ", 'h'),
        ("ìíîïĩīĭįı", 'i'), ("ĵ", 'j'), ("ķ", 'k'), ("ĺļľŀł", 'l'), ("ñńņňŉ", 'n'), ("òóôõöøōŏő", 'o'),
        ("ŕŗř", 'r'), ("śŝşš", 's'), ("ţťŧ", 't'), ("ùúûüũūŭůűų", 'u'), ("ŵ", 'w'), ("ýÿŷ", 'y'), ("źżž", 'z'),
    }.SelectMany(p => p.Accented.SelectMany(c => new[] { (c, p.Plain), (char.ToUpperInvariant(c), p.Plain) }))
        .DistinctBy(p => p.Item1)
        .ToFrozenDictionary(p => p.Item1, p => p.Item2);

    /// <summary>The same name once folded; a name with no letter left (blank, or accents alone) matches nothing.</summary>
    public static bool Match(string? a, string? b) =>
        Normalize(a) is var folded && IsFolded(folded) && string.Equals(folded, Normalize(b), StringComparison.Ordinal);

    /// <summary>Whether anything of the name is left once folded: a lone combining accent is no name.</summary>
    public static bool IsName(string? name) => IsFolded(Normalize(name));

    private static bool IsFolded(string folded) => folded.Trim().Length > 0;

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

            kept.Append(space ? ' ' : char.ToUpperInvariant(Folded.GetValueOrDefault(c, c)));
            lastWasSpace = space;
        }

        return kept.Replace("Œ", "OE").Replace("Æ", "AE").Replace("ß", "SS").ToString();
    }
}
