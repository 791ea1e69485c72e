namespace ActionLogement.Domain;

/// <summary>
/// Every business number of domain-rules.md §2-7, for one policy version. Mutable with a parameterless constructor so
/// that Microsoft.Extensions.Configuration can bind it; the catalog treats it as read-only once built. The initial
/// values are those both 2023 and 2026 share; the version-specific ones are set in <see cref="PolicyDefaults"/>.
/// </summary>
public sealed class Policy
{
    public string Version { get; set; } = "";

    /// <summary>First lease-signature (contracts) or request (visas) date this version applies to.</summary>
    public DateOnly EffectiveFrom { get; set; }

    // §2-3 eligibility and ceilings.
    public Dictionary<Zone, decimal> ExclusionCeilings { get; set; } = [];

    public Dictionary<Zone, decimal> StudentCeilings { get; set; } = [];

    public decimal MaxEffortRate { get; set; } = 0.50m;

    public decimal EmployeeSalaryCeiling { get; set; }

    public int MinAge { get; set; } = 18;

    /// <summary>YOUNG and STUDENT up to this age inclusive; EMPLOYEE, NEW_HIRE and TRANSFER strictly above it.</summary>
    public int MaxYoungAge { get; set; } = 30;

    /// <summary>COLLECTIVE residences take candidates aged this or less.</summary>
    public int CollectiveMaxAge { get; set; } = 30;

    public int VisaValidityMonths { get; set; } = 3;

    public int StudentVisaValidityMonths { get; set; } = 6;

    public int NewHireStartWithinMonths { get; set; } = 3;

    public int FixedTermStartWithinMonths { get; set; } = 6;

    public int TransferWithinMonths { get; set; } = 6;

    /// <summary>A fixed-term contract shorter than this many months is "short" and needs prior work.</summary>
    public int ShortFixedTermMonths { get; set; } = 1;

    public int ShortFixedTermMinMonthsWorked { get; set; } = 1;

    public int ShortFixedTermLookbackMonths { get; set; } = 3;

    // §4 activation and cover.
    public int MaxInstalmentsPrivate { get; set; } = 36;

    public int MaxInstalmentsSocial { get; set; } = 9;

    /// <summary>Months after the effect month whose rent is covered; null = the whole occupancy.</summary>
    public int? CoverPeriodMonths { get; set; }

    public decimal DamageCapMonths { get; set; } = 2;

    public decimal WearRatePerYear { get; set; } = 0.06m;

    public decimal MaxWearRate { get; set; } = 0.60m;

    public int DamageClaimDeadlineDays { get; set; } = 60;

    public int RegistrationDaysAfterSignature { get; set; } = 10;

    public int RegistrationDaysAfterEffect { get; set; } = 30;

    public int MobilityLeaseMinMonths { get; set; } = 1;

    public int MobilityLeaseMaxMonths { get; set; } = 10;

    // §5 unpaid rent.
    public int DefaultWhollyUnpaidMonths { get; set; } = 2;

    /// <summary>Default is also constituted when the cumulative unpaid reaches this many months of rent+charges.</summary>
    public decimal DefaultCumulativeRentMonths { get; set; } = 1;

    public int DemandLetterMaxDaysAfterDefault { get; set; } = 15;

    public int ClaimOpenMaxDaysAfterLetter { get; set; } = 30;

    public int MonthDeclarationMaxDaysAfterDue { get; set; } = 30;

    /// <summary>
    /// How old a month of the opening declaration may be (due at most this many months before it): §5 counts unpaid
    /// amounts towards the default "consecutive or not" and sets no age, but an arrear older than the default's run-up is
    /// no part of it. Not in the source documents: the engine's choice, configurable.
    /// </summary>
    public int OpeningMonthMaxAgeMonths { get; set; } = 6;

    /// <summary>The rent of month M is due on this day of M (clamped to the month's length).</summary>
    public int RentDueDay { get; set; } = 1;

    // §7 recovery.
    public int MaxAmicablePlanMonths { get; set; } = 36;

    /// <summary>
    /// Share of the tenant's monthly resources an amicable plan instalment may take. A third is the usual French
    /// "taux d'endettement" rule of thumb: it leaves the tenant two thirds for rent and living.
    /// </summary>
    public decimal PlanCapacityShare { get; set; } = 0.33m;

    public int MissedInstalmentsForDefault { get; set; } = 2;

    public int CourtDelayMaxMonths { get; set; } = 36;

    public int OverIndebtednessSuspensionMaxMonths { get; set; } = 24;

    public int RescheduledPlanMaxMonths { get; set; } = 84;

    // API: stated dates.
    public int BackdateMaxDays { get; set; } = 7;

    public Policy Clone()
    {
        var copy = (Policy)MemberwiseClone();
        copy.ExclusionCeilings = new Dictionary<Zone, decimal>(ExclusionCeilings);
        copy.StudentCeilings = new Dictionary<Zone, decimal>(StudentCeilings);
        return copy;
    }

    public int MaxInstalmentsFor(Park park) => park is Park.Private or Park.PrivateMobility ? MaxInstalmentsPrivate : MaxInstalmentsSocial;
}
