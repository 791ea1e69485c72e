using ActionLogement.Database;
using ActionLogement.Grains.Storage;
using Npgsql;
using NpgsqlTypes;

namespace ActionLogement.Grains.ReadModels;

/// <summary>
/// The PostgreSQL tables that lists and queues read, written with the grain state they come from (see
/// <see cref="StateProjection"/>). Upserts are also guarded by the grain's state version, so a replay never moves a
/// row backwards.
/// </summary>
public static class ReadModelWriter
{
    /// <summary>
    /// The contract's row, the rows of the given payouts (new, or changed such as paid), the serialized
    /// <paramref name="change"/> this write appends to <c>contract_changes</c> (the contract's own facts, not a read
    /// model, but kept by the same rule: stored exactly when the state is), what new payouts add to the tenant's
    /// recovery case (<paramref name="debt"/>), and the audit row of the command that made the change (or was recorded
    /// as refused, with its first rule code) when it came with its <paramref name="origin"/>.
    /// </summary>
    /// <remarks>
    /// Only the grain's first stored write (<paramref name="created"/>) inserts the contract's row; later ones send just
    /// the columns that change. A single payout goes as plain values, several as one array per column.
    /// </remarks>
    public static StateProjection Contract(ContractRow c, int version, bool created, IReadOnlyList<PayoutView> payouts, byte[]? change,
        CaseDebt? debt = null, CommandOrigin? origin = null, string? refusedWith = null)
    {
        var payoutShape = payouts.Count switch { 0 => PayoutShape.None, 1 => PayoutShape.One, _ => PayoutShape.Many };
        // One array, sized up front: each part's values follow the previous part's.
        var values = new Values((created ? 15 : 7) + (payoutShape == PayoutShape.None ? 0 : 9) + (change is null ? 0 : 1)
            + (debt is null ? 0 : 4) + (origin is null ? 0 : 5));
        if (created)
        {
            values.Add(c.ContractNumber, c.LandlordId, c.AgentId, c.ExternalRef, c.VisaNumber, Upper(c.Status), c.PolicyVersion,
                Upper(c.Park), Upper(c.Zone), c.RentAndCharges, c.RegisteredOn, c.ExitDate, c.InstalmentsUsed, c.TotalPaidOut, version);
        }
        else
        {
            values.Add(c.ContractNumber, c.LandlordId, Upper(c.Status), c.ExitDate, c.InstalmentsUsed, c.TotalPaidOut, version);
        }

        if (payoutShape == PayoutShape.One)
        {
            var p = payouts[0];
            values.Add(p.PayoutId, Upper(p.Kind), p.Month, p.Amount, Upper(p.Status), p.ReceiptNumber, p.CreatedOn, p.PaidOn, p.BankReference);
        }
        else if (payoutShape == PayoutShape.Many)
        {
            values.Add(PayoutColumns(payouts));
        }

        if (change is not null)
        {
            values.Add(change);
        }

        if (debt is not null)
        {
            values.Add(debt.CaseId, debt.TenantSubject, debt.OpenedOn, debt.NewPaidOut);
        }

        if (origin is not null)
        {
            values.Add(origin.Role, origin.Subject, origin.Action, refusedWith is null ? origin.AppliedStatus : origin.RefusedStatus, refusedWith);
        }

        return new StateProjection(ContractSql[(created, payoutShape, change is not null, debt is not null, origin is not null)], values.Filled);
    }

    /// <summary>A statement's values, filled in order into an array of the size they add up to.</summary>
    private struct Values(int count)
    {
        private readonly object?[] _array = new object?[count];
        private int _next;

        public void Add(params ReadOnlySpan<object?> items)
        {
            items.CopyTo(_array.AsSpan(_next));
            _next += items.Length;
        }

        public readonly object?[] Filled =>
            _next == _array.Length ? _array : throw new InvalidOperationException($"{_next} values given for {_array.Length}.");
    }

    // A contract's payouts carry its number and landlord ($1, $2): only their own columns go as arrays.
    private static object?[] PayoutColumns(IReadOnlyList<PayoutView> payouts) =>
        [
            payouts.Select(p => p.PayoutId).ToArray(),
            payouts.Select(p => Upper(p.Kind)).ToArray(),
            payouts.Select(p => p.Month).ToArray(),
            payouts.Select(p => p.Amount).ToArray(),
            payouts.Select(p => Upper(p.Status)).ToArray(),
            payouts.Select(p => p.ReceiptNumber).ToArray(),
            payouts.Select(p => p.CreatedOn).ToArray(),
            payouts.Select(p => p.PaidOn).ToArray(),
            payouts.Select(p => p.BankReference).ToArray(),
        ];

