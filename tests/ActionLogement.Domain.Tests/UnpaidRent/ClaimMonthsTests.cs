using System.Collections.Immutable;
using static ActionLogement.Domain.Tests.Samples;

namespace ActionLogement.Domain.Tests.UnpaidRent;

public sealed class ClaimMonthsTests
{
    [Fact]
    public void Months_read_in_calendar_order_whatever_order_they_were_set_in()
    {
        var months = With(ClaimMonths.Empty, "2025-09", "2025-07", "2025-08");
        months = With(months, "2025-06", "2025-10");

        Assert.Equal(["2025-06", "2025-07", "2025-08", "2025-09", "2025-10"], months.Select(m => m.Month.ToString()));
        Assert.Equal(5, months.Count);
        Assert.Equal(M("2025-08"), months[M("2025-08")].Month);
        Assert.False(months.ContainsKey(M("2025-11")));
        Assert.Throws<KeyNotFoundException>(() => months[M("2025-11")]);
    }

    [Fact]
    public void Setting_a_month_it_has_replaces_that_month_only()
    {
        var months = With(ClaimMonths.Empty, "2025-07", "2025-08", "2025-09");

        var corrected = months.SetItem(Month("2025-08") with { Due = 500m });

        Assert.Equal([800m, 500m, 800m], corrected.Select(m => m.Due));
        Assert.Equal([800m, 800m, 800m], months.Select(m => m.Due));
    }

    /// <summary>
    /// Versions share an array when each appends to the last, so the property that matters is that no version ever
    /// sees what another one wrote: here random versions grow from random earlier ones, as a tree, and every version
    /// is checked against a sorted dictionary built the plain way, after every step.
    /// </summary>
    [Theory]
    [InlineData(1)]
    [InlineData(2)]
    [InlineData(3)]
    [InlineData(4)]
    [InlineData(5)]
    public void Every_version_keeps_its_own_months_while_others_grow_from_it(int seed)
    {
        var random = new Random(seed);
        var versions = new List<(ClaimMonths Months, ImmutableSortedDictionary<YearMonth, ClaimMonth> Model)>
        {
            (ClaimMonths.Empty, ImmutableSortedDictionary<YearMonth, ClaimMonth>.Empty),
        };
        for (var step = 0; step < 400; step++)
        {
            // Mostly the newest version, as a contract does; sometimes an older one, as a replay does.
            var (months, model) = versions[random.Next(4) == 0 ? random.Next(versions.Count) : versions.Count - 1];
            var builder = months.ToBuilder();
            for (var k = random.Next(1, 4); k > 0; k--)
            {
                // Mostly the month after the last, sometimes one before it or one already there.
                var last = model.Count == 0 ? M("2025-01") : model.Keys.Last();
                var month = random.Next(5) == 0 ? last.AddMonths(-random.Next(12)) : last.AddMonths(random.Next(1, 3));
                var value = Month(month.ToString()) with { Due = random.Next(1, 2000) };
                builder.Set(value);
                model = model.SetItem(month, value);
            }

            versions.Add((builder.ToImmutable(), model));
            Assert.All(versions, v => Assert.Equal(v.Model.Values, v.Months));
        }
    }

    [Fact]
    public void A_month_appended_to_the_newest_version_allocates_nothing_but_one_appended_to_an_older_version_copies()
    {
        // Warm up both paths on months of their own, so the measured calls compile nothing.
        var warm = With(ClaimMonths.Empty, "2024-01");
        _ = (AllocatedBy(() => With(warm, "2024-02")), AllocatedBy(() => With(warm, "2024-03")));

        var first = With(ClaimMonths.Empty, "2025-07", "2025-08");
        var newest = With(first, "2025-09");

        var appendToNewest = newest.ToBuilder();
        appendToNewest.Set(Month("2025-11"));
        var appendToOlder = first.ToBuilder();
        appendToOlder.Set(Month("2025-11"));

        Assert.Equal(0, AllocatedBy(() => appendToNewest.ToImmutable()));
        Assert.True(AllocatedBy(() => appendToOlder.ToImmutable()) > 0);
        Assert.Equal(["2025-07", "2025-08", "2025-11"], appendToOlder.ToImmutable().Select(m => m.Month.ToString()));
    }

    [Fact]
    public void Equal_when_the_same_months_have_the_same_figures()
    {
        var a = With(ClaimMonths.Empty, "2025-07", "2025-08");
        var b = With(With(ClaimMonths.Empty, "2025-08"), "2025-07");

        Assert.Equal(a, b);
        Assert.NotEqual(a, a.SetItem(Month("2025-08") with { PaidByTenant = 1m }));
        Assert.NotEqual(a, With(a, "2025-09"));
    }

    private static ClaimMonth Month(string month) =>
        new(M(month), 800m, 0m, 0m, 800m, 0m, 0m, 0m, null, M(month).FirstDay.AddDays(20), false, false);

    private static ClaimMonths With(ClaimMonths months, params string[] added)
    {
        var builder = months.ToBuilder();
        foreach (var month in added)
        {
            builder.Set(Month(month));
        }

        return builder.ToImmutable();
    }

    private static long AllocatedBy(Func<ClaimMonths> build)
    {
        var before = GC.GetAllocatedBytesForCurrentThread();
        _ = build();
        return GC.GetAllocatedBytesForCurrentThread() - before;
    }
}
