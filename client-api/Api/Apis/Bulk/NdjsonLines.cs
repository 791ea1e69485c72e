using System.Runtime.CompilerServices;
using System.Text;

namespace ActionLogement.Api.Apis.Bulk;

/// <summary>
/// The lines of an NDJSON upload, each at most <see cref="MaxLineChars"/> characters: a longer one comes back as
/// <see langword="null"/> and is skipped to its end without being held, so one enormous line (a file that is not
/// line-delimited, or a hostile one) cannot take the memory that streaming the upload keeps flat.
/// </summary>
public static class NdjsonLines
{
    /// <summary>A lease row is a few hundred characters; this leaves room for long addresses and references.</summary>
    public const int MaxLineChars = 64 * 1024;

    public static async IAsyncEnumerable<string?> ReadAsync(TextReader reader, [EnumeratorCancellation] CancellationToken ct,
        int maxLineChars = MaxLineChars)
    {
        var buffer = new char[16 * 1024];
        var line = new StringBuilder();
        var tooLong = false;
        int read;
        while ((read = await reader.ReadAsync(buffer, ct)) > 0)
        {
            var start = 0;
            while (start < read)
            {
                var newline = Array.IndexOf(buffer, '\n', start, read - start);
                var end = newline < 0 ? read : newline;
                // One more than the bound may be a CRLF's carriage return, taken off when the line completes.
                if (!tooLong && line.Length + (end - start) > maxLineChars + 1)
                {
                    tooLong = true;
                    line.Clear();
                }

                if (!tooLong)
                {
                    line.Append(buffer, start, end - start);
                }

                if (newline < 0)
                {
                    break;
                }

                yield return Completed(line, tooLong, maxLineChars);
                line.Clear();
                tooLong = false;
                start = newline + 1;
            }
        }

        if (line.Length > 0 || tooLong)
        {
            yield return Completed(line, tooLong, maxLineChars);
        }
    }

    private static string? Completed(StringBuilder line, bool tooLong, int maxLineChars)
    {
        // A CRLF file: the carriage return belongs to the line break, not to the row.
        if (line.Length > 0 && line[^1] == '\r')
        {
            line.Length--;
        }

        return tooLong || line.Length > maxLineChars ? null : line.ToString();
    }
}
