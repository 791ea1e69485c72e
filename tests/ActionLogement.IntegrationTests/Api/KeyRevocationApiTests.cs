using System.Net;
using System.Net.Http.Headers;
using System.Net.Http.Json;
using System.Text.Json;
using ActionLogement.Database;
using Npgsql;

namespace ActionLogement.IntegrationTests.Api;

/// <summary>
/// A revoked key, usually a leaked one, stops working at once, although the API caches keys for 30 s: the API that
/// revokes it forgets it there and then, and every other hears of it from PostgreSQL.
/// </summary>
[Collection("cluster")]
public sealed class KeyRevocationApiTests(ClusterFixture fixture)
{
    [Fact]
    public async Task A_key_revoked_through_the_API_is_refused_on_its_next_request()
    {
        var (keyId, http) = await CachedLandlordKeyAsync();
        var admin = await fixture.ClientForAsync(Roles.Admin, "admin-revoke");

        Assert.Equal(HttpStatusCode.NoContent, (await admin.DeleteAsync($"/api/v1/keys/{keyId}")).StatusCode);

        await Expect.ProblemAsync(await http.GetAsync("/api/v1/contracts"), HttpStatusCode.Unauthorized, "unauthorized");

        // Revoking again is what it was, as a repeated DELETE is: the key stays revoked, when it first was. A key that
        // never existed is not found.
        var revokedAt = await TestDatabase.ScalarAsync<DateTime>("SELECT revoked_at FROM api_keys WHERE key_id = $1", keyId);
        Assert.Equal(HttpStatusCode.NoContent, (await admin.DeleteAsync($"/api/v1/keys/{keyId}")).StatusCode);
        Assert.Equal(revokedAt, await TestDatabase.ScalarAsync<DateTime>("SELECT revoked_at FROM api_keys WHERE key_id = $1", keyId));
        await Expect.ProblemAsync(await admin.DeleteAsync($"/api/v1/keys/{keyId}x"), HttpStatusCode.NotFound, "not_found");
    }

    [Fact]
    public async Task A_key_revoked_by_another_API_node_is_refused_long_before_its_cache_entry_expires()
    {
        var (keyId, http) = await CachedLandlordKeyAsync();

        // As another API node would: straight in the database, this API's cache untouched.
        await using var database = NpgsqlDataSource.Create(TestDatabase.ConnectionString);
        Assert.True(await new ApiKeys(database).RevokeAsync(keyId));

        var status = await Eventually.ValueAsync(async () => (await http.GetAsync("/api/v1/contracts")).StatusCode,
            s => s == HttpStatusCode.Unauthorized, TimeSpan.FromSeconds(10));
        Assert.Equal(HttpStatusCode.Unauthorized, status);
    }

    [Fact]
    public async Task An_admin_finds_a_subjects_keys_to_revoke_them_and_sees_which_are_revoked_but_never_a_secret()
    {
        var admin = await fixture.ClientForAsync(Roles.Admin, "admin-revoke");
        var subject = "L-" + Guid.NewGuid().ToString("N")[..8];
        var ids = new List<string>();
        for (var i = 0; i < 3; i++)
        {
            var created = await Expect.JsonAsync(await admin.PostAsJsonAsync("/api/v1/keys", new { role = Roles.Landlord, subject }),
                HttpStatusCode.Created);
            ids.Add(created.GetProperty("keyId").GetString()!);
        }

        Assert.Equal(HttpStatusCode.NoContent, (await admin.DeleteAsync($"/api/v1/keys/{ids[0]}")).StatusCode);

        // Two pages of two, then one: every key once, in key order, the revoked one marked.
        var first = await admin.GetFromJsonAsync<JsonElement>($"/api/v1/keys?subject={subject}&limit=2");
        var next = first.GetProperty("next").GetString();
        var second = await admin.GetFromJsonAsync<JsonElement>($"/api/v1/keys?subject={subject}&limit=2&after={next}");
        var keys = first.GetProperty("items").EnumerateArray().Concat(second.GetProperty("items").EnumerateArray()).ToList();
        Assert.Equal(ids.Order(StringComparer.Ordinal), keys.Select(k => k.GetProperty("keyId").GetString()));
        Assert.Equal(JsonValueKind.Null, second.GetProperty("next").ValueKind);
        Assert.Equal([ids[0]], keys.Where(k => k.GetProperty("revokedAt").ValueKind != JsonValueKind.Null).Select(k => k.GetProperty("keyId").GetString()));
        Assert.All(keys, k => Assert.False(k.TryGetProperty("key", out _)));

        await Expect.ProblemAsync(await admin.GetAsync("/api/v1/keys?role=superuser"), HttpStatusCode.BadRequest, "role_unknown");
        await Expect.ProblemAsync(await admin.GetAsync("/api/v1/keys?after=x"), HttpStatusCode.BadRequest, "invalid_value");
        var staff = await fixture.ClientForAsync(Roles.Staff, "staff-keys");
        await Expect.ProblemAsync(await staff.GetAsync("/api/v1/keys"), HttpStatusCode.Forbidden, "forbidden");
    }

    /// <summary>A fresh landlord key, created through the API and used once, so that the API holds it in its cache.</summary>
    private async Task<(string KeyId, HttpClient Http)> CachedLandlordKeyAsync()
    {
        var admin = await fixture.ClientForAsync(Roles.Admin, "admin-revoke");
        var created = await Expect.JsonAsync(await admin.PostAsJsonAsync("/api/v1/keys",
            new { role = Roles.Landlord, subject = "L-" + Guid.NewGuid().ToString("N")[..8] }), HttpStatusCode.Created);
        var http = fixture.Api.CreateClient();
        http.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", created.GetProperty("key").GetString());
        Assert.Equal(HttpStatusCode.OK, (await http.GetAsync("/api/v1/contracts")).StatusCode);
        return (created.GetProperty("keyId").GetString()!, http);
    }
}
