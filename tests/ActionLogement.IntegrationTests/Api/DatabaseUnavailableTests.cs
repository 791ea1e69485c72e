using System.Net.Sockets;
using System.Text.Json;
using ActionLogement.Api.Infrastructure;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging.Abstractions;
using Npgsql;

namespace ActionLogement.IntegrationTests.Api;

/// <summary>
/// A request that meets the database, or the silo holding its grain, out of reach is told to retry (503 with
/// <c>Retry-After</c>), not that the service failed (500): the same request, with the same Idempotency-Key, gets its
/// answer once they are back, the command done once.
/// </summary>
public sealed class DatabaseUnavailableTests
{
    [Fact]
    public async Task A_database_out_of_reach_behind_a_grain_call_is_a_503_with_Retry_After()
    {
        var refused = new NpgsqlException("Failed to connect", new SocketException((int)SocketError.ConnectionRefused));
        var (status, retryAfter, code) = await HandleAsync(new Orleans.Runtime.OrleansException("Grain call failed", refused));

        Assert.Equal((503, "5", "unavailable"), (status, retryAfter, code));
    }

    [Fact]
    public async Task A_silo_lost_under_a_grain_call_is_a_503_with_Retry_After()
    {
        var (status, retryAfter, code) = await HandleAsync(new Orleans.Runtime.SiloUnavailableException("The target silo became unavailable"));

        Assert.Equal((503, "1", "unavailable"), (status, retryAfter, code));
    }

    [Fact]
    public async Task A_statement_the_database_refused_is_still_an_internal_error()
    {
        var refused = new PostgresException("duplicate key value", "ERROR", "ERROR", PostgresErrorCodes.UniqueViolation);
        var (status, retryAfter, code) = await HandleAsync(refused);

        Assert.Equal((500, "", "internal_error"), (status, retryAfter, code));
    }

    private static async Task<(int Status, string RetryAfter, string? Code)> HandleAsync(Exception exception)
    {
        var context = new DefaultHttpContext
        {
            RequestServices = new ServiceCollection().AddLogging().AddProblemDetails().BuildServiceProvider(),
        };
        context.Response.Body = new MemoryStream();

        Assert.True(await new ProblemExceptionHandler(NullLogger<ProblemExceptionHandler>.Instance)
            .TryHandleAsync(context, exception, CancellationToken.None));

        context.Response.Body.Position = 0;
        using var body = await JsonDocument.ParseAsync(context.Response.Body);
        return (context.Response.StatusCode, context.Response.Headers.RetryAfter.ToString(),
            body.RootElement.GetProperty("code").GetString());
    }
}
