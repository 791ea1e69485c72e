using System.CommandLine;
using System.CommandLine.Parsing;
using System.Text.Json.Nodes;

namespace ActionLogement.Cli.Commands;

public static class KeysCommands
{
    private static readonly string[] Roles = ["landlord", "partner", "tenant", "staff", "admin", "operator"];

    public static Command Create()
    {
        var role = new Option<string>("--role") { Required = true }.OneOf(Roles);
        var subject = new Option<string>("--subject") { Description = "the landlord, agent, candidate or staff id", Required = true };
        var manages = new Option<string[]>("--manages")
        {
            Description = "for a partner: the landlord ids it manages, separated by commas or spaces (L-000300,L-000301), " +
                "or --manages repeated",
            HelpName = "IDS",
            AllowMultipleArgumentsPerToken = true,
            CustomParser = LandlordIds,
        };
        var rate = new Option<int?>("--requests-per-second") { Description = "this key's own request rate, 1 to 100000 (default: its role's)" }
            .Within(1, 100_000);
        var create = new Command("create", "Create an API key (admin key needed); the secret is shown once") { role, subject, manages, rate };
        create.SetAction(async parse =>
        {
            var client = GlobalOptions.Client(parse);
            var (code, body) = await client.SendAsync(HttpMethod.Post, "keys",
                new
                {
                    role = parse.GetValue(role),
                    subject = parse.GetValue(subject),
                    managed = parse.GetValue(manages) ?? [],
                    requestsPerSecond = parse.GetValue(rate),
                });
            if (code == 0 && !client.Output.IsJson && body is JsonObject created && created["key"]?.GetValue<string>() is { } secret)
            {
                // The secret on a line of its own, whole: in a table of 80 columns it would be folded over two lines.
                var rest = created.DeepClone().AsObject();
                rest.Remove("key");
                client.Output.Record(rest, "API key");
                Console.WriteLine("key (store it now: it is not shown again):");
                Console.WriteLine(secret);
            }
            else if (code == 0)
            {
                client.Output.Record(body, "API key (store it now: it is not shown again)");
            }

            return code;
        });

        var keyId = new Argument<string>("keyId");
        var revoke = new Command("revoke", "Revoke an API key by its id") { keyId };
        revoke.SetAction(async parse =>
        {
            var client = GlobalOptions.Client(parse);
            var id = parse.GetValue(keyId)!;
            var (code, _) = await client.SendAsync(HttpMethod.Delete, $"keys/{Uri.EscapeDataString(id)}");
            if (code == 0)
            {
                // The API answers 204 with no body: without a line, a success looks like nothing happened.
                Console.WriteLine(client.Output.IsJson
                    ? new JsonObject { ["keyId"] = id, ["revoked"] = true }.ToJsonString(Output.JsonOptions)
                    : $"Key {id} revoked.");
            }

            return code;
        });

        var listRole = new Option<string?>("--role").OneOf(Roles);
        var listSubject = new Option<string?>("--subject") { Description = "only this subject's keys" };
        var limit = new Option<int>("--limit") { DefaultValueFactory = _ => 50 };
        var after = new Option<string?>("--after") { Description = Cli.AfterDescription, HelpName = "CURSOR" };
        var list = new Command("list", "List API keys (admin key needed), to find the one to revoke; secrets are never shown")
        {
            listRole, listSubject, limit, after,
        };
        list.SetAction(parse => Cli.ListAsync(parse,
            "keys" + Cli.Query(("role", parse.GetValue(listRole)), ("subject", parse.GetValue(listSubject)),
                ("limit", parse.GetValue(limit).ToString()), ("after", parse.GetValue(after))),
            new("keyId", "key id"), "role", "subject", new("requestsPerSecond", "own rate"), new("createdAt", "created"),
            new("revokedAt", "revoked")));

        return new Command("keys", "API keys") { create, list, revoke };
    }

    /// <summary>
    /// Every landlord id the --manages tokens name: a list written with commas is the usual way to give several, and sent
    /// as one id it would make a key that manages no landlord.
    /// </summary>
    private static string[] LandlordIds(ArgumentResult result)
    {
        var ids = new List<string>();
        foreach (var token in result.Tokens)
        {
            var pieces = token.Value.Split(',', StringSplitOptions.TrimEntries);
            if (pieces.Any(p => p.Length == 0))
            {
                result.AddError($"--manages '{token.Value}': a landlord id is missing between or around its commas.");
            }

            ids.AddRange(pieces.Where(p => p.Length > 0));
        }

        return [.. ids];
    }
}
