namespace ActionLogement.Api.Infrastructure;

/// <summary>
/// A request whose method HTTP does not define (RFC 9110's eight, and PATCH) is a 501 before anything else sees it
/// (RFC 9110 §9.1). Any token is a method on the wire, and the request metrics label each method they see: counted,
/// made-up methods would add series without end.
/// </summary>
public sealed class KnownMethodsMiddleware(RequestDelegate next)
{
    public Task InvokeAsync(HttpContext context)
    {
        // Compared as sent: a method is case-sensitive (RFC 9110 §9.1), and "gEt" would be a series of its own.
        return context.Request.Method is "GET" or "POST" or "DELETE" or "PUT" or "PATCH" or "HEAD" or "OPTIONS" or "TRACE" or "CONNECT"
            ? next(context)
            : Problems.WriteAsync(context, StatusCodes.Status501NotImplemented, "method_not_supported",
                "This API answers GET, POST and DELETE; HTTP's other methods get a 405 where they do not apply.");
    }
}
