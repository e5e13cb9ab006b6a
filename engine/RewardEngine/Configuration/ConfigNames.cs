using System.Reflection;
using System.Text.Json.Serialization;

namespace RewardEngine.Configuration;

/// <summary>
/// The names config enums have in JSON ("verifiers-only", "weighted_sum"), for parsing once at load and for logs
/// and run.json; one table per enum type, read from its <see cref="JsonStringEnumMemberNameAttribute"/>s.
/// </summary>
public static class ConfigNames
{
    /// <summary>The JSON name of <paramref name="value"/>.</summary>
    public static string Of<T>(T value) where T : struct, Enum => Table<T>.Names[value];

    /// <summary>Every JSON name of <typeparamref name="T"/>, in declaration order.</summary>
    public static IReadOnlyList<string> All<T>() where T : struct, Enum => Table<T>.Ordered;

    /// <summary>The names as a phrase: "a, b or c".</summary>
    public static string Expected<T>() where T : struct, Enum => Phrase(All<T>());

    public static bool TryParse<T>(string? name, out T value) where T : struct, Enum
    {
        foreach (var (v, n) in Table<T>.Names)
            if (string.Equals(n, name, StringComparison.Ordinal)) { value = v; return true; }
        if (name is not null && Table<T>.Aliases.TryGetValue(name, out value)) return true;
        value = default;
        return false;
    }

    internal static string Phrase(IReadOnlyList<string> names) =>
        names.Count <= 1 ? string.Join("", names) : string.Join(", ", names.Take(names.Count - 1)) + " or " + names[^1];

    private static string NameOf(FieldInfo f) =>
        f.GetCustomAttribute<JsonStringEnumMemberNameAttribute>()?.Name ?? char.ToLowerInvariant(f.Name[0]) + f.Name[1..];

    private static class Table<T> where T : struct, Enum
    {
        public static readonly Dictionary<T, string> Names = typeof(T).GetFields(BindingFlags.Public | BindingFlags.Static)
            .ToDictionary(f => (T)f.GetValue(null)!, NameOf);
        public static readonly IReadOnlyList<string> Ordered = [.. Names.Values];
        public static readonly Dictionary<string, T> Aliases = typeof(T).GetFields(BindingFlags.Public | BindingFlags.Static)
            .SelectMany(f => f.GetCustomAttributes<ConfigAliasAttribute>().Select(a => (a.Name, Value: (T)f.GetValue(null)!)))
            .ToDictionary(a => a.Name, a => a.Value, StringComparer.Ordinal);
    }
}
