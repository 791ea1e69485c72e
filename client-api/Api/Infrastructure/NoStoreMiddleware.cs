namespace ActionLogement.Api.Infrastructure;

/// <summary>
/// Every answer of the API proper is <c>Cache-Control: no-store</c>: visas, contracts and cases carry personal data
/// (domain-rules §9), which a browser, a proxy or a shared cache on the way must not keep. Health, metrics and the
/// OpenAPI document carry none and are left as they are.
/// </summary>
public sealed class NoStoreMiddleware(RequestDelegate next)
{
    public Task InvokeAsync(HttpContext context)
    {
        // Set before the endpoint runs: nothing after it sets another, and the exception handler, which clears the
        // headers of a failed request, writes its own no-store.
        if (context.Request.Path.StartsWithSegments("/api", StringComparison.Ordinal))
        {
            context.Response.Headers.CacheControl = "no-store";
        }

        return next(context);
    }
}
