namespace ActionLogement.Domain;

public enum Zone
{
    Idf,
    Tense,
    Other,
}
