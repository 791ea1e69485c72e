using System.Net.Http.Json;
using System.Text;
using System.Text.Json;
using System.Text.RegularExpressions;
using ActionLogement.Api.Apis.Bulk;
using ActionLogement.Database;

namespace ActionLogement.IntegrationTests.Bulk;

/// <summary>
/// Text PostgreSQL cannot store (U+0000, an escaped unpaired surrogate) in one row used to fail the whole upload with a
/// 500 and leave a FAILED job: now that row alone is rejected as <c>row_malformed</c>, naming the field.
/// </summary>
[Collection("cluster")]
public sealed class BulkUnreadableTextTests(ClusterFixture fixture)
{
    [Fact]
    public async Task A_nul_in_an_ndjson_row_rejects_that_row_alone()
    {
        var (http, partner, lines) = await BulkFile.ForNewPartnerAsync(fixture, 4);
        lines[1] = WithField(lines[1], "externalRef", @"nul\u0000x");
        lines[2] = WithField(lines[2], "tenantLastName", @"TENANT\u0000X");

        var results = await RunAsync(http, partner, string.Join('\n', lines) + "\n", "application/x-ndjson", new()
        {
            [2] = "externalRef: holds a control character (U+0000)",
            [3] = "tenantLastName: holds a control character (U+0000)",
        });
        Assert.Equal(JsonValueKind.Null, results[2].GetProperty("externalRef").ValueKind);
        Assert.Equal($"{partner}-0000003", results[3].GetProperty("externalRef").GetString());
    }

