using ActionLogement.Api.Apis;
using ActionLogement.Api.Apis.Bulk;
using ActionLogement.Api.Apis.Contracts;
using ActionLogement.Api.Apis.Recovery;
using ActionLogement.Api.Apis.Visas;
using ActionLogement.Api.Extensions;

var builder = WebApplication.CreateBuilder(args);
await builder.AddApplicationServicesAsync();

var app = builder.Build();
app.UseApplicationPipeline();

app.MapHealthApi();
app.MapKeysApiV1();
app.MapVisasApiV1();
app.MapContractsApiV1();
app.MapPayoutsApiV1();
app.MapRecoveryApiV1();
app.MapBulkActivationsApiV1();

app.Run();

/// <summary>Visible to the tests' WebApplicationFactory.</summary>
public partial class Program;
