namespace ActionLogement.Api.Infrastructure;

/// <summary>
/// Query values (list filters, cursors) reach PostgreSQL as text, which cannot hold U+0000: a name or value with a
/// character <see cref="TextCharacters"/> refuses is a 400 before any endpoint runs, as a body's texts are.
/// </summary>
public sealed class QueryTextMiddleware(RequestDelegate next)
{
    public async Task InvokeAsync(HttpContext context)
    {
        foreach (var (name, values) in context.Request.Query)
        {
            if (Refused(name) is { } inName)
            {
                await Problems.WriteAsync(context, 400, "invalid_value", $"A query parameter's name {inName}.", "query");
                return;
            }

            foreach (var value in values)
            {
                if (Refused(value) is { } inValue)
                {
                    await Problems.WriteAsync(context, 400, "invalid_value", $"'{name}' {inValue}.", name);
                    return;
                }
            }
        }

        await next(context);
    }

    private static string? Refused(string? text) =>
        TextCharacters.IndexOfRefused(text, multiLine: false) is >= 0 and var at ? TextCharacters.Describe(text, at) : null;
}
