using System.Text.Json;
using System.Text.Json.Serialization;

namespace RewardEngine.Configuration;

/// <summary>
/// Reads and writes config enums by their JSON names (<see cref="ConfigNames"/>). An unknown name or a value of
/// another type fails at load with the allowed names, so no component ever meets a string it must interpret.
/// </summary>
internal sealed class ConfigEnumConverter : JsonConverterFactory
{
    public override bool CanConvert(Type typeToConvert) => typeToConvert.IsEnum;

    public override JsonConverter CreateConverter(Type typeToConvert, JsonSerializerOptions options) =>
        (JsonConverter)Activator.CreateInstance(typeof(Converter<>).MakeGenericType(typeToConvert))!;

    private sealed class Converter<T> : JsonConverter<T> where T : struct, Enum
    {
        public override T Read(ref Utf8JsonReader reader, Type typeToConvert, JsonSerializerOptions options)
        {
            if (reader.TokenType != JsonTokenType.String)
                throw new JsonException($"expected one of {ConfigNames.Expected<T>()} (a string), got {Describe(ref reader)}");
            var s = reader.GetString();
            return ConfigNames.TryParse<T>(s, out var value) ? value
                : throw new JsonException($"unknown '{s}' (expected {ConfigNames.Expected<T>()})");
        }

        public override void Write(Utf8JsonWriter writer, T value, JsonSerializerOptions options) =>
            writer.WriteStringValue(ConfigNames.Of(value));

        private static string Describe(ref Utf8JsonReader reader) => reader.TokenType switch
        {
            JsonTokenType.Null => "null",
            JsonTokenType.Number => "a number",
            JsonTokenType.True or JsonTokenType.False => "true/false",
            JsonTokenType.StartObject => "an object",
            JsonTokenType.StartArray => "an array",
            _ => reader.TokenType.ToString(),
        };
    }
}
