using System.CommandLine;

namespace ActionLogement.Cli.Commands;

public static class RecoveryCommands
{
    /// <summary>A case's lists, each printed as a table of its own under the case.</summary>
    private static readonly (string Field, Column[] Columns)[] CaseLists =
    [
        ("plan.schedule", [new("number", "#"), new("dueDate", "due"), "amount"]),
        ("payments", ["paidOn", "amount", "reference", "by"]),
        ("refundsToTenant", ["paidOn", "amount", "reference", "by"]),
        ("timeline", ["at", "by", "kind", "text", "note"]),
    ];

    public static Command Create()
    {
        var state = new Option<string?>("--state")
            .OneOf("AMICABLE", "PLAN_ACTIVE", "PLAN_DEFAULTED", "LITIGATION", "OVER_INDEBTEDNESS", "CLOSED_PAID", "CLOSED_WRITTEN_OFF");
        var dueBefore = new Option<DateOnly?>("--due-before");
        var ofContract = new Option<string?>("--contract") { Description = "the case of this contract", HelpName = "NUMBER" };
        var limit = new Option<int>("--limit") { DefaultValueFactory = _ => 50 };
        var after = new Option<string?>("--after") { Description = Cli.AfterDescription, HelpName = "CURSOR" };
        var queue = new Command("queue", "The staff work queue, soonest next action first; with a tenant key, the tenant's own cases") { state, dueBefore, ofContract, limit, after };
        queue.SetAction(parse => Cli.ListAsync(parse,
            "recovery-cases" + Cli.Query(("state", parse.GetValue(state)), ("due-before", parse.GetValue(dueBefore)?.ToString("yyyy-MM-dd")),
                ("contract", parse.GetValue(ofContract)), ("limit", parse.GetValue(limit).ToString()), ("after", parse.GetValue(after))),
            new("caseId", "case"), new("contractNumber", "contract"), "state", "debt", new("nextActionOn", "next action"), "missed"));

        var id = new Argument<string>("caseId") { Description = "R followed by 11 digits" };
        var show = new Command("show", "A case: debt, plan, payments, timeline") { id };
        show.SetAction(parse => Cli.ShowAsync(parse, $"recovery-cases/{parse.GetValue(id)}", "Recovery case", CaseLists));

        // Stated, not assumed: a contact by letter recorded as a phone call would tell the tenant a call was made.
        var channel = new Option<string>("--channel") { Required = true }
            .OneOf("PHONE", "EMAIL", "LETTER", "SMS", "VISIT", "OTHER");
        var note = new Option<string>("--note") { Required = true };
        var next = new Option<DateOnly?>("--next-action");
        var contact = new Command("contact", "Record a contact with the tenant") { id, channel, note, next, Cli.IdempotencyKey };
        contact.SetAction(parse => Cli.PostAsync(parse, $"recovery-cases/{parse.GetValue(id)}/contacts",
            new { channel = parse.GetValue(channel), note = parse.GetValue(note), nextActionOn = parse.GetValue(next) }, "Recovery case",
            idempotent: true, listOf: CaseLists));

        var amount = new Option<decimal>("--monthly-amount") { Required = true };
        var first = new Option<DateOnly>("--first-due") { Required = true };
        var count = new Option<int>("--instalments") { Required = true };
        var resources = new Option<decimal>("--tenant-resources")
        {
            Required = true,
            Description = "the tenant's monthly resources: an amicable plan's instalment stays within its share of them",
        };
        var plan = new Command("plan", "Propose or replace the repayment plan") { id, amount, first, count, resources, Cli.IdempotencyKey };
        plan.SetAction(parse => Cli.PostAsync(parse, $"recovery-cases/{parse.GetValue(id)}/plan", new
        {
            monthlyAmount = parse.GetValue(amount),
            firstDueDate = parse.GetValue(first),
            instalments = parse.GetValue(count),
            tenantMonthlyResources = parse.GetValue(resources),
        }, "Recovery case", idempotent: true, listOf: CaseLists));

        var payAmount = new Option<decimal>("--amount") { Required = true };
        var paidOn = new Option<DateOnly?>("--paid-on");
        var reference = new Option<string?>("--reference");
        var pay = new Command("pay", "Record a tenant payment") { id, payAmount, paidOn, reference, Cli.IdempotencyKey };
        pay.SetAction(parse => Cli.PostAsync(parse, $"recovery-cases/{parse.GetValue(id)}/payments",
            new { amount = parse.GetValue(payAmount), paidOn = parse.GetValue(paidOn), reference = parse.GetValue(reference) },
            "Recovery case", idempotent: true, listOf: CaseLists));

        var kind = new Option<string>("--kind") { Required = true }.OneOf("LITIGATION", "OVER_INDEBTEDNESS");
        var reason = new Option<string>("--reason") { Required = true };
        var court = new Option<string?>("--court-reference");
        var delay = new Option<int?>("--court-delay-months");
        var fileDate = new Option<DateOnly?>("--file-date");
        var measure = new Option<string?>("--measure") { Description = "the commission's measure (OVER_INDEBTEDNESS)" }
            .OneOf("SUSPENSION", "RESCHEDULE_PLAN", "WRITE_OFF");
        var suspension = new Option<int?>("--suspension-months");
        var escalate = new Command("escalate", "Escalate to litigation or over-indebtedness")
        {
            id, kind, reason, court, delay, fileDate, measure, suspension, Cli.IdempotencyKey,
        };
        escalate.SetAction(parse => Cli.PostAsync(parse, $"recovery-cases/{parse.GetValue(id)}/escalate", new
        {
            kind = parse.GetValue(kind),
            reason = parse.GetValue(reason),
            courtReference = parse.GetValue(court),
            courtDelayMonths = parse.GetValue(delay),
            fileDate = parse.GetValue(fileDate),
            measure = parse.GetValue(measure),
            suspensionMonths = parse.GetValue(suspension),
        }, "Recovery case", idempotent: true, listOf: CaseLists));

        var writeOffAmount = new Option<decimal>("--amount") { Required = true, Description = "the whole remaining debt" };
        var writeOffReason = new Option<string>("--reason") { Required = true };
        var writeOff = new Command("write-off", "Write the debt off and close the case (from PLAN_DEFAULTED, LITIGATION or OVER_INDEBTEDNESS)") { id, writeOffAmount, writeOffReason, Cli.IdempotencyKey };
        writeOff.SetAction(parse => Cli.PostAsync(parse, $"recovery-cases/{parse.GetValue(id)}/write-off",
            new { amount = parse.GetValue(writeOffAmount), reason = parse.GetValue(writeOffReason) }, "Recovery case",
            idempotent: true, listOf: CaseLists));

        var refundAmount = new Option<decimal>("--amount") { Required = true, Description = "at most what the tenant overpaid" };
        var refundReference = new Option<string>("--bank-reference") { Required = true };
        var refundedOn = new Option<DateOnly?>("--paid-on");
        var refund = new Command("refund", "Record paying the tenant back what it overpaid")
        {
            id, refundAmount, refundReference, refundedOn, Cli.IdempotencyKey,
        };
        refund.SetAction(parse => Cli.PostAsync(parse, $"recovery-cases/{parse.GetValue(id)}/tenant-refunds",
            new { amount = parse.GetValue(refundAmount), bankReference = parse.GetValue(refundReference), paidOn = parse.GetValue(refundedOn) },
            "Recovery case", idempotent: true, listOf: CaseLists));

        return new Command("recovery", "Tenant debt recovery") { queue, show, contact, plan, pay, escalate, writeOff, refund };
    }
}
