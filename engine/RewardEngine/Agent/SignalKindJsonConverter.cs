using System.Text.Json;
using System.Text.Json.Serialization;

namespace RewardEngine.Agent;

/// <summary>
/// A <see cref="SignalKind"/> as its name. Reads the numbers the kinds were written as while they were an enum
/// (0 preference, 1 constraint, 2 factuality), so signal stores written then stay readable.
/// </summary>
internal sealed class SignalKindJsonConverter : JsonConverter<SignalKind>
{
    private static readonly SignalKind[] Legacy = [SignalKind.Preference, SignalKind.Constraint, SignalKind.Factuality];

    public override SignalKind Read(ref Utf8JsonReader reader, Type typeToConvert, JsonSerializerOptions options)
    {
        if (reader.TokenType == JsonTokenType.Number && reader.TryGetInt32(out var n) && n >= 0 && n < Legacy.Length) return Legacy[n];
        if (reader.TokenType != JsonTokenType.String) throw new JsonException("a signal kind is a name");
        try { return new SignalKind(reader.GetString()!); }
        catch (ArgumentException e) { throw new JsonException(e.Message); }
    }

    public override void Write(Utf8JsonWriter writer, SignalKind value, JsonSerializerOptions options) => writer.WriteStringValue(value.Name);
}
