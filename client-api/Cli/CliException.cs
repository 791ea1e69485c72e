namespace ActionLogement.Cli;

/// <summary>
/// A refusal of the CLI itself, before or beside any HTTP answer (a broken profile file, a URL it cannot use, a file
/// it cannot write): Program prints the message as one line and exits 2, the exit code of the other usage errors.
/// </summary>
public sealed class CliException(string message) : Exception(message);
