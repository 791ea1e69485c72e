namespace ActionLogement.Api.Infrastructure;

/// <summary>
/// The characters a text field may not hold: U+0000 (PostgreSQL refuses it in <c>text</c>), an unpaired surrogate (no
/// UTF-8 can encode it, so the database driver throws) and every other control character, which nobody types on
/// purpose in a name, an identifier or an amount. Only multi-line free text (an address) keeps tabs and line breaks.
/// </summary>
public static class TextCharacters
{
    /// <summary>The index of the first character <paramref name="text"/> may not hold, or -1.</summary>
    public static int IndexOfRefused(ReadOnlySpan<char> text, bool multiLine)
    {
        // Almost every field is printable ASCII: one vectorized pass clears it without looking at each character.
        var start = text.IndexOfAnyExceptInRange(' ', '~');
        if (start < 0)
        {
            return -1;
        }

        for (var i = start; i < text.Length; i++)
        {
            var c = text[i];
            if (char.IsHighSurrogate(c) && i + 1 < text.Length && char.IsLowSurrogate(text[i + 1]))
            {
                i++;
            }
            else if (char.IsSurrogate(c) || (char.IsControl(c) && !(multiLine && c is '\t' or '\n' or '\r')))
            {
                return i;
            }
        }

        return -1;
    }

    /// <summary>
    /// Whether <paramref name="id"/> (a landlord, an agent, a key's subject) holds only characters one can see: no space,
    /// control, invisible format character (a zero-width space, a right-to-left override) or lone surrogate. Ids are
    /// compared as they are, so "L-000123" followed by a zero-width space would be a landlord no key ever matches.
    /// </summary>
    public static bool IsVisibleId(ReadOnlySpan<char> id) =>
        id.IndexOfAnyExceptInRange('!', '~') is var start && (start < 0 || IsVisible(id[start..]));

    private static bool IsVisible(ReadOnlySpan<char> text)
    {
        foreach (var c in text)
        {
            if (char.IsWhiteSpace(c) || char.IsControl(c) || char.IsSurrogate(c)
                || char.GetUnicodeCategory(c) is System.Globalization.UnicodeCategory.Format)
            {
                return false;
            }
        }

        return true;
    }

    /// <summary>
    /// The caller's word (a parameter's name, a charset) to quote back in a message, when it is a plain token of at most
    /// 40 characters; <paramref name="otherwise"/> when it is anything else, which a message does not repeat.
    /// </summary>
    public static string QuotedBack(string word, string otherwise) =>
        word.Length is > 0 and <= 40 && word.All(c => char.IsAsciiLetterOrDigit(c) || c is '-' or '_' or '.' or ':') ? word : otherwise;

    /// <summary>What is wrong with the refused character at <paramref name="index"/>, in words for a message.</summary>
    public static string Describe(ReadOnlySpan<char> text, int index) =>
        char.IsSurrogate(text[index])
            ? "not valid Unicode text (an unpaired surrogate)"
            : $"holds a control character (U+{(int)text[index]:X4})";

    /// <summary>At most <paramref name="length"/> characters of <paramref name="text"/>, never half a surrogate pair.</summary>
    public static string Prefix(string text, int length) =>
        text.Length <= length ? text : text[..(char.IsHighSurrogate(text[length - 1]) ? length - 1 : length)];
}
