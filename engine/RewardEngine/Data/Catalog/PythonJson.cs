using System.Globalization;
using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;

namespace RewardEngine.Data.Catalog;

/// <summary>
/// Writes JSON byte for byte as Python's <c>json.dumps</c> does with its defaults (<c>", "</c> and <c>": "</c>
/// separators, every character outside printable ASCII escaped as <c>\uXXXX</c>). Converted benchmark files are
/// written this way so that a conversion the reference tools also make reproduces their files exactly, hash included.
/// </summary>
internal static class PythonJson
{
    public static void Write(TextWriter w, JsonNode? node)
    {
        switch (node)
        {
            case null: w.Write("null"); break;
            case JsonObject o:
                w.Write('{');
                bool first = true;
                foreach (var (key, value) in o)
                {
                    if (!first) w.Write(", ");
                    first = false;
                    WriteString(w, key);
                    w.Write(": ");
                    Write(w, value);
                }
                w.Write('}');
                break;
            case JsonArray a:
                w.Write('[');
                for (int i = 0; i < a.Count; i++)
                {
                    if (i > 0) w.Write(", ");
                    Write(w, a[i]);
                }
                w.Write(']');
                break;
            case JsonValue v:
                WriteValue(w, v);
                break;
        }
    }

    public static string Serialize(JsonNode? node)
    {
        var sb = new StringWriter(CultureInfo.InvariantCulture);
        Write(sb, node);
        return sb.ToString();
    }

    private static void WriteValue(TextWriter w, JsonValue v)
    {
        switch (v.GetValueKind())
        {
            case JsonValueKind.String: WriteString(w, v.GetValue<string>()); break;
            case JsonValueKind.True: w.Write("true"); break;
            case JsonValueKind.False: w.Write("false"); break;
            case JsonValueKind.Null: w.Write("null"); break;
            case JsonValueKind.Number:
                if (v.TryGetValue<long>(out var l) || (v.TryGetValue<int>(out var i) && (l = i) == i)) w.Write(l.ToString(CultureInfo.InvariantCulture));
                else
                {
                    // Python's repr of a float: shortest round-trip digits, ".0" on integral values, a lower-case exponent.
                    var d = v.GetValue<double>();
                    var s = d.ToString("R", CultureInfo.InvariantCulture).Replace('E', 'e');
                    if (!s.Contains('.') && !s.Contains('e') && double.IsFinite(d)) s += ".0";
                    w.Write(s);
                }
                break;
            default: throw new InvalidOperationException($"cannot write a {v.GetValueKind()} value");
        }
    }

    public static void WriteString(TextWriter w, string s)
    {
        w.Write('"');
        foreach (var c in s)
        {
            switch (c)
            {
                case '"': w.Write("\\\""); break;
                case '\\': w.Write("\\\\"); break;
                case '\n': w.Write("\\n"); break;
                case '\r': w.Write("\\r"); break;
                case '\t': w.Write("\\t"); break;
                case '\b': w.Write("\\b"); break;
                case '\f': w.Write("\\f"); break;
                default:
                    if (c < ' ' || c > '~') { w.Write("\\u"); w.Write(((int)c).ToString("x4", CultureInfo.InvariantCulture)); }
                    else w.Write(c);
                    break;
            }
        }
        w.Write('"');
    }

    /// <summary>Writes text as UTF-8 without a byte-order mark (all of it is ASCII anyway).</summary>
    public static StreamWriter CreateFile(string path) =>
        new(new FileStream(path, FileMode.CreateNew, FileAccess.Write, FileShare.None, 1 << 16), new UTF8Encoding(false), 1 << 16);
}
