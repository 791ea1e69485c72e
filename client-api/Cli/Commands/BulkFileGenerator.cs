using System.CommandLine;
using System.Globalization;
using System.Text.Json;
using System.Text.Json.Nodes;
using Spectre.Console;

namespace ActionLogement.Cli.Commands;

/// <summary>
/// Writes a realistic bulk file and creates, through the API, the visas its rows refer to. A share of rows is made
/// to fail on purpose (rent above the visa ceiling, an unreadable amount), and the expected counts are written beside
/// the file, so a run can be checked.
/// </summary>
public static class BulkFileGenerator
{
    public static Command Command()
    {
        var rows = new Option<int>("--rows") { Required = true }.Within(1, 1_000_000);
        var output = new Option<FileInfo>("--out") { Required = true, Description = "a .csv, .ndjson or .jsonl file" };
        output.Validators.Add(result =>
        {
            if (result.Tokens.Count > 0 && BulkCommands.FormatOf(new FileInfo(result.Tokens[^1].Value)) is null)
            {
                result.AddError($"--out '{result.Tokens[^1].Value}': name it .csv, .ndjson or .jsonl, the formats bulk upload takes.");
            }
        });
        var landlord = new Option<string>("--landlord") { DefaultValueFactory = _ => "L-000200", Description = "a landlord the partner manages" };
        var staffKey = new Option<string?>("--staff-key") { Description = "key that requests the visas (env AL_STAFF_KEY)" };
        // Unique to each run (two runs in one second had the same references, and the second file re-used the first's
        // contracts): the time and a random part.
        var refPrefix = new Option<string>("--ref-prefix")
        {
            DefaultValueFactory = _ => $"GEN-{DateTime.UtcNow:yyyyMMddHHmmss}-{Convert.ToHexString(System.Security.Cryptography.RandomNumberGenerator.GetBytes(3))}",
        };
        var rejectShare = new Option<double>("--reject-share") { DefaultValueFactory = _ => 0.05, Description = "0 to 0.5: the share of rows made to be rejected" };
        rejectShare.Validators.Add(result =>
        {
            if (result.GetValueOrDefault<double>() is < 0 or > 0.5)
            {
                result.AddError("--reject-share is 0 to 0.5.");
            }
        });
        var command = new Command("generate", "Generate a bulk file and create the visas it needs") { rows, output, landlord, staffKey, refPrefix, rejectShare };
        command.SetAction(async parse =>
        {
            var key = parse.GetValue(staffKey) ?? Environment.GetEnvironmentVariable("AL_STAFF_KEY") ?? "al_dev_staff_key";
            var client = GlobalOptions.Client(parse).WithKey(key);
            return await GenerateAsync(client, parse.GetValue(rows), parse.GetValue(output)!, parse.GetValue(landlord)!,
                parse.GetValue(refPrefix)!, parse.GetValue(rejectShare));
        });
        return command;
    }

