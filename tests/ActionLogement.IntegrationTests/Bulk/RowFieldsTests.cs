using System.Text.Json;
using ActionLogement.Api.Apis.Bulk;
using ActionLogement.Api.Infrastructure;

namespace ActionLogement.IntegrationTests.Bulk;

/// <summary>How one bulk row's text is read: what a field may hold, and what a refusal says and gives back.</summary>
public sealed class RowFieldsTests
{
    private static readonly Dictionary<string, string> Valid = new()
    {
        ["externalRef"] = "MGR-2026-000001",
        ["visaNumber"] = "V10252909468",
        ["tenantLastName"] = "Hélène Brahim-Ørsted",
        ["landlordId"] = "L-000123",
        ["park"] = "PRIVATE",
        ["zone"] = "IDF",
        ["address"] = "57 rue Ernest Renan 92000 Nanterre",
        ["rent"] = "900.00",
        ["signedOn"] = "2026-07-01",
        ["effectiveOn"] = "2026-07-01",
    };

    private static StagedRow Read(string name, string value) =>
        RowFields.Read(1, n => n == name ? value : Valid.GetValueOrDefault(n));

    [Fact]
    public void A_valid_row_with_accents_and_a_surrogate_pair_is_kept_whole()
    {
        var row = Read("tenantFirstName", "Zoé 😀");
        Assert.Null(row.ParseError);
        Assert.Equal(("Hélène Brahim-Ørsted", "Zoé 😀"), (row.TenantLastName, row.TenantFirstName));
    }

    // Built in code, not in attributes: attribute strings are stored as UTF-8, which cannot carry a lone surrogate.
    public static TheoryData<string, string, string> Refused => new()
    {
        { "externalRef", "nul\0x", "externalRef: holds a control character (U+0000)" },
        { "tenantLastName", "DO\tE", "tenantLastName: holds a control character (U+0009)" },
        { "tenantFirstName", "Jean\nPierre", "tenantFirstName: holds a control character (U+000A)" },
        { "visaNumber", "V1025\u001b2909468", "visaNumber: holds a control character (U+001B)" },
        { "landlordId", "L-000\u007f123", "landlordId: holds a control character (U+007F)" },
        { "park", "PRI\u0085VATE", "park: holds a control character (U+0085)" },
        { "address", "57 rue\0 Renan", "address: holds a control character (U+0000)" },
        { "address", "57 rue\u000b Renan", "address: holds a control character (U+000B)" },
        { "externalRef", "sur\ud800x", "externalRef: not valid Unicode text (an unpaired surrogate)" },
        { "tenantLastName", "\udc00BRAHIM", "tenantLastName: not valid Unicode text (an unpaired surrogate)" },
        { "address", "57 rue Renan \ud83d", "address: not valid Unicode text (an unpaired surrogate)" },
        { "rent", "9\u000000", "rent: holds a control character (U+0000)" },
        { "signedOn", "2026-07-01\ud800x", "signedOn: not valid Unicode text (an unpaired surrogate)" },
        { "landlordId", "L-000123\u200b", "landlordId: an id of visible characters, without spaces" },
        { "landlordId", "L 000123", "landlordId: an id of visible characters, without spaces" },
    };

    [Theory]
    [MemberData(nameof(Refused), DisableDiscoveryEnumeration = true)]
    public void A_control_character_or_an_unpaired_surrogate_rejects_the_row_naming_the_field(string field, string value,
        string expected)
    {
        var row = Read(field, value);
        Assert.Equal(expected, row.ParseError);
    }

    [Fact]
    public void An_address_may_span_lines_and_hold_tabs()
    {
        var row = Read("address", "57 rue Ernest Renan\r\n92000\tNanterre");
        Assert.Null(row.ParseError);
        Assert.Equal("57 rue Ernest Renan\r\n92000\tNanterre", row.Address);
    }

    [Fact]
    public void Line_breaks_around_an_identifier_are_trimmed_not_refused()
    {
        var row = Read("visaNumber", "V10252909468\r");
        Assert.Null(row.ParseError);
        Assert.Equal("V10252909468", row.VisaNumber);
    }

    [Fact]
    public void An_unpaired_surrogate_escaped_in_ndjson_rejects_the_row_naming_the_field()
    {
        var json = JsonSerializer.Serialize(Valid).Replace("\"zone\":\"IDF\"", "\"zone\":\"ID\\ud800F\"");
        using var document = JsonDocument.Parse(json);
        var row = RowFields.Read(1, RowFields.FromJson(document.RootElement));
        Assert.Equal("zone: not valid Unicode text (an unpaired surrogate)", row.ParseError);
        Assert.Equal("MGR-2026-000001", row.ExternalRef);
    }

    [Fact]
    public void An_unreadable_value_is_quoted_without_cutting_a_surrogate_pair()
    {
        var row = Read("rent", new string('9', 39) + "😀");
        Assert.Equal($"rent: cannot read '{new string('9', 39)}' (an amount in euros such as 650.00: a point, at most two decimals)", row.ParseError);
        Assert.Equal(-1, TextCharacters.IndexOfRefused(row.ParseError, multiLine: false));
    }

    [Fact]
    public void A_negative_amount_is_read_for_the_rules_to_refuse_and_a_decimal_comma_is_not()
    {
        var negative = Read("rent", "-600.00");
        Assert.Null(negative.ParseError);
        Assert.Equal(-600m, negative.Rent);

        Assert.Equal("rent: cannot read '650,00' (an amount in euros such as 650.00: a point, at most two decimals)", Read("rent", "650,00").ParseError);
        Assert.Equal("signedOn: cannot read '01/07/2026' (a date such as 2026-09-01, from 1990 to 2100)", Read("signedOn", "01/07/2026").ParseError);
    }

    [Fact]
    public void An_external_ref_too_long_is_given_back_cut_to_100_characters_and_marked()
    {
        var given = new string('R', 100) + "-EXTRA";
        var row = Read("externalRef", given);
        Assert.Equal("externalRef: at most 100 characters", row.ParseError);
        Assert.Equal(given[..100] + "…", row.ExternalRef);
    }

    [Fact]
    public void An_external_ref_too_long_is_never_cut_inside_a_surrogate_pair()
    {
        var row = Read("externalRef", new string('R', 99) + "😀X");
        Assert.Equal(new string('R', 99) + "…", row.ExternalRef);
    }

    [Fact]
    public void An_external_ref_holding_a_control_character_is_not_given_back()
    {
        var row = Read("externalRef", new string('R', 120) + "\0");
        Assert.Equal("externalRef: holds a control character (U+0000)", row.ParseError);
        Assert.Null(row.ExternalRef);
    }
}
