using System.Net.Http.Headers;
using ActionLogement.Database;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Mvc.Testing;
using Microsoft.Extensions.Logging;
using Npgsql;
using Orleans.TestingHost;

namespace ActionLogement.IntegrationTests.Infrastructure;

/// <summary>
/// The run's one cluster (a silo on PostgreSQL) and one API host on a real Kestrel port, shared by every test of the
/// "cluster" collection. Tests use fresh numbers and subjects, so they never depend on each other's data.
/// </summary>
public sealed class ClusterFixture : IAsyncLifetime
{
    private ApiFactory? _api;

    public TestCluster Cluster { get; private set; } = null!;

    public IClusterClient Client => Cluster.Client;

    public ApiFactory Api => _api ?? throw new InvalidOperationException("Not started.");

    public async Task InitializeAsync()
    {
        Cluster = await TestClusters.StartAsync(silos: 1);
        _api = new ApiFactory(TestDatabase.ConnectionString, Cluster.Options.ClusterId);
        _api.StartServer();
    }

    public async Task DisposeAsync()
    {
        if (_api is not null)
        {
            await _api.DisposeAsync();
        }

        await Cluster.StopAllSilosAsync();
        await Cluster.DisposeAsync();
    }

    /// <summary>An HTTP client carrying a fresh API key of the given role and subject.</summary>
    public Task<HttpClient> ClientForAsync(string role, string subject, params string[] managed) =>
        ClientForAsync(Api, TestDatabase.ConnectionString, role, subject, managed);

    /// <summary>A client of <paramref name="api"/> with a fresh key, stored in the database that host reads keys from.</summary>
    public static async Task<HttpClient> ClientForAsync<TEntryPoint>(WebApplicationFactory<TEntryPoint> api, string connectionString,
        string role, string subject, params string[] managed)
        where TEntryPoint : class
    {
        await using var database = NpgsqlDataSource.Create(connectionString);
        var (_, secret) = await new ApiKeys(database).CreateAsync(role, subject, managed);
        var http = api.CreateClient();
        http.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", secret);
        return http;
    }
}

[CollectionDefinition("cluster")]
public sealed class ClusterCollection : ICollectionFixture<ClusterFixture>;

/// <summary>The real API (Program) on Kestrel, as an Orleans client of the test cluster.</summary>
public sealed class ApiFactory : WebApplicationFactory<Program>
{
    public ApiFactory(string connectionString, string clusterId)
    {
        // Program reads these while building its services, before WebApplicationFactory's own settings apply:
        // environment variables are the one source already there when Program starts. One API host per test run.
        Environment.SetEnvironmentVariable("ConnectionStrings__Postgres", connectionString);
        Environment.SetEnvironmentVariable("Orleans__ClusterId", clusterId);
        UseKestrel(0);
    }

    protected override void ConfigureWebHost(IWebHostBuilder builder) =>
        builder.UseEnvironment("Development").ConfigureLogging(logging => logging.AddProvider(new KestrelLog()));
}
