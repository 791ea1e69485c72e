using System.CommandLine;

namespace ActionLogement.Cli.Commands;

public static class ClaimCommands
{
    public static Command Rent()
    {
        var number = new Argument<string>("contractNumber") { Description = "A followed by 11 digits" };
        var months = new Option<string[]>("--month")
        {
            Required = true,
            AllowMultipleArgumentsPerToken = true,
            Description = "MONTH:DUE[:PAID[:BENEFIT]], e.g. 2025-09:1000 or 2025-10:1000:200:0; repeat for several months",
        };
        var defaultDate = new Option<DateOnly?>("--default-date") { Description = "the default's date: with the next two, required on the claim's first declaration" };
        var reminderDate = new Option<DateOnly?>("--reminder-date") { Description = "when the reminder was sent (first declaration)" };
        var letterDate = new Option<DateOnly?>("--demand-letter-date") { Description = "the registered demand letter's date, at most 15 days after the default (first declaration)" };
        var declaredOn = new Option<DateOnly?>("--declared-on") { Description = "the declaration's date, for a back office recording history (default today)" };
        var declare = new Command("declare", "Declare unpaid months (the first declaration also gives the default, reminder and letter dates)")
        {
            number, months, defaultDate, reminderDate, letterDate, declaredOn, Cli.IdempotencyKey,
        };
        // Refused before any request, as a usage error: the API would refuse 2026-13 too, but as the server's refusal.
        months.Validators.Add(result =>
        {
            foreach (var token in result.Tokens)
            {
                if (MonthLine(token.Value) is (null, { } error))
                {
                    result.AddError(error);
                }
            }
        });
        declare.SetAction(async parse =>
        {
            var lines = (parse.GetValue(months) ?? []).Select(spec => MonthLine(spec).Line!).ToList();
            return await Cli.PostAsync(parse, $"contracts/{parse.GetValue(number)}/unpaid-rent", new
            {
                defaultDate = parse.GetValue(defaultDate),
                reminderDate = parse.GetValue(reminderDate),
                demandLetterDate = parse.GetValue(letterDate),
                declaredOn = parse.GetValue(declaredOn),
                months = lines,
            }, null, true, ("months", ["month", "covered", new("payoutId", "payout"), "code"]));
        });

        var show = new Command("show", "Show the unpaid-rent claim of a contract") { number };
        show.SetAction(parse => Cli.ShowAsync(parse, $"contracts/{parse.GetValue(number)}/unpaid-rent", "Claim",
            ("months", ["month", "due", "unpaid", "covered", "code"]),
            ("payouts", [new("payoutId", "payout"), PayoutFor, "amount", "status", new("createdOn", "created"), new("paidOn", "paid"),
                new("bankReference", "bank ref")])));

        var repaidMonth = new Option<string>("--month") { Required = true, Description = "the month repaid, e.g. 2026-03", HelpName = "YYYY-MM" };
        repaidMonth.Validators.Add(result =>
        {
            if (result.Tokens.Count > 0 && !PlainValueParsers.IsMonth(result.Tokens[^1].Value))
            {
                result.AddError(PlainValueParsers.NotAMonth("--month", result.Tokens[^1].Value));
            }
        });
        var repaidAmount = new Option<decimal>("--amount") { Required = true, Description = "what the tenant paid the landlord for that month" };
        var receivedOn = new Option<DateOnly?>("--received-on") { Description = "when the landlord received it (default: today)" };
        var repayment = new Command("repayment",
            "Record that the tenant paid the landlord for a month after its payout: the landlord owes that back to the guarantor")
        {
            number, repaidMonth, repaidAmount, receivedOn, Cli.IdempotencyKey,
        };
        repayment.SetAction(parse => Cli.PostAsync(parse, $"contracts/{parse.GetValue(number)}/tenant-repayments", new
        {
            month = parse.GetValue(repaidMonth),
            amount = parse.GetValue(repaidAmount),
            receivedOn = parse.GetValue(receivedOn),
        }, "Contract", idempotent: true));

        return new Command("rent", "Unpaid-rent claims") { declare, show, repayment };
    }

    /// <summary>One --month of a declaration, MONTH:DUE[:PAID[:BENEFIT]], as the API's month line, or why it is not one.</summary>
    private static (object? Line, string? Error) MonthLine(string spec)
    {
        var parts = spec.Split(':');
        var amounts = new decimal[3];
        var readable = parts.Length is >= 2 and <= 4;
        for (var i = 1; readable && i < parts.Length; i++)
        {
            readable = PlainValueParsers.TryAmount(parts[i], out amounts[i - 1]);
        }

        if (!readable)
        {
            return (null, $"--month '{spec}': expected MONTH:DUE[:PAID[:BENEFIT]], amounts written 834.50.");
        }

        return PlainValueParsers.IsMonth(parts[0])
            ? (new { month = parts[0], due = amounts[0], paidByTenant = amounts[1], housingBenefit = amounts[2] }, null)
            : (null, PlainValueParsers.NotAMonth("--month", spec));
    }

