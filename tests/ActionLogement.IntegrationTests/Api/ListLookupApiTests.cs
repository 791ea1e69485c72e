using System.Net;
using System.Text.Json;
using ActionLogement.Database;
using static ActionLogement.IntegrationTests.Infrastructure.ApiScenario;

namespace ActionLogement.IntegrationTests.Api;

/// <summary>
/// The look-ups a caller makes from what it knows: a partner its own lease reference, staff a contract or a landlord
/// named on the phone. Each narrows a list to exactly those rows, within what the caller may see.
/// </summary>
[Collection("cluster")]
public sealed class ListLookupApiTests(ClusterFixture fixture)
{
    [Fact]
    public async Task A_partner_finds_its_lease_by_its_own_reference_and_never_another_partner_s_under_the_same_reference()
    {
        var (first, second) = (await StartAsync(fixture), await StartAsync(fixture));
        var firstPartner = await fixture.ClientForAsync(Roles.Partner, "AG-" + Guid.NewGuid().ToString("N")[..8], first.LandlordId);
        // Managing the same landlord: it sees that landlord's contracts, but a reference is each partner's own.
        var sharingPartner = await fixture.ClientForAsync(Roles.Partner, "AG-" + Guid.NewGuid().ToString("N")[..8], first.LandlordId);
        var secondPartner = await fixture.ClientForAsync(Roles.Partner, "AG-" + Guid.NewGuid().ToString("N")[..8], second.LandlordId);
        var reference = "LEASE-" + Guid.NewGuid().ToString("N")[..8];

        var ofFirst = await ActivateAsync(first, firstPartner, reference);
        Assert.Empty(await ContractNumbersAsync(sharingPartner, $"/api/v1/contracts?externalRef={reference}"));
        var ofSharing = await ActivateAsync(first, sharingPartner, reference);
        var ofSecond = await ActivateAsync(second, secondPartner, reference);

        Assert.Equal([ofFirst], await ContractNumbersAsync(firstPartner, $"/api/v1/contracts?externalRef={reference}"));
        Assert.Equal([ofSharing], await ContractNumbersAsync(sharingPartner, $"/api/v1/contracts?externalRef={reference}"));
        Assert.Equal([ofSecond], await ContractNumbersAsync(secondPartner, $"/api/v1/contracts?externalRef={reference}"));
        Assert.Equal(new[] { ofFirst, ofSharing }.Order(StringComparer.Ordinal),
            await ContractNumbersAsync(first.Landlord, $"/api/v1/contracts?externalRef={reference}"));
        Assert.Equal(new[] { ofFirst, ofSharing, ofSecond }.Order(StringComparer.Ordinal),
            await ContractNumbersAsync(first.Staff, $"/api/v1/contracts?externalRef={reference}"));

        // Trimmed as activations store it; otherwise exact, as the partner's system wrote it.
        Assert.Equal([ofFirst], await ContractNumbersAsync(firstPartner, $"/api/v1/contracts?externalRef=%20{reference}%20"));
        Assert.Empty(await ContractNumbersAsync(firstPartner, $"/api/v1/contracts?externalRef={reference.ToLowerInvariant()}"));
        Assert.Empty(await ContractNumbersAsync(firstPartner, $"/api/v1/contracts?externalRef={reference}&status=ENDED"));
    }

    [Fact]
    public async Task Staff_list_one_contract_s_payouts_or_one_landlord_s_and_nothing_else()
    {
        var (s, other) = (await StartAsync(fixture), await StartAsync(fixture));
        var first = await ContractWithPayoutsAsync(s);
        var second = await ContractWithPayoutsAsync(s);
        var elsewhere = await ContractWithPayoutsAsync(other);

        var ofFirst = await PayoutIdsAsync(s.Staff, $"/api/v1/payouts?contract={first}");
        Assert.Equal(await ClaimPayoutIdsAsync(s, first), ofFirst);
        Assert.Equal(2, ofFirst.Count);

        // Page by page, the same payouts.
        var paged = new List<string>();
        for (string? after = null; ;)
        {
            var page = await Expect.JsonAsync(await s.Staff.GetAsync($"/api/v1/payouts?contract={first}&limit=1" + (after is null ? "" : "&after=" + after)),
                HttpStatusCode.OK);
            paged.AddRange(page.GetProperty("items").EnumerateArray().Select(p => p.GetProperty("payoutId").GetString()!));
            if ((after = page.GetProperty("next").GetString()) is null)
            {
                break;
            }
        }

        Assert.Equal(ofFirst, paged);

        var ofLandlord = await PayoutIdsAsync(s.Staff, $"/api/v1/payouts?landlordId={s.LandlordId}");
        Assert.Equal([.. (await ClaimPayoutIdsAsync(s, first)).Concat(await ClaimPayoutIdsAsync(s, second)).Order(StringComparer.Ordinal)], ofLandlord);
        Assert.Equal(await ClaimPayoutIdsAsync(other, elsewhere), await PayoutIdsAsync(s.Staff, $"/api/v1/payouts?landlordId={other.LandlordId}"));
        Assert.Empty(await PayoutIdsAsync(s.Staff, $"/api/v1/payouts?contract={elsewhere}&landlordId={s.LandlordId}"));

        // With a status, only the one marked paid.
        Assert.Empty(await PayoutIdsAsync(s.Staff, $"/api/v1/payouts?landlordId={s.LandlordId}&status=PAID"));
        await Expect.JsonAsync(await PostAsync(s.Staff, $"/api/v1/payouts/{ofFirst[1]}/paid", new { bankReference = "VIR-LOOKUP-1" }), HttpStatusCode.OK);
        Assert.Equal([ofFirst[1]], await PayoutIdsAsync(s.Staff, $"/api/v1/payouts?landlordId={s.LandlordId}&status=PAID"));
        Assert.Equal([ofFirst[0]], await PayoutIdsAsync(s.Staff, $"/api/v1/payouts?contract={first}&status=PENDING"));
    }

