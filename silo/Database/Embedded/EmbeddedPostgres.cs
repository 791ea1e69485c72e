using System.Net;
using System.Net.Sockets;
using System.Security.Cryptography;
using Npgsql;

namespace ActionLogement.Database.Embedded;

/// <summary>
/// A private PostgreSQL cluster under a project folder (<c>.data/</c>), started from the machine's server
/// binaries on a free loopback port. Used by the local run command and by the test fixture, so both exercise
/// the same real server. A second start reuses the data (and the port when it is still free).
/// </summary>
public sealed class EmbeddedPostgres
{
    private const string ServiceUser = "postgres";

    private readonly EmbeddedPostgresOptions _options;
    private readonly string _binDir;
    private readonly string _root;

    private EmbeddedPostgres(EmbeddedPostgresOptions options, string binDir)
    {
        _options = options;
        _binDir = binDir;
        _root = Path.GetFullPath(options.RootDirectory);
    }

    public string DataDirectory => Path.Combine(_root, "pg");

    public string LogFile => Path.Combine(_root, "pg.log");

    public int Port { get; private set; }

    public string ConnectionString { get; private set; } = "";

    /// <summary>Starts the cluster (initialising it on first use) or attaches to the one already running.</summary>
    public static async Task<EmbeddedPostgres> StartAsync(EmbeddedPostgresOptions options, CancellationToken ct = default)
    {
        var server = new EmbeddedPostgres(options, PostgresBinaries.FindOrInstall(options.InstallWhenMissing));
        Directory.CreateDirectory(server._root);

        // Two processes (the run command and a test run, say) may start together: one initialises, the other waits.
        await using var gate = await FileGate.AcquireAsync(Path.Combine(server._root, "pg.lock"), ct);
        server.EnsureInitialised();
        server.EnsureRunning();
        await server.EnsureDatabaseAsync(ct);
        return server;
    }

    /// <summary>Stops a cluster under <paramref name="rootDirectory"/> if one runs; returns whether it did.</summary>
    public static bool Stop(string rootDirectory)
    {
        var binDir = PostgresBinaries.Find();
        if (binDir is null)
        {
            return false;
        }

        var server = new EmbeddedPostgres(new EmbeddedPostgresOptions { RootDirectory = rootDirectory }, binDir);
        if (!server.IsRunning())
        {
            return false;
        }

        server.PgCtl("stop", "-m", "fast", "-w");
        return true;
    }

    public void Stop() => PgCtl("stop", "-m", "fast", "-w");

    private void EnsureInitialised()
    {
        if (File.Exists(Path.Combine(DataDirectory, "PG_VERSION")))
        {
            return;
        }

        var password = Convert.ToHexString(RandomNumberGenerator.GetBytes(16)).ToLowerInvariant();
        File.WriteAllText(PasswordFile, password);
        SetMode(PasswordFile, UnixFileMode.UserRead | UnixFileMode.UserWrite);

        Directory.CreateDirectory(DataDirectory);
        var pwFile = Path.Combine(_root, "pg.initpw");
        File.WriteAllText(pwFile, password);
        try
        {
            GrantToServiceUser(pwFile);
            GrantToServiceUser(DataDirectory);
            SetMode(DataDirectory, UnixFileMode.UserRead | UnixFileMode.UserWrite | UnixFileMode.UserExecute);
            RunAsServiceUser(Path.Combine(_binDir, "initdb"),
                ["-D", DataDirectory, "-U", "postgres", "--auth=scram-sha-256", "--pwfile", pwFile, "-E", "UTF8", "--no-instructions"]);
        }
        finally
        {
            File.Delete(pwFile);
        }
    }

