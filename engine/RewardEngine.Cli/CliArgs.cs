using System.Globalization;
using RewardEngine.Diagnostics;

namespace RewardEngine.Cli;

/// <summary>
/// Parsed <c>--name value</c> options of one command. Commands read what they know; <see cref="EnsureAllUsed"/>
/// then rejects anything left over, so a typo is an error rather than a silently ignored flag.
/// </summary>
public sealed class CliArgs
{
    private readonly Dictionary<string, List<string?>> _options = new(StringComparer.Ordinal);
    private readonly HashSet<string> _used = new(StringComparer.Ordinal);
    private readonly List<string> _positionals = [];

    public CliArgs(IEnumerable<string> args, IReadOnlyDictionary<string, string>? aliases = null)
    {
        var list = args.ToList();
        for (int i = 0; i < list.Count; i++)
        {
            var a = list[i];
            if (a.StartsWith('-') && a.Length > 1 && !IsNumber(a))
            {
                var name = a.TrimStart('-');
                string? value = null;
                var eq = name.IndexOf('=');
                if (eq >= 0) { value = name[(eq + 1)..]; name = name[..eq]; }
                else if (i + 1 < list.Count && (!list[i + 1].StartsWith('-') || IsNumber(list[i + 1]) || list[i + 1] == "-"))
                    value = list[++i];
                if (aliases is not null && aliases.TryGetValue(name, out var full)) name = full;
                if (!_options.TryGetValue(name, out var values)) _options[name] = values = [];
                values.Add(value);
            }
            else _positionals.Add(a);
        }
    }

    public IReadOnlyList<string> Positionals => _positionals;

    public bool Has(string name) { _used.Add(name); return _options.ContainsKey(name); }

    public string? String(string name)
    {
        _used.Add(name);
        if (!_options.TryGetValue(name, out var v)) return null;
        if (v.Count > 1) throw new UsageException($"--{name} given {v.Count} times; it takes one value");
        return v[0] ?? throw new UsageException($"--{name} needs a value");
    }

    public string Required(string name) =>
        String(name) ?? throw new UsageException($"--{name} is required");

    public IReadOnlyList<string> Strings(string name)
    {
        _used.Add(name);
        if (!_options.TryGetValue(name, out var v)) return [];
        return v.Select(x => x ?? throw new UsageException($"--{name} needs a value")).ToList();
    }

    public bool Flag(string name)
    {
        _used.Add(name);
        if (!_options.TryGetValue(name, out var v)) return false;
        var s = v[^1];
        return s is null || s is "true" or "1" or "yes" ? true
            : s is "false" or "0" or "no" ? false
            : throw new UsageException($"--{name}: expected no value, true or false, got '{s}'");
    }

    public int Int(string name, int fallback, int min = int.MinValue, int max = int.MaxValue)
    {
        var s = String(name);
        if (s is null) return fallback;
        if (!int.TryParse(s, NumberStyles.Integer, CultureInfo.InvariantCulture, out var n) || n < min || n > max)
            throw new UsageException($"--{name}: expected an integer{Range(min, max)}, got '{s}'");
        return n;
    }

    public int? OptionalInt(string name, int min = int.MinValue, int max = int.MaxValue) =>
        Has(name) ? Int(name, 0, min, max) : null;

    public double Double(string name, double fallback)
    {
        var s = String(name);
        if (s is null) return fallback;
        return double.TryParse(s, NumberStyles.Float, CultureInfo.InvariantCulture, out var d)
            ? d : throw new UsageException($"--{name}: expected a number, got '{s}'");
    }

    public string Choice(string name, string fallback, params string[] allowed)
    {
        var s = String(name) ?? fallback;
        return allowed.Contains(s) ? s : throw new UsageException($"--{name}: expected {string.Join(" or ", allowed)}, got '{s}'");
    }

    /// <summary>Rejects options nobody asked for, and stray positionals.</summary>
    public void EnsureAllUsed(int allowedPositionals = 0)
    {
        var unknown = _options.Keys.Where(k => !_used.Contains(k)).ToList();
        if (unknown.Count > 0) throw new UsageException($"unknown option{(unknown.Count > 1 ? "s" : "")}: {string.Join(", ", unknown.Select(u => "--" + u))}");
        if (_positionals.Count > allowedPositionals) throw new UsageException($"unexpected argument '{_positionals[allowedPositionals]}'");
    }

    private static bool IsNumber(string s) => double.TryParse(s, NumberStyles.Float, CultureInfo.InvariantCulture, out _);
    private static string Range(int min, int max) =>
        min == int.MinValue && max == int.MaxValue ? "" : max == int.MaxValue ? $" >= {min}" : $" in [{min}, {max}]";
}
