namespace ActionLogement.Cli;

/// <summary>
/// Why a text the CLI sends in a header (the API key, an Idempotency-Key) cannot go there: said by the CLI, where
/// HttpClient would throw a FormatException (a CR or LF, as a line read from a file keeps) or the connection would fail.
/// Only the character and its place are named: the text may be a secret.
/// </summary>
public static class HeaderText
{
    public static string? Fault(string value)
    {
        for (var i = 0; i < value.Length; i++)
        {
            var c = value[i];
            if (char.IsControl(c))
            {
                var hint = c is '\r' or '\n' ? "; the end of a line read from a file?" : "";
                return $"contains a control character (U+{(int)c:X4}, at position {i + 1}{hint})";
            }

            if (!char.IsAscii(c))
            {
                return $"contains a non-ASCII character (U+{(int)c:X4}, at position {i + 1})";
            }
        }

        return null;
    }
}
