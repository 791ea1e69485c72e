using System.Diagnostics;
using System.Runtime.InteropServices;
using ActionLogement.Database;
using ActionLogement.Database.Embedded;

namespace ActionLogement.Local;

/// <summary>
/// Starts and stops PostgreSQL and the engine: by default one process, the API hosting a silo of its own (on a
/// machine of a few cores, a second .NET process and the network hop between the two cost a quarter of a declaration's
/// CPU); with <c>separate</c>, one silo and the API as an external Orleans client, as API nodes scaled apart run.
/// </summary>
public static class LocalSystem
{
    public static async Task<int> StartAsync(RepositoryLayout layout, bool detach, bool separate)
    {
        if (File.Exists(layout.PidFile))
        {
            Console.WriteLine("A previous start is still recorded: stopping it first.");
            Stop(layout, stopDatabase: false);
        }

        Directory.CreateDirectory(layout.LogDirectory);
        var apiPort = int.Parse(Environment.GetEnvironmentVariable("AL_API_PORT") ?? "5080");
        var apiUrl = $"http://127.0.0.1:{apiPort}";

        // Another engine (another checkout's, say) on these ports would answer the readiness check in this one's place,
        // while this one's processes fail to bind and exit.
        var ports = new[]
        {
            ("API", apiPort),
            ("silo", PortSetting("Orleans__SiloPort", 11111)),
            ("gateway", PortSetting("Orleans__GatewayPort", 30000)),
        };
        if (ports.Where(p => !LocalPorts.IsFree(p.Item2)).ToList() is { Count: > 0 } taken)
        {
            Console.Error.WriteLine($"Port {string.Join(", ", taken.Select(p => $"{p.Item2} ({p.Item1})"))} already in use on this machine, " +
                "by another engine perhaps: stop it (./run.sh stop in its checkout), or choose other ports with AL_API_PORT, " +
                "Orleans__SiloPort and Orleans__GatewayPort.");
            return 1;
        }

        var configured = Environment.GetEnvironmentVariable("ConnectionStrings__Postgres");
        string connectionString;
        if (string.IsNullOrWhiteSpace(configured))
        {
            Console.WriteLine($"Starting PostgreSQL under {layout.DataDirectory}/pg ...");
            var postgres = await EmbeddedPostgres.StartAsync(new EmbeddedPostgresOptions { RootDirectory = layout.DataDirectory });
            connectionString = postgres.ConnectionString;
            Console.WriteLine($"PostgreSQL ready on 127.0.0.1:{postgres.Port}");
        }
        else
        {
            connectionString = configured;
        }

        await DatabaseMigrator.MigrateAsync(connectionString);
        await DevelopmentKeys.EnsureAsync(connectionString);

        var environment = new Dictionary<string, string>
        {
            ["ConnectionStrings__Postgres"] = connectionString,
            ["DOTNET_ENVIRONMENT"] = "Development",
            ["ASPNETCORE_ENVIRONMENT"] = "Development",
        };
        // The pid file lists the silo first, then the API; a single line is the API hosting the silo.
        int[] spawned;
        if (separate)
        {
            var silo = Spawn(layout.SiloDll, [], environment, Path.Combine(layout.LogDirectory, "silo.log"));
            var api = Spawn(layout.ApiDll, ["--urls", apiUrl], environment, Path.Combine(layout.LogDirectory, "api.log"),
                workingDirectory: layout.ApiProjectDirectory);
            spawned = [silo, api];
            Console.WriteLine($"Silo pid {silo}, API pid {api}; logs in {layout.LogDirectory}. Waiting for {apiUrl}/health/ready ...");
        }
        else
        {
            environment["Orleans__HostSilo"] = "true";
            var engine = Spawn(layout.ApiDll, ["--urls", apiUrl], environment, Path.Combine(layout.LogDirectory, "engine.log"),
                workingDirectory: layout.ApiProjectDirectory);
            spawned = [engine];
            Console.WriteLine($"API and silo in one process, pid {engine}; logs in {layout.LogDirectory}. Waiting for {apiUrl}/health/ready ...");
        }

        File.WriteAllLines(layout.PidFile, spawned.Select(pid => pid.ToString()));
        var stopwatch = Stopwatch.StartNew();
        if (await WaitReadyAsync(apiUrl, spawned, TimeSpan.FromMinutes(3)) is { } failure)
        {
            Console.Error.WriteLine($"{failure}; see the logs in {layout.LogDirectory}. Stopping.");
            Stop(layout);
            return 1;
        }

        PrintBanner(apiUrl, stopwatch.Elapsed);
        if (detach)
        {
            return 0;
        }

        var stopped = new TaskCompletionSource();
        using var sigint = PosixSignalRegistration.Create(PosixSignal.SIGINT, c => { c.Cancel = true; stopped.TrySetResult(); });
        using var sigterm = PosixSignalRegistration.Create(PosixSignal.SIGTERM, c => { c.Cancel = true; stopped.TrySetResult(); });
        await stopped.Task;
        Console.WriteLine("Stopping ...");
        Stop(layout);
        return 0;
    }

