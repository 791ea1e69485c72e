using ActionLogement.Database;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Authorization.Infrastructure;
using Microsoft.AspNetCore.OpenApi;
using Microsoft.OpenApi;

namespace ActionLogement.Api.Infrastructure;

/// <summary>
/// What the generated OpenAPI document (<c>/openapi/v1.json</c>, the API's reference per API.md) cannot know by itself:
/// the type of every value this API reads and writes through its own JSON converters (texts, amounts, dates, months,
/// which the generator can only describe as "any value"), the API key, the roles each operation admits, its
/// <c>Idempotency-Key</c> header, and the ProblemDetails errors it may answer with.
/// </summary>
public static class OpenApiDescription
{
    public const string ProblemSchema = "Problem";
    private const string KeyScheme = "ApiKey";

    public static void Configure(OpenApiOptions options)
    {
        options.AddDocumentTransformer(DescribeDocument);
        options.AddSchemaTransformer(DescribeConvertedValue);
        options.AddOperationTransformer(DescribeOperation);
    }

    private static Task DescribeDocument(OpenApiDocument document, OpenApiDocumentTransformerContext context, CancellationToken _)
    {
        document.Info = new OpenApiInfo
        {
            Title = "Action Logement guarantee engine",
            Version = "v1",
            Description = "Visas, cautionnement contracts, unpaid-rent and damage claims, payouts, recovery cases and bulk "
                + "activations. Every request but the health checks carries an API key (`Authorization: Bearer <key>`); each "
                + "operation says which roles it admits. Every error is an RFC 9457 problem with `code`, the first rule "
                + "code, and `errors`, every failing rule.",
        };
        document.Components ??= new OpenApiComponents();
        document.Components.SecuritySchemes ??= new Dictionary<string, IOpenApiSecurityScheme>();
        document.Components.SecuritySchemes[KeyScheme] = new OpenApiSecurityScheme
        {
            Type = SecuritySchemeType.Http,
            Scheme = "bearer",
            Description = "An API key, created with `al keys create`; its role and subject decide what it may see and do.",
        };
        document.Components.Schemas ??= new Dictionary<string, IOpenApiSchema>();
        document.Components.Schemas[ProblemSchema] = Problem();
        return Task.CompletedTask;
    }

    /// <summary>The body of every error (<see cref="Problems"/>).</summary>
    private static OpenApiSchema Problem() => new()
    {
        Type = JsonSchemaType.Object,
        Required = new HashSet<string> { "type", "title", "status", "code", "errors" },
        Properties = new Dictionary<string, IOpenApiSchema>
        {
            ["type"] = Text("A URI naming the first rule code."),
            ["title"] = Text(null),
            ["status"] = new OpenApiSchema { Type = JsonSchemaType.Integer, Format = "int32" },
            ["detail"] = Text("Every failing rule's message."),
            ["code"] = Text("The first failing rule's code, as in domain-rules.md."),
            ["errors"] = new OpenApiSchema
            {
                Type = JsonSchemaType.Array,
                Items = new OpenApiSchema
                {
                    Type = JsonSchemaType.Object,
                    Required = new HashSet<string> { "code", "message" },
                    Properties = new Dictionary<string, IOpenApiSchema>
                    {
                        ["code"] = Text(null),
                        ["field"] = new OpenApiSchema { Type = JsonSchemaType.String | JsonSchemaType.Null, Description = "The field it concerns, if one." },
                        ["message"] = Text(null),
                    },
                },
            },
            ["traceId"] = Text("To quote to the support."),
        },
    };

    private static OpenApiSchema Text(string? description) => new() { Type = JsonSchemaType.String, Description = description };

    /// <summary>
    /// The values this API reads and writes through its own converters (see <c>ConfigureJson</c>): texts (checked for
    /// the characters they may hold), amounts, dates, months and enums by name. The generator gives them no type.
    /// </summary>
    private static Task DescribeConvertedValue(OpenApiSchema schema, OpenApiSchemaTransformerContext context, CancellationToken _)
    {
        var type = context.JsonTypeInfo.Type;
        var value = Nullable.GetUnderlyingType(type) ?? type;
        if (value.IsEnum)
        {
            // An enum is a schema of its own, which a nullable property wraps in a choice of null or it: null in the enum as
            // well would make null match both, which a choice of exactly one refuses.
            schema.Type = JsonSchemaType.String;
            schema.Enum = schema.Enum?.Where(name => name is not null).ToList();
            return Task.CompletedTask;
        }

        JsonSchemaType? described = value == typeof(string) || value == typeof(DateOnly) || value == typeof(YearMonth) ? JsonSchemaType.String
            : value == typeof(decimal) ? JsonSchemaType.Number : null;
        if (described is not { } json)
        {
            return Task.CompletedTask;
        }

        var nullable = value != type || (context.JsonPropertyInfo is { } property && !value.IsValueType && property.IsGetNullable);
        schema.Type = nullable ? json | JsonSchemaType.Null : json;
        if (value == typeof(DateOnly))
        {
            schema.Format = "date";
        }
        else if (value == typeof(YearMonth))
        {
            schema.Pattern = "^[0-9]{4}-(0[1-9]|1[0-2])$";
            schema.Description ??= "A month, \"YYYY-MM\".";
        }
        else if (value == typeof(decimal))
        {
            // Not a binary floating-point number: amounts are exact decimals, written with two digits (834.50).
            schema.Format = null;
        }

        return Task.CompletedTask;
    }