    private void EnsureRunning()
    {
        if (IsRunning())
        {
            Port = ReadRunningPort();
        }
        else
        {
            Port = ChoosePort();
            var settings = new Dictionary<string, string>
            {
                ["port"] = Port.ToString(),
                ["listen_addresses"] = "127.0.0.1",
                // Local processes connect through a Unix socket (cheaper than loopback TCP); psql and tools can
                // still use the port.
                ["unix_socket_directories"] = PrepareSocketDirectory(),
                ["max_connections"] = "300",
                // PostgreSQL's own cache, a quarter of the machine's memory: the kernel of this machine kind pages out
                // file pages untouched for about 30 s (DAMON reclaim), so a table or index page that lives only in the
                // page cache is soon read from disk again, and an autovacuum or ANALYZE of a large table then stalls
                // every commit behind its reads. Shared buffers are not paged out (no swap).
                ["shared_buffers"] = $"{SharedBuffersMegabytes()}MB",
                // Fewer checkpoints (each followed by full-page writes) during a large import.
                ["max_wal_size"] = "4GB",
                // After each checkpoint, a page's first change writes the whole page to WAL. Every 5 minutes (the
                // default) that added a quarter to the WAL of the minutes after, enough to tip 2,000 declarations/s
                // on two cores into a queue; every 30 minutes costs a longer replay after a crash.
                ["checkpoint_timeout"] = "30min",
                // A new WAL segment is otherwise filled with 16 MB of zeros and flushed by the commit that crosses into
                // it, while every other commit waits behind that write (at 2,000 declarations/s, one every 4 s: a
                // 35-120 ms stall each time on this machine's disk). Unzeroed, a segment is created at its size and
                // filled by the WAL writes themselves; fdatasync still makes each commit durable, block allocation
                // included. After a checkpoint PostgreSQL recycles old segments, which need neither.
                ["wal_init_zero"] = "off",
            };
            foreach (var (key, value) in _options.ServerSettings)
            {
                settings[key] = value;
            }

            var serverArgs = string.Join(' ', settings.Select(s => $"-c {s.Key}={s.Value}"));
            if (!File.Exists(LogFile))
            {
                File.WriteAllText(LogFile, "");
            }

            GrantToServiceUser(LogFile);
            PgCtl("start", "-w", "-t", "60", "-l", LogFile, "-o", serverArgs);
            File.WriteAllText(Path.Combine(_root, "pg.port"), Port.ToString());
        }

        // A server started before sockets were enabled has none: keep to TCP until it restarts.
        var socket = Path.Combine(SocketDirectory, $".s.PGSQL.{Port}");
        var host = File.Exists(socket) ? SocketDirectory : "127.0.0.1";
        File.WriteAllText(Path.Combine(_root, "pg.host"), host);
        ConnectionString = new NpgsqlConnectionStringBuilder
        {
            Host = host,
            Port = Port,
            Username = "postgres",
            Password = File.ReadAllText(PasswordFile).Trim(),
            Database = _options.DatabaseName,
        }.ConnectionString;
    }

