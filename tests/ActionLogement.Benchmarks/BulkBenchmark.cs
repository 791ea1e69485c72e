using System.Diagnostics;
using System.Globalization;
using System.Net.Http.Headers;
using System.Text;
using System.Text.Json;
using Npgsql;
using NpgsqlTypes;

namespace ActionLogement.Benchmarks;

internal sealed record BulkResult(
    int Rows,
    RawResult Raw,
    double VisasPerSecond,
    double UploadSeconds,
    double EndToEndSeconds,
    string State,
    int Activated,
    int AlreadyActive,
    int Rejected,
    long? SiloPeakKb,
    long? SiloRssEndKb,
    long? SiloRssMaxSampledKb)
{
    public double RowsPerSecond => Rows / EndToEndSeconds;
}

/// <summary>
/// Bulk activation end to end against a started local system, beside the raw PostgreSQL cost of storing the same
/// rows: for each row count, (a) 500-row <c>INSERT ... SELECT * FROM unnest(...)</c> of bulk_rows-shaped rows into a
/// scratch table on one connection, (b) N visas requested as staff (not timed), an NDJSON file of N valid rows for
/// landlord L-000200 (as <c>al bulk generate</c> writes it) uploaded as a stream with the partner key, progress polled
/// every 500 ms until DONE or FAILED.
/// </summary>
internal static class BulkBenchmark
{
    public const int MaxRows = 1_000_000;
    public const int RawCap = 200_000;
    public const int RawBatch = 500;
    public const int VisaConcurrency = 64;
    public const string PartnerKey = "al_dev_partner_key";
    public const string Landlord = "L-000200";
    private static readonly TimeSpan Poll = TimeSpan.FromMilliseconds(500);

    public static async Task<int> RunAsync(string[] args, string url, IReadOnlyList<int> rowCounts, string? connection)
    {
        Report.PrintMachine(args, "partner bulk activation (upload to last result)");
        using var http = Api.CreateClient(url);
        if (!await Api.IsReadyAsync(http))
        {
            Console.Error.WriteLine($"{url}/health/ready does not answer 'ready': start the system first (./run.sh --detach).");
            return 1;
        }

        connection ??= RawPostgres.LocalConnectionString();
        var silo = ResourceMeter.SiloPid();
        Console.WriteLine(silo is { } pid ? $"Silo's process pid {pid} (first line of .data/run.pids)." : "Silo pid unknown (no .data/run.pids): no memory figures.");

        var results = new List<BulkResult>();
        foreach (var rows in rowCounts)
        {
            Console.WriteLine();
            Console.WriteLine($"=== {rows:N0} rows ===");
            var rawRows = Math.Min(rows, RawCap);
            Console.WriteLine($"(a) Raw PostgreSQL: {rawRows:N0} bulk_rows-shaped rows as {RawBatch}-row INSERT ... SELECT * FROM unnest(...) on one connection"
                + (rawRows < rows ? $" (capped at {RawCap:N0} of the {rows:N0} rows) ..." : " ..."));
            var raw = await MeasureRawAsync(connection, rawRows);
            Console.WriteLine($"    {raw.Rows:N0} rows in {raw.Seconds:0.00} s = {raw.RowsPerSecond:N0} rows/s");

            var result = await MeasureEngineAsync(http, rows, silo, raw);
            results.Add(result);
        }

        PrintTable(results);
        return results.All(r => r.State == "DONE" && r.Activated == r.Rows) ? 0 : 1;
    }

