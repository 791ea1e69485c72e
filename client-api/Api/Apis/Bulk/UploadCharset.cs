using System.Text;
using Microsoft.Net.Http.Headers;

namespace ActionLogement.Api.Apis.Bulk;

/// <summary>
/// The text encoding of an upload, from the charset its Content-Type names: UTF-8 when it names none, or the Latin
/// encodings spreadsheets export CSV in (ISO-8859-1, windows-1252). Any other is refused rather than misread.
/// </summary>
public static class UploadCharset
{
    public const string Supported = "UTF-8 (the default), ISO-8859-1 or windows-1252";

    // With its byte-order mark as preamble, so that a reader skips one at the start of the file.
    private static readonly Encoding Utf8 = new UTF8Encoding(encoderShouldEmitUTF8Identifier: true);

    /// <summary>
    /// What UTF-8 decoding puts in place of bytes that are not UTF-8 text. No name or address holds it, so a row that
    /// does is refused, not stored with its letters lost.
    /// </summary>
    public const char Unreadable = '\uFFFD';

    public const string UnreadableError = "$: bytes that are not UTF-8 text (send the file in UTF-8, or name its charset in Content-Type: "
        + Supported + ")";

    /// <summary>The encoding to read the body with; null when the charset named is not one of <see cref="Supported"/>.</summary>
    public static Encoding? Of(string? contentType)
    {
        // A header that does not parse names no charset one can trust.
        if (!MediaTypeHeaderValue.TryParse(contentType, out var parsed))
        {
            return null;
        }

        // The encoding's own byte-order mark is skipped; another one (UTF-16) is not taken as a charset.
        return parsed.Charset.Value?.Trim('"').ToLowerInvariant() switch
        {
            null or "" or "utf-8" or "utf8" or "us-ascii" => Utf8,
            "iso-8859-1" or "latin1" or "iso_8859-1" => Encoding.Latin1,
            "windows-1252" or "cp1252" => CodePagesEncodingProvider.Instance.GetEncoding(1252),
            _ => null,
        };
    }
}
