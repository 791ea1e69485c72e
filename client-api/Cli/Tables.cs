using Spectre.Console;
using Spectre.Console.Rendering;

namespace ActionLogement.Cli;

/// <summary>
/// Writes tables whose identifiers, numbers and keys are never cut. Spectre.Console fits a table to the console
/// (80 columns when the output is redirected) by wrapping its columns and, as a last resort, by cutting every column
/// (a header shown as <c>contra…</c>, a contract number folded over two lines). Here a column whose values are all
/// single words (ids, numbers, dates, codes) never wraps, the others (free text) wrap between words, and the table is
/// given at least the width that takes: wider than the console when it must, rather than cut.
/// </summary>
internal static class Tables
{
    private static readonly Style HeaderStyle = new(decoration: Decoration.Bold);

    public static void Write(Table table, IReadOnlyList<string> headers, IReadOnlyList<string[]> rows)
    {
        var options = RenderOptions.Create(AnsiConsole.Console);
        var needed = table.Border.Visible ? headers.Count + 1 : 0;
        for (var i = 0; i < headers.Count; i++)
        {
            var values = rows.Select(row => row[i]).ToList();
            var column = new TableColumn(new Text(headers[i], HeaderStyle)) { NoWrap = values.All(v => !v.Any(char.IsWhiteSpace)) };
            var widths = values.Append(headers[i]).Select(v => ((IRenderable)new Text(v)).Measure(options, int.MaxValue)).ToList();
            needed += (column.NoWrap ? widths.Max(w => w.Max) : widths.Max(w => w.Min)) + (column.Padding?.GetWidth() ?? 0);
            table.AddColumn(column);
        }

        foreach (var row in rows)
        {
            table.AddRow(row.Select(value => new Text(value)).ToArray<IRenderable>());
        }

        var consoleWidth = AnsiConsole.Profile.Width;
        AnsiConsole.Profile.Width = Math.Max(consoleWidth, needed);
        try
        {
            AnsiConsole.Write(table);
        }
        finally
        {
            AnsiConsole.Profile.Width = consoleWidth;
        }
    }
}
