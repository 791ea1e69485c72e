using System.CommandLine;
using System.Text.Json.Nodes;

namespace ActionLogement.Cli.Commands;

public static class VisaCommands
{
    public static Command Create()
    {
        var number = new Argument<string>("visaNumber") { Description = "V followed by 11 digits" };
        var lastName = new Option<string?>("--last-name") { Description = "the holder's surname: a landlord or partner sees a visa only with it" };
        var show = new Command("show", "Show a visa") { number, lastName };
        show.SetAction(async parse =>
        {
            var client = GlobalOptions.Client(parse);
            var surname = parse.GetValue(lastName);
            var (code, body) = await client.SendAsync(HttpMethod.Get, $"visas/{parse.GetValue(number)}" + Cli.Query(("lastName", surname)));
            if (code == 0)
            {
                client.Output.Record(body, "Visa");
            }
            else if (surname is null && !client.Output.IsJson && (body?["status"] as JsonValue)?.TryGetValue(out int status) == true
                && status == 404 && client.KeyRole is not ("tenant" or "staff" or "admin" or "operator"))
            {
                // The API answers a landlord who does not name the holder as it answers an unknown number.
                await Console.Error.WriteLineAsync("A landlord or partner sees a visa only with its holder's surname: add --last-name SURNAME.");
            }

            return code;
        });

        var first = new Option<string>("--first-name") { Required = true };
        var last = new Option<string>("--last-name") { Required = true };
        var birth = new Option<DateOnly>("--birth-date") { Required = true };
        var profile = new Option<string>("--profile") { Required = true }
            .OneOf("YOUNG", "STUDENT", "EMPLOYEE", "NEW_HIRE", "TRANSFER", "MOBILITY_LEASE");
        var resources = new Option<decimal?>("--resources")
        {
            Description = "monthly net resources: a ceiling is at most half of them (left out, the visa is refused: resources_missing; a student may give --student-proof false instead)",
        };
        var requestDate = new Option<DateOnly?>("--request-date") { Description = "the request's date (default today; staff may backdate)" };
        var contract = new Option<string?>("--contract") { Description = "the employment contract" }
            .OneOf("CDI", "CDD", "TRIAL", "PROMISE_OF_HIRE", "APPRENTICESHIP", "INTERNSHIP", "CIVIC_SERVICE", "TRAINING",
                "TEMPORARY_ASSIGNMENT", "NONE");
        var salary = new Option<decimal?>("--net-salary") { Description = "monthly net salary; needs --contract" };
        var start = new Option<DateOnly?>("--start-date") { Description = "the job's start; needs --contract" };
        var end = new Option<DateOnly?>("--end-date") { Description = "the job's end; needs --contract" };
        var worked = new Option<int?>("--months-worked-last3")
        {
            Description = "months worked in the last 3 (a CDD under one month needs 1); needs --contract",
        };
        var transfer = new Option<DateOnly?>("--transfer-date") { Description = "the job transfer's date (TRANSFER); needs --contract" };

        // Alone it reads as a switch, yet its false is the only way to declare a student without proof of resources.
        var proof = new Option<bool?>("--student-proof")
        {
            Description = "a student: true (or the option alone) with proof of resources; false without proof (the zone's " +
                "flat student ceiling then applies)",
            HelpName = "true|false",
        };
        var request = new Command("request", "Request a visa")
        {
            first, last, birth, profile, resources, requestDate, contract, salary, start, end, worked, transfer, proof,
            Cli.IdempotencyKey,
        };

        // The API's employment is one object whose contract is required: its other fields alone would be dropped.
        Option[] employmentDetails = [salary, start, end, worked, transfer];
        request.Validators.Add(result =>
        {
            if (result.GetResult(contract) is null && employmentDetails.FirstOrDefault(o => result.GetResult(o) is not null) is { } given)
            {
                result.AddError($"{given.Name} describes the employment: give --contract too.");
            }
        });
        request.SetAction(parse =>
        {
            var employment = parse.GetValue(contract) is { } c
                ? new
                {
                    contract = c,
                    netSalary = parse.GetValue(salary),
                    startDate = parse.GetValue(start),
                    endDate = parse.GetValue(end),
                    monthsWorkedLast3 = parse.GetValue(worked),
                    transferDate = parse.GetValue(transfer),
                }
                : null;
            var student = parse.GetValue(proof) is { } p ? new { hasProofOfResources = p } : null;
            return Cli.PostAsync(parse, "visas", new
            {
                firstName = parse.GetValue(first),
                lastName = parse.GetValue(last),
                birthDate = parse.GetValue(birth),
                profile = parse.GetValue(profile),
                requestDate = parse.GetValue(requestDate),
                monthlyResources = parse.GetValue(resources),
                student,
                employment,
            }, "Visa", idempotent: true);
        });

        return new Command("visa", "Visas (tenant certificates)") { request, show };
    }
}