    /// <summary>Same columns and types as <c>bulk_rows</c>; each 500-row INSERT is its own autocommit transaction.</summary>
    private static async Task<RawResult> MeasureRawAsync(string connectionString, int rows)
    {
        var table = "bench_bulk_raw_" + Guid.NewGuid().ToString("N")[..8];
        await using var connection = new NpgsqlConnection(connectionString);
        await connection.OpenAsync();
        await ExecuteAsync(connection, $"""
            CREATE TABLE {table} (
                job_id text NOT NULL, line int NOT NULL, external_ref text, visa_number text, tenant_last_name text,
                tenant_first_name text, landlord_id text, park text, zone text, address text, rent numeric(12, 2),
                charges numeric(12, 2), deposit numeric(12, 2), signed_on date, effective_on date, term_months int,
                registered_on date, parse_error text, contract_number text, PRIMARY KEY (job_id, line))
            """);
        try
        {
            await using var insert = new NpgsqlCommand($"""
                INSERT INTO {table} SELECT * FROM unnest($1::text[], $2::int[], $3::text[], $4::text[], $5::text[], $6::text[],
                    $7::text[], $8::text[], $9::text[], $10::text[], $11::numeric[], $12::numeric[], $13::numeric[], $14::date[],
                    $15::date[], $16::int[], $17::date[], $18::text[], $19::text[])
                """, connection);
            var today = DateOnly.FromDateTime(DateTime.UtcNow);
            var jobId = "BA-raw" + Guid.NewGuid().ToString("N")[..14];
            var jobIds = Enumerable.Repeat(jobId, RawBatch).ToArray();
            var lines = new int[RawBatch];
            var refs = new string[RawBatch];
            var visas = new string[RawBatch];
            var lastNames = new string[RawBatch];
            var firstNames = Enumerable.Repeat("Gen", RawBatch).ToArray();
            var landlords = Enumerable.Repeat(Landlord, RawBatch).ToArray();
            var parks = Enumerable.Repeat("PRIVATE", RawBatch).ToArray();
            var zones = new string[RawBatch];
            var addresses = new string[RawBatch];
            var rents = new decimal[RawBatch];
            var charges = Enumerable.Repeat(80m, RawBatch).ToArray();
            var deposits = Enumerable.Repeat(600m, RawBatch).ToArray();
            var signed = Enumerable.Repeat(today, RawBatch).ToArray();
            var effective = Enumerable.Repeat(today.AddDays(7), RawBatch).ToArray();
            var terms = Enumerable.Repeat(36, RawBatch).ToArray();
            var registered = Enumerable.Repeat(today, RawBatch).ToArray();
            var errors = new string?[RawBatch];
            var contracts = new string?[RawBatch];
            object[] columns = [jobIds, lines, refs, visas, lastNames, firstNames, landlords, parks, zones, addresses, rents, charges,
                deposits, signed, effective, terms, registered, errors, contracts];
            NpgsqlDbType[] types = [Text, Int, Text, Text, Text, Text, Text, Text, Text, Text, Num, Num, Num, Date, Date, Int, Date, Text, Text];
            var parameters = columns.Select((c, i) => new NpgsqlParameter { NpgsqlDbType = NpgsqlDbType.Array | types[i], Value = c }).ToArray();
            insert.Parameters.AddRange(parameters);
            await insert.PrepareAsync();

            var clock = Stopwatch.StartNew();
            for (var start = 0; start < rows; start += RawBatch)
            {
                var n = Math.Min(RawBatch, rows - start);
                for (var k = 0; k < n; k++)
                {
                    var i = start + k;
                    lines[k] = i + 1;
                    refs[k] = $"RAW-{i + 1:D7}";
                    visas[k] = $"V{10_000_000_000L + i}";
                    lastNames[k] = LastName("RAW", i).ToUpperInvariant();
                    zones[k] = Zone(i);
                    addresses[k] = Address(i);
                    rents[k] = Rent(i);
                }

                if (n < RawBatch)
                {
                    // The last, short batch: trimmed copies (unnest of unequal arrays would pad with NULLs).
                    for (var c = 0; c < columns.Length; c++)
                    {
                        var full = (Array)columns[c];
                        var part = Array.CreateInstance(full.GetType().GetElementType()!, n);
                        Array.Copy(full, part, n);
                        parameters[c].Value = part;
                    }
                }

                await insert.ExecuteNonQueryAsync();
            }

            return new RawResult(rows, clock.Elapsed.TotalSeconds);
        }
        finally
        {
            await ExecuteAsync(connection, $"DROP TABLE IF EXISTS {table}");
        }
    }

