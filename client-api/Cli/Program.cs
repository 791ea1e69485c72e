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
return await root.Parse(args).InvokeAsync();
