namespace ActionLogement.Domain.Tests.Common;

public sealed class YearMonthTests
{
    [Fact]
    public void A_month_parses_from_and_prints_as_year_dash_month()
    {
        var month = YearMonth.Parse("2026-03");
        Assert.Equal(new YearMonth(2026, 3), month);
        Assert.Equal("2026-03", month.ToString());
    }

    [Theory]
    [InlineData("2026-13")]
    [InlineData("2026-00")]
    [InlineData("26-03")]
    [InlineData("2026-3")]
    [InlineData("2026/03")]
    [InlineData("2026-03-01")]
    [InlineData(" 2026-03")]
    [InlineData("")]
    [InlineData(null)]
    public void Malformed_months_are_rejected(string? text)
    {
        Assert.False(YearMonth.TryParse(text, out _));
        if (text is not null)
        {
            Assert.Throws<FormatException>(() => YearMonth.Parse(text));
        }
    }

    [Fact]
    public void First_and_last_days_follow_the_calendar()
    {
        Assert.Equal(Samples.D("2024-02-29"), Samples.M("2024-02").LastDay);
        Assert.Equal(Samples.D("2026-02-28"), Samples.M("2026-02").LastDay);
        Assert.Equal(Samples.D("2026-02-01"), Samples.M("2026-02").FirstDay);
        Assert.Equal(Samples.M("2026-02"), YearMonth.From(Samples.D("2026-02-17")));
    }

    [Fact]
    public void Adding_months_crosses_years_both_ways()
    {
        Assert.Equal(Samples.M("2027-01"), Samples.M("2026-12").AddMonths(1));
        Assert.Equal(Samples.M("2025-12"), Samples.M("2026-01").AddMonths(-1));
        Assert.Equal(35, YearMonth.MonthsBetween(Samples.M("2026-01"), Samples.M("2028-12")));
        Assert.True(Samples.M("2025-12") < Samples.M("2026-01"));
        Assert.True(Samples.M("2026-01") >= Samples.M("2026-01"));
    }

    [Property]
    public bool Printing_then_parsing_gives_the_same_month(PositiveInt index)
    {
        var month = new YearMonth(2000, 1).AddMonths(index.Get % 12_000);
        return YearMonth.Parse(month.ToString()) == month
            && YearMonth.MonthsBetween(new YearMonth(2000, 1), month) == index.Get % 12_000;
    }
}
