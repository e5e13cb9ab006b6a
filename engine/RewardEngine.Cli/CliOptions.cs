using System.CommandLine;
using System.Globalization;

namespace RewardEngine.Cli;

/// <summary>Builders for the options commands share, so every command validates and documents them alike.</summary>
internal static class CliOptions
{
    /// <summary>A string option (a path, a name).</summary>
    public static Option<string> Text(string name, string description, string helpName = "VALUE", bool required = false, params string[] aliases) =>
        new(name, aliases) { Description = description, HelpName = helpName, Required = required };

    /// <summary>A repeatable string option (<c>--dataset A --dataset B</c>).</summary>
    public static Option<string[]> Many(string name, string description, string helpName = "VALUE", bool required = false) =>
        new(name) { Description = description, HelpName = helpName, Required = required, AllowMultipleArgumentsPerToken = false, Arity = ArgumentArity.OneOrMore };

    /// <summary>An integer with a default, checked against [min, max].</summary>
    public static Option<int> Int(string name, string description, int defaultValue, int min = int.MinValue, int max = int.MaxValue, params string[] aliases) =>
        new(name, aliases)
        {
            Description = description, HelpName = "N", DefaultValueFactory = _ => defaultValue,
            CustomParser = r => ParseInt(r, name, min, max) ?? 0,
        };

    /// <summary>An optional integer (null when absent), checked against [min, max].</summary>
    public static Option<int?> OptionalInt(string name, string description, int min = int.MinValue, int max = int.MaxValue, params string[] aliases) =>
        new(name, aliases) { Description = description, HelpName = "N", CustomParser = r => ParseInt(r, name, min, max) };

    /// <summary>A number with a default, checked against [min, max].</summary>
    public static Option<double> Double(string name, string description, double defaultValue, double min = double.MinValue, double max = double.MaxValue) =>
        new(name)
        {
            Description = description, HelpName = "X", DefaultValueFactory = _ => defaultValue,
            CustomParser = r =>
            {
                var token = r.Tokens.Count > 0 ? r.Tokens[^1].Value : "";
                if (double.TryParse(token, NumberStyles.Float, CultureInfo.InvariantCulture, out var v) && v >= min && v <= max) return v;
                r.AddError($"{name}: expected a number in [{min.ToString(CultureInfo.InvariantCulture)}, {max.ToString(CultureInfo.InvariantCulture)}], got '{token}'");
                return 0;
            },
        };

    private static int? ParseInt(System.CommandLine.Parsing.ArgumentResult r, string name, int min, int max)
    {
        var token = r.Tokens.Count > 0 ? r.Tokens[^1].Value : "";
        if (int.TryParse(token, NumberStyles.Integer, CultureInfo.InvariantCulture, out var v) && v >= min && v <= max) return v;
        r.AddError($"{name}: expected an integer{Range(min, max)}, got '{token}'");
        return null;
    }

    /// <summary>One of a fixed set of words, with a default.</summary>
    public static Option<string> Choice(string name, string description, string defaultValue, params string[] values)
    {
        var o = new Option<string>(name) { Description = description, HelpName = string.Join('|', values), DefaultValueFactory = _ => defaultValue };
        o.AcceptOnlyFromAmong(values);
        return o;
    }

    /// <summary>A switch.</summary>
    public static Option<bool> Flag(string name, string description) => new(name) { Description = description };

    /// <summary>The <c>--json</c> switch of every command that reports something: one JSON document on stdout.</summary>
    public static Option<bool> Json() => Flag("--json", "write the result as one JSON document on stdout");

    /// <summary>The engine config file option.</summary>
    public static Option<string> Config() => Text("--config", "engine config (JSON)", "FILE");

    private static string Range(int min, int max) =>
        min == int.MinValue && max == int.MaxValue ? "" : max == int.MaxValue ? $" >= {min}" : min == int.MinValue ? $" <= {max}" : $" in [{min}, {max}]";
}
