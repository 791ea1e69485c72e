using System.Text.Json;
using System.Text.Json.Nodes;
using Spectre.Console;

namespace ActionLogement.Cli;

/// <summary>Tables for people, raw JSON for scripts (<c>--json</c>); refusals on stderr.</summary>
public sealed class Output(bool json)
{
    /// <summary>
    /// The JSON printed (and sent): text as it is, "Zoé", "+00:00", "key's", where the default encoder, made for HTML,
    /// writes "Zo\u00E9", "\u002B00:00", "key\u0027s". Still JSON: quotes, backslashes and control characters are escaped.
    /// </summary>
    public static readonly JsonSerializerOptions JsonOptions = new(JsonSerializerDefaults.Web)
    {
        Encoder = System.Text.Encodings.Web.JavaScriptEncoder.UnsafeRelaxedJsonEscaping,
        DefaultIgnoreCondition = System.Text.Json.Serialization.JsonIgnoreCondition.WhenWritingNull,
        WriteIndented = true,
    };

    public bool IsJson => json;

    /// <summary>One object as a two-column table of its scalar fields (nested objects flattened with dots).</summary>
    public void Record(JsonNode? node, string? title = null)
    {
        if (json || node is not JsonObject obj)
        {
            Console.WriteLine(node?.ToJsonString(JsonOptions) ?? "");
            return;
        }

        var table = new Table().Border(TableBorder.Rounded);
        if (title is not null)
        {
            table.Title(title);
        }

        Tables.Write(table, ["field", "value"], Flatten(obj, "").Select(pair => new[] { pair.Item1, pair.Item2 }).ToList());
    }

    /// <summary>
    /// A page of a list: for scripts the API's page object as it came (<c>items</c> and the <c>next</c> cursor, null on
    /// the last page), so they can page on; for people the items and the option that gives the next page.
    /// </summary>
    public void Page(JsonNode? page, params Column[] columns)
    {
        if (json)
        {
            Console.WriteLine(page?.ToJsonString(JsonOptions) ?? "");
            return;
        }

        List(page?["items"] as JsonArray, columns);
        if (page?["next"]?.GetValue<string>() is { } next)
        {
            Console.WriteLine($"more: --after {ShellWord(next)}");
        }
    }

    /// <summary>
    /// A value as one shell word, to be pasted as it is printed: quoted when it holds anything a shell reads otherwise
    /// (a queue's cursor, <c>2026-12-05|R10000000004</c>, would be a pipe).
    /// </summary>
    public static string ShellWord(string value) =>
        value.Length > 0 && value.All(c => char.IsAsciiLetterOrDigit(c) || "-_.,:/=@%+".Contains(c))
            ? value
            : "'" + value.Replace("'", "'\\''", StringComparison.Ordinal) + "'";

    /// <summary>
    /// A list of objects as a table with the given columns. For people only: in JSON a list is printed within what
    /// holds it (its page, its record), never alone. No border: it takes a column more than there are columns, which
    /// a list of identifiers cannot spare in 80.
    /// </summary>
    public void List(JsonArray? items, params Column[] columns) =>
        Tables.Write(new Table().Border(TableBorder.None), columns.Select(c => c.Header).ToList(),
            (items ?? []).Select(item => columns.Select(c => c.Text?.Invoke(item) ?? Scalar(Find(item, c.Path))).ToArray()).ToList());

    public void Problem(int status, JsonNode? problem, string raw)
    {
        if (json)
        {
            Console.Error.WriteLine(problem?.ToJsonString(JsonOptions) ?? raw);
            return;
        }

        var title = problem?["title"]?.GetValue<string>() ?? $"HTTP {status}";
        Console.Error.WriteLine($"Refused ({status}): {title}");
        if (problem?["errors"] is JsonArray errors)
        {
            foreach (var error in errors)
            {
                var field = error?["field"]?.GetValue<string>();
                Console.Error.WriteLine($"  - {error?["code"]}{(field is null ? "" : $" [{field}]")}: {error?["message"]}");
            }
        }
        else if (problem is null && raw.Length > 0)
        {
            Console.Error.WriteLine(raw);
        }

        // What else the refusal names: a refused visa request's number, by which the refusal is referred to.
        if (problem is JsonObject fields)
        {
            foreach (var (name, value) in fields)
            {
                if (!ProblemFields.Contains(name) && value is JsonValue)
                {
                    Console.Error.WriteLine($"  {name}: {value}");
                }
            }
        }
    }

    private static readonly HashSet<string> ProblemFields = ["type", "title", "status", "detail", "instance", "code", "errors", "traceId"];

    private static IEnumerable<(string, string)> Flatten(JsonObject obj, string prefix)
    {
        foreach (var (name, value) in obj)
        {
            if (value is JsonObject inner)
            {
                foreach (var pair in Flatten(inner, $"{prefix}{name}."))
                {
                    yield return pair;
                }
            }
            else
            {
                yield return ($"{prefix}{name}", Scalar(value));
            }
        }
    }

    private static JsonNode? Find(JsonNode? node, string path) =>
        path.Split('.').Aggregate(node, (current, part) => current?[part]);

    private static string Scalar(JsonNode? value) => value switch
    {
        null => "",
        // A moment (a timeline's "at") to the second: its ten-millionths took a third of an 80-column table.
        JsonValue v when v.TryGetValue<string>(out var text) && text.Length > 20 && text[10] == 'T'
            && DateTimeOffset.TryParseExact(text, "yyyy-MM-dd'T'HH:mm:ss.FFFFFFFzzz", System.Globalization.CultureInfo.InvariantCulture,
                System.Globalization.DateTimeStyles.None, out var at)
            => at.Offset == TimeSpan.Zero ? at.ToString("yyyy-MM-dd'T'HH:mm:ss'Z'", System.Globalization.CultureInfo.InvariantCulture)
                : at.ToString("yyyy-MM-dd'T'HH:mm:sszzz", System.Globalization.CultureInfo.InvariantCulture),
        JsonArray array => string.Join(", ", array.Select(a => a is JsonObject o ? o["code"]?.ToString() ?? o.ToJsonString() : a?.ToString())),
        JsonObject o => o.ToJsonString(),
        _ => value.ToString(),
    };
}
