namespace ActionLogement.Api.Infrastructure;

/// <summary>
/// Query values (list filters, cursors) reach PostgreSQL as text, which cannot hold U+0000: a value with a control
/// character is refused before any endpoint runs, as the JSON texts of a body are (<see cref="TextJsonConverter"/>).
/// </summary>
public sealed class QueryTextMiddleware(RequestDelegate next)
{
    public async Task InvokeAsync(HttpContext context)
    {
        foreach (var (name, values) in context.Request.Query)
        {
            if (TextJsonConverter.HasControlCharacter(name) || values.Any(v => TextJsonConverter.HasControlCharacter(v)))
            {
                await Problems.WriteAsync(context, 400, "invalid_value", $"'{Printable(name)}' may not contain control characters.", Printable(name));
                return;
            }
        }

        await next(context);
    }

    private static string Printable(string name) => TextJsonConverter.HasControlCharacter(name) ? "query" : name;
}