    private const NpgsqlDbType Text = NpgsqlDbType.Text;
    private const NpgsqlDbType Int = NpgsqlDbType.Integer;
    private const NpgsqlDbType Num = NpgsqlDbType.Numeric;
    private const NpgsqlDbType Date = NpgsqlDbType.Date;

    private static async Task<BulkResult> MeasureEngineAsync(HttpClient http, int rows, int? silo, RawResult raw)
    {
        // A run tag keeps every run's tenants and external references distinct.
        var tag = DateTime.UtcNow.ToString("MMddHHmmss", CultureInfo.InvariantCulture) + Random.Shared.Next(100, 1000);
        var today = DateOnly.FromDateTime(DateTime.UtcNow);

        Console.WriteLine($"(b) Engine: requesting {rows:N0} visas as staff ({VisaConcurrency} concurrent; not part of the bulk timing) ...");
        var visaClock = Stopwatch.StartNew();
        var visas = new string[rows];
        var done = 0;
        await Parallel.ForEachAsync(Enumerable.Range(0, rows), new ParallelOptions { MaxDegreeOfParallelism = VisaConcurrency },
            async (i, ct) =>
            {
                visas[i] = await Setup.PostAsync(http, "/api/v1/visas", new
                {
                    firstName = "Gen",
                    lastName = LastName(tag, i),
                    birthDate = today.AddYears(-24).AddDays(-(i % 300)),
                    profile = "YOUNG",
                    requestDate = today,
                    monthlyResources = 3000m,
                    employment = new { contract = "CDI", netSalary = 2500m },
                }, "visaNumber", ct);
                if (Interlocked.Increment(ref done) % 20_000 == 0)
                {
                    Console.WriteLine($"    visas: {done:N0}/{rows:N0}");
                }
            });
        var visasPerSecond = rows / visaClock.Elapsed.TotalSeconds;
        Console.WriteLine($"    {rows:N0} visas in {visaClock.Elapsed.TotalSeconds:0.0} s = {visasPerSecond:N0} visas/s");

        var file = Path.Combine(Path.GetTempPath(), $"al-bench-bulk-{tag}.ndjson");
        try
        {
            await WriteFileAsync(file, rows, tag, visas, today);
            Console.WriteLine($"    wrote {rows:N0} rows ({new FileInfo(file).Length / 1024.0 / 1024.0:0.0} MiB) to {file}, landlord {Landlord}, all valid");

            // Peak RSS since now: writing 5 to clear_refs resets VmHWM (Linux >= 4.0) when we may write it.
            var peakReset = silo is { } p && TryResetPeak(p);
            var rssBefore = silo is { } q ? ProcStatus(q, "VmRSS") : null;
            Console.WriteLine($"    silo VmRSS before upload {Kb(rssBefore)}; VmHWM {(peakReset ? "reset before the upload" : "NOT reset (peak since silo start)")}");

            Console.WriteLine($"    uploading as partner AG-0001 (application/x-ndjson, streamed) ...");
            var clock = Stopwatch.StartNew();
            string jobId;
            await using (var stream = new FileStream(file, FileMode.Open, FileAccess.Read, FileShare.Read, 1 << 16, useAsync: true))
            {
                var content = new StreamContent(stream, 1 << 16);
                content.Headers.ContentType = new MediaTypeHeaderValue("application/x-ndjson");
                using var request = new HttpRequestMessage(HttpMethod.Post, "api/v1/bulk-activations") { Content = content };
                request.Headers.Authorization = new AuthenticationHeaderValue("Bearer", PartnerKey);
                using var response = await http.SendAsync(request);
                var text = await response.Content.ReadAsStringAsync();
                if (!response.IsSuccessStatusCode)
                {
                    throw new InvalidOperationException($"Upload answered {(int)response.StatusCode}: {text}");
                }

                using var json = JsonDocument.Parse(text);
                jobId = json.RootElement.GetProperty("jobId").GetString()!;
            }

            var uploadSeconds = clock.Elapsed.TotalSeconds;
            Console.WriteLine($"    upload: 202 {jobId} after {uploadSeconds:0.00} s");

            long? rssMax = null;
            JsonElement progress;
            var lastPrint = TimeSpan.Zero;
            while (true)
            {
                using (var request = new HttpRequestMessage(HttpMethod.Get, $"api/v1/bulk-activations/{jobId}"))
                {
                    request.Headers.Authorization = new AuthenticationHeaderValue("Bearer", PartnerKey);
                    using var response = await http.SendAsync(request);
                    var text = await response.Content.ReadAsStringAsync();
                    if (!response.IsSuccessStatusCode)
                    {
                        throw new InvalidOperationException($"Progress answered {(int)response.StatusCode}: {text}");
                    }

                    progress = JsonDocument.Parse(text).RootElement.Clone();
                }

                if (silo is { } s && ProcStatus(s, "VmRSS") is { } rss)
                {
                    rssMax = Math.Max(rssMax ?? 0, rss);
                }

                var state = progress.GetProperty("state").GetString();
                if (state is "DONE" or "FAILED")
                {
                    break;
                }

                if (clock.Elapsed - lastPrint >= TimeSpan.FromSeconds(10))
                {
                    lastPrint = clock.Elapsed;
                    Console.WriteLine($"    {clock.Elapsed.TotalSeconds,6:0.0} s  {state,-9} processed {Count(progress, "processed"):N0}/{Count(progress, "total"):N0}"
                        + $"  {progress.GetProperty("rowsPerSecond").GetDouble():N0} rows/s (server)  silo VmRSS {Kb(rssMax)}");
                }

                await Task.Delay(Poll);
            }

            var endToEnd = clock.Elapsed.TotalSeconds;
            var finalState = progress.GetProperty("state").GetString()!;
            var peak = silo is { } a ? ProcStatus(a, "VmHWM") : null;
            var rssEnd = silo is { } b ? ProcStatus(b, "VmRSS") : null;
            var result = new BulkResult(rows, raw, visasPerSecond, uploadSeconds, endToEnd, finalState, Count(progress, "activated"),
                Count(progress, "alreadyActive"), Count(progress, "rejected"), peak, rssEnd, rssMax);
            Console.WriteLine($"    {finalState} after {endToEnd:0.00} s end to end (upload start to the poll that saw {finalState}; poll every {Poll.TotalMilliseconds:0} ms)");
            Console.WriteLine($"    processed {Count(progress, "processed"):N0}/{Count(progress, "total"):N0}: activated {result.Activated:N0}, "
                + $"already active {result.AlreadyActive:N0}, rejected {result.Rejected:N0}; server rowsPerSecond {progress.GetProperty("rowsPerSecond").GetDouble():N0}");
            if (progress.TryGetProperty("error", out var error) && error.ValueKind == JsonValueKind.String)
            {
                Console.WriteLine($"    error: {error.GetString()}");
            }

            Console.WriteLine($"    engine: {result.RowsPerSecond:N0} rows/s end to end");
            Console.WriteLine($"    silo memory: peak VmHWM {Kb(peak)}{(peakReset ? " (since the upload)" : " (since silo start)")}, "
                + $"VmRSS at the end {Kb(rssEnd)}, max VmRSS sampled while polling {Kb(rssMax)}");
            return result;
        }
        finally
        {
            File.Delete(file);
        }
    }

