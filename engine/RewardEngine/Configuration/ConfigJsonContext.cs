using System.Text.Json.Serialization;

namespace RewardEngine.Configuration;

/// <summary>
/// The config's serialization code, generated at compile time and used by <see cref="EngineConfig.ToJson"/> under the
/// config's own options (naming, enum names, null handling): every job keys its run on the config's JSON, and
/// building that by reflection cost a short run ~150 ms before its first item.
/// </summary>
[JsonSerializable(typeof(EngineConfig))]
internal sealed partial class ConfigJsonContext : JsonSerializerContext;
