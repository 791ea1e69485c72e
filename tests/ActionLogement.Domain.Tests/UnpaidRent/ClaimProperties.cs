using static ActionLogement.Domain.Tests.Samples;

namespace ActionLogement.Domain.Tests.UnpaidRent;

/// <summary>Invariants over random sequences of declarations, corrections and repayments (seeded, so reproducible).</summary>
public sealed class ClaimProperties
{
    private static readonly decimal[] Dues = [0m, 400m, 1000m, 1200m];
    private static readonly decimal[] Paid = [0m, 0m, 100m, 400m, 950m, 1000m];

    internal sealed record Scenario(ContractTerms Terms, Policy Policy, List<UnpaidRentDeclaration> Declarations, List<(YearMonth Month, decimal Amount)?> Repayments);

    internal static Scenario Build(int seed, int steps)
    {
        var random = new Random(seed);
        var park = random.Next(3) switch { 0 => Park.Social, 1 => Park.PrivateMobility, _ => Park.Private };
        var policy = random.Next(2) == 0 ? V2023 : V2026;
        var terms = Terms(park, "2025-07-01", random.Next(3) == 0 ? "2027-02-14" : null, policy: policy);
        var declarations = new List<UnpaidRentDeclaration>();
        var repayments = new List<(YearMonth, decimal)?>();
        var declared = new List<YearMonth>();
        for (var i = 0; i < steps; i++)
        {
            // Half the months are ones declared before: corrections, and months the tenant repaid, meet later
            // declarations often.
            var months = Enumerable.Range(0, random.Next(1, 6))
                .Select(_ => declared.Count > 0 && random.Next(2) == 0 ? declared[random.Next(declared.Count)] : M("2025-06").AddMonths(random.Next(48)))
                .Distinct()
                .Select(m => new MonthDeclaration(m, Dues[random.Next(Dues.Length)], Paid[random.Next(Paid.Length)], random.Next(4) == 0 ? 150m : 0m))
                .ToList();
            declared.AddRange(months.Select(m => m.Month));
            var declaredOn = months.Max(m => m.Month).FirstDay.AddDays(random.Next(45));
            declarations.Add(new(declaredOn, declaredOn.AddDays(-14), declaredOn.AddDays(-12), declaredOn.AddDays(-5), months));
            repayments.Add(random.Next(3) == 0 ? (months[0].Month, random.Next(1, 1200)) : null);
        }

        return new Scenario(terms, policy, declarations, repayments);
    }

    internal static IEnumerable<(RentClaim Claim, DeclarationOutcome Outcome)> Run(Scenario s)
    {
        var claim = RentClaim.Empty;
        for (var i = 0; i < s.Declarations.Count; i++)
        {
            var outcome = UnpaidRentCalculator.Apply(s.Terms, claim, s.Declarations[i], s.Policy);
            yield return (claim, outcome);
            claim = outcome.Claim;
            if (s.Repayments[i] is { } r)
            {
                claim = UnpaidRentCalculator.ApplyTenantRepayment(claim, r.Month, r.Amount, out _);
            }
        }
    }

    [Property(MaxTest = 300)]
    public bool Instalments_used_never_exceed_the_cap(int seed, PositiveInt steps)
    {
        var scenario = Build(seed, 1 + steps.Get % 12);
        return Run(scenario).All(step =>
            step.Outcome.Claim.InstalmentsUsed <= scenario.Terms.Cover.MaxInstalments
            && step.Outcome.Claim.InstalmentsUsed == step.Outcome.Claim.Months.Count(m => m.ConsumesInstalment));
    }

    [Property(MaxTest = 300)]
    public bool Covered_amounts_are_never_negative_nor_above_the_monthly_rent_and_charges(int seed, PositiveInt steps)
    {
        var scenario = Build(seed, 1 + steps.Get % 12);
        var cap = scenario.Terms.Cover.MonthlyRentAndCharges;
        return Run(scenario).All(step =>
            step.Outcome.Payouts.All(p => p.Amount > 0)
            && step.Outcome.Months.All(m => m.Covered >= 0 && m.Covered <= cap)
            && step.Outcome.Claim.Months.All(m => m.Net >= 0 && m.Refunded >= 0 && m.Covered <= cap)
            && step.Outcome.Claim.TotalCovered == step.Outcome.Claim.Months.Sum(m => m.Covered)
            && step.Outcome.Claim.RefundOwed == step.Outcome.Claim.Months.Sum(m => m.Refunded));
    }

    [Property(MaxTest = 300)]
    public bool Applying_any_declaration_twice_equals_applying_it_once(int seed, PositiveInt steps)
    {
        var scenario = Build(seed, 1 + steps.Get % 12);
        return Run(scenario).Select((step, i) => (step, i)).All(x =>
        {
            var declaration = scenario.Declarations[x.i];
            var twice = UnpaidRentCalculator.Apply(scenario.Terms, x.step.Outcome.Claim, declaration, scenario.Policy);

            // The first application may also report earlier months it paid by constituting the default; the second
            // reports the declared months only, with the same figures.
            var declared = x.step.Outcome.Months.Where(m => declaration.Months.Any(d => d.Month == m.Month));
            return twice.Payouts.Count == 0 && twice.Claim == x.step.Outcome.Claim && twice.Months.SequenceEqual(declared);
        });
    }

    [Property(MaxTest = 300)]
    public bool What_the_tenant_repaid_stays_owed_back_through_later_corrections(int seed, PositiveInt steps)
    {
        var scenario = Build(seed, 1 + steps.Get % 12);
        return Run(scenario).All(step => step.Outcome.Claim.Months.All(m => m.Net <= Math.Max(0, m.Unpaid - m.Repaid)));
    }

    [Property(MaxTest = 300)]
    public bool Payouts_add_up_to_the_total_covered(int seed, PositiveInt steps)
    {
        var scenario = Build(seed, 1 + steps.Get % 12);
        var paid = 0m;
        var last = RentClaim.Empty;
        foreach (var (_, outcome) in Run(scenario))
        {
            paid += outcome.Payouts.Sum(p => p.Amount);
            last = outcome.Claim;
        }

        return paid == last.TotalCovered;
    }
}
