using System.Text.Json;
using System.Text.Json.Serialization;

namespace ActionLogement.Api.Apis.Visas;

/// <summary>
/// A visa request's profile: read as every enum of the API is (the body's options, case ignored), except that a name
/// this engine does not know is <see cref="Profile.Unknown"/>, so the request is refused by the rules (422
/// <c>profile_unknown</c>, §3) rather than as a malformed body; anything but a string still is.
/// </summary>
public sealed class ProfileConverter : JsonConverter<Profile>
{
    public override Profile Read(ref Utf8JsonReader reader, Type typeToConvert, JsonSerializerOptions options)
    {
        if (reader.TokenType != JsonTokenType.String)
        {
            throw new JsonException("A profile is a string.");
        }

        try
        {
            return ((JsonConverter<Profile>)options.GetConverter(typeof(Profile))).Read(ref reader, typeToConvert, options);
        }
        catch (JsonException)
        {
            return Profile.Unknown;
        }
    }

    public override void Write(Utf8JsonWriter writer, Profile value, JsonSerializerOptions options) =>
        ((JsonConverter<Profile>)options.GetConverter(typeof(Profile))).Write(writer, value, options);
}
