using System.Text.Encodings.Web;
using System.Text.Json;
using System.Text.Json.Serialization;

namespace RewardEngine.Serialization;

/// <summary>
/// The one set of JSON rules for everything the engine writes (output files, <c>--json</c> documents, HTTP bodies):
/// camelCase names unless a type names its fields (IFEval's snake_case), nulls left out, non-ASCII and quotes kept
/// readable (no <c>\u0022</c>), one line per document unless indented.
/// </summary>
public static class OutputJson
{
    /// <summary>Compact: JSON lines, HTTP bodies.</summary>
    public static readonly JsonSerializerOptions Options = new(JsonSerializerDefaults.Web)
    {
        Encoder = JavaScriptEncoder.UnsafeRelaxedJsonEscaping,
        DefaultIgnoreCondition = JsonIgnoreCondition.WhenWritingNull,
        NumberHandling = JsonNumberHandling.Strict,
    };

    /// <summary>Indented: whole-file documents (results_grouped.json, run.json) and <c>--json</c> output.</summary>
    public static readonly JsonSerializerOptions Indented = new(Options) { WriteIndented = true };
}
