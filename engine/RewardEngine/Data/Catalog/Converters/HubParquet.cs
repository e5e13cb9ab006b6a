using Parquet.Serialization;
using RewardEngine.Diagnostics;

namespace RewardEngine.Data.Catalog.Converters;

/// <summary>
/// Reads the rows of a Hugging Face hub parquet file (as <c>datasets</c> writes them through pyarrow) into a row class
/// with Parquet.Net; only the columns the class names are read. A file that is not parquet, or lacks a column, is a
/// <see cref="DatasetException"/> naming the file.
/// </summary>
internal static class HubParquet
{
    public static async Task<IList<T>> ReadAsync<T>(string file, string what, CancellationToken ct) where T : class, new()
    {
        try
        {
            await using var stream = File.OpenRead(file);
            return (await ParquetSerializer.DeserializeAsync<T>(stream, cancellationToken: ct)).Data;
        }
        catch (Exception e) when (e is not OperationCanceledException and not RewardEngineException)
        {
            throw new DatasetException(file, null, null, $"not a readable {what} parquet file: {e.Message.Split('\n')[0]}");
        }
    }
}
