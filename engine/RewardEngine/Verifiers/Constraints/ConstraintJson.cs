using System.Text.Encodings.Web;
using System.Text.Json;
using System.Text.Json.Serialization;

namespace RewardEngine.Verifiers.Constraints;

/// <summary>JSON forms of constraints in IFEval's vocabulary: <c>{"instruction_id", "kwargs"}</c>.</summary>
public static class ConstraintJson
{
    /// <summary>Compact, nulls left out, non-ASCII kept readable.</summary>
    public static readonly JsonSerializerOptions Options = new()
    {
        DefaultIgnoreCondition = JsonIgnoreCondition.WhenWritingNull,
        Encoder = JavaScriptEncoder.UnsafeRelaxedJsonEscaping,
        WriteIndented = false,
    };

    public static string Serialize(ConstraintArgs args) => JsonSerializer.Serialize(args, Options);

    /// <summary>Reads IFEval kwargs (nulls for unused arguments are fine). Throws JsonException on a wrong type.</summary>
    public static ConstraintArgs ReadArgs(JsonElement kwargs) =>
        kwargs.ValueKind is JsonValueKind.Null or JsonValueKind.Undefined
            ? ConstraintArgs.None
            : kwargs.Deserialize<ConstraintArgs>(Options) ?? ConstraintArgs.None;

    public static Dictionary<string, object?> ToJsonObject(Constraint c) => new()
    {
        ["instruction_id"] = c.InstructionId,
        ["kwargs"] = c.Args,
    };
}
