using ActionLogement.Api.Apis;
using ActionLogement.Api.Apis.Visas;
using ActionLogement.Api.Extensions;

var builder = WebApplication.CreateBuilder(args);
await builder.AddApplicationServicesAsync();

var app = builder.Build();
app.UseApplicationPipeline();

app.MapHealthApi();
app.MapKeysApiV1();
app.MapVisasApiV1();

app.Run();

/// <summary>Visible to the tests' WebApplicationFactory.</summary>
public partial class Program;
