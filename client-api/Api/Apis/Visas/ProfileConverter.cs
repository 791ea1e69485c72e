using System.Text.Json;
using System.Text.Json.Serialization;

namespace ActionLogement.Api.Apis.Visas;

/// <summary>
/// A visa request's profile: a name this engine does not know is read as <see cref="Profile.Unknown"/>, so the request is
/// refused by the rules (422 <c>profile_unknown</c>, §3) rather than as a malformed body; anything but a string still is.
/// </summary>
public sealed class ProfileConverter : JsonConverter<Profile>
{
    public override Profile Read(ref Utf8JsonReader reader, Type typeToConvert, JsonSerializerOptions options) =>
        reader.TokenType == JsonTokenType.String
            ? ApiSpelling<Profile>.TryParse(reader.GetString(), out var profile) ? profile : Profile.Unknown
            : throw new JsonException("A profile is a string.");

    public override void Write(Utf8JsonWriter writer, Profile value, JsonSerializerOptions options) =>
        writer.WriteStringValue(ApiSpelling<Profile>.Of(value));
}
