using System.Text.Json;

namespace ActionLogement.Cli;

/// <summary>One line for a failure no command expected (the network, the disk, a server that is not this API).</summary>
public static class Failure
{
    public static string Describe(Exception e) => e switch
    {
        HttpRequestException => $"Cannot reach the server: {e.Message}",
        TaskCanceledException { InnerException: TimeoutException } => "The server did not answer in time.",
        OperationCanceledException => "Cancelled.",
        IOException or UnauthorizedAccessException => e.Message,
        JsonException => $"Unreadable answer: {e.Message}",
        _ => $"Failed ({e.GetType().Name}): {e.Message}",
    };
}
