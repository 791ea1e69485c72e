namespace ActionLogement.Api.Infrastructure;

/// <summary>Lets the audit trail see the rule code of a refusal returned by an endpoint.</summary>
public sealed class ProblemCodeFilter : IEndpointFilter
{
    public async ValueTask<object?> InvokeAsync(EndpointFilterInvocationContext context, EndpointFilterDelegate next)
    {
        var result = await next(context);
        if (result is INestedHttpResult { Result: ProblemHttpResult nested })
        {
            result = nested;
        }

        if (result is ProblemHttpResult problem && problem.ProblemDetails.Extensions.TryGetValue("code", out var code))
        {
            context.HttpContext.Items[Problems.CodeItem] = code?.ToString();
        }

        return result;
    }
}
