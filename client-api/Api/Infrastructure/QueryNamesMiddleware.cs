using System.Collections.Concurrent;
using System.Reflection;
using Microsoft.AspNetCore.Http.Metadata;

namespace ActionLogement.Api.Infrastructure;

/// <summary>
/// A query parameter the endpoint does not take is a 400, as an unknown body field is: a misspelt filter
/// (<c>?state=PAID</c> for <c>?status=PAID</c>, <c>?due_before=</c> for <c>?due-before=</c>) would otherwise be ignored
/// and the whole list answered as if filtered. So is a parameter given twice where it takes one value: the framework
/// would join the two (<c>"brahim,x"</c>) and compare that.
/// </summary>
public sealed class QueryNamesMiddleware(RequestDelegate next)
{
    private static readonly ConcurrentDictionary<Endpoint, Dictionary<string, bool>?> Taken = new();

    public Task InvokeAsync(HttpContext context)
    {
        if (context.Request.QueryString.HasValue && context.GetEndpoint() is { } endpoint
            && Taken.GetOrAdd(endpoint, QueryParameters) is { } taken)
        {
            foreach (var (name, values) in context.Request.Query)
            {
                if (!taken.TryGetValue(name, out var many))
                {
                    var known = taken.Count == 0 ? "this address takes none" : "this address takes " + string.Join(", ", taken.Keys.Order());
                    var quoted = TextCharacters.QuotedBack(name, "(a parameter)");
                    return Problems.WriteAsync(context, StatusCodes.Status400BadRequest, "invalid_value",
                        $"'{quoted}' is not a query parameter here: {known}.", quoted);
                }

                if (!many && values.Count > 1)
                {
                    return Problems.WriteAsync(context, StatusCodes.Status400BadRequest, "invalid_value", $"'{name}' is given once.", name);
                }
            }
        }

        return next(context);
    }

    /// <summary>
    /// The query names an endpoint's handler binds, each with whether it takes several values; null outside the API
    /// (the OpenAPI document, its reference page, health and metrics), whose addresses are the framework's and left alone.
    /// </summary>
    private static Dictionary<string, bool>? QueryParameters(Endpoint endpoint)
    {
        if (endpoint is not RouteEndpoint { RoutePattern: { RawText: { } pattern } routePattern } || !pattern.StartsWith("/api/", StringComparison.Ordinal)
            || endpoint.Metadata.GetMetadata<MethodInfo>() is not { } handler)
        {
            return null;
        }

        var route = routePattern.Parameters.Select(p => p.Name).ToHashSet(StringComparer.OrdinalIgnoreCase);
        var taken = new Dictionary<string, bool>(StringComparer.OrdinalIgnoreCase);
        foreach (var parameter in handler.GetParameters())
        {
            var attributes = parameter.GetCustomAttributes(inherit: false);
            if (!attributes.OfType<IFromQueryMetadata>().Any() && (route.Contains(parameter.Name!) || attributes.Any(a => a is IFromRouteMetadata
                or IFromHeaderMetadata or IFromBodyMetadata or IFromServiceMetadata) || !IsQueryValue(parameter.ParameterType)))
            {
                continue;
            }

            taken[BindingFailures.WireName(parameter)] = parameter.ParameterType.IsArray;
        }

        return taken;
    }

    private static bool IsQueryValue(Type type)
    {
        var value = type.IsArray ? type.GetElementType()! : type;
        value = Nullable.GetUnderlyingType(value) ?? value;
        return value.IsPrimitive || value.IsEnum || value == typeof(string) || value == typeof(decimal) || value == typeof(DateOnly);
    }
}
