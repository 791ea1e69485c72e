using ActionLogement.Local;

// The local launcher behind ./run.sh: private PostgreSQL, one silo, the API, development keys.
var command = args.FirstOrDefault() ?? "start";
var layout = RepositoryLayout.Find();
return command switch
{
    "start" => await LocalSystem.StartAsync(layout, detach: args.Contains("--detach")),
    "stop" => LocalSystem.Stop(layout),
    "status" => await LocalSystem.StatusAsync(layout),
    _ => Usage(),
};

static int Usage()
{
    Console.Error.WriteLine("usage: run.sh [start [--detach] | stop | status]");
    return 2;
}
