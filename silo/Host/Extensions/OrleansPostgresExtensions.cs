using ActionLogement.Grains;
using ActionLogement.Grains.Storage;
using Orleans.Configuration;
using Orleans.Runtime.Hosting;

namespace ActionLogement.Silo.Extensions;

public static class OrleansPostgresExtensions
{
    /// <summary>The ADO.NET provider name Orleans maps to Npgsql's factory.</summary>
    public const string Invariant = "Npgsql";

    public const string ServiceId = "actionlogement";

    /// <summary>
    /// Clustering, grain state and reminders, all on PostgreSQL. Shared by the silo host and the test cluster so
    /// the tests run exactly this configuration.
    /// </summary>
    public static ISiloBuilder UseActionLogementPostgres(this ISiloBuilder silo, string connectionString, string? clusterId = null,
        string serviceId = ServiceId)
    {
        // The test cluster sets its own cluster options; a host passes its cluster id (and service id, when it is not
        // the one service this database serves, as a test's silo process keeps its grains and reminders apart).
        if (clusterId is not null)
        {
            silo.Configure<ClusterOptions>(options =>
            {
                options.ClusterId = clusterId;
                options.ServiceId = serviceId;
            });
        }

        silo.UseAdoNetClustering(options =>
        {
            options.Invariant = Invariant;
            options.ConnectionString = connectionString;
        });
        silo.UseAdoNetReminderService(options =>
        {
            options.Invariant = Invariant;
            options.ConnectionString = connectionString;
        });
        // Grain state: the project's own batching provider over the grain_state table (see GrainStateStore).
        silo.Services.AddGrainStorage(StorageNames.Default, (services, _) =>
            new PostgresGrainStorage(services.GetRequiredService<GrainStateStore>()));
        return silo;
    }
}
