namespace ActionLogement.Domain.Tests;

/// <summary>Shared builders: a plain case that passes every rule, which each test bends on one point.</summary>
internal static class Samples
{
    public static PolicyCatalog Catalog => PolicyCatalog.Default;

    public static Policy V2023 => Catalog.Get("v2023");

    public static Policy V2026 => Catalog.Get("v2026");

    public static DateOnly D(string iso) => DateOnly.Parse(iso, System.Globalization.CultureInfo.InvariantCulture);

    public static YearMonth M(string text) => YearMonth.Parse(text);

    public static VisaRequest Young(string requestDate = "2025-06-10", decimal resources = 2000m) =>
        new("Cloane", "Brahim", D("2000-04-02"), Profile.Young, D(requestDate), resources, null, null);

    public static VisaRequest Employee(decimal salary = 1400m, string requestDate = "2025-06-10") =>
        new("Jean", "Martin", D("1980-01-15"), Profile.Employee, D(requestDate), salary, null,
            new Employment(EmploymentContract.Cdi, salary, null, null, null, null));

    public static VisaFacts Visa(Profile profile = Profile.Young, string expiresOn = "2025-09-10", decimal maxRent = 1000m, string birth = "2000-04-02",
        string issuedOn = "2025-06-10") =>
        new("V10252909468", true, false, "Cloane", "Brahim", D(birth), profile, D(issuedOn), D(expiresOn),
            Enum.GetValues<Zone>().ToDictionary(z => z, _ => maxRent));

    public static Lease Lease(Park park = Park.Private, string signedOn = "2025-07-01", string? effectiveOn = null,
        decimal rent = 900m, decimal charges = 100m, decimal deposit = 900m, int? termMonths = 36) =>
        new(park, Zone.Idf, "57 rue Ernest Renan 92000 Nanterre", rent, charges, deposit, D(signedOn), D(effectiveOn ?? signedOn), termMonths);

    public static ActivationRequest Activation(Lease? lease = null, string registeredOn = "2025-07-05", string lastName = "BRAHIM", string? firstName = "Cloane") =>
        new(lastName, firstName, lease ?? Lease(), D(registeredOn));

    public static ContractTerms Terms(Park park = Park.Private, string effectiveOn = "2025-07-01", string? exitDate = null,
        decimal rent = 900m, decimal charges = 100m, Policy? policy = null)
    {
        var lease = Lease(park, effectiveOn, rent: rent, charges: charges);
        return new ContractTerms(Covers.For(lease, policy ?? V2023), park, lease.EffectiveOn, exitDate is null ? null : D(exitDate), charges,
            lease.Deposit);
    }

    public static MonthDeclaration Month(string month, decimal due = 1000m, decimal paid = 0m, decimal benefit = 0m) =>
        new(M(month), due, paid, benefit);

    /// <summary>An opening declaration: default on the 6th of the month after the last one, letter 9 days later.</summary>
    public static UnpaidRentDeclaration Opening(string declaredOn, params MonthDeclaration[] months) =>
        new(D(declaredOn), D(declaredOn).AddDays(-14), D(declaredOn).AddDays(-12), D(declaredOn).AddDays(-5), months);

    public static UnpaidRentDeclaration Later(string declaredOn, params MonthDeclaration[] months) =>
        new(D(declaredOn), null, null, null, months);

    public static DeclarationOutcome Apply(ContractTerms terms, RentClaim claim, UnpaidRentDeclaration d, Policy? policy = null) =>
        UnpaidRentCalculator.Apply(terms, claim, d, policy ?? V2023);

    public static IEnumerable<string> Codes(IEnumerable<RuleViolation> violations) => violations.Select(v => v.Code);
}
