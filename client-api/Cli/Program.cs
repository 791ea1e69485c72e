using System.CommandLine;
using ActionLogement.Cli;
using ActionLogement.Cli.Commands;

var root = new RootCommand("al: command-line client of the Action Logement guarantee engine's HTTP API");
GlobalOptions.AddTo(root);
root.Subcommands.Add(KeysCommands.Create());
root.Subcommands.Add(VisaCommands.Create());
root.Subcommands.Add(ContractCommands.Create());
root.Subcommands.Add(ClaimCommands.Rent());
root.Subcommands.Add(ClaimCommands.Damage());
root.Subcommands.Add(ClaimCommands.Payouts());
root.Subcommands.Add(RecoveryCommands.Create());
root.Subcommands.Add(BulkCommands.Create());
PlainValueParsers.ApplyTo(root);

// System.CommandLine's own handler prints the stack trace; a user gets one line and a non-zero exit instead.
try
{
    // A command line that does not parse is a usage error (2), as the CLI's own refusals are; 1 is the server's.
    var parsed = root.Parse(args);

    // A command line that does not parse gets its errors and where to read more, not the whole help above them. A group
    // without its command (al contract) keeps System.CommandLine's answer: its help, the list of its commands.
    if (parsed.Errors.Count > 0 && parsed.CommandResult.Command.Action is not null)
    {
        await Console.Error.WriteLineAsync(Usage.Refusal(parsed));
        return 2;
    }

    var exitCode = await parsed.InvokeAsync(new InvocationConfiguration { EnableDefaultExceptionHandler = false });
    return parsed.Errors.Count > 0 ? 2 : exitCode;
}
catch (CliException e)
{
    await Console.Error.WriteLineAsync(e.Message);
    return 2;
}
catch (Exception e)
{
    await Console.Error.WriteLineAsync(Failure.Describe(e));
    return 1;
}

