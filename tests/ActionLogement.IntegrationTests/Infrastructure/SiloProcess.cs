using System.Diagnostics;
using System.Net;
using System.Net.Sockets;
using System.Runtime.InteropServices;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Orleans.Configuration;

namespace ActionLogement.IntegrationTests.Infrastructure;

/// <summary>
/// The production silo host (<c>ActionLogement.Silo.dll</c>, as <c>run.sh</c> starts it) in a process of its own on
/// the test database, so that a test can kill it with SIGKILL: an in-process test silo, even "killed", lets its calls
/// in flight finish. Its cluster and service ids are the test's own, so its grains and reminders stay apart from the
/// shared cluster's.
/// </summary>
public sealed class SiloProcess : IAsyncDisposable
{
    private readonly Process _process;

    private SiloProcess(Process process, int siloPort, int gatewayPort) => (_process, SiloPort, GatewayPort) = (process, siloPort, gatewayPort);

    public int SiloPort { get; }

    public int GatewayPort { get; }

    /// <summary>
    /// Starts a silo and waits until it has joined. A silo restarted on the ports of one that died (a host restarted)
    /// takes its place at once; on other ports it would wait for the cluster to find the dead one dead.
    /// </summary>
    public static async Task<SiloProcess> StartAsync(string clusterId, string serviceId, string logName, SiloProcess? inPlaceOf = null)
    {
        var (siloPort, gatewayPort) = inPlaceOf is null ? FreePorts() : (inPlaceOf.SiloPort, inPlaceOf.GatewayPort);
        var start = new ProcessStartInfo("dotnet", [Path.Combine(AppContext.BaseDirectory, "ActionLogement.Silo.dll")])
        {
            WorkingDirectory = AppContext.BaseDirectory,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
        };
        start.Environment["ConnectionStrings__Postgres"] = await TestDatabase.GetConnectionStringAsync();
        start.Environment["Orleans__ClusterId"] = clusterId;
        start.Environment["Orleans__ServiceId"] = serviceId;
        start.Environment["Orleans__SiloPort"] = siloPort.ToString();
        start.Environment["Orleans__GatewayPort"] = gatewayPort.ToString();

        var log = new StreamWriter(Path.Combine(TestDatabase.FindRepositoryRoot(), ".data", "test", logName + ".log"), append: false) { AutoFlush = true };
        var process = Process.Start(start)!;
        process.OutputDataReceived += (_, line) => Write(log, line.Data);
        process.ErrorDataReceived += (_, line) => Write(log, line.Data);
        process.EnableRaisingEvents = true;
        process.Exited += (_, _) =>
        {
            lock (log)
            {
                log.Dispose();
            }
        };
        process.BeginOutputReadLine();
        process.BeginErrorReadLine();

        var silo = new SiloProcess(process, siloPort, gatewayPort);
        try
        {
            // Up when its membership row says Active (status 3), as the clients that look for gateways see it.
            var active = await Eventually.ValueAsync(() => TestDatabase.ScalarAsync<long>(
                    "SELECT count(*) FROM orleansmembershiptable WHERE deploymentid = $1 AND port = $2 AND status = 3", clusterId, siloPort),
                n => n == 1 || process.HasExited, TimeSpan.FromSeconds(60));
            if (active != 1)
            {
                throw new InvalidOperationException($"the silo process did not join cluster {clusterId}: see .data/test/{logName}.log");
            }
        }
        catch
        {
            await silo.DisposeAsync();
            throw;
        }

        return silo;
    }

    /// <summary>
    /// SIGSTOP, then SIGKILL: the silo stops dead, while the writes it had already handed to PostgreSQL (another
    /// process) go on and commit; then it is killed without having answered them. The worst moment of a crash: written,
    /// never answered.
    /// </summary>
    public async Task FreezeThenKillAsync(TimeSpan frozenFor)
    {
        if (kill(_process.Id, SigStop) != 0)
        {
            throw new InvalidOperationException($"SIGSTOP failed: errno {Marshal.GetLastPInvokeError()}");
        }

        await Task.Delay(frozenFor);
        await KillAsync();
    }

    /// <summary>SIGKILL: no shutdown of any kind, the calls in flight die unanswered.</summary>
    public async Task KillAsync()
    {
        if (!_process.HasExited)
        {
            _process.Kill(entireProcessTree: true);
        }

        await _process.WaitForExitAsync();
    }

    public async ValueTask DisposeAsync()
    {
        await KillAsync();
        _process.Dispose();
    }

    /// <summary>An Orleans client of that cluster, as the API is one.</summary>
    public static async Task<IHost> ConnectClientAsync(string clusterId, string serviceId)
    {
        var builder = Host.CreateApplicationBuilder();
        builder.UseOrleansClient(client =>
        {
            client.Configure<ClusterOptions>(options =>
            {
                options.ClusterId = clusterId;
                options.ServiceId = serviceId;
            });
            client.UseAdoNetClustering(options =>
            {
                options.Invariant = "Npgsql";
                options.ConnectionString = TestDatabase.ConnectionString;
            });
            // A call whose silo died is given up after this long (the default is 30 s): the client learns of the
            // death from the cluster, not from the closed connection, and a one-silo cluster has nobody to tell it.
            // Long enough still for a call on a busy two-core machine.
            client.Configure<ClientMessagingOptions>(options => options.ResponseTimeout = TimeSpan.FromSeconds(10));
        });
        var host = builder.Build();
        await host.StartAsync();
        return host;
    }

    private static void Write(StreamWriter log, string? line)
    {
        if (line is null)
        {
            return;
        }

        lock (log)
        {
            try
            {
                log.WriteLine(line);
            }
            catch (ObjectDisposedException)
            {
                // The process's last lines after the log was closed on its exit.
            }
        }
    }

    private const int SigStop = 19; // Linux's number, the machines this suite runs on

    [DllImport("libc", SetLastError = true)]
    private static extern int kill(int pid, int sig);

    /// <summary>Two free ports, held together while chosen so that they differ.</summary>
    private static (int Silo, int Gateway) FreePorts()
    {
        using var silo = new TcpListener(IPAddress.Loopback, 0);
        using var gateway = new TcpListener(IPAddress.Loopback, 0);
        silo.Start();
        gateway.Start();
        return (((IPEndPoint)silo.LocalEndpoint).Port, ((IPEndPoint)gateway.LocalEndpoint).Port);
    }
}
