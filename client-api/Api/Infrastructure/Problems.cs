using Microsoft.AspNetCore.Mvc;

namespace ActionLogement.Api.Infrastructure;

/// <summary>
/// Every error of the API is an RFC 9457 ProblemDetails with <c>code</c> (the first rule code) and <c>errors</c>
/// (every failing rule), built here and nowhere else.
/// </summary>
public static class Problems
{
    public const string CodeItem = "al:problem-code";

    public static ProblemHttpResult Create(int status, IReadOnlyList<Violation> violations, string? title = null)
    {
        var first = violations.Count > 0 ? violations[0] : new Violation("error", null, "Request refused.");
        return TypedResults.Problem(new ProblemDetails
        {
            Status = status,
            Title = title ?? TitleFor(status),
            Type = $"https://actionlogement.example/problems/{first.Code}",
            Detail = string.Join(" ", violations.Select(v => v.Message).Distinct()),
            Extensions =
            {
                ["code"] = first.Code,
                ["errors"] = violations.Select(v => new { code = v.Code, field = v.Field, message = v.Message }).ToList(),
            },
        });
    }

    public static ProblemHttpResult Create(int status, string code, string message, string? field = null) =>
        Create(status, [new Violation(code, field, message)]);

    public static ProblemHttpResult BadRequest(string code, string message, string? field = null) =>
        Create(StatusCodes.Status400BadRequest, code, message, field);

    public static ProblemHttpResult BadRequest(IReadOnlyList<Violation> violations) =>
        Create(StatusCodes.Status400BadRequest, violations);

    public static ProblemHttpResult NotFound(string what, string number) =>
        Create(StatusCodes.Status404NotFound, "not_found", $"No {what} '{number}'.");

    public static ProblemHttpResult Forbidden(string message = "This resource belongs to someone else.") =>
        Create(StatusCodes.Status403Forbidden, "forbidden", message);

    public static ProblemHttpResult Refused(IReadOnlyList<Violation> violations) =>
        Create(StatusCodes.Status422UnprocessableEntity, violations, "Refused by a business rule");

    public static ProblemHttpResult Conflict(string code, string message) =>
        Create(StatusCodes.Status409Conflict, code, message);

    /// <summary>For code outside an endpoint (authentication, middleware).</summary>
    public static async Task WriteAsync(HttpContext context, int status, string code, string message, string? field = null)
    {
        context.Items[CodeItem] = code;
        await Create(status, code, message, field).ExecuteAsync(context);
    }

    /// <summary>
    /// For a status the framework set without a body (no route, a method the route does not take, a body it would
    /// not read), so that it reads like every other error of the API rather than as the framework's bare default.
    /// </summary>
    public static Task WriteForStatusAsync(HttpContext context)
    {
        var status = context.Response.StatusCode;
        var (code, message) = status switch
        {
            400 => ("malformed_request", "The request could not be read."),
            404 => ("not_found", "Nothing is at this address; the API is under /api/v1."),
            405 => ("method_not_allowed", context.Response.Headers.Allow is { Count: > 0 } allow
                ? $"This address takes {allow}, not {context.Request.Method}."
                : $"This address does not take {context.Request.Method}."),
            413 => ("body_too_large", "The request body is too large."),
            // The framework refuses a body of another type only where it reads JSON (the bulk upload answers for itself).
            415 => ("unsupported_media_type", "Send the body as JSON: 'Content-Type: application/json'."),
            500 => ("internal_error", "An unexpected error occurred."),
            503 => ("unavailable", "The service is busy; retry later."),
            // Any other status still gets a code, from its name: 406 not_acceptable, 429 too_many_requests.
            _ => (string.Concat(ReasonFor(status).ToLowerInvariant().Where(c => char.IsAsciiLetterLower(c) || c == ' ')).Replace(' ', '_'),
                ReasonFor(status) + "."),
        };
        return WriteAsync(context, status, code, message);
    }

    private static string TitleFor(int status) => status switch
    {
        400 => "Malformed request",
        401 => "Unauthorized",
        403 => "Forbidden",
        404 => "Not found",
        405 => "Method not allowed",
        409 => "Conflict",
        413 => "Request too large",
        415 => "Unsupported media type",
        422 => "Refused by a business rule",
        429 => "Too many requests",
        _ => "Error",
    };

    private static string ReasonFor(int status) =>
        Microsoft.AspNetCore.WebUtilities.ReasonPhrases.GetReasonPhrase(status) is { Length: > 0 } reason ? reason : "Error";
}
