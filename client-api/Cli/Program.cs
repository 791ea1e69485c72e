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

// System.CommandLine's own handler prints the stack trace; a user gets one line and a non-zero exit instead.
try
{
    return await root.Parse(args).InvokeAsync(new InvocationConfiguration { EnableDefaultExceptionHandler = false });
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
