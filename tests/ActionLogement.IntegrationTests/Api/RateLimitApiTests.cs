using System.Net;
using System.Net.Http.Headers;
using System.Net.Http.Json;
using ActionLogement.Api.Infrastructure;
using ActionLogement.Database;
using Microsoft.AspNetCore.Http;
using static ActionLogement.IntegrationTests.Infrastructure.ApiScenario;

namespace ActionLogement.IntegrationTests.Api;

/// <summary>
/// A caller over its request rate gets a 429 ProblemDetails with <c>Retry-After</c> (API.md), before any command runs or
/// claims its Idempotency-Key; the health probes and the metrics scrape are never limited.
/// </summary>
[Collection("cluster")]
public sealed class RateLimitApiTests(ClusterFixture fixture)
{
    [Fact]
    public async Task A_key_over_its_own_rate_gets_429_with_Retry_After_and_its_command_runs_later()
    {
        var admin = await fixture.ClientForAsync(Roles.Admin, "admin-rates");
        var landlord = "L-" + Guid.NewGuid().ToString("N")[..8];
        var created = await Expect.JsonAsync(await admin.PostAsJsonAsync("/api/v1/keys",
            new { role = Roles.Landlord, subject = landlord, requestsPerSecond = 1 }), HttpStatusCode.Created);
        Assert.Equal(1, created.GetProperty("requestsPerSecond").GetInt32());
        var http = fixture.Api.CreateClient();
        http.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", created.GetProperty("key").GetString());

        // Reads until the first refusal; how many passed.
        async Task<int> DrainAsync()
        {
            var passed = 0;
            while (passed < 100 && (await http.GetAsync("/api/v1/contracts")).StatusCode == HttpStatusCode.OK)
            {
                passed++;
            }

            return passed;
        }

        // One a second, in bursts of ten: ten pass at once, then requests are refused (the bucket gains a token each
        // second on a timer of its own, so one more may pass).
        Assert.InRange(await DrainAsync(), 10, 12);

        // A command sent while refused; should a token have come meanwhile, the bucket is drained again first.
        var key = Guid.NewGuid().ToString();
        var refused = await PostAsync(http, "/api/v1/contracts/A10000000001/exit", new { exitDate = "2026-01-31" }, key);
        for (var tries = 0; refused.StatusCode != HttpStatusCode.TooManyRequests && tries < 5; tries++)
        {
            await DrainAsync();
            key = Guid.NewGuid().ToString();
            refused = await PostAsync(http, "/api/v1/contracts/A10000000001/exit", new { exitDate = "2026-01-31" }, key);
        }

        var problem = await Expect.ProblemAsync(refused, HttpStatusCode.TooManyRequests, RequestRateLimiting.Code);
        Assert.Contains("1 requests a second", problem.GetProperty("detail").GetString());
        var retryAfter = refused.Headers.RetryAfter?.Delta;
        Assert.True(retryAfter is { TotalSeconds: >= 1 }, $"Retry-After: {refused.Headers.RetryAfter}");
        Assert.Equal(0, await TestDatabase.ScalarAsync<long>("SELECT count(*) FROM idempotency_keys WHERE key = $1", key));

        // The bucket refills on a one-second timer: after Retry-After, or a tick later, the same command goes through.
        await Task.Delay(retryAfter!.Value);
        var later = await Eventually.ValueAsync(
            async () => (await PostAsync(http, "/api/v1/contracts/A10000000001/exit", new { exitDate = "2026-01-31" }, key)).StatusCode,
            status => status != HttpStatusCode.TooManyRequests, TimeSpan.FromSeconds(5));
        Assert.NotEqual(HttpStatusCode.TooManyRequests, later);
    }

    [Fact]
    public async Task Health_probes_and_the_metrics_scrape_are_never_limited()
    {
        var http = fixture.Api.CreateClient();
        var anonymous = new RequestRates().Anonymous.Burst;
        for (var i = 0; i <= anonymous; i++)
        {
            Assert.Equal(HttpStatusCode.OK, (await http.GetAsync(i % 2 == 0 ? "/health/live" : "/metrics")).StatusCode);
        }
    }

    [Theory]
    [InlineData(0)]
    [InlineData(100_001)]
    public async Task A_key_rate_out_of_bounds_is_400(int rate)
    {
        var admin = await fixture.ClientForAsync(Roles.Admin, "admin-rates");
        var response = await admin.PostAsJsonAsync("/api/v1/keys", new { role = Roles.Staff, subject = "S-RATE", requestsPerSecond = rate });
        var problem = await Expect.ProblemAsync(response, HttpStatusCode.BadRequest, "invalid_value");
        Assert.Equal("requestsPerSecond", problem.GetProperty("errors")[0].GetProperty("field").GetString());
    }

    [Fact]
    public void Key_lookups_are_bounded_per_client_address()
    {
        using var limiter = new KeyLookupLimiter(Microsoft.Extensions.Options.Options.Create(new RequestRates { KeyLookupsPerSecond = 5 }));
        HttpContext From(string address) => new DefaultHttpContext { Connection = { RemoteIpAddress = IPAddress.Parse(address) } };

        // Two seconds' worth at once, then no more from that address; another address has its own.
        Assert.All(Enumerable.Range(0, 10), _ => Assert.True(limiter.TryAcquire(From("192.0.2.1"))));
        Assert.False(limiter.TryAcquire(From("192.0.2.1")));
        Assert.True(limiter.TryAcquire(From("192.0.2.2")));
    }

    [Fact]
    public void A_key_has_its_own_rate_or_its_roles_and_bursts_two_seconds_of_it_but_at_least_ten()
    {
        var rates = new RequestRates();
        Assert.Equal(new RequestRate(20, 40), rates.For(new ApiKeyIdentity("k", Roles.Landlord, "L-1", [])));
        Assert.Equal(new RequestRate(5, 10), rates.For(new ApiKeyIdentity("k", Roles.Tenant, "T-1", [])));
        Assert.Equal(new RequestRate(1, 10), rates.For(new ApiKeyIdentity("k", Roles.Landlord, "L-1", [], RequestsPerSecond: 1)));
        Assert.Equal(new RequestRate(10_000, 20_000), rates.For(new ApiKeyIdentity("k", Roles.Staff, "S-1", [], RequestsPerSecond: 10_000)));
    }
}
