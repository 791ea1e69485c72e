using System.CommandLine;
using System.Net.Http.Headers;
using System.Text.Json.Nodes;
using Spectre.Console;

namespace ActionLogement.Cli.Commands;

public static class BulkCommands
{
    public static Command Create()
    {
        var file = new Argument<FileInfo>("file") { Description = "NDJSON (.ndjson/.jsonl) or CSV (.csv) with a header" };
        var noWait = new Option<bool>("--no-wait") { Description = "return after the upload, without following progress" };
        var format = new Option<string?>("--format") { Description = "the file's format, for a name that does not end in .csv, .ndjson or .jsonl" }
            .OneOf("csv", "ndjson");
        var charset = new Option<string?>("--charset")
        {
            Description = "the file's text encoding, when not UTF-8 (a spreadsheet's CSV export often is windows-1252)",
        }.OneOf("utf-8", "iso-8859-1", "windows-1252");
        var upload = new Command("upload", "Upload a file of contract activations and follow the job to its end (with --json too: "
            + "the final job is printed)") { file, noWait, format, charset };
        upload.SetAction(async parse => await UploadAsync(GlobalOptions.Client(parse), parse.GetValue(file)!, parse.GetValue(format),
            parse.GetValue(charset), parse.GetValue(noWait)));

        var id = new Argument<string>("jobId");
        var status = new Command("status", "Progress of a bulk job") { id };
        status.SetAction(parse => Cli.ShowAsync(parse, $"bulk-activations/{parse.GetValue(id)}", "Bulk job"));

        var output = new Option<FileInfo?>("--out") { Description = "write the NDJSON results to this file (default: stdout)" };
        var results = new Command("results", "Per-row results of a bulk job, as NDJSON") { id, output };
        results.SetAction(async parse =>
        {
            var client = GlobalOptions.Client(parse);
            return await client.DownloadAsync($"bulk-activations/{parse.GetValue(id)}/results", parse.GetValue(output));
        });

        return new Command("bulk", "Partner bulk activation") { upload, status, results, BulkFileGenerator.Command() };
    }

    /// <summary>
    /// A file's format by its name: .csv, or .ndjson and .jsonl; null for any other name, which is not guessed (a .txt
    /// of CSV rows sent as NDJSON would come back as a file of malformed rows).
    /// </summary>
    public static string? FormatOf(FileInfo file) => file.Extension.ToLowerInvariant() switch
    {
        ".csv" => "csv",
        ".ndjson" or ".jsonl" => "ndjson",
        _ => null,
    };

    private static async Task<int> UploadAsync(ApiClient client, FileInfo file, string? format, string? charset, bool noWait)
    {
        if (!file.Exists)
        {
            await Console.Error.WriteLineAsync($"No file {file.FullName}.");
            return 2;
        }

        if ((format ?? FormatOf(file)) is not { } known)
        {
            await Console.Error.WriteLineAsync($"{file.Name}: CSV or NDJSON? Its name does not say (.csv, .ndjson or .jsonl): " +
                "rename it, or give --format csv or --format ndjson.");
            return 2;
        }

        var mediaType = new MediaTypeHeaderValue(known == "csv" ? "text/csv" : "application/x-ndjson") { CharSet = charset };
        await using var stream = file.OpenRead();
        var (code, accepted) = await client.UploadAsync("bulk-activations", stream, mediaType);
        if (code != 0 || accepted?["jobId"]?.GetValue<string>() is not { } jobId)
        {
            return code == 0 ? 1 : code;
        }

        if (noWait)
        {
            client.Output.Record(accepted, "Bulk job accepted");
            return 0;
        }

        var total = Math.Max(1, accepted["total"]!.GetValue<int>());
        JsonNode? last;
        if (client.Output.IsJson)
        {
            // A script reads one JSON document: the job as it ended, no progress bar in between.
            last = await FollowAsync(client, jobId, _ => { });
        }
        else
        {
            AnsiConsole.MarkupLine($"Uploaded [bold]{accepted["total"]}[/] rows as job [bold]{jobId}[/].");
            last = null;
            await AnsiConsole.Progress()
                .Columns(new TaskDescriptionColumn(), new ProgressBarColumn(), new PercentageColumn(), new RemainingTimeColumn(), new SpinnerColumn())
                .StartAsync(async progress =>
                {
                    var task = progress.AddTask("activating", maxValue: total);
                    last = await FollowAsync(client, jobId, job =>
                    {
                        task.Value = job["processed"]!.GetValue<int>();
                        task.Description = $"activating ({job["rowsPerSecond"]} rows/s)";
                    });
                    task.Value = task.MaxValue;
                });
        }

        if (last is null)
        {
            return 1;
        }

        var resultsFile = new FileInfo($"{jobId}.results.ndjson");
        if (await client.DownloadAsync($"bulk-activations/{jobId}/results", resultsFile) != 0)
        {
            return 1;
        }

        last["resultsFile"] = resultsFile.FullName;
        client.Output.Record(last, "Bulk job");
        return last["state"]!.GetValue<string>() == "DONE" ? 0 : 1;
    }

    /// <summary>Polls the job until it is DONE or FAILED; null when the server stopped answering.</summary>
    private static async Task<JsonNode?> FollowAsync(ApiClient client, string jobId, Action<JsonNode> progressed)
    {
        while (true)
        {
            var (statusCode, job) = await client.SendAsync(HttpMethod.Get, $"bulk-activations/{jobId}");
            if (statusCode != 0 || job is null)
            {
                return null;
            }

            progressed(job);
            if (job["state"]!.GetValue<string>() is "DONE" or "FAILED")
            {
                return job;
            }

            await Task.Delay(500);
        }
    }
}
