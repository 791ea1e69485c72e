using System.Net;

namespace ActionLogement.IntegrationTests.Api;

/// <summary>
/// Every error is the API's ProblemDetails (API.md: <c>code</c> and <c>errors</c>, in the API's own words), including
/// those the framework raises before an endpoint runs.
/// </summary>
[Collection("cluster")]
public sealed class ErrorShapeApiTests(ClusterFixture fixture)
{
    [Fact]
    public async Task A_401_without_a_key_names_the_bearer_scheme()
    {
        var response = await fixture.Api.CreateClient().GetAsync("/api/v1/contracts");
        await Expect.ProblemAsync(response, HttpStatusCode.Unauthorized, "unauthorized");
        var challenge = Assert.Single(response.Headers.WwwAuthenticate);
        Assert.Equal("Bearer", challenge.Scheme);
        Assert.Null(challenge.Parameter);
    }

    [Fact]
    public async Task A_401_for_an_unknown_key_says_the_token_is_invalid()
    {
        var http = fixture.Api.CreateClient();
        http.DefaultRequestHeaders.Add("Authorization", "Bearer al_nobody_0000");
        var response = await http.GetAsync("/api/v1/contracts");
        await Expect.ProblemAsync(response, HttpStatusCode.Unauthorized, "unauthorized");
        var challenge = Assert.Single(response.Headers.WwwAuthenticate);
        Assert.Equal("Bearer", challenge.Scheme);
        Assert.Equal("error=\"invalid_token\"", challenge.Parameter);
    }
}
