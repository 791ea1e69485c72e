using System.Globalization;
using ActionLogement.Api.Apis;
using ActionLogement.Api.Apis.Contracts;
using ActionLogement.Api.Apis.Recovery;
using Npgsql;

namespace ActionLogement.Api.Infrastructure;

/// <summary>Lists served from the PostgreSQL read models, with keyset paging (<c>after</c> = last key seen).</summary>
public sealed class ReadModels(NpgsqlDataSource database)
{
    public async Task<Page<ContractListItem>> ContractsAsync(Caller caller, ContractFilter filter, int limit, string? after)
    {
        // Who sees what is decided here, in SQL, not by filtering afterwards.
        var scope = caller.Role switch
        {
            Roles.Landlord => "landlord_id = @subject",
            Roles.Partner => "(agent_id = @subject OR landlord_id = ANY(@managed) OR landlord_id = @subject)",
            _ => "TRUE",
        };
        await using var command = database.CreateCommand($"""
            SELECT contract_number, landlord_id, agent_id, external_ref, visa_number, status, policy_version, park, zone,
                   rent_and_charges, registered_on, exit_date, instalments_used, total_paid_out
            FROM contracts_view
            WHERE {scope}{ReferenceCondition(caller, filter)}
              AND (@landlord::text IS NULL OR landlord_id = @landlord)
              AND (@status::text IS NULL OR status = @status)
              AND (@after::text IS NULL OR contract_number > @after)
            ORDER BY contract_number
            LIMIT @limit
            """);
        command.Parameters.AddWithValue("subject", caller.Subject);
        command.Parameters.AddWithValue("managed", caller.Managed.ToArray());
        command.Parameters.AddWithValue("landlord", (object?)filter.LandlordId ?? DBNull.Value);
        command.Parameters.AddWithValue("status", (object?)filter.Status ?? DBNull.Value);
        command.Parameters.AddWithValue("after", (object?)after ?? DBNull.Value);
        command.Parameters.AddWithValue("limit", limit + 1);
        if (filter.ExternalRef is { } reference)
        {
            command.Parameters.AddWithValue("ref", reference);
        }

        var items = new List<ContractListItem>();
        await using var reader = await command.ExecuteReaderAsync();
        while (await reader.ReadAsync())
        {
            items.Add(new ContractListItem(
                reader.GetString(0), reader.GetString(1), Nullable(reader, 2), Nullable(reader, 3), reader.GetString(4),
                reader.GetString(5), reader.GetString(6), reader.GetString(7), reader.GetString(8), reader.GetDecimal(9),
                reader.GetFieldValue<DateOnly>(10), reader.IsDBNull(11) ? null : reader.GetFieldValue<DateOnly>(11),
                reader.GetInt32(12), reader.GetDecimal(13)));
        }

        return Paged(items, limit, i => i.ContractNumber);
    }

    /// <summary>
    /// A reference is a partner's own (unique per agent): a partner finds only the leases it activated under it, not those
    /// another partner of the same landlord gave the same reference. The landlord and staff find each.
    /// </summary>
    private static string ReferenceCondition(Caller caller, ContractFilter filter) =>
        filter.ExternalRef is null ? ""
        : caller.Role == Roles.Partner ? " AND external_ref = @ref AND agent_id = @subject"
        : " AND external_ref = @ref";

