using ActionLogement.Database;
using Npgsql;
using NpgsqlTypes;

namespace ActionLogement.Grains.ReadModels;

/// <summary>
/// Projects grain state into the PostgreSQL tables that lists and queues read. Upserts guarded by the grain's state
/// version: replaying a projection, or an older one arriving late, never moves a row backwards.
/// </summary>
public sealed class ReadModelWriter(NpgsqlDataSource database) : IAsyncDisposable
{
    // Projections of concurrent grains share round trips and commits.
    private readonly CommandBatcher _writes = new(database);

    public ValueTask DisposeAsync() => _writes.DisposeAsync();

    /// <summary>
    /// The contract's row and the rows of the given payouts, in one statement: a declaration's projection is one
    /// command of the batch, not one per table.
    /// </summary>
    public Task ProjectContractAsync(ContractRow c, int version, IReadOnlyList<PayoutView> payouts)
    {
        object?[] contract =
        [
            c.ContractNumber, c.LandlordId, c.AgentId, c.ExternalRef, c.VisaNumber, Upper(c.Status), c.PolicyVersion,
            Upper(c.Park), Upper(c.Zone), c.RentAndCharges, c.RegisteredOn, c.ExitDate, c.InstalmentsUsed, c.TotalPaidOut, version,
        ];
        if (payouts.Count == 0)
        {
            return _writes.ExecuteAsync(UpsertContractSql, contract);
        }

        return _writes.ExecuteAsync(UpsertContractAndPayoutsSql,
        [
            .. contract,
            payouts.Select(p => p.PayoutId).ToArray(),
            payouts.Select(p => p.ContractNumber).ToArray(),
            payouts.Select(p => p.LandlordId).ToArray(),
            payouts.Select(p => Upper(p.Kind)).ToArray(),
            payouts.Select(p => p.Month).ToArray(),
            payouts.Select(p => p.Amount).ToArray(),
            payouts.Select(p => Upper(p.Status)).ToArray(),
            payouts.Select(p => p.ReceiptNumber).ToArray(),
            payouts.Select(p => p.CreatedOn).ToArray(),
            payouts.Select(p => p.PaidOn).ToArray(),
            payouts.Select(p => p.BankReference).ToArray(),
        ]);
    }

    // $1..$15: the contract's columns and its state version.
    private const string UpsertContractSql = """
        INSERT INTO contracts_view (contract_number, landlord_id, agent_id, external_ref, visa_number, status,
            policy_version, park, zone, rent_and_charges, registered_on, exit_date, instalments_used, total_paid_out, version)
        VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12, $13, $14, $15)
        ON CONFLICT (contract_number) DO UPDATE SET
            status = EXCLUDED.status, exit_date = EXCLUDED.exit_date, instalments_used = EXCLUDED.instalments_used,
            total_paid_out = EXCLUDED.total_paid_out, version = EXCLUDED.version, updated_at = now()
        WHERE contracts_view.version <= EXCLUDED.version
        """;

    // $16..$26: one array per payout column, all of the same length.
    private const string UpsertContractAndPayoutsSql = $"""
        WITH contract AS (
        {UpsertContractSql}
        )
        INSERT INTO payouts_view (payout_id, contract_number, landlord_id, kind, month, amount, status, receipt_number,
            created_on, paid_on, bank_reference, version)
        SELECT p.*, $15 FROM unnest($16::text[], $17::text[], $18::text[], $19::text[], $20::text[], $21::numeric[],
            $22::text[], $23::text[], $24::date[], $25::date[], $26::text[]) AS p
        ON CONFLICT (payout_id) DO UPDATE SET status = EXCLUDED.status, paid_on = EXCLUDED.paid_on,
            bank_reference = EXCLUDED.bank_reference, version = EXCLUDED.version
        WHERE payouts_view.version <= EXCLUDED.version
        """;

    /// <summary>
    /// The rows of contracts just activated in bulk (state version 1), COPYed on the caller's connection and
    /// transaction, so they commit with the contracts' state.
    /// </summary>
    public static async Task CopyNewContractsAsync(NpgsqlConnection connection, IReadOnlyList<ContractRow> contracts)
    {
        await using var copy = await connection.BeginBinaryImportAsync("""
            COPY contracts_view (contract_number, landlord_id, agent_id, external_ref, visa_number, status, policy_version, park,
                zone, rent_and_charges, registered_on, instalments_used, total_paid_out, version) FROM STDIN (FORMAT BINARY)
            """);
        foreach (var c in contracts)
        {
            await copy.StartRowAsync();
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
        }

        await copy.CompleteAsync();
    }

    public Task ProjectRecoveryCaseAsync(RecoveryCaseView c, int version) =>
        _writes.ExecuteAsync("""
            INSERT INTO recovery_cases_view (case_id, contract_number, landlord_id, tenant_subject, state, paid_out, recovered,
                written_off, debt, next_action_on, missed, version)
            VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12)
            ON CONFLICT (case_id) DO UPDATE SET state = EXCLUDED.state, paid_out = EXCLUDED.paid_out,
                recovered = EXCLUDED.recovered, written_off = EXCLUDED.written_off, debt = EXCLUDED.debt,
                next_action_on = EXCLUDED.next_action_on, missed = EXCLUDED.missed, tenant_subject = EXCLUDED.tenant_subject,
                version = EXCLUDED.version, updated_at = now()
            WHERE recovery_cases_view.version <= EXCLUDED.version
            """,
            c.CaseId, c.ContractNumber, c.LandlordId, c.TenantSubject, Upper(c.State), c.PaidOut, c.Recovered,
            c.WrittenOff, c.Debt, c.NextActionOn, c.Plan?.Missed ?? 0, version);

    private static string Upper<T>(T value) where T : struct, Enum =>
        ApiSpelling<T>.Of(value);
}
