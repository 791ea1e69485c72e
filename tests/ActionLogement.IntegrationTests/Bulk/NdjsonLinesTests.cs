using ActionLogement.Api.Apis.Bulk;

namespace ActionLogement.IntegrationTests.Bulk;

/// <summary>How an NDJSON upload is cut into lines, with a bound on what one line may hold.</summary>
public sealed class NdjsonLinesTests
{
    private static async Task<List<string?>> LinesAsync(string text, int max)
    {
        var lines = new List<string?>();
        await foreach (var line in NdjsonLines.ReadAsync(new StringReader(text), CancellationToken.None, max))
        {
            lines.Add(line);
        }

        return lines;
    }

    [Fact]
    public async Task Lines_end_at_LF_or_CRLF_and_the_last_needs_no_break()
    {
        Assert.Equal(["a", "", "b", "c"], await LinesAsync("a\r\n\nb\nc", 10));
    }

    [Fact]
    public async Task A_line_over_the_bound_comes_back_null_and_its_neighbours_whole()
    {
        Assert.Equal(["1234", null, "ok", null], await LinesAsync("1234\n12345\nok\n" + new string('z', 50), 4));
    }

    [Fact]
    public async Task The_carriage_return_of_a_CRLF_does_not_count_towards_the_bound()
    {
        Assert.Equal(["1234", null, "ok"], await LinesAsync("1234\r\n12345\r\nok\r\n", 4));
    }

    [Fact]
    public async Task A_line_longer_than_the_read_buffer_is_kept_whole_within_the_bound()
    {
        var long1 = new string('a', 40_000);
        var long2 = new string('b', NdjsonLines.MaxLineChars);
        Assert.Equal([long1, long2, null, "end"],
            await LinesAsync($"{long1}\n{long2}\n{long2}b\nend\n", NdjsonLines.MaxLineChars));
    }
}
