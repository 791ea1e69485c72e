using ActionLogement.Silo.Extensions;

namespace ActionLogement.Silo;

// A named entry point (not top-level statements) so the tests, which reference both hosts, see one 'Program': the API's.
public static class SiloProgram
{
    public static async Task Main(string[] args)
    {
        var builder = Host.CreateApplicationBuilder(args);
        await builder.AddActionLogementSiloAsync();
        await builder.Build().RunAsync();
    }
}
