using System.CommandLine;
using System.CommandLine.Parsing;

namespace ActionLogement.Cli;

/// <summary>What a command line that does not parse is told: its errors, a near option's name, where the help is.</summary>
public static class Usage
{
    public static string Refusal(ParseResult parsed)
    {
        var lines = parsed.Errors.Select(e => e.Message).Distinct().ToList();
        var names = OptionNames(parsed.CommandResult).ToList();
        foreach (var token in parsed.UnmatchedTokens.Where(t => t.StartsWith('-')).Distinct())
        {
            if (names.Select(n => (Name: n, Distance: Distance(token, n))).Where(n => n.Distance <= 2).OrderBy(n => n.Distance)
                .FirstOrDefault() is { Name: { } near })
            {
                lines.Add($"Did you mean {near}?");
            }
        }

        lines.Add($"See `{CommandPath(parsed.CommandResult)} --help`.");
        return string.Join(Environment.NewLine, lines);
    }

    /// <summary>The options a command takes: its own and the recursive ones of the commands above it.</summary>
    private static IEnumerable<string> OptionNames(CommandResult command)
    {
        for (SymbolResult? at = command; at is not null; at = at.Parent)
        {
            if (at is CommandResult { Command: var c })
            {
                foreach (var option in c.Options.Where(o => at == command || o.Recursive))
                {
                    yield return option.Name;
                }
            }
        }
    }

    private static string CommandPath(CommandResult command)
    {
        var names = new List<string>();
        for (SymbolResult? at = command; at is not null; at = at.Parent)
        {
            if (at is CommandResult { Command: var c })
            {
                names.Insert(0, c is RootCommand ? "al" : c.Name);
            }
        }

        return string.Join(' ', names);
    }

    private static int Distance(string a, string b)
    {
        var previous = Enumerable.Range(0, b.Length + 1).ToArray();
        for (var i = 1; i <= a.Length; i++)
        {
            var current = new int[b.Length + 1];
            current[0] = i;
            for (var j = 1; j <= b.Length; j++)
            {
                current[j] = Math.Min(Math.Min(current[j - 1] + 1, previous[j] + 1), previous[j - 1] + (a[i - 1] == b[j - 1] ? 0 : 1));
            }

            previous = current;
        }

        return previous[b.Length];
    }
}
