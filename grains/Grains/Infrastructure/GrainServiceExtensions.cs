using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;
using ActionLogement.Grains.Bulk;
using ActionLogement.Grains.ReadModels;
using ActionLogement.Grains.Recovery;
using Npgsql;

namespace ActionLogement.Grains;

public static class GrainServiceExtensions
{
    /// <summary>What grains need besides Orleans: the database (read models, sequences), the policies, the clock.</summary>
    public static IServiceCollection AddActionLogementGrainServices(
        this IServiceCollection services, string connectionString, IConfiguration configuration)
    {
        services.AddSingleton(_ => NpgsqlDataSource.Create(connectionString));
        services.AddSingleton(_ => PolicyConfiguration.Load(configuration));
        services.AddSingleton<ReadModelWriter>();
        services.Configure<RecoveryOptions>(configuration.GetSection("Recovery"));
        services.AddSingleton<BulkJobStore>();
        services.AddSingleton<BulkBatchProcessor>();
        services.Configure<BulkOptions>(configuration.GetSection("Bulk"));
        // Tests replace it with a fake clock to move time for reminders and deadlines.
        services.TryAddSingleton(TimeProvider.System);
        return services;
    }
}