    /// <summary>One line per visa, as <c>al bulk generate</c> writes it, with no row made to fail.</summary>
    private static async Task WriteFileAsync(string path, int rows, string tag, string[] visas, DateOnly today)
    {
        await using var writer = new StreamWriter(path, false, new UTF8Encoding(false), 1 << 16);
        var signed = today.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture);
        var effective = today.AddDays(7).ToString("yyyy-MM-dd", CultureInfo.InvariantCulture);
        for (var i = 0; i < rows; i++)
        {
            var fields = new Dictionary<string, string>
            {
                ["externalRef"] = $"BENCH-{tag}-{i + 1:D7}",
                ["visaNumber"] = visas[i],
                ["tenantLastName"] = LastName(tag, i).ToUpperInvariant(),
                ["tenantFirstName"] = "Gen",
                ["landlordId"] = Landlord,
                ["park"] = "PRIVATE",
                ["zone"] = Zone(i),
                ["address"] = Address(i),
                ["rent"] = Rent(i).ToString("0.00", CultureInfo.InvariantCulture),
                ["charges"] = "80.00",
                ["deposit"] = "600.00",
                ["signedOn"] = signed,
                ["effectiveOn"] = effective,
                ["termMonths"] = "36",
                ["registeredOn"] = signed,
            };
            await writer.WriteLineAsync(JsonSerializer.Serialize(fields));
        }
    }

    private static void PrintTable(IReadOnlyList<BulkResult> results)
    {
        string[] header = ["rows", "raw rows", "raw PG rows/s", "visas/s", "upload s", "end-to-end s", "engine rows/s", "engine : raw",
            "state", "activated", "rejected", "silo peak", "silo RSS end"];
        var rows = results.Select(r => new[]
        {
            N(r.Rows), N(r.Raw.Rows), N(r.Raw.RowsPerSecond), N(r.VisasPerSecond), F(r.UploadSeconds), F(r.EndToEndSeconds),
            N(r.RowsPerSecond), (r.RowsPerSecond / r.Raw.RowsPerSecond).ToString("0.000", CultureInfo.InvariantCulture), r.State,
            N(r.Activated), N(r.Rejected), Kb(r.SiloPeakKb), Kb(r.SiloRssEndKb),
        }).ToList();
        var widths = header.Select((h, c) => rows.Select(row => row[c].Length).Append(h.Length).Max()).ToArray();

        Console.WriteLine();
        Console.WriteLine($"Results (raw = {RawBatch}-row INSERT ... SELECT * FROM unnest(...) autocommit, one connection, bulk_rows columns, "
            + $"at most {RawCap:N0} rows;");
        Console.WriteLine("         engine rows/s = rows / (upload start .. job DONE seen by the 500 ms poll); visas excluded)");
        Console.WriteLine(string.Join("  ", header.Select((h, c) => h.PadLeft(widths[c]))));
        Console.WriteLine(string.Join("  ", widths.Select(w => new string('-', w))));
        rows.ForEach(row => Console.WriteLine(string.Join("  ", row.Select((cell, c) => cell.PadLeft(widths[c])))));
    }

    private static string LastName(string tag, int i) => $"Bulk{tag}x{i:D7}";

    private static string Zone(int i) => (i % 3) switch { 0 => "IDF", 1 => "TENSE", _ => "OTHER" };

    private static string Address(int i) => $"{i % 200 + 1} rue de la République 6900{i % 9} Lyon";

    private static decimal Rent(int i) => 600 + (i % 500);

    private static int Count(JsonElement json, string name) => json.TryGetProperty(name, out var v) && v.ValueKind == JsonValueKind.Number ? v.GetInt32() : 0;

    private static string N(double value) => value.ToString("#,0", CultureInfo.InvariantCulture);

    private static string F(double value) => value.ToString("0.00", CultureInfo.InvariantCulture);

    private static string Kb(long? kb) => kb is { } k ? $"{k / 1024.0:0} MiB" : "-";

    private static async Task ExecuteAsync(NpgsqlConnection connection, string sql)
    {
        await using var command = new NpgsqlCommand(sql, connection);
        await command.ExecuteNonQueryAsync();
    }

    private static long? ProcStatus(int pid, string key)
    {
        try
        {
            var line = File.ReadLines($"/proc/{pid}/status").FirstOrDefault(l => l.StartsWith(key + ":", StringComparison.Ordinal));
            return line is null ? null : long.Parse(line.Split(':', 2)[1].Trim().Split(' ')[0], CultureInfo.InvariantCulture);
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            return null;
        }
    }

    private static bool TryResetPeak(int pid)
    {
        try
        {
            File.WriteAllText($"/proc/{pid}/clear_refs", "5");
            return true;
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            return false;
        }
    }
}
