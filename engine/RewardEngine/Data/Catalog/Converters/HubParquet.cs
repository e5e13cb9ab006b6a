using System.Collections;
using System.Globalization;
using Parquet.Serialization;
using RewardEngine.Diagnostics;

namespace RewardEngine.Data.Catalog.Converters;

/// <summary>One row of a hub parquet file: its columns by name, nested values as read.</summary>
internal sealed class HubRow(IReadOnlyDictionary<string, object> values)
{
    public string? String(string column) => values.GetValueOrDefault(column) is { } v ? Text(v) : null;

    public long? Long(string column) => values.GetValueOrDefault(column) switch
    {
        null => null,
        long l => l,
        int i => i,
        IConvertible c => c.ToInt64(CultureInfo.InvariantCulture),
        _ => null, // not a number: the loader then names the field
    };

    /// <summary>A list column; an empty or null list reads as empty.</summary>
    public List<string> Strings(string column) => values.GetValueOrDefault(column) switch
    {
        null => [],
        string s => [s],
        IEnumerable e => e.Cast<object?>().Select(x => x is null ? "" : Text(x)).ToList(),
        var other => [Text(other)],
    };

    private static string Text(object v) => v switch
    {
        string s => s,
        ReadOnlyMemory<char> m => m.ToString(),
        _ => Convert.ToString(v, CultureInfo.InvariantCulture) ?? "",
    };
}

/// <summary>
/// Reads the rows of a Hugging Face hub parquet file (as <c>datasets</c> writes them through pyarrow) with
/// Parquet.Net, untyped, so optional and required columns, lists and structs all read alike. A file that is not
/// parquet is a <see cref="DatasetException"/> naming the file.
/// </summary>
internal static class HubParquet
{
    public static async Task<IReadOnlyList<HubRow>> ReadAsync(string file, string what, CancellationToken ct)
    {
        try
        {
            await using var stream = File.OpenRead(file);
            var result = await ParquetSerializer.DeserializeUntypedAsync(stream, cancellationToken: ct);
            return result.Data.Select(d => new HubRow(d)).ToList();
        }
        catch (Exception e) when (e is not OperationCanceledException and not RewardEngineException)
        {
            throw new DatasetException(file, null, null, $"not a readable {what} parquet file: {e.Message.Split('\n')[0]}");
        }
    }

}
