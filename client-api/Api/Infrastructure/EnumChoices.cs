using System.Collections.Concurrent;
using System.Reflection;
using System.Text.Json;
using System.Text.RegularExpressions;

namespace ActionLogement.Api.Infrastructure;

/// <summary>
/// The names an enum field takes, for the message of a value the JSON reader refused: ": one of PHONE, EMAIL, …" rather
/// than a bare "Invalid value", so that the caller need not look them up. The reader's message names only the type it
/// was reading (the record whose constructor takes the field, or the enum itself); the field's path leads from there.
/// </summary>
public static partial class EnumChoices
{
    // Keyed by the type and the path without its indices (months[3] is months): both come from this API's own types,
    // so the sender cannot grow it.
    private static readonly ConcurrentDictionary<(string Type, string Path), string> Known = new();

    /// <summary>": one of …" when the field at <paramref name="path"/> is one of this API's enums; empty otherwise.</summary>
    public static string In(string readerMessage, string path)
    {
        var match = ConvertedTo().Match(readerMessage);
        return match.Success ? Known.GetOrAdd((match.Groups["type"].Value, Indices().Replace(path, "")), key => Describe(key.Type, key.Path)) : "";
    }

    private static string Describe(string typeName, string path)
    {
        var type = AppDomain.CurrentDomain.GetAssemblies()
            .Where(a => a.GetName().Name?.StartsWith("ActionLogement", StringComparison.Ordinal) == true)
            .Select(a => a.GetType(typeName))
            .FirstOrDefault(t => t is not null);
        var segments = path.Split('.', StringSplitOptions.RemoveEmptyEntries);

        // The record reading the field itself, or the outer one the whole path starts from.
        var field = segments.Length == 0 ? type : Walk(type, segments[^1..]) ?? Walk(type, segments);
        return field is { IsEnum: true }
            ? ": one of " + string.Join(", ", Enum.GetNames(field).Select(JsonNamingPolicy.SnakeCaseUpper.ConvertName))
            : "";
    }

    private static Type? Walk(Type? type, IEnumerable<string> segments)
    {
        foreach (var segment in segments)
        {
            type = type?.GetProperty(segment, BindingFlags.Public | BindingFlags.Instance | BindingFlags.IgnoreCase)?.PropertyType;
            type = type is null ? null : Nullable.GetUnderlyingType(type) ?? type;
        }

        return type;
    }

    // "The JSON value could not be converted to ActionLogement.Api.Apis.Recovery.ContactBody. Path: $.channel ...".
    [GeneratedRegex(@"could not be converted to (System\.Nullable`1\[)?(?<type>[\w+]+(\.[\w+]+)*)")]
    private static partial Regex ConvertedTo();

    [GeneratedRegex(@"\[\d+\]")]
    private static partial Regex Indices();
}
