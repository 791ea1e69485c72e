namespace ActionLogement.Domain.Tests.Common;

public sealed class RequestDateTests
{
    private static readonly DateOnly Today = Samples.D("2026-03-10");

    [Fact]
    public void A_date_in_the_future_is_refused_even_for_staff() =>
        Assert.Equal(RuleCodes.DateOutOfRange, RequestDates.Check(Today.AddDays(1), Today, mayBackdate: true, Samples.V2026, "declaredOn")?.Code);

    [Fact]
    public void A_landlord_may_backdate_by_7_days_but_not_8()
    {
        Assert.Null(RequestDates.Check(Today.AddDays(-7), Today, mayBackdate: false, Samples.V2026, "declaredOn"));
        Assert.Equal(RuleCodes.DateOutOfRange, RequestDates.Check(Today.AddDays(-8), Today, mayBackdate: false, Samples.V2026, "declaredOn")?.Code);
    }

    [Fact]
    public void Staff_may_backdate_further() =>
        Assert.Null(RequestDates.Check(Today.AddYears(-1), Today, mayBackdate: true, Samples.V2026, "declaredOn"));

    [Fact]
    public void A_planned_date_is_within_a_year_of_today_either_way()
    {
        Assert.Null(RequestDates.CheckPlanned(Today.AddDays(-RequestDates.HorizonDays), Today, "nextActionOn"));
        Assert.Null(RequestDates.CheckPlanned(Today.AddDays(RequestDates.HorizonDays), Today, "nextActionOn"));
        Assert.Equal(RuleCodes.DateOutOfRange, RequestDates.CheckPlanned(Today.AddDays(-RequestDates.HorizonDays - 1), Today, "nextActionOn")?.Code);
        Assert.Equal(RuleCodes.DateOutOfRange, RequestDates.CheckPlanned(Today.AddDays(RequestDates.HorizonDays + 1), Today, "nextActionOn")?.Code);
    }

    [Fact]
    public void A_date_checked_ahead_may_be_long_past_but_not_more_than_a_year_ahead()
    {
        Assert.Null(RequestDates.CheckAhead(Today.AddYears(-20), Today, "exitDate"));
        Assert.Equal("exitDate", RequestDates.CheckAhead(Today.AddDays(RequestDates.HorizonDays + 1), Today, "exitDate")?.Field);
    }
}
