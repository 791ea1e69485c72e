using static ActionLogement.Domain.Tests.Samples;

namespace ActionLogement.Domain.Tests.Damage;

public sealed class DamageCoverTests
{
    private static DamageClaimRequest Claim(string filedOn = "2026-07-15", decimal cost = 4000m, decimal deposit = 900m, decimal? wear = null,
        string inventoryIn = "2025-07-01", string inventoryOut = "2026-06-30") =>
        new(D("2026-06-30"), D(inventoryIn), D(inventoryOut), cost, deposit, wear, D(filedOn));

    private static DamageOutcome Assess(DamageClaimRequest claim, Park park = Park.Private, bool alreadyClaimed = false) =>
        DamageCalculator.Assess(Terms(park), claim, V2023, alreadyClaimed);

    [Fact]
    public void Cover_is_capped_at_two_months_of_rent_and_charges() => Assert.Equal(2000m, Assess(Claim()).Covered);

    [Fact]
    public void Cover_is_the_cost_after_wear_minus_the_deposit_kept_and_says_the_wear_it_deducted() =>
        Assert.Equal((600m, 500m), (Assess(Claim(cost: 2000m, wear: 0.25m)).Covered, Assess(Claim(cost: 2000m, wear: 0.25m)).WearDeducted));

    [Fact]
    public void A_deposit_larger_than_the_damage_leaves_nothing_to_cover() =>
        Assert.Equal(0m, Assess(Claim(cost: 900m, deposit: 900m)).Covered);

    [Fact]
    public void More_than_the_leases_deposit_cannot_have_been_kept()
    {
        var outcome = Assess(Claim(deposit: 900.01m));
        Assert.Equal((RuleCodes.InvalidAmount, "depositKept"), (Assert.Single(outcome.Violations).Code, outcome.Violations[0].Field));
        Assert.Equal(0m, outcome.Covered);
    }

    [Fact]
    public void Wear_is_6_percent_a_year_of_occupancy() =>
        Assert.Equal(0.06m, Math.Round(DamageCalculator.WearRate(Terms(), Claim(inventoryIn: "2025-06-30"), V2023), 3));

    [Fact]
    public void Wear_is_capped_at_60_percent() =>
        Assert.Equal(0.60m, DamageCalculator.WearRate(Terms(), Claim(inventoryIn: "2010-01-01"), V2023));

    [Fact]
    public void A_stated_wear_rate_applies_when_it_deducts_more_than_the_policys_up_to_the_cap()
    {
        Assert.Equal(0.5m, DamageCalculator.WearRate(Terms(), Claim(wear: 0.5m), V2023));
        Assert.Equal(0.6m, DamageCalculator.WearRate(Terms(), Claim(wear: 0.9m), V2023));
    }

    [Fact]
    public void A_stated_wear_rate_below_the_policys_does_not_lower_the_deduction() =>
        Assert.Equal(0.06m, Math.Round(DamageCalculator.WearRate(Terms(), Claim(wear: 0m, inventoryIn: "2025-06-30"), V2023), 3));

    [Fact]
    public void Wear_runs_from_the_leases_effect_when_the_move_in_inventory_is_stated_later() =>
        Assert.Equal(0.06m, Math.Round(DamageCalculator.WearRate(Terms(effectiveOn: "2025-06-30"), Claim(inventoryIn: "2026-06-29"), V2023), 3));

    [Fact]
    public void Wear_runs_to_the_move_out_whatever_date_the_move_out_inventory_states()
    {
        // A year in the flat (2025-06-30 to the exit on 2026-06-30): an out-inventory stated on the move-in day, or
        // a week after the exit, does not change it.
        var byExit = DamageCalculator.WearRate(Terms(), Claim(inventoryIn: "2025-06-30"), V2023);
        Assert.Equal(0.06m, Math.Round(byExit, 3));
        Assert.Equal(byExit, DamageCalculator.WearRate(Terms(), Claim(inventoryIn: "2025-06-30", inventoryOut: "2025-06-30"), V2023));
        Assert.Equal(byExit, DamageCalculator.WearRate(Terms(), Claim(inventoryIn: "2025-06-30", inventoryOut: "2026-07-07"), V2023));
        Assert.Equal(1520.08m, Assess(Claim(cost: 2000m, deposit: 360m, inventoryIn: "2025-06-30", inventoryOut: "2025-06-30")).Covered);
    }

