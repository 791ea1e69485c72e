using System.Text;
using System.Text.Json;
using ActionLogement.Database;

namespace ActionLogement.IntegrationTests.Bulk;

/// <summary>
/// Realistic bulk files with known outcomes: visas are created through their grains (fast), and every
/// <c>rejectEvery</c>-th row fails on purpose, alternately on the rent ceiling and on an unreadable amount.
/// </summary>
public sealed record BulkFile(string Ndjson, int Rows, int ExpectedActivated, int ExpectedAboveCeiling, int ExpectedMalformed)
{
    /// <summary>A new partner (its key, managing one landlord of its own) and that many good rows, one NDJSON line each.</summary>
    public static async Task<(HttpClient Http, string Partner, string[] Lines)> ForNewPartnerAsync(ClusterFixture fixture, int rows)
    {
        var partner = "AG-" + Guid.NewGuid().ToString("N")[..6];
        var landlord = "L-" + partner;
        var http = await fixture.ClientForAsync(Roles.Partner, partner, landlord);
        var file = await CreateAsync(fixture.Client, partner, landlord, rows);
        Assert.Equal(rows, file.ExpectedActivated);
        return (http, partner, file.Ndjson.Split('\n', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries));
    }

    public static async Task<BulkFile> CreateAsync(IGrainFactory grains, string refPrefix, string landlordId, int rows, int rejectEvery = 20)
    {
        var today = DateOnly.FromDateTime(DateTime.UtcNow);
        var visas = new string[rows];
        for (var start = 0; start < rows; start += 2000)
        {
            var chunk = Enumerable.Range(start, Math.Min(2000, rows - start));
            await Task.WhenAll(chunk.Select(async i =>
            {
                visas[i] = GrainScenario.NewVisaNumber();
                await grains.GetGrain<IVisaGrain>(visas[i]).Request(new VisaApplication("Gen", $"Tenant{i:D7}", today.AddYears(-24), Profile.Young,
                    today, 3000m, null, null), "T-bulk", byTenant: true);
            }));
        }

        var text = new StringBuilder();
        int activated = 0, above = 0, malformed = 0;
        for (var i = 0; i < rows; i++)
        {
            var rejected = i % rejectEvery == rejectEvery - 1;
            var aboveCeiling = rejected && i / rejectEvery % 2 == 0;
            _ = rejected ? (aboveCeiling ? above++ : malformed++) : activated++;
            object rent = rejected ? (aboveCeiling ? 5000m : "12,50x") : 600m + (i % 500);
            text.AppendLine(JsonSerializer.Serialize(new Dictionary<string, object?>
            {
                ["externalRef"] = $"{refPrefix}-{i + 1:D7}",
                ["visaNumber"] = visas[i],
                ["tenantLastName"] = $"TENANT{i:D7}",
                ["landlordId"] = landlordId,
                ["park"] = "PRIVATE",
                ["zone"] = "IDF",
                ["address"] = $"{i % 200 + 1} rue de la République 69002 Lyon",
                ["rent"] = rent,
                ["charges"] = 80m,
                ["deposit"] = 600m,
                ["signedOn"] = today.ToString("yyyy-MM-dd"),
                ["effectiveOn"] = today.AddDays(7).ToString("yyyy-MM-dd"),
                ["termMonths"] = 36,
                ["registeredOn"] = today.ToString("yyyy-MM-dd"),
            }));
        }

        return new BulkFile(text.ToString(), rows, activated, above, malformed);
    }
}
