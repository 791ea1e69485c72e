using System.Text.Json;
using System.Text.Json.Serialization;
using ActionLogement.Api.Infrastructure;
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

        builder.WebHost.ConfigureKestrel(kestrel => kestrel.Limits.MaxRequestBodySize = MaxJsonBodyBytes);
        services.AddSingleton(_ => NpgsqlDataSource.Create(connectionString));
        services.AddSingleton<ApiKeys>();
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

        services.AddAuthentication(ApiKeyAuthenticationHandler.SchemeName)
            .AddScheme<AuthenticationSchemeOptions, ApiKeyAuthenticationHandler>(ApiKeyAuthenticationHandler.SchemeName, null);
        services.AddAuthorization();

        services.AddOpenApi();
        services.AddHealthChecks()
            .AddCheck<DatabaseHealthCheck>("database", tags: ["ready"])
            .AddCheck<ClusterHealthCheck>("cluster", tags: ["ready"]);

        builder.UseOrleansClient(client =>
        {
            client.Configure<ClusterOptions>(options =>
            {
                options.ClusterId = builder.Configuration["Orleans:ClusterId"] ?? "actionlogement-local";
                options.ServiceId = "actionlogement";
            });
            client.UseAdoNetClustering(options =>
            {
                options.Invariant = "Npgsql";
                options.ConnectionString = connectionString;
            });
            client.UseConnectionRetryFilter<ClusterConnectionRetry>();
        });
    }

    public static void ConfigureJson(JsonSerializerOptions json)
    {
        json.PropertyNamingPolicy = JsonNamingPolicy.CamelCase;
        json.Converters.Add(new JsonStringEnumConverter(JsonNamingPolicy.SnakeCaseUpper, allowIntegerValues: false));
        json.Converters.Add(new YearMonthJsonConverter());
        json.Converters.Add(new MoneyJsonConverter());
        // A misspelt field must not be silently ignored: it is a 400.
        json.UnmappedMemberHandling = JsonUnmappedMemberHandling.Disallow;
        json.NumberHandling = JsonNumberHandling.Strict;
        json.DefaultIgnoreCondition = JsonIgnoreCondition.Never;
        // Missing or null required fields are a 400 rather than a silent default.
        json.RespectRequiredConstructorParameters = true;
        json.RespectNullableAnnotations = true;
    }

    public static void UseApplicationPipeline(this WebApplication app)
    {
        app.UseExceptionHandler();
        app.UseStatusCodePages();
        app.UseAuthentication();
        app.UseAuthorization();
        app.UseMiddleware<IdempotencyMiddleware>();
        app.UseMiddleware<AuditMiddleware>();
        app.MapOpenApi();
        app.MapScalarApiReference();
    }
}
