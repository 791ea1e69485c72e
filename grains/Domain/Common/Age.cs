namespace ActionLogement.Domain;

public static class Age
{
    /// <summary>Whole years completed on <paramref name="date"/>; a person born on 29 February ages on 28 February.</summary>
    public static int On(DateOnly birthDate, DateOnly date)
    {
        var age = date.Year - birthDate.Year;
        return birthDate.AddYears(age) > date ? age - 1 : age;
    }
}