    private async Task EnsureDatabaseAsync(CancellationToken ct)
    {
        var admin = new NpgsqlConnectionStringBuilder(ConnectionString) { Database = "postgres", Pooling = false };
        await using var connection = new NpgsqlConnection(admin.ConnectionString);
        await connection.OpenAsync(ct);
        await using var exists = new NpgsqlCommand("SELECT 1 FROM pg_database WHERE datname = $1", connection);
        exists.Parameters.AddWithValue(_options.DatabaseName);
        if (await exists.ExecuteScalarAsync(ct) is null)
        {
            await using var create = new NpgsqlCommand($"CREATE DATABASE \"{_options.DatabaseName.Replace("\"", "")}\"", connection);
            await create.ExecuteNonQueryAsync(ct);
        }
    }

    private string PasswordFile => Path.Combine(_root, "pg.password");

    /// <summary>
    /// Where the server puts its Unix socket: <c>sock/</c> beside the cluster, unless that path would pass the
    /// 107-byte limit of a socket path (a deep checkout) or holds a space; then a folder under /tmp named after it.
    /// </summary>
    private string SocketDirectory
    {
        get
        {
            var beside = Path.Combine(_root, "sock");
            if (beside.Length + "/.s.PGSQL.65535".Length <= 107 && !beside.Contains(' '))
            {
                return beside;
            }

            var name = Convert.ToHexString(SHA256.HashData(System.Text.Encoding.UTF8.GetBytes(_root)))[..12].ToLowerInvariant();
            return Path.Combine("/tmp", $"al-pg-{name}");
        }
    }

    private string PrepareSocketDirectory()
    {
        var directory = SocketDirectory;
        Directory.CreateDirectory(directory);
        GrantToServiceUser(directory);
        return directory;
    }

    private bool IsRunning()
    {
        if (!File.Exists(Path.Combine(DataDirectory, "postmaster.pid")))
        {
            return false;
        }

        try
        {
            PgCtl("status");
            return true;
        }
        catch (InvalidOperationException)
        {
            return false;
        }
    }

    // postmaster.pid: line 1 pid, line 2 data dir, line 3 start time, line 4 port.
    private int ReadRunningPort() =>
        int.Parse(File.ReadLines(Path.Combine(DataDirectory, "postmaster.pid")).Skip(3).First().Trim());

    /// <summary>A quarter of the memory this process may use, between 128 MB and 8 GB.</summary>
    private static long SharedBuffersMegabytes() =>
        Math.Clamp(GC.GetGCMemoryInfo().TotalAvailableMemoryBytes / 4 / (1024 * 1024), 128, 8 * 1024);

    private int ChoosePort()
    {
        var remembered = Path.Combine(_root, "pg.port");
        if (File.Exists(remembered) && int.TryParse(File.ReadAllText(remembered), out var port) && LocalPorts.IsFree(port))
        {
            return port;
        }

        using var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        return ((IPEndPoint)listener.LocalEndpoint).Port;
    }

    private void PgCtl(params string[] args) =>
        RunAsServiceUser(Path.Combine(_binDir, "pg_ctl"), ["-D", DataDirectory, .. args]);

    // PostgreSQL refuses to run as root: as root, run it as the 'postgres' system user.
    private static void RunAsServiceUser(string file, IReadOnlyList<string> args)
    {
        if (ProcessRunner.IsRoot)
        {
            EnsureServiceUser();
            ProcessRunner.Run("runuser", ["-u", ServiceUser, "--", file, .. args], TimeSpan.FromMinutes(2));
        }
        else
        {
            ProcessRunner.Run(file, args, TimeSpan.FromMinutes(2));
        }
    }

    private static void EnsureServiceUser()
    {
        try
        {
            ProcessRunner.Run("id", ["-u", ServiceUser]);
        }
        catch (InvalidOperationException)
        {
            ProcessRunner.Run("useradd", ["--system", "--no-create-home", "--shell", "/usr/sbin/nologin", ServiceUser]);
        }
    }

    private static void GrantToServiceUser(string path)
    {
        if (!ProcessRunner.IsRoot)
        {
            return;
        }

        EnsureServiceUser();
        ProcessRunner.Run("chown", ["-R", $"{ServiceUser}:", path]);
        // The server must reach its files through every parent folder: give the others 'search' on them.
        for (var dir = Path.GetDirectoryName(path); !string.IsNullOrEmpty(dir) && dir != "/"; dir = Path.GetDirectoryName(dir))
        {
            if (!OperatingSystem.IsWindows() && !File.GetUnixFileMode(dir).HasFlag(UnixFileMode.OtherExecute))
            {
                File.SetUnixFileMode(dir, File.GetUnixFileMode(dir) | UnixFileMode.OtherExecute);
            }
        }
    }

    private static void SetMode(string path, UnixFileMode mode)
    {
        if (!OperatingSystem.IsWindows())
        {
            File.SetUnixFileMode(path, mode);
        }
    }
}
