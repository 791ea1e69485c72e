using System.Reflection;
using System.Text.RegularExpressions;
using Microsoft.AspNetCore.Diagnostics;
using Microsoft.AspNetCore.Http.Metadata;

namespace ActionLogement.Api.Infrastructure;

/// <summary>
/// Says in the API's words what the framework could not bind. Its messages name .NET types and C# parameters
/// (<c>Failed to bind parameter "Nullable&lt;DateOnly&gt; dueBefore" from "2026-13-01".</c>), so only the parameter's
/// name is read from them, and looked up on the endpoint's handler for the name and type the caller knows.
/// </summary>
public static partial class BindingFailures
{
    public static Violation Describe(HttpContext context, BadHttpRequestException exception)
    {
        var message = exception.Message;
        if (message.StartsWith("Implicit body", StringComparison.Ordinal) || message.EndsWith(" from body.", StringComparison.Ordinal))
        {
            return new Violation("malformed_request", null, "A JSON body is required.");
        }

        if (message.Contains("from the request body", StringComparison.Ordinal))
        {
            return new Violation("malformed_request", null, "The body is not valid JSON for this request.");
        }

        var name = ParameterName().Match(message) is { Success: true } match ? match.Groups["name"].Value : null;
        // The exception handler has already cleared the request's endpoint; its feature keeps the one that threw.
        var endpoint = context.Features.Get<IExceptionHandlerFeature>()?.Endpoint ?? context.GetEndpoint();
        var parameter = endpoint?.Metadata.GetMetadata<MethodInfo>()?.GetParameters().FirstOrDefault(p => p.Name == name);
        if (parameter is null)
        {
            return new Violation("malformed_request", null, "The request could not be read.");
        }

        var field = WireName(parameter);
        if (message.StartsWith("Required parameter", StringComparison.Ordinal))
        {
            return new Violation("invalid_value", field, $"'{field}' is required.");
        }

        // Several values of a single-valued parameter never get here: QueryNamesMiddleware refuses them first.
        return new Violation("invalid_value", field, $"'{field}' {Expected(parameter.ParameterType)}.");
    }

    /// <summary>The name in the query, route or header: the attribute's when it renames the parameter.</summary>
    internal static string WireName(ParameterInfo parameter) =>
        parameter.GetCustomAttributes(inherit: false).Select(attribute => attribute switch
        {
            IFromQueryMetadata query => query.Name,
            IFromRouteMetadata route => route.Name,
            IFromHeaderMetadata header => header.Name,
            _ => null,
        }).FirstOrDefault(wire => wire is not null) ?? parameter.Name!;

    private static string Expected(Type type) => (Nullable.GetUnderlyingType(type) ?? type) switch
    {
        var t when t == typeof(int) || t == typeof(long) || t == typeof(short) => "must be a whole number",
        var t when t == typeof(decimal) || t == typeof(double) => "must be a number",
        var t when t == typeof(DateOnly) => "must be a date (yyyy-MM-dd)",
        var t when t == typeof(bool) => "must be true or false",
        _ => "has an invalid value",
    };

    [GeneratedRegex("parameter \"(?:[^\"]* )?(?<name>[A-Za-z_][A-Za-z0-9_]*)\"")]
    private static partial Regex ParameterName();
}
