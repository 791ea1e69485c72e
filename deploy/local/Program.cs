using ActionLogement.Local;

// The local launcher behind ./run.sh: private PostgreSQL, the API hosting a silo (or, with --separate, a silo and the
// API as two processes), development keys.
var command = args.FirstOrDefault() ?? "start";
var layout = RepositoryLayout.Find();
return command switch
{
    "start" => await LocalSystem.StartAsync(layout, detach: args.Contains("--detach"), separate: args.Contains("--separate")),
    "stop" => LocalSystem.Stop(layout),
    "status" => await LocalSystem.StatusAsync(layout),
    _ => Usage(),
};

static int Usage()
{
    Console.Error.WriteLine("usage: run.sh [start [--detach] [--separate] | stop | status]");
    return 2;
}
