using Microsoft.AspNetCore.Http.Metadata;
using Microsoft.Net.Http.Headers;

namespace ActionLogement.Api.Infrastructure;

/// <summary>
/// A JSON body is UTF-8 (RFC 8259 §8.1). Where an endpoint reads one, a Content-Type naming another charset is a 415
/// before the endpoint runs: the framework's reader would transcode a few and throw on every name it does not know
/// (<c>charset=utf8</c>, <c>windows-1252</c>), a 500. <c>utf8</c> is UTF-8 under a common misspelling and is taken as such.
/// The bulk upload reads its own body, in the charsets it names (<c>UploadCharset</c>).
/// </summary>
public sealed class JsonCharsetMiddleware(RequestDelegate next)
{
    public Task InvokeAsync(HttpContext context)
    {
        var contentType = context.Request.ContentType;
        // What nearly every client sends, let through without parsing the header or looking at the endpoint.
        if (contentType is null || contentType.Equals("application/json", StringComparison.OrdinalIgnoreCase)
            || contentType.Equals("application/json; charset=utf-8", StringComparison.OrdinalIgnoreCase)
            || !ReadsJson(context) || !MediaTypeHeaderValue.TryParse(contentType, out var parsed)
            || parsed.Charset.Value is not { } charset)
        {
            return next(context);
        }

        switch (charset.Trim('"').ToLowerInvariant())
        {
            case "utf-8":
                return next(context);
            case "utf8":
                parsed.Charset = "utf-8";
                context.Request.ContentType = parsed.ToString();
                return next(context);
            default:
                return Problems.WriteAsync(context, StatusCodes.Status415UnsupportedMediaType, "unsupported_media_type",
                    $"A JSON body is UTF-8: send 'Content-Type: application/json' or 'application/json; charset=utf-8', not charset '{TextCharacters.QuotedBack(charset, "(not shown)")}'.");
        }
    }

    private static bool ReadsJson(HttpContext context) =>
        context.GetEndpoint()?.Metadata.GetMetadata<IAcceptsMetadata>() is { } accepts
        && accepts.ContentTypes.Any(type => type.Equals("application/json", StringComparison.OrdinalIgnoreCase));
}
