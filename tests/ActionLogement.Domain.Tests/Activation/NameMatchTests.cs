namespace ActionLogement.Domain.Tests.Activation;

public sealed class NameMatchTests
{
    [Theory]
    [InlineData("Hélène Lefèvre-Cœur", "HELENE LEFEVRE COEUR")]
    [InlineData("  françois   ", "FRANCOIS")]
    [InlineData("Ñúñez", "nunez")]
    public void Names_match_without_case_accents_or_hyphens(string a, string b) => Assert.True(Names.Match(a, b));

    [Fact]
    public void Different_names_do_not_match() => Assert.False(Names.Match("Martin", "Martine"));

    // A surname of a lone combining accent folds to nothing, as an empty one does: neither is a name to match.
    [Theory]
    [InlineData("\u0301", "")]
    [InlineData("", "")]
    [InlineData(" - ", "-")]
    public void Names_with_no_letter_left_match_nothing(string a, string b) => Assert.False(Names.Match(a, b));
}
