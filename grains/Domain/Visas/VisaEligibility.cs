namespace ActionLogement.Domain;

/// <summary>Decides a visa request at once (domain-rules.md §3), reporting every failing rule.</summary>
public static class VisaEligibility
{
    private static readonly IReadOnlyDictionary<Zone, decimal> NoRent = new Dictionary<Zone, decimal>();

    public static VisaDecision Decide(VisaRequest request, PolicyCatalog policies)
    {
        ArgumentNullException.ThrowIfNull(request);
        ArgumentNullException.ThrowIfNull(policies);
        var policy = policies.ForDate(request.RequestDate);
        var violations = new List<RuleViolation>();
        if (!Names.IsName(request.FirstName) || !Names.IsName(request.LastName))
        {
            violations.Add(new(RuleCodes.NameMissing, "lastName", "First and last names are required."));
        }

        if (request.Employment is { StartDate: { } jobStart, EndDate: { } jobEnds } && jobEnds < jobStart)
        {
            violations.Add(new(RuleCodes.DateOutOfRange, "employment.endDate", "The job cannot end before it starts."));
        }

        violations.AddRange(ProfileRules.Check(request, policy));
        // A young applicant is eligible in any situation: a job that has ended is just a past one.
        if (request.Profile != Profile.Young && request.Employment?.EndDate is { } end && end < request.RequestDate)
        {
            violations.Add(new(RuleCodes.EmploymentEnded, "employment.endDate", "The job contract has already ended."));
        }

        // A student without proof of resources gets the flat student ceiling; everyone else needs resources.
        var flatStudentCeiling = request.Profile == Profile.Student && request.Student is { HasProofOfResources: false };
        if (request.MonthlyResources < 0)
        {
            violations.Add(new(RuleCodes.InvalidAmount, "monthlyResources", "Monthly resources cannot be negative."));
        }
        else if (!flatStudentCeiling && request.MonthlyResources is null or 0)
        {
            violations.Add(new(RuleCodes.ResourcesMissing, "monthlyResources", "Monthly resources are required to compute the rent ceiling."));
        }

        var issued = request.RequestDate;
        var expires = issued.AddMonths(request.Profile == Profile.Student ? policy.StudentVisaValidityMonths : policy.VisaValidityMonths);
        if (request.Employment?.EndDate is { } jobEnd && jobEnd < expires && jobEnd >= issued)
        {
            expires = jobEnd;
        }

        var maxRent = violations.Count > 0 ? NoRent : MaxRent(request, policy, flatStudentCeiling);
        return new VisaDecision(violations.Count == 0, violations, policy.Version, issued, expires, maxRent);
    }

    // A plain dictionary behind the read-only interface: the grains copy it into state and onto the wire as is.
    private static IReadOnlyDictionary<Zone, decimal> MaxRent(VisaRequest request, Policy policy, bool flatStudentCeiling) =>
        Enum.GetValues<Zone>().ToDictionary(
            z => z,
            z => flatStudentCeiling
                ? policy.StudentCeilings[z]
                : Math.Min(policy.ExclusionCeilings[z], Money.Ceiling(policy.MaxEffortRate * (request.MonthlyResources ?? 0))));
}