    private static Task DescribeOperation(OpenApiOperation operation, OpenApiOperationTransformerContext context, CancellationToken _)
    {
        var metadata = context.Description.ActionDescriptor.EndpointMetadata;
        var anonymous = metadata.OfType<IAllowAnonymous>().Any()
            || !metadata.OfType<IAuthorizeData>().Any() && !metadata.OfType<AuthorizationPolicy>().Any();
        var isCommand = !HttpMethods.IsGet(context.Description.HttpMethod ?? "GET");
        var hasBody = context.Description.ParameterDescriptions.Any(p => p.Source == Microsoft.AspNetCore.Mvc.ModelBinding.BindingSource.Body)
            || context.Description.SupportedRequestFormats.Count > 0 && isCommand;
        var names = (context.Description.RelativePath ?? "").Contains('{');

        if (!anonymous)
        {
            operation.Security = [new OpenApiSecurityRequirement { [new OpenApiSecuritySchemeReference(KeyScheme, context.Document)] = [] }];
            if (RolesOf(metadata) is { Count: > 0 } roles)
            {
                var who = $"Roles: {string.Join(", ", roles)}.";
                operation.Description = operation.Description is { Length: > 0 } said ? $"{said}\n\n{who}" : who;
            }
        }

        if (metadata.OfType<IdempotentAttribute>().LastOrDefault() is { } idempotent)
        {
            operation.Parameters ??= [];
            operation.Parameters.Add(new OpenApiParameter
            {
                Name = IdempotencyMiddleware.Header,
                In = ParameterLocation.Header,
                Required = idempotent.Required,
                Description = "Replaying the same key and body returns the first answer (same status, same ids); the same key "
                    + "with another body is 409 `idempotency_key_reused`.",
                Schema = new OpenApiSchema { Type = JsonSchemaType.String, MaxLength = IdempotencyMiddleware.MaxKeyLength },
            });
        }

        operation.Responses ??= [];
        AddProblem(operation, context, 400, "Malformed input: the body, a field, a parameter or a header could not be read.");
        if (!anonymous)
        {
            AddProblem(operation, context, 401, "No API key, or one this API does not know.");
            AddProblem(operation, context, 403, "This key's role may not do this, or the resource belongs to someone else.");
        }

        if (names)
        {
            AddProblem(operation, context, 404, "Nothing with this number or id.");
        }

        if (isCommand)
        {
            AddProblem(operation, context, 409, "A conflict with the resource's state, or an Idempotency-Key reused with another body.");
        }

        if (hasBody)
        {
            AddProblem(operation, context, 413, "The body is too large.");
            AddProblem(operation, context, 415, UnsupportedMediaType);
        }

        if (isCommand)
        {
            AddProblem(operation, context, 422, "Refused by a business rule: `errors` has every failing rule's code.");
        }

        AddProblem(operation, context, 429, "Over this key's (or address's) request rate; retry after `Retry-After` seconds.");
        return Task.CompletedTask;
    }

    /// <summary>The roles every authorization policy of the endpoint admits (its group's and its own must all pass).</summary>
    private static List<string> RolesOf(IList<object> metadata)
    {
        IEnumerable<string>? admitted = null;
        foreach (var requirement in metadata.OfType<AuthorizationPolicy>().SelectMany(p => p.Requirements).OfType<RolesAuthorizationRequirement>())
        {
            admitted = admitted is null ? requirement.AllowedRoles : admitted.Intersect(requirement.AllowedRoles);
        }

        return admitted is null ? [] : [.. admitted.Order(StringComparer.Ordinal)];
    }

    internal const string UnsupportedMediaType = "The body is not in a media type this operation reads.";

    internal static void AddProblem(OpenApiOperation operation, OpenApiOperationTransformerContext context, int status, string description)
    {
        var key = status.ToString(System.Globalization.CultureInfo.InvariantCulture);
        if (operation.Responses!.ContainsKey(key))
        {
            return;
        }

        operation.Responses[key] = new OpenApiResponse
        {
            Description = description,
            Content = new Dictionary<string, OpenApiMediaType>
            {
                ["application/problem+json"] = new() { Schema = new OpenApiSchemaReference(ProblemSchema, context.Document) },
            },
        };
    }
}

/// <summary>The body of an endpoint that streams it rather than binding it, which the generator cannot see.</summary>
public static class StreamedOpenApi
{
    public static Task Request(OpenApiOperation operation, OpenApiOperationTransformerContext context, string description,
        params string[] mediaTypes)
    {
        OpenApiDescription.AddProblem(operation, context, 415, OpenApiDescription.UnsupportedMediaType);
        operation.RequestBody = new OpenApiRequestBody
        {
            Required = true,
            Description = description,
            Content = Text(mediaTypes),
        };
        return Task.CompletedTask;
    }

    public static Task Response(OpenApiOperation operation, string status, string description, params string[] mediaTypes)
    {
        operation.Responses ??= [];
        operation.Responses[status] = new OpenApiResponse
        {
            Description = description,
            Content = Text(mediaTypes),
        };
        return Task.CompletedTask;
    }

    /// <summary>A stream of text in each of these media types (its lines are the operation's to describe).</summary>
    private static Dictionary<string, OpenApiMediaType> Text(string[] mediaTypes) =>
        mediaTypes.ToDictionary(m => m, _ => new OpenApiMediaType { Schema = new OpenApiSchema { Type = JsonSchemaType.String } });
}