    public async Task<Page<PayoutView>> PayoutsAsync(PayoutFilter filter, int limit, string? after)
    {
        // Conditions are added only when given, so that the plan of each look-up is made for its own index.
        var conditions = new List<string> { "(@status::text IS NULL OR status = @status)", "(@after::text IS NULL OR payout_id > @after)" };
        if (filter.ContractNumber is not null)
        {
            conditions.Add("contract_number = @contract");
        }

        if (filter.LandlordId is not null)
        {
            conditions.Add("landlord_id = @landlord");
        }

        await using var command = database.CreateCommand($"""
            SELECT payout_id, contract_number, landlord_id, kind, month, amount, status, receipt_number, created_on, paid_on, bank_reference
            FROM payouts_view
            WHERE {string.Join(" AND ", conditions)}
            ORDER BY payout_id
            LIMIT @limit
            """);
        command.Parameters.AddWithValue("status", (object?)filter.Status ?? DBNull.Value);
        command.Parameters.AddWithValue("after", (object?)after ?? DBNull.Value);
        command.Parameters.AddWithValue("limit", limit + 1);
        if (filter.ContractNumber is { } contract)
        {
            command.Parameters.AddWithValue("contract", contract);
        }

        if (filter.LandlordId is { } landlord)
        {
            command.Parameters.AddWithValue("landlord", landlord);
        }

        var items = new List<PayoutView>();
        await using var reader = await command.ExecuteReaderAsync();
        while (await reader.ReadAsync())
        {
            items.Add(new PayoutView(
                reader.GetString(0), reader.GetString(1), reader.GetString(2),
                Spelled<PayoutKind>(reader.GetString(3)),
                Nullable(reader, 4), reader.GetDecimal(5),
                Spelled<PayoutStatus>(reader.GetString(6)),
                reader.GetString(7), reader.GetFieldValue<DateOnly>(8),
                reader.IsDBNull(9) ? null : reader.GetFieldValue<DateOnly>(9), Nullable(reader, 10)));
        }

        return Paged(items, limit, i => i.PayoutId);
    }

    /// <summary>
    /// The staff work queue, or the cases of one tenant when <paramref name="tenantSubject"/> is given: soonest next
    /// action first; the cursor is "date|caseId" of the last row.
    /// </summary>
    public async Task<Page<QueueItem>> RecoveryQueueAsync(
        string? state, DateOnly? dueBefore, int limit, string? after, string? tenantSubject = null, string? contractNumber = null)
    {
        DateOnly? afterDate = null;
        string? afterId = null;
        if (after is not null && TryParseQueueCursor(after, out var date, out var id))
        {
            (afterDate, afterId) = (date, id);
        }

        // Cases without a next action (closed ones) sort last, as the date 'infinity': their cursor's 9999-12-31 is
        // DateOnly.MaxValue, which Npgsql sends as 'infinity' (compared with a literal 9999-12-31, no closed case
        // came after the first one's cursor).
        // The tenant's list is a statement of its own, so that its plan always starts from the tenant's few rows
        // (recovery_by_tenant) rather than from a plan made for the whole queue.
        await using var command = database.CreateCommand($"""
            SELECT case_id, contract_number, landlord_id, state, debt, next_action_on, missed
            FROM recovery_cases_view
            WHERE {(tenantSubject is null ? "" : "tenant_subject = @tenant AND ")}{(contractNumber is null ? "" : "case_id = @case AND ")}(@state::text IS NULL OR state = @state)
              AND (@due::date IS NULL OR next_action_on < @due)
              AND (@afterId::text IS NULL OR (COALESCE(next_action_on, 'infinity'), case_id) > (@afterDate::date, @afterId))
            ORDER BY COALESCE(next_action_on, 'infinity'), case_id
            LIMIT @limit
            """);
        command.Parameters.AddWithValue("state", (object?)state ?? DBNull.Value);
        command.Parameters.AddWithValue("due", (object?)dueBefore ?? DBNull.Value);
        command.Parameters.AddWithValue("afterDate", (object?)afterDate ?? DBNull.Value);
        command.Parameters.AddWithValue("afterId", (object?)afterId ?? DBNull.Value);
        command.Parameters.AddWithValue("limit", limit + 1);
        if (tenantSubject is not null)
        {
            command.Parameters.AddWithValue("tenant", tenantSubject);
        }

        if (contractNumber is not null)
        {
            // A contract has one case, named after it.
            command.Parameters.AddWithValue("case", RecoveryCaseIds.For(contractNumber));
        }

        var items = new List<QueueItem>();
        await using var reader = await command.ExecuteReaderAsync();
        while (await reader.ReadAsync())
        {
            items.Add(new QueueItem(reader.GetString(0), reader.GetString(1), reader.GetString(2), reader.GetString(3),
                reader.GetDecimal(4), reader.IsDBNull(5) ? null : reader.GetFieldValue<DateOnly>(5), reader.GetInt32(6)));
        }

        return Paged(items, limit, i => $"{i.NextActionOn ?? DateOnly.MaxValue:yyyy-MM-dd}|{i.CaseId}");
    }

