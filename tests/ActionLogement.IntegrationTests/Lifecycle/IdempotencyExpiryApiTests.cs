using ActionLogement.Api.Infrastructure;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;
using static ActionLogement.IntegrationTests.Infrastructure.ApiScenario;

namespace ActionLogement.IntegrationTests.Lifecycle;

[Collection("cluster")]
public sealed class IdempotencyExpiryApiTests(ClusterFixture fixture)
{
    [Fact]
    public async Task A_key_older_than_its_retention_is_forgotten_and_a_younger_one_still_replays()
    {
        var s = await StartAsync(fixture);
        var visa = await s.VisaAsync(Today.AddDays(-60), profile: "STUDENT", studentProof: false);
        var effect = Today.AddDays(-40);
        var number = await s.ContractAsync(visa, Lease("SOCIAL", effect.AddDays(-5), effect, rent: 450m, charges: 50m, deposit: 0m), effect);
        var path = $"/api/v1/contracts/{number}/damage-claims";

        // Refused damage claims (no damage cover in the social park): their answers are kept by the API under their keys.
        var damage = new
        {
            exitDate = Today.AddDays(-3).ToString("yyyy-MM-dd"),
            inventoryInDate = effect.ToString("yyyy-MM-dd"),
            inventoryOutDate = Today.AddDays(-3).ToString("yyyy-MM-dd"),
            repairCost = 1000m,
            depositKept = 0m,
        };
        string oldKey = Guid.NewGuid().ToString(), youngKey = Guid.NewGuid().ToString();
        Assert.False((await PostAsync(s.Staff, path, damage, oldKey)).IsSuccessStatusCode);
        Assert.False((await PostAsync(s.Staff, path, damage, youngKey)).IsSuccessStatusCode);
        await TestDatabase.ScalarAsync<long>(
            "WITH aged AS (UPDATE idempotency_keys SET created_at = now() - interval '8 days' WHERE key = $1 RETURNING 1) SELECT count(*) FROM aged",
            oldKey);

        var deleted = await fixture.Api.Services.GetRequiredService<IdempotencyStore>().ExpireAsync(DateTimeOffset.UtcNow.AddDays(-7), chunk: 1);

        Assert.True(deleted >= 1);
        Assert.Equal(0, await TestDatabase.ScalarAsync<long>("SELECT count(*) FROM idempotency_keys WHERE key = $1", oldKey));
        Assert.Equal(1, await TestDatabase.ScalarAsync<long>("SELECT count(*) FROM idempotency_keys WHERE key = $1", youngKey));
        var forgotten = await PostAsync(s.Staff, path, damage, oldKey);
        Assert.False(forgotten.Headers.Contains("Idempotent-Replayed"));
        var remembered = await PostAsync(s.Staff, path, damage, youngKey);
        Assert.True(remembered.Headers.Contains("Idempotent-Replayed"));
        Assert.Equal(forgotten.StatusCode, remembered.StatusCode);
    }
}

public sealed class IdempotencyOptionsTests
{
    [Theory]
    [InlineData("0", "01:00:00", "KeepDays")]
    [InlineData("-3", "01:00:00", "KeepDays")]
    [InlineData("7", "00:00:00", "Every")]
    public void A_retention_that_would_forget_keys_being_retried_is_refused_at_start(string keepDays, string every, string setting)
    {
        var configuration = new ConfigurationBuilder()
            .AddInMemoryCollection(new Dictionary<string, string?> { ["Idempotency:KeepDays"] = keepDays, ["Idempotency:Every"] = every })
            .Build();
        using var services = new ServiceCollection().AddIdempotencyKeyExpiry(configuration).BuildServiceProvider();

        var refused = Assert.Throws<OptionsValidationException>(
            () => services.GetRequiredService<IOptions<IdempotencyOptions>>().Value);
        Assert.Contains(setting, refused.Message);
    }

    [Fact]
    public void The_default_retention_is_seven_days_swept_hourly()
    {
        var configuration = new ConfigurationBuilder().Build();
        using var services = new ServiceCollection().AddIdempotencyKeyExpiry(configuration).BuildServiceProvider();

        var options = services.GetRequiredService<IOptions<IdempotencyOptions>>().Value;
        Assert.Equal(7, options.KeepDays);
        Assert.Equal(TimeSpan.FromHours(1), options.Every);
    }
}
