using ActionLogement.Grains;
using ActionLogement.Grains.Bulk;
using ActionLogement.Grains.Recovery;
using ActionLogement.Silo.Extensions;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Time.Testing;
using Orleans.Configuration;
using Orleans.TestingHost;

namespace ActionLogement.IntegrationTests.Infrastructure;

/// <summary>The production silo configuration (PostgreSQL clustering, storage, reminders) plus a movable clock.</summary>
public sealed class TestSiloConfigurator : ISiloConfigurator
{
    public void Configure(ISiloBuilder silo)
    {
        var connectionString = TestDatabase.ConnectionString;
        silo.UseActionLogementPostgres(connectionString);
        silo.Services.AddActionLogementGrainServices(connectionString, new ConfigurationBuilder().Build());
        silo.Services.AddSingleton(new BusinessClock(TestClock.Instance));
        silo.Services.AddLogging(logging => logging.AddProvider(new FileLoggerProvider(
            Path.Combine(TestDatabase.FindRepositoryRoot(), ".data", "test", "silos.log"))));
        // Reminders and bulk batches on a test scale: seconds, not hours.
        silo.Configure<ReminderOptions>(o => o.MinimumReminderPeriod = TimeSpan.FromSeconds(1));
        silo.Services.Configure<RecoveryOptions>(o => o.InstalmentCheckPeriod = TimeSpan.FromSeconds(2));
        silo.Services.Configure<BulkOptions>(o => o.ResumeCheckPeriod = TimeSpan.FromSeconds(3));
    }
}

/// <summary>The one clock of the in-process silos; tests move it forward, never back.</summary>
public static class TestClock
{
    public static readonly FakeTimeProvider Instance = new(DateTimeOffset.UtcNow);
}

public static class TestClusters
{
    public const string ServiceId = OrleansPostgresExtensions.ServiceId;

    /// <summary>
    /// A cluster on the shared database. Its own cluster id keeps its membership apart; a service id of its own keeps
    /// its grain state and reminders apart from the shared cluster's (a reminder fires in every cluster of its service).
    /// </summary>
    public static async Task<TestCluster> StartAsync(int silos, string? clusterId = null, string serviceId = ServiceId)
    {
        await TestDatabase.GetConnectionStringAsync();
        var builder = new TestClusterBuilder((short)silos);
        builder.Options.ClusterId = clusterId ?? "test-" + Guid.NewGuid().ToString("N")[..8];
        builder.Options.ServiceId = serviceId;
        builder.Options.UseTestClusterMembership = false;
        // Real sockets: the API under test is an ordinary Orleans client connecting over TCP.
        builder.Options.ConnectionTransport = ConnectionTransportType.TcpSocket;
        builder.AddSiloBuilderConfigurator<TestSiloConfigurator>();
        builder.AddClientBuilderConfigurator<TestClientConfigurator>();
        var cluster = builder.Build();
        await cluster.DeployAsync();
        return cluster;
    }
}

public sealed class TestClientConfigurator : IClientBuilderConfigurator
{
    public void Configure(IConfiguration configuration, IClientBuilder client) =>
        client.UseAdoNetClustering(options =>
        {
            options.Invariant = OrleansPostgresExtensions.Invariant;
            options.ConnectionString = TestDatabase.ConnectionString;
        });
}
