using System.Buffers.Binary;
using System.Text.Json;
using RewardEngine.Diagnostics;

namespace RewardEngine.Models.RewardModels.Export;

/// <summary>
/// Reads tensors from Hugging Face safetensors checkpoints (one file or a sharded index) as float32.
/// F32 is read as is; BF16 and F16 are widened, which is exact.
/// </summary>
internal sealed class SafetensorsFile : IWeightSource
{
    private readonly Dictionary<string, (string File, long Offset, long Length, string DType, long[] Shape)> _tensors = new(StringComparer.Ordinal);

    private SafetensorsFile() { }

    public IEnumerable<string> Names => _tensors.Keys;

    public bool Contains(string name) => _tensors.ContainsKey(name);

    public long[] Shape(string name) => Find(name).Shape;

    /// <summary>Opens model.safetensors, or the shards listed by model.safetensors.index.json, in a folder.</summary>
    public static SafetensorsFile OpenFolder(string folder)
    {
        var st = new SafetensorsFile();
        var single = Path.Combine(folder, "model.safetensors");
        var index = Path.Combine(folder, "model.safetensors.index.json");
        if (File.Exists(single)) st.AddFile(single);
        else if (File.Exists(index))
        {
            try
            {
                using var doc = JsonDocument.Parse(File.ReadAllText(index));
                var shards = doc.RootElement.GetProperty("weight_map").EnumerateObject()
                    .Select(p => p.Value.GetString()!).Distinct().Order(StringComparer.Ordinal);
                foreach (var shard in shards) st.AddFile(Path.Combine(folder, shard));
            }
            catch (Exception e) when (e is JsonException or KeyNotFoundException or InvalidOperationException)
            {
                throw new ModelLoadException(index, $"invalid safetensors index: {e.Message}");
            }
        }
        else throw new ModelLoadException(single, "not found (nor model.safetensors.index.json)");
        return st;
    }

    private void AddFile(string path)
    {
        if (!File.Exists(path)) throw new ModelLoadException(path, "safetensors file not found");
        using var f = File.OpenRead(path);
        Span<byte> len = stackalloc byte[8];
        if (f.Read(len) != 8) throw new ModelLoadException(path, "not a safetensors file (shorter than 8 bytes)");
        var headerLength = BinaryPrimitives.ReadInt64LittleEndian(len);
        if (headerLength <= 0 || headerLength > 100_000_000 || headerLength > f.Length - 8)
            throw new ModelLoadException(path, "not a safetensors file (bad header length)");
        var header = new byte[headerLength];
        f.ReadExactly(header);
        try
        {
            using var doc = JsonDocument.Parse(header);
            foreach (var p in doc.RootElement.EnumerateObject())
            {
                if (p.Name == "__metadata__") continue;
                var dtype = p.Value.GetProperty("dtype").GetString()!;
                var shape = p.Value.GetProperty("shape").EnumerateArray().Select(e => e.GetInt64()).ToArray();
                var offs = p.Value.GetProperty("data_offsets").EnumerateArray().Select(e => e.GetInt64()).ToArray();
                _tensors[p.Name] = (path, 8 + headerLength + offs[0], offs[1] - offs[0], dtype, shape);
            }
        }
        catch (Exception e) when (e is JsonException or KeyNotFoundException or InvalidOperationException)
        {
            throw new ModelLoadException(path, $"invalid safetensors header: {e.Message}");
        }
    }

    /// <summary>The tensor as float32, row-major, checked against the expected shape.</summary>
    public float[] Read(string name, params long[] expectedShape)
    {
        var t = Find(name);
        if (!t.Shape.SequenceEqual(expectedShape))
            throw new ModelLoadException(t.File, $"tensor {name}: shape [{string.Join(",", t.Shape)}], config implies [{string.Join(",", expectedShape)}]");
        var count = t.Shape.Aggregate(1L, (a, b) => a * b);
        var bytes = new byte[t.Length];
        using (var f = File.OpenRead(t.File))
        {
            f.Position = t.Offset;
            f.ReadExactly(bytes);
        }
        var result = new float[count];
        switch (t.DType)
        {
            case "F32" when t.Length == count * 4:
                Buffer.BlockCopy(bytes, 0, result, 0, bytes.Length);
                break;
            case "BF16" when t.Length == count * 2:
                for (long i = 0; i < count; i++)
                    result[i] = BitConverter.Int32BitsToSingle(BinaryPrimitives.ReadUInt16LittleEndian(bytes.AsSpan((int)(i * 2))) << 16);
                break;
            case "F16" when t.Length == count * 2:
                for (long i = 0; i < count; i++)
                    result[i] = (float)BinaryPrimitives.ReadHalfLittleEndian(bytes.AsSpan((int)(i * 2)));
                break;
            default:
                throw new ModelLoadException(t.File, $"tensor {name}: unsupported dtype {t.DType} or size {t.Length} bytes");
        }
        return result;
    }

    private (string File, long Offset, long Length, string DType, long[] Shape) Find(string name) =>
        _tensors.TryGetValue(name, out var t) ? t
            : throw new ModelLoadException(_tensors.Values.FirstOrDefault().File ?? "safetensors", $"tensor {name} not found");
}
