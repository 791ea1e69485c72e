namespace ActionLogement.Domain;

/// <summary>Contract activation checks (domain-rules.md §4). All run; every failing one is reported.</summary>
public static class ActivationRules
{
    public static ActivationDecision Check(ActivationRequest request, VisaFacts? visa, PolicyCatalog policies)
    {
        ArgumentNullException.ThrowIfNull(request);
        ArgumentNullException.ThrowIfNull(policies);
        var lease = request.Lease;
        var policy = policies.ForDate(lease.SignedOn);
        var violations = new List<RuleViolation>();
        violations.AddRange(VisaChecks(request, visa));
        violations.AddRange(LeaseChecks(request, policy));
        // A visa that certifies nothing (refused, revoked) has no ceilings or dates to hold the lease to.
        if (visa is { Certified: true, Revoked: false } && HolderNamed(request, visa))
        {
            violations.AddRange(LeaseAgainstVisa(lease, visa, policy));
        }

        return violations.Count == 0
            ? new ActivationDecision(true, violations, Covers.For(lease, policy))
            : new ActivationDecision(false, violations, null);
    }

    private static IEnumerable<RuleViolation> VisaChecks(ActivationRequest request, VisaFacts? visa)
    {
        if (visa is null)
        {
            yield return new(RuleCodes.VisaNotFound, "visaNumber", "No such visa.");
            yield break;
        }

        // Whoever does not name the holder learns nothing of the visa: its status, expiry, ceilings and profile would
        // tell a stranger about the holder's resources and age (GET /visas answers such a caller 404).
        if (!HolderNamed(request, visa))
        {
            yield return new(RuleCodes.TenantNameMismatch, "tenantLastName", "The tenant is not the visa holder.");
            yield break;
        }

        if (visa.Revoked)
        {
            yield return new(RuleCodes.VisaRevoked, "visaNumber", "The visa was revoked.");
        }
        else if (!visa.Certified)
        {
            yield return new(RuleCodes.VisaNotCertified, "visaNumber", "The visa is not certified.");
        }
    }

    /// <summary>The tenant named is the holder; the first name is optional in the request, and when given must match too.</summary>
    public static bool HolderNamed(ActivationRequest request, VisaFacts visa) =>
        Names.Match(request.TenantLastName, visa.HolderLastName)
        && (string.IsNullOrWhiteSpace(request.TenantFirstName) || Names.Match(request.TenantFirstName, visa.HolderFirstName));

    private static IEnumerable<RuleViolation> LeaseAgainstVisa(Lease lease, VisaFacts visa, Policy policy)
    {
        // The lease is signed within the visa's validity (seed 001: "récupérer le visa du candidat avant la signature du
        // bail"; "le bail doit être signé dans le délai de validité du visa"). Signed before the visa existed, it would
        // also take the policy of its signature date while the visa's ceilings are another policy's.
        if (lease.SignedOn < visa.IssuedOn)
        {
            yield return new(RuleCodes.LeaseSignedBeforeVisa, "lease.signedOn",
                $"The lease was signed before the visa was issued ({visa.IssuedOn:yyyy-MM-dd}): it is signed within the visa's validity.");
        }

        if (lease.SignedOn > visa.ExpiresOn)
        {
            yield return new(RuleCodes.VisaExpiredAtSignature, "lease.signedOn", $"The visa expired on {visa.ExpiresOn:yyyy-MM-dd}.");
        }

        var latestEntry = YearMonth.From(visa.ExpiresOn).AddMonths(1).FirstDay;
        if (lease.EffectiveOn > latestEntry)
        {
            yield return new(RuleCodes.EntryTooLate, "lease.effectiveOn", $"The tenant must enter by {latestEntry:yyyy-MM-dd}.");
        }

        if (!visa.MaxRent.TryGetValue(lease.Zone, out var max) || lease.RentAndCharges > max)
        {
            yield return new(RuleCodes.RentAboveVisaCeiling, "lease.rent", $"Rent and charges above the visa ceiling for {ApiSpelling<Zone>.Of(lease.Zone)} ({max:0.00}).");
        }

        // The age condition of COLLECTIVE is judged on the signature date, when the tenant enters the residence's rules.
        // A MOBILITY_LEASE visa exists for a bail mobilité and covers nothing else.
        var allowed = lease.Park switch
        {
            _ when visa.Profile == Profile.MobilityLease => lease.Park == Park.PrivateMobility,
            Park.Social => visa.Profile == Profile.Student,
            Park.Collective => Age.On(visa.BirthDate, lease.SignedOn) <= policy.CollectiveMaxAge,
            _ => true,
        };
        if (!allowed)
        {
            yield return new(RuleCodes.ParkNotAllowedForProfile, "lease.park",
                lease.Park == Park.Collective && visa.Profile != Profile.MobilityLease
                    ? $"A COLLECTIVE dwelling is for tenants aged {policy.CollectiveMaxAge} or less when the lease is signed; this visa's holder is older."
                    : $"A visa of profile {ApiSpelling<Profile>.Of(visa.Profile)} does not cover a {ApiSpelling<Park>.Of(lease.Park)} dwelling.");
        }
    }

    private static IEnumerable<RuleViolation> LeaseChecks(ActivationRequest request, Policy policy)
    {
        var lease = request.Lease;
        if (lease.Park is Park.TouristResidence or Park.Rhvs or Park.FamilyPension)
        {
            yield return new(RuleCodes.ParkExcluded, "lease.park", $"{ApiSpelling<Park>.Of(lease.Park)} dwellings are excluded.");
        }

        if (lease.Rent <= 0 || lease.Charges < 0 || lease.Deposit < 0)
        {
            yield return new(RuleCodes.InvalidAmount, "lease.rent", "Rent must be positive, charges and deposit not negative.");
        }

        if (lease.EffectiveOn < lease.SignedOn)
        {
            yield return new(RuleCodes.EffectBeforeSignature, "lease.effectiveOn", "The lease cannot take effect before it is signed.");
        }

        if (lease.Park == Park.PrivateMobility
            && (lease.TermMonths is not { } term || term < policy.MobilityLeaseMinMonths || term > policy.MobilityLeaseMaxMonths || lease.Deposit != 0))
        {
            yield return new(RuleCodes.MobilityLeaseInvalid, "lease.termMonths",
                $"A bail mobilité lasts {policy.MobilityLeaseMinMonths} to {policy.MobilityLeaseMaxMonths} months with no deposit.");
        }

        var deadline = lease.Park is Park.Social or Park.Collective
            ? lease.EffectiveOn.AddDays(policy.RegistrationDaysAfterEffect)
            : lease.SignedOn.AddDays(policy.RegistrationDaysAfterSignature);
        if (request.RegisteredOn > deadline)
        {
            yield return new(RuleCodes.RegistrationLate, "registeredOn", $"Registration was due by {deadline:yyyy-MM-dd}.");
        }
    }
}
