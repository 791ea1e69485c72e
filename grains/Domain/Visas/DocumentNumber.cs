namespace ActionLogement.Domain;

/// <summary>Numbers made of one letter and 11 digits (visa V10252909468, contract A19062113869).</summary>
internal static class DocumentNumber
{
    public const int Digits = 11;
    private const long Limit = 100_000_000_000;

    public static bool IsValid(string? text, char prefix) =>
        text is { Length: 1 + Digits } && text[0] == prefix && !text.AsSpan(1).ContainsAnyExceptInRange('0', '9');

    public static string Format(char prefix, long sequence)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(sequence);
        ArgumentOutOfRangeException.ThrowIfGreaterThanOrEqual(sequence, Limit);
        return string.Create(CultureInfo.InvariantCulture, $"{prefix}{sequence:D11}");
    }
}

public static class VisaNumber
{
    public const char Prefix = 'V';

    public static bool IsValid(string? text) => DocumentNumber.IsValid(text, Prefix);

    public static string Format(long sequence) => DocumentNumber.Format(Prefix, sequence);
}

public static class ContractNumber
{
    public const char Prefix = 'A';

    public static bool IsValid(string? text) => DocumentNumber.IsValid(text, Prefix);

    public static string Format(long sequence) => DocumentNumber.Format(Prefix, sequence);
}
