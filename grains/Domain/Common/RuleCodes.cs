namespace ActionLogement.Domain;

/// <summary>Every stable machine code the rules can answer with (domain-rules.md); the API and the tests assert on them.</summary>
public static class RuleCodes
{
    // Visa eligibility (§3).
    public const string TooYoung = "too_young";
    public const string TooOld = "too_old";
    public const string SalaryAboveCeiling = "salary_above_ceiling";
    public const string SalaryMissing = "salary_missing";
    public const string HireDateTooFar = "hire_date_too_far";
    public const string InsufficientPriorWork = "insufficient_prior_work";
    public const string ProfileUnknown = "profile_unknown";
    public const string TransferDateTooFar = "transfer_date_too_far";
    public const string MobilityReasonInvalid = "mobility_reason_invalid";
    public const string StudentSituationMissing = "student_situation_missing";
    public const string EmploymentMissing = "employment_missing";
    public const string EmploymentContractInvalid = "employment_contract_invalid";
    public const string EmploymentEnded = "employment_ended";
    public const string SituationDateMissing = "situation_date_missing";
    public const string ResourcesMissing = "resources_missing";
    public const string NameMissing = "name_missing";

    // Contract activation (§4).
    public const string ParkExcluded = "park_excluded";
    public const string VisaNotFound = "visa_not_found";
    public const string VisaNotCertified = "visa_not_certified";
    public const string VisaRevoked = "visa_revoked";
    public const string TenantNameMismatch = "tenant_name_mismatch";
    public const string VisaExpiredAtSignature = "visa_expired_at_signature";
    public const string LeaseSignedBeforeVisa = "lease_signed_before_visa";
    public const string EntryTooLate = "entry_too_late";
    public const string RentAboveVisaCeiling = "rent_above_visa_ceiling";
    public const string ParkNotAllowedForProfile = "park_not_allowed_for_profile";
    public const string MobilityLeaseInvalid = "mobility_lease_invalid";
    public const string RegistrationLate = "registration_late";
    public const string VisaAlreadyUsed = "visa_already_used";
    public const string ExternalRefAlreadyUsed = "external_ref_already_used";
    public const string LandlordNotManaged = "landlord_not_managed";
    public const string EffectBeforeSignature = "effect_before_signature";
    public const string ContractNotActive = "contract_not_active";

    // Bulk activation rows (API.md): a row that cannot be read, and a reference repeated after its first row was refused.
    public const string RowMalformed = "row_malformed";
    public const string DuplicateExternalRef = "duplicate_external_ref";

    // Unpaid rent (§5).
    public const string ChargesOnly = "charges_only";
    public const string NoDefaultYet = "no_default_yet";
    public const string DefaultDateMissing = "default_date_missing";
    public const string ReminderMissing = "reminder_missing";
    public const string DemandLetterMissing = "demand_letter_missing";
    public const string DemandLetterLate = "demand_letter_late";
    public const string ClaimOpenedLate = "claim_opened_late";
    public const string MonthDeclaredLate = "month_declared_late";
    public const string MonthNotDueYet = "month_not_due_yet";
    public const string DuplicateMonth = "duplicate_month";
    public const string NoMonths = "no_months";
    public const string AmountAboveRent = "amount_above_rent";
    public const string InstalmentCapReached = "instalment_cap_reached";
    public const string OutsideCoverPeriod = "outside_cover_period";
    public const string AfterExit = "after_exit";
    public const string BeforeEffect = "before_effect";
    public const string RepaymentAboveCovered = "repayment_above_covered";

    // Damage (§6).
    public const string DamageNotCoveredForPark = "damage_not_covered_for_park";
    public const string DamageClaimLate = "damage_claim_late";
    public const string DamageAlreadyClaimed = "damage_already_claimed";

    // Recovery (§7).
    public const string Overpayment = "overpayment";
    public const string RefundAboveOwed = "refund_above_owed";
    public const string NoDebt = "no_debt";
    public const string PlanDoesNotRepayDebt = "plan_does_not_repay_debt";
    public const string PlanExceedsDebt = "plan_exceeds_debt";
    public const string PlanTooLong = "plan_too_long";
    public const string PlanAboveCapacity = "plan_above_capacity";
    public const string PlanNotAllowedInState = "plan_not_allowed_in_state";
    public const string TransitionNotAllowed = "transition_not_allowed";
    public const string CourtDelayTooLong = "court_delay_too_long";
    public const string SuspensionTooLong = "suspension_too_long";
    public const string InvalidDuration = "invalid_duration";
    public const string EscalationTermsMismatch = "escalation_terms_mismatch";

    // Shared.
    public const string DateOutOfRange = "date_out_of_range";
    public const string InvalidAmount = "invalid_amount";

    // Idempotency (API.md): the same Idempotency-Key sent again with another request.
    public const string IdempotencyKeyReused = "idempotency_key_reused";
}