    /// <summary>
    /// The case's row, but for its paid-out sum: that belongs to the contract's writes, which create the payouts (see
    /// <see cref="CaseDebt"/>); the debt follows from the columns. A case written before its contract's first payout row
    /// (it never is, but for tests) starts from its own sum.
    /// </summary>
    public static StateProjection RecoveryCase(RecoveryCaseView c, int version) =>
        new(RecoveryCaseOnly,
        [
            c.CaseId, c.ContractNumber, c.LandlordId, c.TenantSubject, Upper(c.State), c.PaidOut, c.Recovered,
            c.WrittenOff, c.NextActionOn, c.Plan?.Missed ?? 0, version, c.RefundOwedByLandlord,
        ]);

    // $1..$15: the contract's columns and its state version. Typed, since a SELECT list does not take its types from the
    // target columns.
    private const string ContractInsertPart = """
        contract AS (
            INSERT INTO contracts_view (contract_number, landlord_id, agent_id, external_ref, visa_number, status,
                policy_version, park, zone, rent_and_charges, registered_on, exit_date, instalments_used, total_paid_out, version)
            SELECT $1::text, $2::text, $3::text, $4::text, $5::text, $6::text, $7::text, $8::text, $9::text, $10::numeric,
                $11::date, $12::date, $13::int, $14::numeric, $15::int
            WHERE EXISTS (SELECT 1 FROM written)
            ON CONFLICT (contract_number) DO UPDATE SET
                status = EXCLUDED.status, exit_date = EXCLUDED.exit_date, instalments_used = EXCLUDED.instalments_used,
                total_paid_out = EXCLUDED.total_paid_out, version = EXCLUDED.version, updated_at = now()
            WHERE contracts_view.version <= EXCLUDED.version)
        """;

    // $1 number, $2 landlord (for the payouts), $3..$6 what a command can change, $7 the state version.
    private const string ContractUpdatePart = """
        contract AS (
            UPDATE contracts_view SET status = $3::text, exit_date = $4::date, instalments_used = $5::int,
                total_paid_out = $6::numeric, version = $7::int, updated_at = now()
            WHERE contract_number = $1::text AND version <= $7::int AND EXISTS (SELECT 1 FROM written))
        """;

    // From $first: the payout columns, as one row of plain values or one array each (all of the same length); the
    // contract's number and landlord are $1, $2, the state version ${version}.
    private static string PayoutsPart(int first, int version, bool many)
    {
        string[] types = ["text", "text", "text", "numeric", "text", "text", "date", "date", "text"];
        var columns = string.Join(", ", types.Select((type, i) => $"${first + i}::{type}{(many ? "[]" : "")}"));
        var rows = many ? $"unnest({columns})" : $"(VALUES ({columns}))";
        return $"""
            payouts AS (
                INSERT INTO payouts_view (payout_id, contract_number, landlord_id, kind, month, amount, status, receipt_number,
                    created_on, paid_on, bank_reference, version)
                SELECT p.id, $1::text, $2::text, p.kind, p.month, p.amount, p.status, p.receipt, p.created_on, p.paid_on,
                    p.bank_reference, ${version}::int
                FROM {rows} AS p(id, kind, month, amount, status, receipt, created_on, paid_on, bank_reference)
                WHERE EXISTS (SELECT 1 FROM written)
                ON CONFLICT (payout_id) DO UPDATE SET status = EXCLUDED.status, paid_on = EXCLUDED.paid_on,
                    bank_reference = EXCLUDED.bank_reference, version = EXCLUDED.version
                WHERE payouts_view.version <= EXCLUDED.version)
            """;
    }

    private const string RecoveryCasePart = """
        recovery_case AS (
            INSERT INTO recovery_cases_view (case_id, contract_number, landlord_id, tenant_subject, state, paid_out, recovered,
                written_off, next_action_on, missed, version, refund_owed_by_landlord)
            SELECT $1::text, $2::text, $3::text, $4::text, $5::text, $6::numeric, $7::numeric, $8::numeric, $9::date, $10::int,
                $11::int, $12::numeric
            WHERE EXISTS (SELECT 1 FROM written)
            ON CONFLICT (case_id) DO UPDATE SET state = EXCLUDED.state, recovered = EXCLUDED.recovered,
                refund_owed_by_landlord = EXCLUDED.refund_owed_by_landlord,
                written_off = EXCLUDED.written_off, next_action_on = EXCLUDED.next_action_on, missed = EXCLUDED.missed,
                tenant_subject = EXCLUDED.tenant_subject, version = EXCLUDED.version, updated_at = now()
            WHERE recovery_cases_view.version <= EXCLUDED.version)
        """;

    // The write's row of the contract's changes: the payload is $first, the row is numbered by the state version.
    private static string ChangePart(int first, int version) => $"""
        change AS (
            INSERT INTO contract_changes (contract_number, version, payload)
            SELECT $1::text, ${version}::int, ${first}::bytea
            WHERE EXISTS (SELECT 1 FROM written))
        """;

