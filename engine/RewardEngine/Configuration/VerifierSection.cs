using System.Text.Json;

namespace RewardEngine.Configuration;

/// <summary>
/// Reads a verifier's own options, the config's <c>verifiers.NAME</c> object, into its typed record with the config
/// file's rules (camelCase keys, unknown keys and nulls refused); problems are reported with their full key.
/// </summary>
public static class VerifierSection
{
    /// <summary>
    /// The section <paramref name="name"/> as <typeparamref name="T"/>; a new <typeparamref name="T"/> (its defaults)
    /// when the config has none or it does not read, the problem then added to <paramref name="problems"/>.
    /// </summary>
    public static T Read<T>(EngineConfig config, string name, ICollection<string> problems) where T : class, new()
    {
        ArgumentNullException.ThrowIfNull(config);
        if (config.Verifiers is null || !config.Verifiers.TryGetValue(name, out var section)) return new T();
        try
        {
            return section.Deserialize<T>(EngineConfig.JsonOptions) ?? throw new JsonException("null is not allowed here");
        }
        catch (JsonException e)
        {
            problems.Add(Describe(name, e, section));
            return new T();
        }
    }

    // The config's own wording (ConfigJsonError), with every key given in full: "verifiers.NAME.maxWords: ...".
    private static string Describe(string name, JsonException e, JsonElement section)
    {
        var prefix = $"verifiers.{name}";
        var key = ConfigJsonError.Key(e.Path);
        if (System.Text.RegularExpressions.Regex.Match(e.Message, "The JSON property '([^']*)' could not be mapped") is { Success: true } u)
        {
            var member = u.Groups[1].Value;
            // System.Text.Json's path may end at the object or at the member itself.
            var parent = key == member ? "" : key.EndsWith("." + member, StringComparison.Ordinal) ? key[..^(member.Length + 1)] : key;
            return $"{prefix}.{(parent.Length > 0 ? parent + "." : "")}{member}: unknown key (keys are camelCase; a misspelling?)";
        }
        using var document = JsonDocument.Parse(section.GetRawText());
        var described = ConfigJsonError.Describe(e, document);
        return key.Length > 0 && described.StartsWith(key + ": ", StringComparison.Ordinal) ? $"{prefix}.{described}" : $"{prefix}: {described}";
    }
}
