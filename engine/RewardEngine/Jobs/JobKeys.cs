using System.Security.Cryptography;
using System.Text;

namespace RewardEngine.Jobs;

/// <summary>Run keys and cache keys: SHA-256 over the parts that decide a result, each length-prefixed.</summary>
internal static class JobKeys
{
    public static string Of(params string?[] parts)
    {
        var sb = new StringBuilder();
        foreach (var p in parts) sb.Append(p?.Length ?? -1).Append(':').Append(p).Append('|');
        return Convert.ToHexString(SHA256.HashData(Encoding.UTF8.GetBytes(sb.ToString()))).ToLowerInvariant();
    }

    /// <summary>A file's content hash (inputs are read whole anyway).</summary>
    public static string OfFile(string path) => Convert.ToHexString(SHA256.HashData(File.ReadAllBytes(path))).ToLowerInvariant();

    /// <summary>A model file named by path, size and modification time (hashing gigabytes of weights per run costs too much).</summary>
    public static string OfModelFile(string? path) =>
        path is null || !File.Exists(path) ? "none" : $"{Path.GetFileName(path)}:{new FileInfo(path).Length}:{File.GetLastWriteTimeUtc(path).Ticks}";
}