    [Fact]
    public async Task An_unpaired_surrogate_in_an_ndjson_row_rejects_that_row_alone()
    {
        var (http, partner, lines) = await BulkFile.ForNewPartnerAsync(fixture, 5);
        lines[1] = WithField(lines[1], "externalRef", @"sur\ud800x");
        lines[2] = WithField(lines[2], "address", @"1 rue \udc00 Lyon");
        // Seeking the visa number compares "visaNumber" with this name, unescaped.
        lines[3] = lines[3].Replace("\"visaNumber\":", @"""visaNumbe\ud800"":");

        var results = await RunAsync(http, partner, string.Join('\n', lines) + "\n", "application/x-ndjson", new()
        {
            [2] = "externalRef: not valid Unicode text (an unpaired surrogate)",
            [3] = "address: not valid Unicode text (an unpaired surrogate)",
            [4] = "$: a property name is not valid Unicode text (an unpaired surrogate)",
        });
        Assert.Equal($"{partner}-0000003", results[3].GetProperty("externalRef").GetString());
    }

    [Fact]
    public async Task A_nul_in_a_csv_row_rejects_that_row_alone()
    {
        var (http, partner, lines) = await BulkFile.ForNewPartnerAsync(fixture, 3);
        var text = Csv(lines).Replace($"{partner}-0000002,", "P\0CSV,");
        var results = await RunAsync(http, partner, text, "text/csv", new() { [2] = "externalRef: holds a control character (U+0000)" });
        Assert.Equal(JsonValueKind.Null, results[2].GetProperty("externalRef").ValueKind);
    }

    [Fact]
    public async Task A_csv_row_with_more_fields_than_the_header_rejects_that_row_alone()
    {
        var (http, partner, lines) = await BulkFile.ForNewPartnerAsync(fixture, 3);
        var columns = JsonDocument.Parse(lines[0]).RootElement.EnumerateObject().Count();

        // The second row's last value written with a decimal comma: one field more than the header, not a value cut short.
        var csv = Csv(lines, (line, i) => i == 1 ? line + ",50" : line);
        await RunAsync(http, partner, csv, "text/csv",
            new() { [2] = $"{columns + 1} fields where the header names {columns} (an unquoted comma in a value?)" });
    }

    [Fact]
    public async Task An_external_ref_too_long_comes_back_cut_and_takes_no_other_rows_reference()
    {
        var (http, partner, lines) = await BulkFile.ForNewPartnerAsync(fixture, 2);
        var first100 = partner + new string('R', 100 - partner.Length);
        lines[0] = WithField(lines[0], "externalRef", first100 + "-EXTRA");
        lines[1] = WithField(lines[1], "externalRef", first100);

        var job = await BulkActivationApiTests.RunJobAsync(http, string.Join('\n', lines) + "\n", "application/x-ndjson");
        var results = await BulkActivationApiTests.ResultsAsync(http, job.GetProperty("jobId").GetString()!);

        // The same batch decides both rows: the cut reference of the first must not pass for the second's.
        Assert.Equal((first100, "activated"), (results[1].GetProperty("externalRef").GetString(), results[1].GetProperty("status").GetString()));
        Assert.Equal((first100 + "…", "rejected", "externalRef: at most 100 characters"), (results[0].GetProperty("externalRef").GetString(),
            results[0].GetProperty("status").GetString(), results[0].GetProperty("detail").GetString()));
    }

    [Fact]
    public async Task An_overlong_ndjson_line_and_a_field_given_twice_reject_those_rows_alone()
    {
        var (http, partner, lines) = await BulkFile.ForNewPartnerAsync(fixture, 4);
        lines[1] = WithField(lines[1], "address", new string('x', NdjsonLines.MaxLineChars));
        // The first rent would be read, the second silently win.
        lines[2] = lines[2].Replace("{\"externalRef\"", "{\"rent\":\"9999.00\",\"externalRef\"", StringComparison.Ordinal);

        var results = await RunAsync(http, partner, string.Join('\n', lines) + "\n", "application/x-ndjson", new()
        {
            [2] = "$: the line is longer than 65,536 characters",
            [3] = "rent: appears more than once",
        });
        Assert.Equal($"{partner}-0000003", results[3].GetProperty("externalRef").GetString());
        Assert.Equal($"{partner}-0000004", results[4].GetProperty("externalRef").GetString());
    }

    [Fact]
    public async Task A_csv_quote_left_open_refuses_the_file_and_activates_nothing()
    {
        var (http, partner, lines) = await BulkFile.ForNewPartnerAsync(fixture, 2);
        var header = string.Join(',', JsonDocument.Parse(lines[0]).RootElement.EnumerateObject().Select(p => p.Name));
        var row = string.Join(',', JsonDocument.Parse(lines[0]).RootElement.EnumerateObject().Select(p => p.Value.ToString()));
        var tail = string.Concat(Enumerable.Repeat(row + "\n", 1000));
        var csv = $"{header}\n{row}\n\"{tail}";

        Assert.StartsWith("The row that starts on line 3 of the file holds a field longer than 65,536 characters", await RefusedCsvDetailAsync(http, csv));
        Assert.Equal(0, await TestDatabase.ScalarAsync<long>("SELECT count(*) FROM contracts_view WHERE agent_id = $1", partner));
        Assert.Equal(0, await TestDatabase.ScalarAsync<long>("SELECT count(*) FROM bulk_jobs WHERE partner_id = $1", partner));
    }

    /// <summary>The detail of the <c>file_unreadable</c> refusal of <paramref name="csv"/>, refused whole.</summary>
    private static async Task<string> RefusedCsvDetailAsync(HttpClient http, string csv)
    {
        using var content = new StringContent(csv, Encoding.UTF8, "text/csv");
        var problem = await Expect.ProblemAsync(await http.PostAsync("/api/v1/bulk-activations", content), System.Net.HttpStatusCode.BadRequest,
            "file_unreadable");
        return problem.GetProperty("detail").GetString()!;
    }

    [Fact]
    public async Task A_misspelt_field_or_one_given_flat_and_in_lease_rejects_that_row_alone()
    {
        var (http, partner, lines) = await BulkFile.ForNewPartnerAsync(fixture, 4);
        lines[1] = lines[1].Replace("\"charges\":", "\"charge\":", StringComparison.Ordinal);
        lines[2] = lines[2].Replace("{\"externalRef\"", "{\"lease\":{\"rent\":\"1400.00\"},\"externalRef\"", StringComparison.Ordinal);

        await RunAsync(http, partner, string.Join('\n', lines) + "\n", "application/x-ndjson", new()
        {
            [2] = "charge: unknown field",
            [3] = "rent: given twice (flat and in lease)",
        });
    }

    [Fact]
    public async Task A_quote_left_open_after_blank_lines_is_named_at_the_line_its_row_starts_on()
    {
        var (http, partner, lines) = await BulkFile.ForNewPartnerAsync(fixture, 3);
        var rows = lines.Select(l => JsonDocument.Parse(l).RootElement).ToList();
        var names = rows[0].EnumerateObject().Select(p => p.Name).ToList();
        string Csv(JsonElement row) => string.Join(',', row.EnumerateObject().Select(p => p.Value.ToString()));
        var open = rows[1].EnumerateObject().Select(p => p.Name == "address" ? "\"3 rue ouverte" : p.Value.ToString());

        // Blank lines are not rows: the file's three rows are rows 1 to 3 of its results.
        var valid = $"\n{string.Join(',', names)}\n{Csv(rows[0])}\n\r\n\n{Csv(rows[1])}\n\n{Csv(rows[2])}\n";
        var results = await BulkActivationApiTests.ResultsAsync(http,
            (await BulkActivationApiTests.RunJobAsync(http, valid, "text/csv")).GetProperty("jobId").GetString()!);
        Assert.Equal([(1, "activated"), (2, "activated"), (3, "activated")],
            results.Select(r => (r.GetProperty("line").GetInt32(), r.GetProperty("status").GetString())));

        // Line 1 the header, 2 a row, 3 and 4 blank (one of them CRLF), 5 the row whose quote is never closed.
        var csv = $"{string.Join(',', names)}\n{Csv(rows[0])}\n\r\n\n{string.Join(',', open)}\n{Csv(rows[2])}\n";
        Assert.StartsWith("The row that starts on line 5 of the file opens a quote that is never closed", await RefusedCsvDetailAsync(http, csv));
        Assert.Equal(3, await TestDatabase.ScalarAsync<long>("SELECT count(*) FROM contracts_view WHERE agent_id = $1", partner));
    }

    [Theory]
    [InlineData("charge", "names a column this API does not know: 'charge'")]
    [InlineData("lease.rent", "names the column 'rent' twice")]
    [InlineData(null, "The row that starts on line 3 of the file opens a quote that is never closed")]
    public async Task A_csv_header_or_quote_that_would_misread_rows_refuses_the_file(string? extraColumn, string detail)
    {
        var (http, partner, lines) = await BulkFile.ForNewPartnerAsync(fixture, 3);
        var rows = lines.Select(l => JsonDocument.Parse(l).RootElement).ToList();
        var header = string.Join(',', rows[0].EnumerateObject().Select(p => p.Name));
        var csv = new StringBuilder(extraColumn is null ? header : $"{header},{extraColumn}").Append('\n');
        foreach (var (row, i) in rows.Select((r, i) => (r, i)))
        {
            var values = row.EnumerateObject().Select(p => p.Value.ToString()).ToList();
            if (extraColumn is not null)
            {
                values.Add("100.00");
            }
            else if (i == 1)
            {
                // The second row's address opens a quote: the third row would become part of it.
                values[row.EnumerateObject().Select(p => p.Name).ToList().IndexOf("address")] = "\"3 rue ouverte";
            }

            csv.Append(string.Join(',', values)).Append('\n');
        }

        Assert.Contains(detail, await RefusedCsvDetailAsync(http, csv.ToString()));
        Assert.Equal(0, await TestDatabase.ScalarAsync<long>("SELECT count(*) FROM contracts_view WHERE agent_id = $1", partner));
    }

    [Fact]
    public async Task Bytes_that_are_not_utf8_text_in_an_ndjson_row_reject_that_row_alone()
    {
        var (http, partner, lines) = await BulkFile.ForNewPartnerAsync(fixture, 3);
        lines[1] = WithField(lines[1], "address", "1 rue Hélène");

        // That row alone saved in Latin-1, as a spreadsheet does: its accented letters are bytes UTF-8 cannot read.
        byte[] body = [.. Encoding.UTF8.GetBytes(lines[0] + "\n"), .. Encoding.Latin1.GetBytes(lines[1] + "\n"), .. Encoding.UTF8.GetBytes(lines[2] + "\n")];
        await RunAsync(http, partner, Content(body, "application/x-ndjson"), new() { [2] = UploadCharset.UnreadableError });
    }

    [Fact]
    public async Task A_csv_in_the_latin1_charset_its_content_type_names_is_read_in_it()
    {
        var (http, partner, lines) = await BulkFile.ForNewPartnerAsync(fixture, 2);
        lines[0] = WithField(lines[0], "address", "1 rue Hélène");

        var results = await RunAsync(http, partner, Content(Encoding.Latin1.GetBytes(Csv(lines)), "text/csv; charset=ISO-8859-1"), []);
        var contract = await http.GetFromJsonAsync<JsonElement>($"/api/v1/contracts/{results[1].GetProperty("contractNumber").GetString()}");
        Assert.Equal("1 rue Hélène", contract.GetProperty("lease").GetProperty("address").GetString());
    }

    [Fact]
    public async Task A_utf8_byte_order_mark_is_skipped_and_a_utf16_one_is_not_taken_for_a_charset()
    {
        var (http, partner, lines) = await BulkFile.ForNewPartnerAsync(fixture, 2);
        await RunAsync(http, partner, Content([.. Encoding.UTF8.GetPreamble(), .. Encoding.UTF8.GetBytes(Csv(lines))], "text/csv"), []);

        var utf16 = Content([.. Encoding.Unicode.GetPreamble(), .. Encoding.Unicode.GetBytes(Csv(lines))], "text/csv");
        await Expect.ProblemAsync(await http.PostAsync("/api/v1/bulk-activations", utf16), System.Net.HttpStatusCode.BadRequest, "file_unreadable");
    }

    [Fact]
    public async Task A_charset_the_engine_does_not_read_is_refused_before_anything_is_stored()
    {
        var (http, partner, lines) = await BulkFile.ForNewPartnerAsync(fixture, 1);
        var response = await http.PostAsync("/api/v1/bulk-activations", Content(Encoding.UTF8.GetBytes(Csv(lines)), "text/csv; charset=shift_jis"));
        await Expect.ProblemAsync(response, System.Net.HttpStatusCode.UnsupportedMediaType, "unsupported_media_type");
        Assert.Equal(0, await TestDatabase.ScalarAsync<long>("SELECT count(*) FROM bulk_jobs WHERE partner_id = $1", partner));
    }

    private static ByteArrayContent Content(byte[] body, string contentType)
    {
        var content = new ByteArrayContent(body);
        content.Headers.TryAddWithoutValidation("Content-Type", contentType);
        return content;
    }

    /// <summary>The rows as CSV: a header of their field names, then their values (<paramref name="edit"/> may change a line).</summary>
    private static string Csv(string[] lines, Func<string, int, string>? edit = null)
    {
        var rows = lines.Select(l => JsonDocument.Parse(l).RootElement).ToList();
        var csv = new StringBuilder();
        csv.AppendLine(string.Join(',', rows[0].EnumerateObject().Select(p => p.Name)));
        foreach (var (row, i) in rows.Select((r, i) => (r, i)))
        {
            var line = string.Join(',', row.EnumerateObject().Select(p => p.Value.ValueKind == JsonValueKind.String ? p.Value.GetString() : p.Value.GetRawText()));
            csv.AppendLine(edit is null ? line : edit(line, i));
        }

        return csv.ToString();
    }

    // The value is written into the JSON text as given: escapes stay escapes.
    private static string WithField(string line, string field, string jsonEscaped) =>
        Regex.Replace(line, $"\"{field}\":\"[^\"]*\"", _ => $"\"{field}\":\"{jsonEscaped}\"");

    /// <summary>Uploads (202 asserted), waits for the job, and checks every line: the given ones rejected as malformed
    /// with that detail, all the others activated.</summary>
    private static Task<Dictionary<int, JsonElement>> RunAsync(HttpClient http, string partner, string body, string mediaType,
        Dictionary<int, string> malformed) =>
        RunAsync(http, partner, new StringContent(body, Encoding.UTF8, mediaType), malformed);

    private static async Task<Dictionary<int, JsonElement>> RunAsync(HttpClient http, string partner, HttpContent body,
        Dictionary<int, string> malformed)
    {
        var job = await BulkActivationApiTests.RunJobAsync(http, body);
        var total = job.GetProperty("total").GetInt32();
        Assert.Equal(("DONE", total - malformed.Count, malformed.Count), (job.GetProperty("state").GetString(),
            job.GetProperty("activated").GetInt32(), job.GetProperty("rejected").GetInt32()));

        var results = (await BulkActivationApiTests.ResultsAsync(http, job.GetProperty("jobId").GetString()!))
            .ToDictionary(r => r.GetProperty("line").GetInt32());
        Assert.Equal(total, results.Count);
        foreach (var (line, result) in results)
        {
            if (malformed.TryGetValue(line, out var detail))
            {
                Assert.Equal(("rejected", "row_malformed", detail), (result.GetProperty("status").GetString(),
                    result.GetProperty("codes").EnumerateArray().Single().GetString(), result.GetProperty("detail").GetString()));
            }
            else
            {
                Assert.Equal("activated", result.GetProperty("status").GetString());
                Assert.True(ContractNumber.IsValid(result.GetProperty("contractNumber").GetString()!));
                Assert.Equal($"{partner}-{line:D7}", result.GetProperty("externalRef").GetString());
            }
        }

        Assert.Equal(total - malformed.Count, await TestDatabase.ScalarAsync<long>("SELECT count(*) FROM contracts_view WHERE agent_id = $1", partner));
        return results;
    }
}
