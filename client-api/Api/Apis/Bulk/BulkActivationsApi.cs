using ActionLogement.Api.Infrastructure;
using Microsoft.AspNetCore.Http.Features;

namespace ActionLogement.Api.Apis.Bulk;

public static class BulkActivationsApi
{
    public static IEndpointRouteBuilder MapBulkActivationsApiV1(this IEndpointRouteBuilder app)
    {
        var api = app.MapGroup("/api/v1/bulk-activations").WithTags("Bulk activation")
            .RequireAuthorization(p => p.RequireRole(Roles.Partner, Roles.Staff)).AddEndpointFilter<ProblemCodeFilter>();
        api.MapPost("/", Upload).RequireAuthorization(p => p.RequireRole(Roles.Partner))
            .AddOpenApiOperationTransformer((operation, context, _) => StreamedOpenApi.Request(operation, context,
                "The rows, one activation each (the fields of POST /api/v1/contracts, with the partner's own `externalRef`): "
                + "NDJSON, one JSON object a line, or CSV with a header line; UTF-8 unless `charset` says otherwise; uncompressed. "
                + $"Streamed, up to {BulkUpload.MaxRows:N0} rows.", "application/x-ndjson", "text/csv"));
        api.MapGet("/{jobId}", Progress);
        api.MapGet("/{jobId}/results", Results)
            .AddOpenApiOperationTransformer((operation, _, _) => StreamedOpenApi.Response(operation, "200",
                "One JSON object a line, one line per input row: `line`, `externalRef`, and the contract number or the rule codes. "
                + "`X-Job-State` says whether the job is still running.", "application/x-ndjson"));
        return app;
    }

    public sealed record Accepted(string JobId, int Total, string State, string Progress, string Results);

    /// <summary>Streams the body into PostgreSQL, then hands the job to the cluster and answers at once.</summary>
    public static async Task<Results<Accepted<Accepted>, ProblemHttpResult>> Upload(
        HttpContext http, BulkUpload upload, IClusterClient cluster)
    {
        var mediaType = http.Request.ContentType?.Split(';')[0].Trim().ToLowerInvariant();
        bool csv;
        switch (mediaType)
        {
            case "text/csv":
                csv = true;
                break;
            case "application/x-ndjson" or "application/ndjson" or "application/jsonl" or "application/json":
                csv = false;
                break;
            default:
                return Problems.Create(StatusCodes.Status415UnsupportedMediaType, "unsupported_media_type",
                    "Send the rows as 'application/x-ndjson' (one JSON object a line) or 'text/csv' (with a header).");
        }

        if (UploadCharset.Of(http.Request.ContentType) is not { } encoding)
        {
            return Problems.Create(StatusCodes.Status415UnsupportedMediaType, "unsupported_media_type",
                $"Send the file's text in {UploadCharset.Supported}.");
        }

        // A compressed body read as text would be a file of malformed rows, each rejected alone.
        if (http.Request.Headers.ContentEncoding.Any(e => !string.Equals(e?.Trim(), "identity", StringComparison.OrdinalIgnoreCase)))
        {
            return Problems.Create(StatusCodes.Status415UnsupportedMediaType, "unsupported_media_type",
                $"Send the file uncompressed: this endpoint reads no Content-Encoding ('{http.Request.Headers.ContentEncoding}').");
        }

        // The one endpoint allowed a large body: it is streamed, never held in memory.
        if (http.Features.Get<IHttpMaxRequestBodySizeFeature>() is { IsReadOnly: false } limit)
        {
            limit.MaxRequestBodySize = null;
        }

        var caller = Caller.From(http.User);
        var jobId = "BA-" + Guid.NewGuid().ToString("N")[..20];
        http.Items[AuditMiddleware.AuditTargetItem] = jobId;
        int total;
        try
        {
            total = await upload.StoreAsync(jobId, caller.Subject, caller.Managed, csv, http.Request.Body, encoding, http.RequestAborted);
        }
        catch (BulkUpload.TooManyRowsException e)
        {
            return Problems.Create(StatusCodes.Status413PayloadTooLarge, "too_many_rows", e.Message);
        }
        catch (BulkUpload.UnreadableFileException e)
        {
            return Problems.Create(StatusCodes.Status400BadRequest, "file_unreadable", e.Message);
        }
        catch (BulkUpload.EmptyFileException e)
        {
            return Problems.Create(StatusCodes.Status400BadRequest, "file_empty", e.Message);
        }

        await cluster.GetGrain<IBulkActivationGrain>(jobId).Start();
        return TypedResults.Accepted($"/api/v1/bulk-activations/{jobId}",
            new Accepted(jobId, total, "QUEUED", $"/api/v1/bulk-activations/{jobId}", $"/api/v1/bulk-activations/{jobId}/results"));
    }

    public static async Task<Results<Ok<BulkProgress>, ProblemHttpResult>> Progress(string jobId, HttpContext http, BulkJobs jobs)
    {
        var job = await jobs.GetAsync(jobId, http.RequestAborted);
        return job is { } found && Visible(found.PartnerId, http) ? TypedResults.Ok(found.Progress) : Problems.NotFound("bulk job", jobId);
    }

    /// <summary>
    /// The results in line order, streamed; <c>after</c> (a line) and <c>limit</c> take them in parts, each result
    /// carrying its line: a download cut short resumes after the last line it got.
    /// </summary>
    public static async Task<Results<EmptyHttpResult, ProblemHttpResult>> Results(string jobId, HttpContext http, BulkJobs jobs,
        int after = 0, int limit = BulkUpload.MaxRows)
    {
        var violations = new List<Violation>();
        if (after < 0)
        {
            violations.Add(new Violation("invalid_value", "after", "'after' is a line of the file, 0 or more."));
        }

        if (limit is < 1 or > BulkUpload.MaxRows)
        {
            violations.Add(new Violation("invalid_value", "limit", $"'limit' is 1 to {BulkUpload.MaxRows:D}."));
        }

        if (violations.Count > 0)
        {
            return Problems.BadRequest(violations);
        }

        var job = await jobs.GetAsync(jobId, http.RequestAborted);
        if (job is not { } found || !Visible(found.PartnerId, http))
        {
            return Problems.NotFound("bulk job", jobId);
        }

        http.Response.ContentType = "application/x-ndjson";
        http.Response.Headers["X-Job-State"] = found.Progress.State;
        await jobs.WriteResultsAsync(jobId, after, limit, http.Response.Body, http.RequestAborted);
        return TypedResults.Empty;
    }

    // A partner sees only its own jobs; another partner's answers 404 like an unknown id.
    private static bool Visible(string partnerId, HttpContext http)
    {
        var caller = Caller.From(http.User);
        return caller.IsStaff || (caller.Role == Roles.Partner && caller.Subject == partnerId);
    }
}
