using System.Text.Json;
using System.Text.Json.Serialization;
using ActionLogement.Api.Infrastructure;
using ActionLogement.Silo.Extensions;
using Microsoft.AspNetCore.Authentication;
using Npgsql;
using Orleans.Configuration;
using Scalar.AspNetCore;

namespace ActionLogement.Api.Extensions;

public static class ApplicationServiceExtensions
{
    /// <summary>Largest JSON command body; the bulk upload endpoint lifts this limit for itself.</summary>
    public const long MaxJsonBodyBytes = 256 * 1024;

    public static async Task AddApplicationServicesAsync(this WebApplicationBuilder builder)
    {
        var connectionString = await PostgresConnections.ResolveAsync(
            builder.Configuration.GetConnectionString("Postgres"), builder.Configuration["DataDirectory"], maxPoolSize: 30);
        var services = builder.Services;

        // Request bodies are read as a stream, not through the request's pipe (ASP.NET Core 10's default): on a body the
        // JSON serializer refuses (an unknown enum name, a date that does not parse), the pipe reader was left
        // mid-read, and Kestrel then dropped the connection after the 400, logging a stack trace each time.
        AppContext.SetSwitch("Microsoft.AspNetCore.UseStreamBasedJsonParsing", true);

        builder.WebHost.ConfigureKestrel(kestrel =>
        {
            kestrel.Limits.MaxRequestBodySize = MaxJsonBodyBytes;
            // Above the API's own limits, which answer with a problem (RequestSizeMiddleware); Kestrel's answer has no body.
            kestrel.Limits.MaxRequestLineSize = RequestSizeMiddleware.KestrelLimit;
            kestrel.Limits.MaxRequestHeadersTotalSize = RequestSizeMiddleware.KestrelLimit;
        });
        services.AddSingleton(_ => NpgsqlDataSource.Create(connectionString));
        services.AddSingleton<ApiKeys>();
        services.AddSingleton<RevokedKeys>();
        services.AddHostedService<RevokedKeysListener>();
        services.AddSingleton<AuditTrail>();
        services.AddSingleton(_ => new IdempotencyStore(NpgsqlDataSource.Create(PostgresConnections.AsyncCommit(connectionString))));
        services.AddIdempotencyKeyExpiry(builder.Configuration);
        services.AddSingleton<ReadModels>();
        services.AddSingleton<ActionLogement.Api.Apis.Bulk.BulkUpload>();
        services.AddSingleton<ActionLogement.Api.Apis.Bulk.BulkJobs>();
        services.AddSingleton(TimeProvider.System);
        services.AddMemoryCache();
        services.AddSingleton<ActionLogement.Api.Apis.Contracts.ContractPartiesCache>();

        services.ConfigureHttpJsonOptions(options => ConfigureJson(options.SerializerOptions));
        services.AddProblemDetails();
        services.AddExceptionHandler<ProblemExceptionHandler>();
        // A parameter that cannot be bound throws in every environment, not only in Development: the exception says which
        // one, which a bare 400 would not, and ProblemExceptionHandler names it to the caller.
        services.Configure<RouteHandlerOptions>(options => options.ThrowOnBadRequest = true);

        services.AddAuthentication(ApiKeyAuthenticationHandler.SchemeName)
            .AddScheme<AuthenticationSchemeOptions, ApiKeyAuthenticationHandler>(ApiKeyAuthenticationHandler.SchemeName, null);
        services.AddAuthorization();
        services.AddRequestRateLimits(builder.Configuration);

        MetricsExport.Configure();
        services.AddOpenApi(OpenApiDescription.Configure);
        services.AddHealthChecks()
            .AddCheck<DatabaseHealthCheck>("database", tags: ["ready"])
            .AddCheck<ClusterHealthCheck>("cluster", tags: ["ready"]);

        if (HostsSilo(builder.Configuration))
        {
            // This process is a silo of the cluster too, and the endpoints use its co-hosted Orleans client: a grain
            // call still goes through Orleans (to whichever silo holds the grain), but one on this silo costs no
            // network hop, no serialization to bytes and no second process. On a small machine that is a quarter of
            // what a declaration costs the two .NET processes, and one heap instead of two to collect.
            await builder.AddActionLogementSiloAsync();
            return;
        }

        builder.UseOrleansClient(client =>
        {
            client.Configure<ClusterOptions>(options =>
            {
                options.ClusterId = builder.Configuration["Orleans:ClusterId"] ?? "actionlogement-local";
                options.ServiceId = builder.Configuration["Orleans:ServiceId"] ?? "actionlogement";
            });
            client.UseAdoNetClustering(options =>
            {
                options.Invariant = "Npgsql";
                options.ConnectionString = connectionString;
            });
            client.UseConnectionRetryFilter<ClusterConnectionRetry>();
        });
    }

    /// <summary>
    /// <c>Orleans:HostSilo</c>: whether this API process runs a silo of the cluster itself rather than joining it as an
    /// external client (the default, for API nodes scaled apart from the silos).
    /// </summary>
    public static bool HostsSilo(IConfiguration configuration) => configuration.GetValue("Orleans:HostSilo", false);

    public static void ConfigureJson(JsonSerializerOptions json)
    {
        json.PropertyNamingPolicy = JsonNamingPolicy.CamelCase;
        json.Converters.Add(new JsonStringEnumConverter(JsonNamingPolicy.SnakeCaseUpper, allowIntegerValues: false));
        json.Converters.Add(new YearMonthJsonConverter());
        json.Converters.Add(new MoneyJsonConverter());
        json.Converters.Add(new TextJsonConverter());
        json.Converters.Add(new DateJsonConverter());
        // A misspelt field must not be silently ignored: it is a 400.
        json.UnmappedMemberHandling = JsonUnmappedMemberHandling.Disallow;
        // Nor a field sent twice, where the last would silently win: {"rent": 900, "rent": 1900} is a 400.
        json.AllowDuplicateProperties = false;
        json.NumberHandling = JsonNumberHandling.Strict;
        json.DefaultIgnoreCondition = JsonIgnoreCondition.Never;
        // Missing or null required fields are a 400 rather than a silent default.
        json.RespectRequiredConstructorParameters = true;
        json.RespectNullableAnnotations = true;
    }

    public static void UseApplicationPipeline(this WebApplication app)
    {
        app.UseMiddleware<RequestSizeMiddleware>();
        app.UseMiddleware<KnownMethodsMiddleware>();
        app.UseMiddleware<NoStoreMiddleware>();
        app.UseRequestMetrics();
        app.UseExceptionHandler();
        app.UseStatusCodePages(context => Problems.WriteForStatusAsync(context.HttpContext));
        app.UseMiddleware<QueryTextMiddleware>();
        app.UseMiddleware<QueryNamesMiddleware>();
        app.UseMiddleware<JsonCharsetMiddleware>();
        app.UseAuthentication();
        // Per key, so after authentication; before the idempotency keys, so a refused request claims none.
        app.UseRateLimiter();
        app.UseMiddleware<RefusedCommandAuditMiddleware>();
        app.UseAuthorization();
        app.UseMiddleware<IdempotencyMiddleware>();
        app.UseMiddleware<AuditMiddleware>();
        app.MapMetricsEndpoint();
        app.MapOpenApi();
        app.MapScalarApiReference();
    }
}
