using System.Text.Json.Serialization;

namespace RewardEngine.Reporting;

/// <summary>Which answer of a pair a signal or the judger favoured.</summary>
[JsonConverter(typeof(JsonStringEnumConverter<Preference>))]
public enum Preference
{
    [JsonStringEnumMemberName("chosen")] Chosen,
    [JsonStringEnumMemberName("rejected")] Rejected,
    [JsonStringEnumMemberName("tie")] Tie,
}
