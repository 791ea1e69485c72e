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

    private static string TitleFor(int status) => status switch
    {
        400 => "Malformed request",
        401 => "Unauthorized",
        403 => "Forbidden",
        404 => "Not found",
        409 => "Conflict",
        413 => "Request too large",
        422 => "Refused by a business rule",
        429 => "Too many requests",
        _ => "Error",
    };
}