    [Fact]
    public async Task The_queue_narrowed_to_a_contract_holds_that_contract_s_case_for_staff_and_for_its_tenant_only()
    {
        var tenantSubject = "T-" + Guid.NewGuid().ToString("N")[..8];
        var contract = await GrainScenario.ContractWithPayoutsAsync(fixture.Client, tenantSubject);
        var withoutCase = await GrainScenario.ActiveContractAsync(fixture.Client, "T-" + Guid.NewGuid().ToString("N")[..8]);
        var staff = await fixture.ClientForAsync(Roles.Staff, "staff-lookup");
        var tenant = await fixture.ClientForAsync(Roles.Tenant, tenantSubject);
        var otherTenant = await fixture.ClientForAsync(Roles.Tenant, "T-" + Guid.NewGuid().ToString("N")[..8]);

        Assert.Equal([RecoveryCaseIds.For(contract)], await CaseIdsAsync(staff, $"/api/v1/recovery-cases?contract={contract}"));
        Assert.Equal([RecoveryCaseIds.For(contract)], await CaseIdsAsync(tenant, $"/api/v1/recovery-cases?contract={contract}"));
        Assert.Empty(await CaseIdsAsync(otherTenant, $"/api/v1/recovery-cases?contract={contract}"));
        Assert.Empty(await CaseIdsAsync(staff, $"/api/v1/recovery-cases?contract={contract}&state=CLOSED_PAID"));
        Assert.Empty(await CaseIdsAsync(staff, $"/api/v1/recovery-cases?contract={withoutCase}"));
    }

    private static async Task<string> ActivateAsync(ApiScenario s, HttpClient partner, string reference)
    {
        var body = s.Activation(await s.VisaAsync(Today), Lease("PRIVATE", Today, Today), Today);
        body.Remove("registeredOn");
        body["externalRef"] = reference;
        return (await Expect.JsonAsync(await PostAsync(partner, "/api/v1/contracts", body), HttpStatusCode.Created)).GetProperty("contractNumber").GetString()!;
    }

    /// <summary>A contract of the scenario's landlord, effective three months ago, with its first two months paid out.</summary>
    private static async Task<string> ContractWithPayoutsAsync(ApiScenario s)
    {
        var effect = EffectMonth.FirstDay;
        var number = await s.ContractAsync(await s.VisaAsync(effect.AddDays(-20)), Lease("PRIVATE", effect.AddDays(-10), effect), effect.AddDays(-8));
        await s.DeclareMonthByMonthAsync(number, EffectMonth, 2, 800m);
        return number;
    }

    private static async Task<List<string>> ClaimPayoutIdsAsync(ApiScenario s, string contract)
    {
        var claim = await Expect.JsonAsync(await s.Staff.GetAsync($"/api/v1/contracts/{contract}/unpaid-rent"), HttpStatusCode.OK);
        return [.. claim.GetProperty("payouts").EnumerateArray().Select(p => p.GetProperty("payoutId").GetString()!).Order(StringComparer.Ordinal)];
    }

    private static async Task<List<string>> ContractNumbersAsync(HttpClient http, string path) =>
        await ColumnAsync(http, path, "contractNumber");

    private static async Task<List<string>> PayoutIdsAsync(HttpClient http, string path) => await ColumnAsync(http, path + "&limit=500", "payoutId");

    private static async Task<List<string>> CaseIdsAsync(HttpClient http, string path) => await ColumnAsync(http, path, "caseId");

    private static async Task<List<string>> ColumnAsync(HttpClient http, string path, string field)
    {
        var page = await Expect.JsonAsync(await http.GetAsync(path), HttpStatusCode.OK);
        Assert.Equal(JsonValueKind.Null, page.GetProperty("next").ValueKind);
        return [.. page.GetProperty("items").EnumerateArray().Select(i => i.GetProperty(field).GetString()!)];
    }
}
