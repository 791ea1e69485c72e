using System.CommandLine;
using System.Text.Json.Nodes;

namespace ActionLogement.Cli.Commands;

/// <summary>The three shapes every command takes: show one record, list a page, post a command.</summary>
internal static class Cli
{
    public static readonly Option<string?> IdempotencyKey = Checked(new("--idempotency-key")
    {
        Description = "the Idempotency-Key to send (default: a new one); to retry a command safely, give the key a failed " +
            "attempt printed",
        HelpName = "KEY",
    });

    /// <summary>
    /// An empty key is a key that went missing ($KEY unset in a script): sent, the server would refuse it or, where the
    /// key is optional, run the command without one, and a retry would not be recognised as one.
    /// </summary>
    private static Option<string?> Checked(Option<string?> option)
    {
        option.Validators.Add(result =>
        {
            if (result.Tokens.Count == 0)
            {
                return;
            }

            var key = result.Tokens[^1].Value;
            if (string.IsNullOrWhiteSpace(key))
            {
                result.AddError("--idempotency-key is empty: give the key a failed attempt printed, or leave the option out for a new one.");
            }
            else if (HeaderText.Fault(key) is { } fault)
            {
                result.AddError($"--idempotency-key {fault}. An Idempotency-Key is printable ASCII.");
            }
        });
        return option;
    }

    /// <summary>What a list's --after takes: the cursor its previous page gave, never a value the user makes up.</summary>
    public const string AfterDescription =
        "the next page: the cursor the previous page printed after 'more: --after' (its 'next' in --json), as printed";

    public static async Task<int> ShowAsync(ParseResult parse, string path, string title, params (string Field, Column[] Columns)[] listOf)
    {
        var client = GlobalOptions.Client(parse);
        var (code, body) = await client.SendAsync(HttpMethod.Get, path);
        Print(client, body, title, listOf, code);
        return code;
    }

    public static async Task<int> ListAsync(ParseResult parse, string path, params Column[] columns)
    {
        var client = GlobalOptions.Client(parse);
        var (code, body) = await client.SendAsync(HttpMethod.Get, path);
        if (code == 0)
        {
            client.Output.Page(body, columns);
        }

        return code;
    }

    public static async Task<int> PostAsync(ParseResult parse, string path, object body, string? title,
        bool idempotent = false, params (string Field, Column[] Columns)[] listOf)
    {
        var client = GlobalOptions.Client(parse);
        var (code, response) = await client.SendAsync(HttpMethod.Post, path, body, idempotent,
            idempotent ? parse.GetValue(IdempotencyKey) : null);
        if (code == 0 && !client.Output.IsJson && response is JsonObject answer && answer["violations"] is JsonArray { Count: 0 })
        {
            // A claim's answer carries the refusals of its rules, always empty in a success (the API answers 422 otherwise):
            // a row that can never hold anything. Scripts still get the API's answer as it came.
            answer.Remove("violations");
        }

        Print(client, response, title, listOf, code);
        return code;
    }

    /// <summary>
    /// The query of the options given. An option given empty is sent empty, for the API to refuse: dropped, a filter
    /// typed as <c>--contract ""</c> would list everything as if it matched.
    /// </summary>
    public static string Query(params (string Name, string? Value)[] parameters)
    {
        var given = parameters.Where(p => p.Value is not null).Select(p => $"{p.Name}={Uri.EscapeDataString(p.Value!)}").ToList();
        return given.Count == 0 ? "" : "?" + string.Join('&', given);
    }

    /// <summary>The record's fields as one table, then each of its lists named in <paramref name="listOf"/> as a table of its own.</summary>
    private static void Print(ApiClient client, JsonNode? body, string? title, (string Field, Column[] Columns)[] listOf, int code)
    {
        if (code != 0)
        {
            return;
        }

        if (listOf.Length > 0 && !client.Output.IsJson && body is JsonObject obj)
        {
            var rest = obj.DeepClone().AsObject();
            foreach (var (field, _) in listOf)
            {
                // A dotted field is a list inside a field of the record (a case's "plan.schedule").
                var dot = field.LastIndexOf('.');
                (dot < 0 ? rest : At(rest, field[..dot]) as JsonObject)?.Remove(field[(dot + 1)..]);
            }

            client.Output.Record(rest, title);
            foreach (var (field, columns) in listOf)
            {
                if (At(obj, field) is JsonArray { Count: > 0 } items)
                {
                    Console.WriteLine(field);
                    client.Output.List(items, columns);
                }
            }

            return;
        }

        client.Output.Record(body, title);
    }

    private static JsonNode? At(JsonObject record, string path) =>
        path.Split('.').Aggregate((JsonNode?)record, (node, name) => node is JsonObject o ? o[name] : null);
}
