using System.Net;
using ActionLogement.Database;
using ActionLogement.Grains;
using ActionLogement.Silo.Startup;

namespace ActionLogement.Silo.Extensions;

public static class SiloHostExtensions
{
    /// <summary>Wires the whole silo: database (migrated first), Orleans on PostgreSQL, grain services.</summary>
    public static async Task AddActionLogementSiloAsync(this IHostApplicationBuilder builder)
    {
        var connectionString = await PostgresConnections.ResolveAsync(
            builder.Configuration.GetConnectionString("Postgres"), builder.Configuration["DataDirectory"]);
        var orleans = builder.Configuration.GetSection("Orleans");

        // Registered before UseOrleans so it runs first: the providers read their queries from the schema.
        builder.Services.AddHostedService(_ => new DatabaseMigrationService(connectionString));
        builder.Services.AddActionLogementGrainServices(connectionString, builder.Configuration);

        builder.UseOrleans(silo =>
        {
            silo.UseActionLogementPostgres(connectionString, orleans["ClusterId"] ?? "actionlogement-local",
                orleans["ServiceId"] ?? OrleansPostgresExtensions.ServiceId);
            silo.ConfigureEndpoints(
                IPAddress.Parse(orleans["AdvertisedIp"] ?? "127.0.0.1"),
                orleans.GetValue("SiloPort", 11111),
                orleans.GetValue("GatewayPort", 30000),
                listenOnAnyHostAddress: orleans.GetValue("ListenOnAnyAddress", false));
        });
    }
}
