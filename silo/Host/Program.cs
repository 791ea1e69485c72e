using ActionLogement.Silo.Extensions;

var builder = Host.CreateApplicationBuilder(args);
await builder.AddActionLogementSiloAsync();
await builder.Build().RunAsync();