    public static Command Damage()
    {
        var number = new Argument<string>("contractNumber") { Description = "A followed by 11 digits" };
        var exitDate = new Option<DateOnly>("--exit-date") { Required = true };
        var inDate = new Option<DateOnly>("--inventory-in") { Required = true };
        var outDate = new Option<DateOnly>("--inventory-out") { Required = true };
        var cost = new Option<decimal>("--repair-cost") { Required = true };
        var deposit = new Option<decimal>("--deposit-kept") { DefaultValueFactory = _ => 0m };
        var wear = new Option<decimal?>("--wear-rate") { Description = "the lease's wear grid: total wear as a fraction from 0 to 1, at most 4 decimals (0.3333); applies when above the policy's wear over the occupancy" };
        var filedOn = new Option<DateOnly?>("--filed-on");
        var claim = new Command("claim", "File the rental damage claim of a contract")
        {
            number, exitDate, inDate, outDate, cost, deposit, wear, filedOn, Cli.IdempotencyKey,
        };
        claim.SetAction(parse => Cli.PostAsync(parse, $"contracts/{parse.GetValue(number)}/damage-claims", new
        {
            exitDate = parse.GetValue(exitDate),
            inventoryInDate = parse.GetValue(inDate),
            inventoryOutDate = parse.GetValue(outDate),
            repairCost = parse.GetValue(cost),
            depositKept = parse.GetValue(deposit),
            wearRate = parse.GetValue(wear),
            filedOn = parse.GetValue(filedOn),
        }, "Damage claim", idempotent: true));
        return new Command("damage", "Rental damage claims") { claim };
    }

    /// <summary>
    /// What a payout pays for in one column: the month of unpaid rent, or DAMAGE (whose payout has no month). Its kind and
    /// its month side by side would take 19 columns of the 80 a staff terminal has.
    /// </summary>
    private static readonly Column PayoutFor = new("month", "for")
    {
        Text = payout => payout?["month"]?.GetValue<string>() ?? payout?["kind"]?.GetValue<string>() ?? "",
    };

    public static Command Payouts()
    {
        var status = new Option<string?>("--status").OneOf("PENDING", "PAID", "CANCELLED");
        var contract = new Option<string?>("--contract") { Description = "one contract's payouts", HelpName = "NUMBER" };
        var landlord = new Option<string?>("--landlord") { Description = "one landlord's payouts" };
        var limit = new Option<int>("--limit") { DefaultValueFactory = _ => 50 };
        var after = new Option<string?>("--after") { Description = Cli.AfterDescription, HelpName = "CURSOR" };
        var list = new Command("list", "Payouts to transfer (staff); --status PAID shows when and with which bank reference")
        {
            status, contract, landlord, limit, after,
        };
        list.SetAction(parse =>
        {
            // Staff read this at 80 columns: the receipt number (the payout id under another prefix) is left to --json, and
            // a page of paid payouts, all PAID, shows instead when and how each went out.
            var wanted = parse.GetValue(status);
            Column[] columns =
            [
                new("payoutId", "payout"), new("contractNumber", "contract"), new("landlordId", "landlord"), PayoutFor, "amount",
                .. wanted == "PAID"
                    ? new Column[] { new("paidOn", "paid"), new("bankReference", "bank ref") }
                    : ["status", new("createdOn", "created")],
            ];
            return Cli.ListAsync(parse, "payouts" + Cli.Query(("status", wanted), ("contract", parse.GetValue(contract)),
                ("landlordId", parse.GetValue(landlord)), ("limit", parse.GetValue(limit).ToString()),
                ("after", parse.GetValue(after))), columns);
        });

        var id = new Argument<string>("payoutId") { Description = "P-, the contract number's 11 digits, - and a sequence: P-10000000001-001" };
        var reference = new Option<string>("--bank-reference") { Required = true };
        var paidOn = new Option<DateOnly?>("--paid-on");
        var markPaid = new Command("mark-paid", "Record that the transfer was made") { id, reference, paidOn, Cli.IdempotencyKey };
        markPaid.SetAction(parse => Cli.PostAsync(parse, $"payouts/{parse.GetValue(id)}/paid",
            new { bankReference = parse.GetValue(reference), paidOn = parse.GetValue(paidOn) }, "Payout", idempotent: true));
        return new Command("payouts", "Payouts to landlords") { list, markPaid };
    }
}
