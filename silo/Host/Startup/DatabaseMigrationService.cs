using ActionLogement.Database;

namespace ActionLogement.Silo.Startup;

/// <summary>Brings the schema up to date before the Orleans providers start reading their queries from it.</summary>
public sealed class DatabaseMigrationService(string connectionString) : IHostedService
{
    public async Task StartAsync(CancellationToken cancellationToken) =>
        await DatabaseMigrator.MigrateAsync(connectionString, cancellationToken);

    public Task StopAsync(CancellationToken cancellationToken) => Task.CompletedTask;
}
