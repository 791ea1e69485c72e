using System.Net.Http.Json;
using System.Text.Json;

namespace ActionLogement.Benchmarks;

/// <summary>
/// Creates, through the HTTP API with the staff key (which may state back-office dates), the contracts a run
/// declares on: a v2023 visa (YOUNG, ~22 years old), a PRIVATE/IDF contract of 700 + 100 effective 2023-06-01 for
/// landlord L-000123, and its opening declaration of 2023-07 and 2023-08, so each later month is a new covered one.
/// </summary>
internal static class Setup
{
    public const int Concurrency = 32;
    private const int Attempts = 3;

    private static readonly object Opening = new
    {
        defaultDate = "2023-08-10",
        reminderDate = "2023-08-12",
        demandLetterDate = "2023-08-20",
        declaredOn = "2023-09-01",
        months = new[]
        {
            new { month = "2023-07", due = 800m, paidByTenant = 0m, housingBenefit = 0m },
            new { month = "2023-08", due = 800m, paidByTenant = 0m, housingBenefit = 0m },
        },
    };

    public static async Task<IReadOnlyList<string>> CreateContractsAsync(HttpClient http, int count)
    {
        // A run tag in the names keeps every run's tenants distinct.
        var tag = Letters(Random.Shared.Next(26 * 26 * 26 * 26));
        var numbers = new string[count];
        var done = 0;
        await Parallel.ForEachAsync(Enumerable.Range(0, count), new ParallelOptions { MaxDegreeOfParallelism = Concurrency },
            async (i, ct) =>
            {
                var lastName = $"Bench{tag}{Letters(i)}";
                var visa = await PostAsync(http, "/api/v1/visas", new
                {
                    firstName = "Load",
                    lastName,
                    birthDate = "2001-01-15",
                    profile = "YOUNG",
                    requestDate = "2023-05-01",
                    monthlyResources = 2000m,
                }, "visaNumber", ct);
                var contract = await PostAsync(http, "/api/v1/contracts", new
                {
                    visaNumber = visa,
                    tenantLastName = lastName.ToUpperInvariant(),
                    tenantFirstName = "Load",
                    landlordId = "L-000123",
                    lease = new
                    {
                        park = "PRIVATE",
                        zone = "IDF",
                        address = $"{i + 1} rue du Banc d'Essai 92000 Nanterre",
                        rent = 700m,
                        charges = 100m,
                        deposit = 700m,
                        signedOn = "2023-05-20",
                        effectiveOn = "2023-06-01",
                    },
                    registeredOn = "2023-05-25",
                }, "contractNumber", ct);
                await PostAsync(http, $"/api/v1/contracts/{contract}/unpaid-rent", Opening, null, ct);
                numbers[i] = contract;
                if (Interlocked.Increment(ref done) % 500 == 0)
                {
                    Console.WriteLine($"  setup: {done}/{count} contracts");
                }
            });
        return numbers;
    }

    /// <summary>
    /// POSTs a command with a fresh Idempotency-Key, retried with the same key on 5xx and transport errors (so a
    /// retry never creates twice), and returns the named string field of the response (empty when none is asked).
    /// </summary>
    internal static async Task<string> PostAsync(HttpClient http, string path, object body, string? field, CancellationToken ct)
    {
        var key = Guid.NewGuid().ToString();
        for (var attempt = 1; ; attempt++)
        {
            try
            {
                using var request = new HttpRequestMessage(HttpMethod.Post, path) { Content = JsonContent.Create(body) };
                request.Headers.Add("Idempotency-Key", key);
                using var response = await http.SendAsync(request, ct);
                var text = await response.Content.ReadAsStringAsync(ct);
                if (response.IsSuccessStatusCode)
                {
                    using var json = JsonDocument.Parse(text);
                    return field is null ? "" : json.RootElement.GetProperty(field).GetString() ?? "";
                }

                if ((int)response.StatusCode < 500 || attempt == Attempts)
                {
                    throw new InvalidOperationException($"Setup POST {path} answered {(int)response.StatusCode}: {text}");
                }
            }
            catch (HttpRequestException) when (attempt < Attempts)
            {
                // Retried below with the same key.
            }

            await Task.Delay(TimeSpan.FromMilliseconds(200 * attempt), ct);
        }
    }

    private static string Letters(int n)
    {
        var letters = "";
        do
        {
            letters = (char)('a' + (n % 26)) + letters;
            n /= 26;
        }
        while (n > 0);
        return letters;
    }
}
