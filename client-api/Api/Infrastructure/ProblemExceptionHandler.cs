using System.Text.Json;
using Microsoft.AspNetCore.Diagnostics;

namespace ActionLogement.Api.Infrastructure;

/// <summary>
/// Turns what escapes an endpoint into ProblemDetails: unreadable input is a 400 (or 413, 415), never a 500; a database
/// or cluster out of reach (a silo lost under the call included) a 503 with <c>Retry-After</c>; anything else a 500 with no stack trace, the exception going to
/// the log only.
/// </summary>
public sealed class ProblemExceptionHandler(ILogger<ProblemExceptionHandler> logger) : IExceptionHandler
{
    public async ValueTask<bool> TryHandleAsync(HttpContext context, Exception exception, CancellationToken ct)
    {
        // A value our converters refused carries its own rule code; the reader's path names the field.
        if (exception.InChain<JsonInputException>() is { } input)
        {
            await Problems.WriteAsync(context, 400, input.Code, input.Message, FieldOf(input));
            return true;
        }

        // The database unreachable (down, restarting, out of connections): nothing was done, and a retry will succeed.
        if (exception.InChain<Npgsql.NpgsqlException>() is { IsTransient: true })
        {
            logger.LogWarning("Database unavailable on {Method} {Path}", context.Request.Method, context.Request.Path);
            context.Response.Headers.RetryAfter = "5";
            await Problems.WriteAsync(context, 503, "unavailable", "The service cannot reach its database; retry in a few seconds with the same Idempotency-Key.");
            return true;
        }

        switch (exception)
        {
            case BadHttpRequestException { StatusCode: not StatusCodes.Status400BadRequest } other:
                // A body over the limit (413), of another media type (415), or arriving too slowly (408), say.
                context.Response.StatusCode = other.StatusCode;
                await Problems.WriteForStatusAsync(context);
                return true;
            case BadHttpRequestException bad when (bad.InnerException as JsonException ?? bad.InnerException?.InnerException as JsonException) is { } cause:
                var (message, field) = Describe(cause);
                await Problems.WriteAsync(context, 400, "malformed_request", message, field);
                return true;
            case BadHttpRequestException binding:
                var failure = BindingFailures.Describe(context, binding);
                await Problems.WriteAsync(context, 400, failure.Code, failure.Message, failure.Field);
                return true;
            case JsonException json:
                var (jsonMessage, jsonField) = Describe(json);
                await Problems.WriteAsync(context, 400, "malformed_request", jsonMessage, jsonField);
                return true;
            case OperationCanceledException when context.RequestAborted.IsCancellationRequested:
                return true;
            case Orleans.Storage.InconsistentStateException:
                // Two writers met on one grain's state; the grain reloaded. Nothing half-done remains: retrying is safe.
                logger.LogWarning("Grain state conflict on {Method} {Path}", context.Request.Method, context.Request.Path);
                context.Response.Headers.RetryAfter = "1";
                await Problems.WriteAsync(context, 503, "state_conflict", "The record changed meanwhile; retry with the same Idempotency-Key.");
                return true;
            case Orleans.Runtime.SiloUnavailableException:
            case Orleans.Runtime.OrleansMessageRejectionException { InnerException: Orleans.Runtime.Messaging.ConnectionFailedException }:
                // The silo holding the grain died or left under the call. The grain's state is the record: what it wrote
                // before dying is answered to the retry, what it did not is done by it, once. Other rejections (a message
                // that cannot be delivered at all) stay 500s.
                logger.LogWarning(exception, "Cluster call rejected (silo lost) on {Method} {Path}", context.Request.Method, context.Request.Path);
                context.Response.Headers.RetryAfter = "1";
                await Problems.WriteAsync(context, 503, "unavailable", "The service lost a server during this request; retry with the same Idempotency-Key.");
                return true;
            case TimeoutException:
                logger.LogWarning(exception, "Cluster call timed out");
                context.Response.Headers.RetryAfter = "1";
                await Problems.WriteAsync(context, 503, "unavailable", "The service is busy; retry with the same Idempotency-Key.");
                return true;
            default:
                // Logged without the request body: bodies may carry personal data.
                logger.LogError(exception, "Unhandled error on {Method} {Path}", context.Request.Method, context.Request.Path);
                await Problems.WriteAsync(context, 500, "internal_error", "An unexpected error occurred; it has been logged.");
                return true;
        }
    }

    private static (string Message, string? Field) Describe(JsonException json)
    {
        var field = FieldOf(json);
        // System.Text.Json messages name the .NET type; keep ours about the JSON.
        var message = json.Message.Contains("could not be mapped", StringComparison.Ordinal)
            ? $"Unknown field{(field is null ? "" : $" '{field}'")}."
            : json.Message.StartsWith("Duplicate property", StringComparison.Ordinal)
                ? $"Field '{field}' appears more than once."
            : json.Message.Contains("missing required properties", StringComparison.Ordinal)
                ? "Required fields are missing: " + json.Message[(json.Message.IndexOf("properties", StringComparison.Ordinal) + 10)..]
                    .Replace("including", "", StringComparison.Ordinal).Trim(' ', ':', '.') + "."
                : field is not null ? $"Invalid value for '{field}'{EnumChoices.In(json.Message, field)}."
                : json.Message.Contains("could not be converted", StringComparison.Ordinal)
                    ? "The body is JSON, but not an object: send the command's fields as a JSON object ({...})."
                    : "The body is not valid JSON.";
        return (message, field);
    }

    private static string? FieldOf(JsonException json) =>
        string.IsNullOrEmpty(json.Path) || json.Path == "$" ? null : json.Path.TrimStart('$', '.');
}