    [Fact]
    public void Wear_runs_to_the_recorded_move_out_rather_than_the_one_claimed() =>
        Assert.Equal(0.03m, Math.Round(DamageCalculator.WearRate(Terms(exitDate: "2025-12-30"), Claim(inventoryIn: "2025-06-30"), V2023), 3));

    [Fact]
    public void A_move_out_inventory_dated_after_the_claim_is_refused()
    {
        var outcome = Assess(Claim(filedOn: "2026-07-15", inventoryOut: "2026-07-16"));
        Assert.Equal([RuleCodes.DateOutOfRange], Codes(outcome.Violations));
        Assert.Equal("inventoryOutDate", outcome.Violations[0].Field);
        Assert.Empty(Assess(Claim(filedOn: "2026-07-15", inventoryOut: "2026-07-15")).Violations);
    }

    [Fact]
    public void The_deadline_runs_from_the_recorded_move_out_and_a_claim_may_not_state_another()
    {
        // Recorded on 2026-04-30: filed 2026-07-15, that is 76 days later, whatever exit the claim states.
        var outcome = DamageCalculator.Assess(Terms(exitDate: "2026-04-30"), Claim(), V2023, alreadyClaimed: false);
        Assert.Equal([RuleCodes.DateOutOfRange, RuleCodes.DamageClaimLate], Codes(outcome.Violations));
        Assert.Equal("exitDate", outcome.Violations[0].Field);
    }

    [Theory]
    [InlineData(Park.Social)]
    [InlineData(Park.Collective)]
    public void Social_and_collective_contracts_have_no_damage_cover(Park park) =>
        Assert.Equal([RuleCodes.DamageNotCoveredForPark], Codes(Assess(Claim(), park).Violations));

    [Fact]
    public void A_bail_mobilite_has_damage_cover() => Assert.Empty(Assess(Claim(), Park.PrivateMobility).Violations);

    [Fact]
    public void A_claim_filed_60_days_after_exit_is_in_time() => Assert.Empty(Assess(Claim("2026-08-29")).Violations);

    [Fact]
    public void A_claim_filed_61_days_after_exit_is_late()
    {
        var outcome = Assess(Claim("2026-08-30"));
        Assert.Equal([RuleCodes.DamageClaimLate], Codes(outcome.Violations));
        Assert.Equal(0m, outcome.Covered);
    }

    [Fact]
    public void A_second_damage_claim_is_refused() =>
        Assert.Equal([RuleCodes.DamageAlreadyClaimed], Codes(Assess(Claim(), alreadyClaimed: true).Violations));

    [Fact]
    public void Negative_amounts_and_a_wear_rate_above_one_are_refused()
    {
        Assert.Equal([RuleCodes.InvalidAmount], Codes(Assess(Claim(cost: -1m)).Violations));
        Assert.Equal([RuleCodes.InvalidAmount], Codes(Assess(Claim(wear: 1.01m)).Violations));
    }

    [Fact]
    public void A_claim_before_the_exit_is_out_of_range() =>
        Assert.Equal([RuleCodes.DateOutOfRange], Codes(Assess(Claim("2026-06-29")).Violations));

    [Property]
    public bool Damage_cover_is_never_negative_nor_above_the_cap(NonNegativeInt cents, NonNegativeInt depositCents, NonNegativeInt days, bool giveWear)
    {
        var inventoryIn = D("2026-06-30").AddDays(-(days.Get % 8000));
        var claim = new DamageClaimRequest(D("2026-06-30"), inventoryIn, D("2026-06-30"), cents.Get / 100m, depositCents.Get / 100m,
            giveWear ? (days.Get % 101) / 100m : null, D("2026-07-01"));
        var covered = Assess(claim).Covered;
        return covered >= 0 && covered <= 2000m && covered == Money.Round(covered);
    }
}