    /// <summary>
    /// Whether a text is a payout id (and so a cursor of <see cref="PayoutsAsync"/>, which writes them): "P-" and the
    /// contract number's digits, "-" and the payout's sequence (three digits or more).
    /// </summary>
    public static bool IsPayoutId(string cursor) =>
        cursor.Split('-') is ["P", var contract, var sequence]
        && ContractNumber.IsValid("A" + contract)
        && sequence.Length >= 3 && sequence.All(char.IsAsciiDigit);

    /// <summary>Reads a cursor of <see cref="RecoveryQueueAsync"/>, "yyyy-MM-dd|caseId", as it writes them and no other way.</summary>
    public static bool TryParseQueueCursor(string cursor, out DateOnly date, out string caseId)
    {
        (date, caseId) = (default, "");
        if (cursor.Split('|') is not [var day, var id]
            || !DateOnly.TryParseExact(day, "yyyy-MM-dd", CultureInfo.InvariantCulture, DateTimeStyles.None, out date)
            || !RecoveryCaseIds.IsValid(id))
        {
            return false;
        }

        caseId = id;
        return true;
    }

    /// <summary>The contract a payout belongs to (payout ids embed it, but the read model is the authority).</summary>
    public async Task<string?> ContractOfPayoutAsync(string payoutId)
    {
        await using var command = database.CreateCommand("SELECT contract_number FROM payouts_view WHERE payout_id = $1");
        command.Parameters.AddWithValue(payoutId);
        return await command.ExecuteScalarAsync() as string;
    }

    /// <summary>The API keys, revoked ones included (their secrets are never stored, so never shown).</summary>
    public async Task<Page<KeysApi.KeyListItem>> KeysAsync(string? role, string? subject, int limit, string? after)
    {
        await using var command = database.CreateCommand("""
            SELECT key_id, role, subject, managed, requests_per_second, created_at, revoked_at
            FROM api_keys
            WHERE (@role::text IS NULL OR role = @role) AND (@subject::text IS NULL OR subject = @subject)
              AND (@after::text IS NULL OR key_id > @after)
            ORDER BY key_id
            LIMIT @limit
            """);
        command.Parameters.AddWithValue("role", (object?)role ?? DBNull.Value);
        command.Parameters.AddWithValue("subject", (object?)subject ?? DBNull.Value);
        command.Parameters.AddWithValue("after", (object?)after ?? DBNull.Value);
        command.Parameters.AddWithValue("limit", limit + 1);
        var items = new List<KeysApi.KeyListItem>();
        await using var reader = await command.ExecuteReaderAsync();
        while (await reader.ReadAsync())
        {
            items.Add(new KeysApi.KeyListItem(reader.GetString(0), reader.GetString(1), reader.GetString(2), reader.GetFieldValue<string[]>(3),
                reader.IsDBNull(4) ? null : reader.GetInt32(4), reader.GetFieldValue<DateTimeOffset>(5),
                reader.IsDBNull(6) ? null : reader.GetFieldValue<DateTimeOffset>(6)));
        }

        return Paged(items, limit, i => i.KeyId);
    }

    /// <summary>Whether a partner manages a landlord, as a partner key of its (not revoked) says.</summary>
    public async Task<bool> ManagesAsync(string agentId, string landlordId)
    {
        await using var command = database.CreateCommand(
            "SELECT EXISTS (SELECT 1 FROM api_keys WHERE role = 'partner' AND subject = $1 AND $2 = ANY(managed) AND revoked_at IS NULL)");
        command.Parameters.AddWithValue(agentId);
        command.Parameters.AddWithValue(landlordId);
        return await command.ExecuteScalarAsync() is true;
    }

    private static Page<T> Paged<T>(List<T> items, int limit, Func<T, string> key) =>
        items.Count > limit ? new Page<T>(items[..limit], key(items[limit - 1])) : new Page<T>(items, null);

    /// <summary>An enum as the read-model writer spells it (<see cref="ApiSpelling{T}"/>); the first member for any other text.</summary>
    private static T Spelled<T>(string text) where T : struct, Enum => ApiSpelling<T>.TryParse(text, out var value) ? value : default;

    private static string? Nullable(NpgsqlDataReader reader, int ordinal) => reader.IsDBNull(ordinal) ? null : reader.GetString(ordinal);
}
