using ActionLogement.Grains.Storage;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Options;
using Npgsql;
using Orleans.Configuration;
using Orleans.Serialization;
using Orleans.Storage;

namespace ActionLogement.IntegrationTests.Infrastructure;

/// <summary>The grain state store on the test database, outside any silo, as the storage and bulk tests use it.</summary>
public static class TestStores
{
    public static async Task<GrainStateStore> GrainStateAsync(string serviceId, NpgsqlDataSource? database = null)
    {
        var serializer = new ServiceCollection().AddSerializer().BuildServiceProvider().GetRequiredService<Serializer>();
        return new GrainStateStore(database ?? NpgsqlDataSource.Create(await TestDatabase.GetConnectionStringAsync()),
            new StateSerializer(serializer), Options.Create(new ClusterOptions { ServiceId = serviceId }),
            NullLogger<GrainStateStore>.Instance);
    }
}
