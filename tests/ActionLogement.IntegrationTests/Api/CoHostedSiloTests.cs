using System.Net;
using System.Net.Sockets;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Mvc.Testing;
using Microsoft.Extensions.DependencyInjection;
using Npgsql;

namespace ActionLogement.IntegrationTests.Api;

/// <summary>
/// The API with <c>Orleans:HostSilo</c>, as the local start runs it: one process that is a silo of its own cluster and
/// serves the HTTP API through its co-hosted Orleans client. It gets a database and a cluster of its own, apart from the
/// run's shared ones. In the "cluster" collection so that no other API host reads the environment while it starts.
/// </summary>
[Collection("cluster")]
public sealed class CoHostedSiloTests
{
    [Fact]
    public async Task Api_hosting_its_silo_serves_a_claim_end_to_end_and_pays_a_replay_once()
    {
        var connectionString = await TestDatabase.CreateDatabaseAsync("al_tests_cohosted");
        await using var api = CoHostedApi.Start(connectionString);

        // This host is a silo, and the only one of its cluster.
        Assert.NotNull(api.Services.GetService<ILocalSiloDetails>());
        var ready = await api.CreateClient().GetAsync("/health/ready");
        Assert.Equal(HttpStatusCode.OK, ready.StatusCode);
        Assert.Contains("1 active silo(s).", await ready.Content.ReadAsStringAsync());

        var scenario = await ApiScenario.StartAsync((role, subject) => ClusterFixture.ClientForAsync(api, connectionString, role, subject));
        var visa = await scenario.VisaAsync(new DateOnly(2023, 5, 1));
        var number = await scenario.ContractAsync(visa, ApiScenario.Lease("PRIVATE", new DateOnly(2023, 5, 20), new DateOnly(2023, 6, 1)),
            new DateOnly(2023, 5, 25));

        var declaration = ApiScenario.Declaration(new DateOnly(2023, 9, 1), ApiScenario.Months(new YearMonth(2023, 7), 2), 800m,
            new DateOnly(2023, 8, 10), new DateOnly(2023, 8, 12), new DateOnly(2023, 8, 20));
        var first = await Expect.JsonAsync(
            await ApiScenario.PostAsync(scenario.Staff, $"/api/v1/contracts/{number}/unpaid-rent", declaration, "cohosted-claim"), HttpStatusCode.OK);
        var replay = await Expect.JsonAsync(
            await ApiScenario.PostAsync(scenario.Staff, $"/api/v1/contracts/{number}/unpaid-rent", declaration, "cohosted-claim"), HttpStatusCode.OK);

        Assert.Equal(2, first.GetProperty("instalmentsUsed").GetInt32());
        Assert.Equal(first.GetProperty("months").ToString(), replay.GetProperty("months").ToString());
        Assert.True(first.GetProperty("debt").GetDecimal() > 0);
        Assert.Equal(first.GetProperty("debt").GetDecimal(), replay.GetProperty("debt").GetDecimal());
        await using var database = NpgsqlDataSource.Create(connectionString);
        await using var count = database.CreateCommand("SELECT count(*) FROM payouts_view WHERE contract_number = $1");
        count.Parameters.AddWithValue(number);
        Assert.Equal(2L, await count.ExecuteScalarAsync());
    }

    /// <summary>The real API (Program) on Kestrel with <c>Orleans:HostSilo</c>, on free ports and a cluster id of its own.</summary>
    private sealed class CoHostedApi : WebApplicationFactory<Program>
    {
        private static readonly string[] Settings =
            ["ConnectionStrings__Postgres", "Orleans__HostSilo", "Orleans__ClusterId", "Orleans__SiloPort", "Orleans__GatewayPort"];

        private CoHostedApi() => UseKestrel(0);

        /// <summary>
        /// Program reads its settings from the environment while it builds (see <see cref="ApiFactory"/>): they are set for
        /// the start only, then put back as the run's shared API host had them.
        /// </summary>
        public static CoHostedApi Start(string connectionString)
        {
            var saved = Settings.ToDictionary(name => name, Environment.GetEnvironmentVariable);
            try
            {
                Environment.SetEnvironmentVariable("ConnectionStrings__Postgres", connectionString);
                Environment.SetEnvironmentVariable("Orleans__HostSilo", "true");
                Environment.SetEnvironmentVariable("Orleans__ClusterId", "cohosted-" + Guid.NewGuid().ToString("N")[..8]);
                Environment.SetEnvironmentVariable("Orleans__SiloPort", FreePort().ToString());
                Environment.SetEnvironmentVariable("Orleans__GatewayPort", FreePort().ToString());
                var api = new CoHostedApi();
                api.StartServer();
                return api;
            }
            finally
            {
                foreach (var (name, value) in saved)
                {
                    Environment.SetEnvironmentVariable(name, value);
                }
            }
        }

        protected override void ConfigureWebHost(IWebHostBuilder builder) => builder.UseEnvironment("Development");

        private static int FreePort()
        {
            using var listener = new TcpListener(IPAddress.Loopback, 0);
            listener.Start();
            return ((IPEndPoint)listener.LocalEndpoint).Port;
        }
    }
}
