using System.Diagnostics;
using System.Text.Json;
using ActionLogement.Database;
using Npgsql;

namespace ActionLogement.IntegrationTests.Cli;

/// <summary>`al` as a user runs it: a separate process speaking HTTP to the API under test.</summary>
[Collection("cluster")]
public sealed class CliTests(ClusterFixture fixture)
{
    [Fact]
    public async Task Al_requests_and_shows_a_visa_as_json()
    {
        var key = await KeyAsync(Roles.Tenant, "T-cli");
        var (code, stdout, _) = await RunAsync(key, "visa", "request", "--first-name", "Cloane", "--last-name", "Brahim",
            "--birth-date", Samples.Today.AddYears(-24).ToString("yyyy-MM-dd"), "--profile", "YOUNG", "--resources", "2000", "--json");
        Assert.Equal(0, code);
        var number = JsonDocument.Parse(stdout).RootElement.GetProperty("visaNumber").GetString()!;

        (code, stdout, _) = await RunAsync(key, "visa", "show", number, "--json");
        Assert.Equal(0, code);
        Assert.Equal("CERTIFIED", JsonDocument.Parse(stdout).RootElement.GetProperty("status").GetString());
    }

    [Fact]
    public async Task Al_exits_non_zero_with_the_refusal_code()
    {
        var key = await KeyAsync(Roles.Staff, "staff-cli");
        var (code, _, stderr) = await RunAsync(key, "contract", "show", "A99999999990");
        Assert.Equal(1, code);
        Assert.Contains("not_found", stderr);
    }

    [Fact]
    public async Task Al_creates_a_key_with_its_own_request_rate_and_shows_its_secret_once()
    {
        var admin = await KeyAsync(Roles.Admin, "admin-cli");
        var (code, stdout, _) = await RunAsync(admin, "keys", "create", "--role", "partner", "--subject", "AG-CLI",
            "--manages", "L-CLI1", "L-CLI2", "--requests-per-second", "500", "--json");
        Assert.Equal(0, code);
        var created = JsonDocument.Parse(stdout).RootElement;
        Assert.Equal((500, "partner"), (created.GetProperty("requestsPerSecond").GetInt32(), created.GetProperty("role").GetString()));

        await using var database = NpgsqlDataSource.Create(TestDatabase.ConnectionString);
        var stored = await new ApiKeys(database).FindAsync(created.GetProperty("key").GetString()!);
        Assert.Equal(500, stored!.RequestsPerSecond);
        Assert.Equal(["L-CLI1", "L-CLI2"], stored.Managed);
    }

    private static async Task<string> KeyAsync(string role, string subject)
    {
        await using var database = NpgsqlDataSource.Create(TestDatabase.ConnectionString);
        return (await new ApiKeys(database).CreateAsync(role, subject)).Secret;
    }

    private async Task<(int Code, string Stdout, string Stderr)> RunAsync(string key, params string[] args)
    {
        var psi = new ProcessStartInfo("dotnet") { RedirectStandardOutput = true, RedirectStandardError = true };
        psi.ArgumentList.Add(Path.Combine(AppContext.BaseDirectory, "al.dll"));
        foreach (var arg in args)
        {
            psi.ArgumentList.Add(arg);
        }

        psi.Environment["AL_URL"] = fixture.Api.ClientOptions.BaseAddress.ToString();
        psi.Environment["AL_KEY"] = key;
        using var process = Process.Start(psi)!;
        var stdout = process.StandardOutput.ReadToEndAsync();
        var stderr = process.StandardError.ReadToEndAsync();
        await process.WaitForExitAsync(new CancellationTokenSource(TimeSpan.FromSeconds(60)).Token);
        return (process.ExitCode, await stdout, await stderr);
    }
}
