using Spectre.Console;
using Spectre.Console.Rendering;

namespace ActionLogement.Cli;

/// <summary>
/// Writes tables whose identifiers, numbers and keys are never cut. Spectre.Console fits a table to the console
/// (80 columns when the output is redirected) by wrapping its columns and, as a last resort, by cutting every column
/// (a header shown as <c>contra…</c>, a contract number folded over two lines). Here a column whose values are all
/// single words (ids, numbers, dates, codes) never wraps, the others (free text) wrap between words, and the table is
/// given at least the width that takes: wider than the console when it must, rather than cut. When the free-text columns
/// must wrap, their widths are set here, each at least its longest word: Spectre.Console's own shrinking takes from
/// every column by its share and could leave one narrower than a word in it (a payout id in a timeline's text, folded).
/// </summary>
internal static class Tables
{
    private static readonly Style HeaderStyle = new(decoration: Decoration.Bold);

    public static void Write(Table table, IReadOnlyList<string> headers, IReadOnlyList<string[]> rows)
    {
        var options = RenderOptions.Create(AnsiConsole.Console);
        var borders = table.Border.Visible ? headers.Count + 1 : 0;
        var columns = new List<(TableColumn Column, int Min, int Max)>();
        for (var i = 0; i < headers.Count; i++)
        {
            var values = rows.Select(row => row[i]).ToList();
            var column = new TableColumn(new Text(headers[i], HeaderStyle)) { NoWrap = values.All(v => !v.Any(char.IsWhiteSpace)) };
            var widths = values.Append(headers[i]).Select(v => ((IRenderable)new Text(v)).Measure(options, int.MaxValue)).ToList();
            var (min, max) = (widths.Max(w => w.Min), widths.Max(w => w.Max));
            columns.Add((column, column.NoWrap ? max : min, max));
            table.AddColumn(column);
        }

        var padding = columns.Sum(c => c.Column.Padding?.GetWidth() ?? 0);
        var needed = borders + padding + columns.Sum(c => c.Min);
        var width = Math.Max(AnsiConsole.Profile.Width, needed);
        var slack = columns.Sum(c => c.Max - c.Min);
        var extra = width - needed;
        if (extra < slack)
        {
            // Too narrow for every column at its widest: the wrapping ones share what is left beyond their longest
            // words, by how much more they would take.
            foreach (var (column, min, max) in columns.Where(c => !c.Column.NoWrap))
            {
                column.Width = min + (int)((long)extra * (max - min) / slack);
            }
        }

        foreach (var row in rows)
        {
            table.AddRow(row.Select(value => new Text(value)).ToArray<IRenderable>());
        }

        var consoleWidth = AnsiConsole.Profile.Width;
        AnsiConsole.Profile.Width = width;
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
