using ActionLogement.Database;
using ActionLogement.Grains.Bulk;
using ActionLogement.Grains.Contracts;
using ActionLogement.Grains.ReadModels;
using ActionLogement.Grains.Recovery;
using ActionLogement.Grains.Storage;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Options;
using Npgsql;
using Orleans.Configuration;
using Orleans.Storage;

namespace ActionLogement.Grains;

public static class GrainServiceExtensions
{
    /// <summary>What grains need besides Orleans: the database (grain state with its read models, sequences), the policies, the clock.</summary>
    public static IServiceCollection AddActionLogementGrainServices(
        this IServiceCollection services, string connectionString, IConfiguration configuration)
    {
        services.AddSingleton(_ => NpgsqlDataSource.Create(connectionString));
        services.AddSingleton(_ => PolicyConfiguration.Load(configuration));
        services.AddSingleton(sp => new GrainStateStore(
            sp.GetRequiredService<NpgsqlDataSource>(),
            // Orleans' binary serializer: state records are [GenerateSerializer] types, version-tolerant by [Id].
            new StateSerializer(sp.GetRequiredService<Orleans.Serialization.Serializer>()),
            sp.GetRequiredService<IOptions<ClusterOptions>>(),
            sp.GetRequiredService<ILogger<GrainStateStore>>()));
        services.AddSingleton<ContractChangeLog>();
        services.Configure<RecoveryOptions>(configuration.GetSection("Recovery"));
        services.AddSingleton<BulkJobStore>();
        services.AddSingleton<BulkBatchProcessor>();
        services.Configure<BulkOptions>(configuration.GetSection("Bulk"));
        // As ISiloBuilder.AddIncomingGrainCallFilter does; here, so that the tests' silos count their calls too.
        services.AddSingleton<IIncomingGrainCallFilter, GrainCallMetricsFilter>();
        // Tests register their own, on a fake TimeProvider, to move business time.
        services.TryAddSingleton(BusinessClock.System);
        return services;
    }
}