    private static async Task<int> GenerateAsync(ApiClient client, int count, FileInfo output, string landlord, string prefix, double rejectShare)
    {
        var today = DateOnly.FromDateTime(DateTime.UtcNow);
        var visas = new string[count];
        async Task<bool> RequestVisaAsync(int i)
        {
            var (code, visa) = await client.SendAsync(HttpMethod.Post, "visas", new
            {
                firstName = "Gen",
                lastName = LastName(i),
                birthDate = today.AddYears(-24).AddDays(-(i % 300)),
                profile = "YOUNG",
                monthlyResources = 3000m,
                employment = new { contract = "CDI", netSalary = 2500m },
            });
            visas[i] = code == 0 ? visa!["visaNumber"]!.GetValue<string>() : "";
            return code == 0;
        }

        // The first alone: a server out of reach, or a key refused, is said once rather than once a row.
        if (!await RequestVisaAsync(0))
        {
            await Console.Error.WriteLineAsync("The first visa request failed; aborting.");
            return 1;
        }

        var failed = 0;
        await AnsiConsole.Progress().StartAsync(async progress =>
        {
            var task = progress.AddTask("requesting visas", maxValue: count);
            task.Increment(1);
            await Parallel.ForEachAsync(Enumerable.Range(1, count - 1), new ParallelOptions { MaxDegreeOfParallelism = 32 }, async (i, _) =>
            {
                if (!await RequestVisaAsync(i))
                {
                    Interlocked.Increment(ref failed);
                }

                task.Increment(1);
            });
        });
        if (failed > 0)
        {
            await Console.Error.WriteLineAsync($"{failed} visa requests failed; aborting.");
            return 1;
        }

        var csv = output.Extension.Equals(".csv", StringComparison.OrdinalIgnoreCase);
        var expected = new Dictionary<string, int> { ["activated"] = 0, ["rent_above_visa_ceiling"] = 0, ["row_malformed"] = 0 };
        var rejectEvery = rejectShare <= 0 ? int.MaxValue : (int)Math.Max(2, Math.Round(1 / rejectShare));
        await using (var writer = new StreamWriter(output.Create()))
        {
            if (csv)
            {
                await writer.WriteLineAsync("externalRef,visaNumber,tenantLastName,tenantFirstName,landlordId,park,zone,address,rent,charges,deposit,signedOn,effectiveOn,termMonths,registeredOn");
            }

            for (var i = 0; i < count; i++)
            {
                // Every rejectEvery-th row fails: alternately a rent far above any ceiling and an unreadable rent.
                var kind = i % rejectEvery == rejectEvery - 1 ? (i / rejectEvery % 2 == 0 ? "rent_above_visa_ceiling" : "row_malformed") : "activated";
                expected[kind]++;
                var rent = kind switch { "rent_above_visa_ceiling" => "5000.00", "row_malformed" => "12,50x", _ => (600 + (i % 500)).ToString("0.00", CultureInfo.InvariantCulture) };
                var fields = new Dictionary<string, string?>
                {
                    ["externalRef"] = $"{prefix}-{i + 1:D7}",
                    ["visaNumber"] = visas[i],
                    ["tenantLastName"] = LastName(i).ToUpperInvariant(),
                    ["tenantFirstName"] = "Gen",
                    ["landlordId"] = landlord,
                    ["park"] = "PRIVATE",
                    ["zone"] = (i % 3) switch { 0 => "IDF", 1 => "TENSE", _ => "OTHER" },
                    ["address"] = $"{i % 200 + 1} rue de la République 6900{i % 9} Lyon",
                    ["rent"] = rent,
                    ["charges"] = "80.00",
                    ["deposit"] = "600.00",
                    ["signedOn"] = today.ToString("yyyy-MM-dd"),
                    ["effectiveOn"] = today.AddDays(7).ToString("yyyy-MM-dd"),
                    ["termMonths"] = "36",
                    ["registeredOn"] = today.ToString("yyyy-MM-dd"),
                };
                await writer.WriteLineAsync(csv
                    ? string.Join(',', fields.Values.Select(v => v!.Contains(',') ? $"\"{v}\"" : v))
                    : JsonSerializer.Serialize(fields));
            }
        }

        // Beside the file and named after all of it: rows.csv and rows.ndjson each have their own.
        var summary = output.FullName + ".expected.json";
        await File.WriteAllTextAsync(summary, JsonSerializer.Serialize(expected, new JsonSerializerOptions { WriteIndented = true }));
        if (client.Output.IsJson)
        {
            client.Output.Record(new JsonObject
            {
                ["file"] = output.FullName,
                ["rows"] = count,
                ["expectedFile"] = summary,
                ["expected"] = JsonSerializer.SerializeToNode(expected),
            });
        }
        else
        {
            AnsiConsole.MarkupLine($"Wrote [bold]{count}[/] rows to {Markup.Escape(output.FullName)}; expected outcome in {Markup.Escape(summary)}.");
        }

        return 0;
    }

    private static string LastName(int i) => "Tenant" + i.ToString("D7", CultureInfo.InvariantCulture);
}
