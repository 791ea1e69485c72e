using ActionLogement.Grains.ReadModels;

namespace ActionLogement.Grains.Contracts;

/// <summary>From the stored facts to the rule engine's inputs, and to the view.</summary>
internal static class ContractClaim
{
    public static Policy Policy(ContractState s, PolicyCatalog policies) => policies.Get(s.Cover!.PolicyVersion);

    public static ContractTerms Terms(ContractState s, DateOnly? exitDate) =>
        new(s.Cover!.ToDomain(), s.Activation!.Lease.Park, s.Activation.Lease.EffectiveOn, exitDate, s.Activation.Lease.Charges,
            s.Activation.Lease.Deposit);

    /// <summary>
    /// Rebuilds an activated contract's claim from the accepted events, in order, with the terms each was applied
    /// under: declarations, tenant repayments, move-outs that took back months already paid, and the pending payouts
    /// cancelled for months taken back whole. Refused declarations changed nothing and are passed over.
    /// </summary>
    public static RentClaim Replay(ContractState s, PolicyCatalog policies, IEnumerable<ClaimEvent> events)
    {
        var claim = RentClaim.Empty;
        var policy = Policy(s, policies);
        foreach (var e in events)
        {
            if (e.CancelledPayouts is { } cancelled)
            {
                claim = SetOff(s, claim, cancelled);
            }
            else if (e.Declaration is { } declaration && !e.Refused)
            {
                claim = UnpaidRentCalculator.Apply(Terms(s, e.ExitDate), claim, declaration.ToDomain(), policy, accepted: true).Claim;
            }
            else if (e.Repayment is { } repayment)
            {
                claim = UnpaidRentCalculator.ApplyTenantRepayment(claim, YearMonth.Parse(repayment.Month), repayment.Amount, out _);
            }
            else if (e is { Declaration: null, ExitDate: { } exit })
            {
                claim = UnpaidRentCalculator.ApplyExit(Terms(s, exit), claim, policy);
            }
        }

        return claim;
    }

    /// <summary>The claim once these stored payouts are cancelled (the domain's <see cref="PendingPayoutSetOff"/>).</summary>
    public static RentClaim SetOff(ContractState s, RentClaim claim, IEnumerable<int> cancelled)
    {
        foreach (var i in cancelled)
        {
            var payout = s.StoredPayouts[i];
            claim = PendingPayoutSetOff.Cancel(claim, YearMonth.Parse(payout.Month!), payout.Amount);
        }

        return claim;
    }

    public static ContractRow Row(string number, ContractState s, RentClaim claim)
    {
        var a = s.Activation!;
        return new ContractRow(number, a.LandlordId, a.AgentId, a.ExternalRef, a.VisaNumber, s.Status, s.Cover!.PolicyVersion,
            a.Lease.Park, a.Lease.Zone, s.Cover.MonthlyRentAndCharges, a.RegisteredOn, s.ExitDate, claim.InstalmentsUsed,
            TotalPaidOut(s));
    }

    public static ContractView View(string number, ContractState s, RentClaim claim)
    {
        var a = s.Activation!;
        return new ContractView(
            number, s.Status, a.VisaNumber, a.TenantLastName, a.TenantFirstName, a.LandlordId, a.AgentId, a.ExternalRef,
            a.Lease, s.Cover!, a.RegisteredOn, s.ExitDate, s.CancelReason,
            claim.InstalmentsUsed,
            TotalPaidOut(s),
            claim.RefundOwed,
            claim.Months.Select(m => new ClaimMonthView(m.Month.ToString(), m.Due, m.Unpaid, m.Net, m.Code)).ToList(),
            s.PayoutViews(number),
            s.Damage);
    }

    /// <summary>What the guarantor paid or will transfer: its payouts but those cancelled before their transfer.</summary>
    private static decimal TotalPaidOut(ContractState s) =>
        Money.Round(s.StoredPayouts.Where(p => p.Status.PaysOut()).Sum(p => p.Amount));
}
