using System.Diagnostics;

namespace ActionLogement.Database.Embedded;

/// <summary>Finds the machine's PostgreSQL server binaries, installing Debian's package when they are missing.</summary>
public static class PostgresBinaries
{
    public static string FindOrInstall(bool installWhenMissing)
    {
        var found = Find();
        if (found is not null)
        {
            return found;
        }

        if (!installWhenMissing || !ProcessRunner.IsRoot)
        {
            throw new InvalidOperationException(
                "PostgreSQL server binaries (initdb, pg_ctl) were not found. Install the 'postgresql' package or set ConnectionStrings__Postgres.");
        }

        Console.Error.WriteLine("PostgreSQL server not found: installing the Debian 'postgresql' package...");
        ProcessRunner.Run("apt-get", ["update", "-q"], timeout: TimeSpan.FromMinutes(10));
        ProcessRunner.Run("apt-get", ["install", "-y", "-q", "--no-install-recommends", "postgresql"],
            timeout: TimeSpan.FromMinutes(15), environment: new() { ["DEBIAN_FRONTEND"] = "noninteractive" });
        return Find() ?? throw new InvalidOperationException("The 'postgresql' package installed no initdb.");
    }

    /// <summary>The newest <c>/usr/lib/postgresql/N/bin</c>, else the folder of <c>initdb</c> on PATH.</summary>
    public static string? Find()
    {
        const string debianRoot = "/usr/lib/postgresql";
        if (Directory.Exists(debianRoot))
        {
            var newest = Directory.GetDirectories(debianRoot)
                .Select(d => (Dir: d, Version: int.TryParse(Path.GetFileName(d), out var v) ? v : -1))
                .Where(x => x.Version > 0 && File.Exists(Path.Combine(x.Dir, "bin", "initdb")))
                .OrderByDescending(x => x.Version)
                .FirstOrDefault();
            if (newest.Dir is not null)
            {
                return Path.Combine(newest.Dir, "bin");
            }
        }

        var path = Environment.GetEnvironmentVariable("PATH") ?? "";
        return path.Split(Path.PathSeparator)
            .Where(dir => File.Exists(Path.Combine(dir, "initdb")) && File.Exists(Path.Combine(dir, "pg_ctl")))
            .Select(dir => Path.GetDirectoryName(ResolveLink(Path.Combine(dir, "initdb"))))
            .FirstOrDefault();
    }

    private static string ResolveLink(string file) =>
        new FileInfo(file).ResolveLinkTarget(returnFinalTarget: true)?.FullName ?? file;
}

internal static class ProcessRunner
{
    public static bool IsRoot => Environment.UserName == "root";

    public static string Run(string file, IReadOnlyList<string> args, TimeSpan? timeout = null,
        Dictionary<string, string>? environment = null)
    {
        var psi = new ProcessStartInfo(file)
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
        };
        foreach (var arg in args)
        {
            psi.ArgumentList.Add(arg);
        }

        foreach (var (key, value) in environment ?? [])
        {
            psi.Environment[key] = value;
        }

        using var process = Process.Start(psi) ?? throw new InvalidOperationException($"Could not start {file}.");
        var stdout = process.StandardOutput.ReadToEndAsync();
        var stderr = process.StandardError.ReadToEndAsync();
        if (!process.WaitForExit(timeout ?? TimeSpan.FromMinutes(2)))
        {
            process.Kill(entireProcessTree: true);
            throw new TimeoutException($"{file} {string.Join(' ', args)} did not finish in time.");
        }

        if (process.ExitCode != 0)
        {
            throw new InvalidOperationException(
                $"{file} {string.Join(' ', args)} exited with {process.ExitCode}: {stderr.Result}{stdout.Result}");
        }

        return stdout.Result;
    }
}
