using Npgsql;
using NpgsqlTypes;

namespace ActionLogement.Grains.ReadModels;

/// <summary>
/// Projects grain state into the PostgreSQL tables that lists and queues read. Upserts guarded by the grain's state
/// version: replaying a projection, or an older one arriving late, never moves a row backwards.
/// </summary>
public sealed class ReadModelWriter(NpgsqlDataSource database)
{
    public async Task ProjectContractAsync(ContractView c, int version, IReadOnlyList<PayoutView> payouts)
    {
        await using var batch = database.CreateBatch();
        var contract = new NpgsqlBatchCommand("""
            INSERT INTO contracts_view (contract_number, landlord_id, agent_id, external_ref, visa_number, status,
                policy_version, park, zone, rent_and_charges, registered_on, exit_date, instalments_used, total_paid_out, version)
            VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12, $13, $14, $15)
            ON CONFLICT (contract_number) DO UPDATE SET
                status = EXCLUDED.status, exit_date = EXCLUDED.exit_date, instalments_used = EXCLUDED.instalments_used,
                total_paid_out = EXCLUDED.total_paid_out, version = EXCLUDED.version, updated_at = now()
            WHERE contracts_view.version <= EXCLUDED.version
            """);
        Add(contract.Parameters, c.ContractNumber, c.LandlordId, c.AgentId, c.ExternalRef, c.VisaNumber, Upper(c.Status), c.Cover.PolicyVersion,
            Upper(c.Lease.Park), Upper(c.Lease.Zone), c.Cover.MonthlyRentAndCharges, c.RegisteredOn, c.ExitDate, c.InstalmentsUsed,
            c.TotalPaidOut, version);
        batch.BatchCommands.Add(contract);

        foreach (var p in payouts)
        {
            var payout = new NpgsqlBatchCommand("""
                INSERT INTO payouts_view (payout_id, contract_number, landlord_id, kind, month, amount, status, receipt_number,
                    created_on, paid_on, bank_reference, version)
                VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12)
                ON CONFLICT (payout_id) DO UPDATE SET status = EXCLUDED.status, paid_on = EXCLUDED.paid_on,
                    bank_reference = EXCLUDED.bank_reference, version = EXCLUDED.version
                WHERE payouts_view.version <= EXCLUDED.version
                """);
            Add(payout.Parameters, p.PayoutId, p.ContractNumber, p.LandlordId, Upper(p.Kind), p.Month, p.Amount, Upper(p.Status), p.ReceiptNumber,
                p.CreatedOn, p.PaidOn, p.BankReference, version);
            batch.BatchCommands.Add(payout);
        }

        await batch.ExecuteNonQueryAsync();
    }

    /// <summary>
    /// The rows of contracts just activated in bulk (state version 1), as one statement for the caller's transaction.
    /// </summary>
    public static NpgsqlBatchCommand NewContracts(IReadOnlyList<ContractView> contracts)
    {
        var command = new NpgsqlBatchCommand("""
            INSERT INTO contracts_view (contract_number, landlord_id, agent_id, external_ref, visa_number, status,
                policy_version, park, zone, rent_and_charges, registered_on, exit_date, instalments_used, total_paid_out, version)
            SELECT c.number, c.landlord, c.agent, c.ref, c.visa, c.status, c.policy, c.park, c.zone, c.rent, c.registered,
                NULL, 0, 0, 1
            FROM unnest($1::text[], $2::text[], $3::text[], $4::text[], $5::text[], $6::text[], $7::text[], $8::text[],
                $9::text[], $10::numeric[], $11::date[])
                AS c(number, landlord, agent, ref, visa, status, policy, park, zone, rent, registered)
            ON CONFLICT (contract_number) DO NOTHING
            """);
        Array(command, contracts, c => c.ContractNumber);
        Array(command, contracts, c => c.LandlordId);
        Array(command, contracts, c => c.AgentId);
        Array(command, contracts, c => c.ExternalRef);
        Array(command, contracts, c => c.VisaNumber);
        Array(command, contracts, c => Upper(c.Status));
        Array(command, contracts, c => c.Cover.PolicyVersion);
        Array(command, contracts, c => Upper(c.Lease.Park));
        Array(command, contracts, c => Upper(c.Lease.Zone));
        Array(command, contracts, c => c.Cover.MonthlyRentAndCharges);
        Array(command, contracts, c => c.RegisteredOn);
        return command;
    }

    public async Task ProjectRecoveryCaseAsync(RecoveryCaseView c, int version)
    {
        await using var command = database.CreateCommand("""
            INSERT INTO recovery_cases_view (case_id, contract_number, landlord_id, tenant_subject, state, paid_out, recovered,
                written_off, debt, next_action_on, missed, version)
            VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12)
            ON CONFLICT (case_id) DO UPDATE SET state = EXCLUDED.state, paid_out = EXCLUDED.paid_out,
                recovered = EXCLUDED.recovered, written_off = EXCLUDED.written_off, debt = EXCLUDED.debt,
                next_action_on = EXCLUDED.next_action_on, missed = EXCLUDED.missed, tenant_subject = EXCLUDED.tenant_subject,
                version = EXCLUDED.version, updated_at = now()
            WHERE recovery_cases_view.version <= EXCLUDED.version
            """);
        Add(command.Parameters, c.CaseId, c.ContractNumber, c.LandlordId, c.TenantSubject, Upper(c.State), c.PaidOut, c.Recovered,
            c.WrittenOff, c.Debt, c.NextActionOn, c.Plan?.Missed ?? 0, version);
        await command.ExecuteNonQueryAsync();
    }

    private static string Upper<T>(T value) where T : struct, Enum =>
        System.Text.Json.JsonNamingPolicy.SnakeCaseUpper.ConvertName(value.ToString());

    private static void Array<T>(NpgsqlBatchCommand command, IReadOnlyList<ContractView> contracts, Func<ContractView, T> column) =>
        command.Parameters.Add(new NpgsqlParameter<T[]> { TypedValue = [.. contracts.Select(column)] });

    private static void Add(NpgsqlParameterCollection parameters, params object?[] values)
    {
        foreach (var value in values)
        {
            parameters.Add(value is null
                ? new NpgsqlParameter { Value = DBNull.Value, NpgsqlDbType = NpgsqlDbType.Unknown }
                : new NpgsqlParameter { Value = value });
        }
    }
}
