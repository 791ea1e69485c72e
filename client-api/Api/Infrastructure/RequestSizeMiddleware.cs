using Microsoft.AspNetCore.Http.Features;

namespace ActionLogement.Api.Infrastructure;

/// <summary>
/// An address or headers too long for the API are refused here, as a problem with its code, rather than by Kestrel,
/// whose own 414 and 431 have no body at all. Kestrel's limits are set above these (<see cref="KestrelLimit"/>), so
/// that such a request reaches this check; one beyond even those gets Kestrel's bare answer, as does a request that is
/// not HTTP.
/// </summary>
public sealed class RequestSizeMiddleware(RequestDelegate next)
{
    /// <summary>The longest request target (path and query) and the most header bytes the API takes: Kestrel's own defaults.</summary>
    public const int MaxTargetBytes = 8 * 1024;

    public const int MaxHeaderBytes = 32 * 1024;

    /// <summary>Kestrel's limits on the request line and the headers, above the API's, so that the API answers first.</summary>
    public const int KestrelLimit = 64 * 1024;

    public Task InvokeAsync(HttpContext context)
    {
        var target = context.Features.Get<IHttpRequestFeature>()?.RawTarget ?? "";
        if (target.Length > MaxTargetBytes)
        {
            return Problems.WriteAsync(context, StatusCodes.Status414UriTooLong, "uri_too_long",
                $"The request's address (path and query) is {target.Length:N0} characters long; at most {MaxTargetBytes:N0}.");
        }

        var headerBytes = 0;
        foreach (var (name, values) in context.Request.Headers)
        {
            // As on the wire: "name: value\r\n" for each value.
            foreach (var value in values)
            {
                headerBytes += name.Length + (value?.Length ?? 0) + 4;
            }
        }

        return headerBytes > MaxHeaderBytes
            ? Problems.WriteAsync(context, StatusCodes.Status431RequestHeaderFieldsTooLarge, "headers_too_large",
                $"The request's headers take {headerBytes:N0} bytes; at most {MaxHeaderBytes:N0}.")
            : next(context);
    }
}
