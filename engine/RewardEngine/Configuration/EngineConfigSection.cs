using System.Globalization;
using System.Text.Json;
using System.Text.Json.Nodes;
using System.Text.Json.Serialization.Metadata;
using Microsoft.Extensions.Configuration;

namespace RewardEngine.Configuration;

/// <summary>
/// The engine config read from a Microsoft.Extensions.Configuration section (appsettings.json, environment
/// variables, the command line): the keys are those of the JSON config file (profile, judger:kind, llm:planner,
/// ...), matched without regard to case, and the same checks apply, with the same messages (RWD200).
/// </summary>
public static class EngineConfigSection
{
    /// <summary>
    /// Reads <paramref name="section"/> as a config; relative paths resolve against <paramref name="baseDirectory"/>
    /// (default: the current folder). An empty section is the default config (profile verifiers-only).
    /// </summary>
    /// <param name="catalog">The verifiers whose options, weight keys and router questions the section may use (default: the engine's).</param>
    public static EngineConfig Read(IConfiguration section, string? baseDirectory = null, Agent.VerifierCatalog? catalog = null)
    {
        ArgumentNullException.ThrowIfNull(section);
        var label = section is IConfigurationSection s ? $"configuration section '{s.Path}'" : "configuration";
        var json = ToJson(section, EngineConfig.JsonOptions.GetTypeInfo(typeof(EngineConfig)));
        var cfg = EngineConfig.Parse(JsonSerializer.SerializeToUtf8Bytes(json), label) with
        {
            BaseDirectory = Path.GetFullPath(baseDirectory ?? Directory.GetCurrentDirectory()),
            Source = label,
            Catalog = catalog ?? Agent.VerifierCatalog.Default,
        };
        cfg.ValidateValues();
        return cfg;
    }

    // Configuration holds strings only: the config type says which are numbers, booleans, lists or maps, so that
    // "42" is a number where the config has a number and stays text where it has text.
    private static JsonNode ToJson(IConfiguration section, JsonTypeInfo type)
    {
        var children = section.GetChildren().ToList();
        switch (type.Kind)
        {
            case JsonTypeInfoKind.Object:
            {
                var byName = type.Properties.ToDictionary(p => p.Name, StringComparer.OrdinalIgnoreCase);
                var o = new JsonObject();
                foreach (var child in children)
                {
                    // An unknown key goes through as it is, so the config's own check names it.
                    o[byName.TryGetValue(child.Key, out var p) ? p.Name : child.Key] =
                        Value(child, p is null ? null : type.Options.GetTypeInfo(p.PropertyType));
                }
                return o;
            }
            case JsonTypeInfoKind.Dictionary:
            {
                var o = new JsonObject();
                foreach (var child in children) o[child.Key] = Value(child, type.Options.GetTypeInfo(type.ElementType!));
                return o;
            }
            case JsonTypeInfoKind.Enumerable:
            {
                var a = new JsonArray();
                foreach (var child in children.OrderBy(c => int.TryParse(c.Key, out var i) ? i : int.MaxValue))
                    a.Add(Value(child, type.Options.GetTypeInfo(type.ElementType!)));
                return a;
            }
            default:
                return JsonValue.Create(section is IConfigurationSection leaf ? leaf.Value : null)!;
        }
    }

    private static JsonNode? Value(IConfigurationSection child, JsonTypeInfo? type)
    {
        if (child.GetChildren().Any()) return type is null || type.Type == typeof(JsonElement) ? Untyped(child) : ToJson(child, type);
        var text = child.Value;
        if (text is null) return null;
        var target = type is null ? typeof(string) : Nullable.GetUnderlyingType(type.Type) ?? type.Type;
        if (type is not null && type.Kind is JsonTypeInfoKind.Object or JsonTypeInfoKind.Dictionary or JsonTypeInfoKind.Enumerable && text.Length == 0)
            return ToJson(child, type);
        if (target == typeof(bool) && bool.TryParse(text, out var b)) return JsonValue.Create(b);
        if (IsNumber(target) && decimal.TryParse(text, NumberStyles.Float, CultureInfo.InvariantCulture, out var d)) return JsonValue.Create(d);
        return JsonValue.Create(text);
    }

    private static JsonObject Untyped(IConfigurationSection section)
    {
        var o = new JsonObject();
        foreach (var child in section.GetChildren())
            o[child.Key] = child.GetChildren().Any() ? Untyped(child) : JsonValue.Create(child.Value);
        return o;
    }

    private static bool IsNumber(Type t) =>
        t == typeof(int) || t == typeof(long) || t == typeof(uint) || t == typeof(double) || t == typeof(float) || t == typeof(decimal)
        || t == typeof(short) || t == typeof(ulong) || t == typeof(byte);
}