    // The new payouts' sum ($first + 3) goes to the tenant's case, opened here (as the case grain opens it: amicable,
    // next action today) by the contract's first payout. Increments commute, so they need no version guard: each
    // payout is counted by the one write that creates it.
    private static string CaseDebtPart(int first) => $"""
        case_debt AS (
            INSERT INTO recovery_cases_view (case_id, contract_number, landlord_id, tenant_subject, state, paid_out, recovered,
                written_off, next_action_on, version)
            SELECT ${first}::text, $1::text, $2::text, ${first + 1}::text, '{Upper(RecoveryState.Amicable)}', ${first + 3}::numeric, 0, 0,
                ${first + 2}::date, 0
            WHERE EXISTS (SELECT 1 FROM written)
            ON CONFLICT (case_id) DO UPDATE SET paid_out = recovery_cases_view.paid_out + EXCLUDED.paid_out, updated_at = now())
        """;

    // The command's audit row: $first..$first+4 are role, subject, action, status and rule code; the target is the
    // contract ($1).
    private static string AuditPart(int first) => $"""
        audit AS (
            INSERT INTO audit_log (actor_role, actor_subject, action, target, status, code)
            SELECT ${first}::text, ${first + 1}::text, ${first + 2}::text, $1::text, ${first + 3}::int, ${first + 4}::text
            WHERE EXISTS (SELECT 1 FROM written))
        """;

    private enum PayoutShape
    {
        None,
        One,
        Many,
    }

    // Every shape of a contract write, built once; each part's values follow the previous part's.
    private static readonly Dictionary<(bool Created, PayoutShape Payouts, bool Change, bool Debt, bool Audit), ProjectionSql> ContractSql = (
        from created in new[] { false, true }
        from payouts in Enum.GetValues<PayoutShape>()
        from change in new[] { false, true }
        from debt in new[] { false, true }
        from audit in new[] { false, true }
        select (created, payouts, change, debt, audit)).ToDictionary(shape => shape,
            shape => ContractWrite(shape.created, shape.payouts, shape.change, shape.debt, shape.audit));

    private static ProjectionSql ContractWrite(bool created, PayoutShape payouts, bool change, bool debt, bool audit)
    {
        var version = created ? 15 : 7;
        var parts = new List<string> { created ? ContractInsertPart : ContractUpdatePart };
        var next = created ? 16 : 8;
        if (payouts != PayoutShape.None)
        {
            parts.Add(PayoutsPart(next, version, payouts == PayoutShape.Many));
            next += 9;
        }

        if (change)
        {
            parts.Add(ChangePart(next, version));
            next += 1;
        }

        if (debt)
        {
            parts.Add(CaseDebtPart(next));
            next += 4;
        }

        if (audit)
        {
            parts.Add(AuditPart(next));
        }

        return new ProjectionSql([.. parts]);
    }

    private static readonly ProjectionSql RecoveryCaseOnly = new(RecoveryCasePart);

    /// <summary>
    /// The rows of contracts just activated in bulk (state version 1), COPYed on the caller's connection and
    /// transaction, so they commit with the contracts' state.
    /// </summary>
    public static Task CopyNewContractsAsync(NpgsqlConnection connection, IReadOnlyList<ContractRow> contracts) =>
        connection.CopyRowsAsync("""
            COPY contracts_view (contract_number, landlord_id, agent_id, external_ref, visa_number, status, policy_version, park,
                zone, rent_and_charges, registered_on, instalments_used, total_paid_out, version) FROM STDIN (FORMAT BINARY)
            """, contracts, async (copy, c) =>
        {
            await copy.WriteAsync(c.ContractNumber, NpgsqlDbType.Text);
            await copy.WriteAsync(c.LandlordId, NpgsqlDbType.Text);
            await copy.WriteTextOrNullAsync(c.AgentId);
            await copy.WriteTextOrNullAsync(c.ExternalRef);
            await copy.WriteAsync(c.VisaNumber, NpgsqlDbType.Text);
            await copy.WriteAsync(Upper(c.Status), NpgsqlDbType.Text);
            await copy.WriteAsync(c.PolicyVersion, NpgsqlDbType.Text);
            await copy.WriteAsync(Upper(c.Park), NpgsqlDbType.Text);
            await copy.WriteAsync(Upper(c.Zone), NpgsqlDbType.Text);
            await copy.WriteAsync(c.RentAndCharges, NpgsqlDbType.Numeric);
            await copy.WriteAsync(c.RegisteredOn, NpgsqlDbType.Date);
            await copy.WriteAsync(c.InstalmentsUsed, NpgsqlDbType.Integer);
            await copy.WriteAsync(c.TotalPaidOut, NpgsqlDbType.Numeric);
            await copy.WriteAsync(1, NpgsqlDbType.Integer);
        });

    private static string Upper<T>(T value) where T : struct, Enum =>
        ApiSpelling<T>.Of(value);
}

/// <summary>
/// What one contract write adds to its tenant's recovery case: the sum of the payouts it creates, counted in the case's
/// row in the same statement, and what the row starts with if this is the contract's first payout.
/// </summary>
public sealed record CaseDebt(string CaseId, string? TenantSubject, DateOnly OpenedOn, decimal NewPaidOut);