    public static int Stop(RepositoryLayout layout) => Stop(layout, stopDatabase: true);

    private static int Stop(RepositoryLayout layout, bool stopDatabase)
    {
        if (File.Exists(layout.PidFile))
        {
            foreach (var line in File.ReadAllLines(layout.PidFile))
            {
                if (int.TryParse(line, out var pid))
                {
                    Terminate(pid);
                }
            }

            File.Delete(layout.PidFile);
        }

        if (stopDatabase && EmbeddedPostgres.Stop(layout.DataDirectory))
        {
            Console.WriteLine("PostgreSQL stopped.");
        }

        Console.WriteLine("Stopped.");
        return 0;
    }

    public static async Task<int> StatusAsync(RepositoryLayout layout)
    {
        var apiUrl = $"http://127.0.0.1:{Environment.GetEnvironmentVariable("AL_API_PORT") ?? "5080"}";
        using var http = new HttpClient { Timeout = TimeSpan.FromSeconds(5) };
        try
        {
            Console.WriteLine(await http.GetStringAsync($"{apiUrl}/health/ready"));
            return 0;
        }
        catch (HttpRequestException)
        {
            Console.WriteLine("not running");
            return 1;
        }
    }

    // setsid: the children get their own session, so a detached start survives its terminal.
    private static int Spawn(string dll, string[] args, Dictionary<string, string> environment, string logFile,
        string? workingDirectory = null)
    {
        if (!File.Exists(dll))
        {
            throw new FileNotFoundException($"{dll} is not built; run ./run.sh, which builds first.");
        }

        var quoted = string.Join(' ', new[] { dll }.Concat(args).Select(a => $"'{a}'"));
        var psi = new ProcessStartInfo("setsid", ["bash", "-c", $"exec dotnet {quoted} >>'{logFile}' 2>&1"])
        {
            UseShellExecute = false,
            WorkingDirectory = workingDirectory ?? Path.GetDirectoryName(dll)!,
        };
        foreach (var (key, value) in environment)
        {
            psi.Environment[key] = value;
        }

        return Process.Start(psi)!.Id;
    }

    private static void Terminate(int pid)
    {
        try
        {
            using var process = Process.GetProcessById(pid);
            Process.Start("kill", ["-TERM", pid.ToString()])!.WaitForExit();
            if (!process.WaitForExit(TimeSpan.FromSeconds(20)))
            {
                process.Kill(entireProcessTree: true);
            }
        }
        catch (ArgumentException)
        {
            // Already gone.
        }
    }

    /// <summary>Null once the API answers ready, else why not: a process that exited, or the time out.</summary>
    private static async Task<string?> WaitReadyAsync(string apiUrl, IReadOnlyList<int> pids, TimeSpan timeout)
    {
        using var http = new HttpClient { Timeout = TimeSpan.FromSeconds(5) };
        var deadline = DateTime.UtcNow + timeout;
        while (DateTime.UtcNow < deadline)
        {
            if (pids.FirstOrDefault(pid => !IsRunning(pid)) is var exited and not 0)
            {
                return $"Process {exited} exited while starting";
            }

            try
            {
                if ((await http.GetAsync($"{apiUrl}/health/ready")).IsSuccessStatusCode)
                {
                    return null;
                }
            }
            catch (Exception e) when (e is HttpRequestException or TaskCanceledException)
            {
                // Not listening yet.
            }

            await Task.Delay(500);
        }

        return $"The system did not become ready in {timeout.TotalMinutes:0} minutes";
    }

    private static bool IsRunning(int pid)
    {
        try
        {
            using var process = Process.GetProcessById(pid);
            return !process.HasExited;
        }
        catch (ArgumentException)
        {
            return false;
        }
    }

    private static int PortSetting(string variable, int fallback) =>
        int.TryParse(Environment.GetEnvironmentVariable(variable), out var port) ? port : fallback;

    private static void PrintBanner(string apiUrl, TimeSpan took)
    {
        Console.WriteLine();
        Console.WriteLine($"Action Logement guarantee engine is ready ({took.TotalSeconds:0.0} s after the processes started).");
        Console.WriteLine($"  API        {apiUrl}/api/v1");
        Console.WriteLine($"  Health     {apiUrl}/health/ready");
        Console.WriteLine($"  OpenAPI    {apiUrl}/openapi/v1.json   UI: {apiUrl}/scalar/v1");
        Console.WriteLine($"  Metrics    {apiUrl}/metrics");
        Console.WriteLine("  Development keys (Authorization: Bearer <key>):");
        foreach (var (role, subject, managed, secret, requestsPerSecond) in DevelopmentKeys.All)
        {
            var extra = (managed.Length > 0 ? $" (manages {string.Join(", ", managed)})" : "")
                + (requestsPerSecond is { } rate ? $" ({rate:D} requests/s, for the tools)" : "");
            Console.WriteLine($"    {role,-9} {subject,-10} {secret}{extra}");
        }

        Console.WriteLine("  Stop: Ctrl-C here, or ./run.sh stop");
    }
}
