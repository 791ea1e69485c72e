using System.Text.Json;

namespace ActionLogement.Domain;

/// <summary>
/// Enum members as the API spells them (<c>PRIVATE_MOBILITY</c> for <c>PrivateMobility</c>), the same naming policy
/// as the JSON endpoints, computed once per enum rather than per row of a bulk file. Here rather than beside the
/// grains so that the rules' messages speak it too.
/// </summary>
public static class ApiSpelling<T> where T : struct, Enum
{
    private static readonly FrozenDictionary<T, string> Names =
        Enum.GetValues<T>().ToFrozenDictionary(v => v, v => JsonNamingPolicy.SnakeCaseUpper.ConvertName(v.ToString()));

    private static readonly FrozenDictionary<string, T> Values = Names.ToFrozenDictionary(n => n.Value, n => n.Key);

    /// <summary>Every member's spelling, in the enum's order, as an error message lists them.</summary>
    public static ImmutableArray<string> All { get; } = [.. Enum.GetValues<T>().Select(v => Names[v])];

    public static string Of(T value) => Names[value];

    public static bool TryParse(string? name, out T value) => Values.TryGetValue(name ?? "", out value);
}
