using System.Reflection;

namespace ActionLogement.Domain.Tests.Common;

public sealed class RuleCodeTests
{
    [Fact]
    public void Every_code_is_distinct_snake_case()
    {
        var codes = typeof(RuleCodes).GetFields(BindingFlags.Public | BindingFlags.Static).Select(f => (string)f.GetValue(null)!).ToList();
        Assert.Equal(codes.Count, codes.Distinct().Count());
        Assert.All(codes, c => Assert.Matches("^[a-z]+(_[a-z0-9]+)*$", c));
    }
}
