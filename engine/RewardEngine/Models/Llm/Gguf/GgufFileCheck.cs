using System.Text;
using RewardEngine.Diagnostics;

namespace RewardEngine.Models.Llm.Gguf;

/// <summary>
/// Reads a GGUF file's header, metadata and tensor table and checks that every tensor's data lies inside the file,
/// before llama.cpp sees it: llama.cpp may abort the process on garbage, which no exception handler can catch.
/// </summary>
public static class GgufFileCheck
{
    private const int MaxStringBytes = 64 << 20;
    private const ulong MaxCount = 1UL << 32;

    /// <summary>What the check learned about a valid file.</summary>
    public sealed record Summary(uint Version, int TensorCount, IReadOnlyDictionary<string, object> Metadata);

    /// <summary>Throws <see cref="ModelLoadException"/> naming <paramref name="path"/> when the file is missing or malformed.</summary>
    public static Summary Validate(string path)
    {
        if (Directory.Exists(path)) throw new ModelLoadException(path, "is a folder, expected a .gguf file");
        if (!File.Exists(path)) throw new ModelLoadException(path, "model file not found");
        try
        {
            using var stream = new FileStream(path, FileMode.Open, FileAccess.Read, FileShare.Read, 1 << 16);
            return Read(path, stream);
        }
        catch (EndOfStreamException)
        {
            throw new ModelLoadException(path, "not a complete GGUF file (it ends inside the header; truncated download?)");
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            throw new ModelLoadException(path, $"cannot read: {e.Message}", e);
        }
    }

    private static Summary Read(string path, FileStream stream)
    {
        var length = stream.Length;
        using var r = new BinaryReader(stream, Encoding.UTF8, leaveOpen: true);
        if (length < 24 || r.ReadUInt32() != GgufWriter.Magic)
            throw new ModelLoadException(path, "not a GGUF file (the first bytes are not the GGUF magic)");
        var version = r.ReadUInt32();
        if (version is < 2 or > 3) throw new ModelLoadException(path, $"GGUF version {version} is not supported (expected 2 or 3)");
        var tensorCount = r.ReadUInt64();
        var kvCount = r.ReadUInt64();
        if (tensorCount > MaxCount || kvCount > MaxCount)
            throw new ModelLoadException(path, "corrupt GGUF header (impossible tensor or metadata count)");

        var metadata = new Dictionary<string, object>(StringComparer.Ordinal);
        for (ulong i = 0; i < kvCount; i++)
        {
            var key = ReadString(r, path, length);
            var type = (GgufValueType)r.ReadUInt32();
            metadata[key] = ReadValue(r, type, path, length, depth: 0);
        }

        var tensors = new List<(string Name, ulong Elements, uint Type, ulong Offset)>();
        for (ulong i = 0; i < tensorCount; i++)
        {
            var name = ReadString(r, path, length);
            var dims = r.ReadUInt32();
            if (dims is 0 or > 4) throw new ModelLoadException(path, $"tensor '{name}': {dims} dimensions (corrupt tensor table)");
            ulong elements = 1;
            for (var d = 0; d < dims; d++)
            {
                var ne = r.ReadUInt64();
                if (ne == 0 || ne > (ulong)length * 8) throw new ModelLoadException(path, $"tensor '{name}': impossible dimension {ne}");
                elements *= ne;
            }
            tensors.Add((name, elements, r.ReadUInt32(), r.ReadUInt64()));
        }

        var alignment = metadata.TryGetValue("general.alignment", out var a) && a is uint au && au > 0 ? au : (uint)GgufWriter.Alignment;
        var dataStart = (stream.Position + alignment - 1) / alignment * alignment;
        foreach (var (name, elements, type, offset) in tensors)
        {
            var end = dataStart + (long)offset + (BytesOf(type, elements) is { } size ? (long)size : 1);
            if (end > length)
                throw new ModelLoadException(path,
                    $"truncated: tensor '{name}' needs bytes up to {end:N0} but the file has {length:N0} (incomplete download?)");
        }
        return new Summary(version, tensors.Count, metadata);
    }

    private static string ReadString(BinaryReader r, string path, long fileLength)
    {
        var n = r.ReadUInt64();
        if (n > MaxStringBytes || (long)n > fileLength - r.BaseStream.Position)
            throw new ModelLoadException(path, $"corrupt GGUF metadata (a string of {n} bytes at offset {r.BaseStream.Position - 8})");
        return Encoding.UTF8.GetString(r.ReadBytes((int)n));
    }

    private static object ReadValue(BinaryReader r, GgufValueType type, string path, long fileLength, int depth)
    {
        switch (type)
        {
            case GgufValueType.UInt8: return r.ReadByte();
            case GgufValueType.Int8: return r.ReadSByte();
            case GgufValueType.UInt16: return r.ReadUInt16();
            case GgufValueType.Int16: return r.ReadInt16();
            case GgufValueType.UInt32: return r.ReadUInt32();
            case GgufValueType.Int32: return r.ReadInt32();
            case GgufValueType.Float32: return r.ReadSingle();
            case GgufValueType.Bool: return r.ReadByte() != 0;
            case GgufValueType.String: return ReadString(r, path, fileLength);
            case GgufValueType.UInt64: return r.ReadUInt64();
            case GgufValueType.Int64: return r.ReadInt64();
            case GgufValueType.Float64: return r.ReadDouble();
            case GgufValueType.Array when depth == 0:
                var itemType = (GgufValueType)r.ReadUInt32();
                var count = r.ReadUInt64();
                if (count > (ulong)fileLength) throw new ModelLoadException(path, $"corrupt GGUF metadata (an array of {count} items)");
                var items = new object[count];
                for (ulong i = 0; i < count; i++) items[i] = ReadValue(r, itemType, path, fileLength, depth + 1);
                return items;
            default:
                throw new ModelLoadException(path, $"corrupt GGUF metadata (unknown value type {(uint)type} at offset {r.BaseStream.Position - 4})");
        }
    }

    // Bytes of a tensor for ggml types whose block layout is certain; null for others (their offset alone is checked).
    private static ulong? BytesOf(uint type, ulong elements)
    {
        (ulong Block, ulong Bytes)? layout = type switch
        {
            0 => (1, 4),     // F32
            1 => (1, 2),     // F16
            2 => (32, 18),   // Q4_0
            3 => (32, 20),   // Q4_1
            6 => (32, 22),   // Q5_0
            7 => (32, 24),   // Q5_1
            8 => (32, 34),   // Q8_0
            10 => (256, 84), // Q2_K
            11 => (256, 110),// Q3_K
            12 => (256, 144),// Q4_K
            13 => (256, 176),// Q5_K
            14 => (256, 210),// Q6_K
            24 => (1, 1),    // I8
            25 => (1, 2),    // I16
            26 => (1, 4),    // I32
            27 => (1, 8),    // I64
            28 => (1, 8),    // F64
            30 => (1, 2),    // BF16
            _ => null,
        };
        return layout is { } l ? (elements + l.Block - 1) / l.Block * l.Bytes : null;
    }
}
