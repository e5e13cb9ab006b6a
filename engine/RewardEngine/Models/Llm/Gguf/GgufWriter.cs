using System.Text;

namespace RewardEngine.Models.Llm.Gguf;

/// <summary>
/// Writes a GGUF v3 file: metadata key/values, then F32, F16, Q8_0 or Q4_0 tensors aligned to <see cref="Alignment"/>.
/// Just enough of the format for the project's own test models; output is byte-for-byte deterministic.
/// </summary>
public sealed class GgufWriter
{
    /// <summary>"GGUF" read as a little-endian u32.</summary>
    public const uint Magic = 0x46554747;
    public const uint Version = 3;
    public const int Alignment = 32;

    private readonly List<(string Key, GgufValueType Type, object Value)> _metadata = [];
    private readonly List<(string Name, long[] Shape, float[] Data, GgmlType Type)> _tensors = [];

    public GgufWriter Add(string key, string value) => AddKv(key, GgufValueType.String, value);
    public GgufWriter Add(string key, uint value) => AddKv(key, GgufValueType.UInt32, value);
    public GgufWriter Add(string key, float value) => AddKv(key, GgufValueType.Float32, value);
    public GgufWriter Add(string key, bool value) => AddKv(key, GgufValueType.Bool, value);
    public GgufWriter Add(string key, IReadOnlyList<string> values) => AddKv(key, GgufValueType.Array, values);
    public GgufWriter Add(string key, IReadOnlyList<int> values) => AddKv(key, GgufValueType.Array, values);
    public GgufWriter Add(string key, IReadOnlyList<float> values) => AddKv(key, GgufValueType.Array, values);

    /// <summary>Adds a tensor; <paramref name="shape"/> lists ne0 (the contiguous dimension) first.</summary>
    /// <param name="name">llama.cpp tensor name.</param>
    /// <param name="shape">Dimensions, ne0 first.</param>
    /// <param name="data">Values, row-major over ne0.</param>
    /// <param name="type">F32, F16, or Q8_0 / Q4_0 (ne0 a multiple of 32) for weights stored as llama.cpp's 8- or 4-bit blocks.</param>
    public GgufWriter AddTensor(string name, long[] shape, float[] data, GgmlType type = GgmlType.F32)
    {
        if (shape.Aggregate(1L, (a, b) => a * b) != data.Length)
            throw new ArgumentException($"tensor {name}: shape [{string.Join(",", shape)}] does not match {data.Length} values");
        if (type is GgmlType.Q8_0 or GgmlType.Q4_0 && shape[0] % Q8Block != 0)
            throw new ArgumentException($"tensor {name}: {type} needs ne0 to be a multiple of {Q8Block}");
        if (type is not (GgmlType.F32 or GgmlType.F16 or GgmlType.Q8_0 or GgmlType.Q4_0)) throw new ArgumentException($"tensor {name}: type {type} is not written here");
        _tensors.Add((name, shape, data, type));
        return this;
    }

    private const int Q8Block = 32;

    private static long ByteSize(float[] data, GgmlType type) =>
        type switch
        {
            GgmlType.Q8_0 => data.Length / Q8Block * (2 + Q8Block),
            GgmlType.Q4_0 => data.Length / Q8Block * (2 + Q8Block / 2),
            GgmlType.F16 => data.Length * 2L,
            _ => data.Length * (long)sizeof(float),
        };

    // Q4_0: per block of 32 values, an f16 scale d = m / -8 (m the value of largest magnitude, sign kept) and 16 bytes:
    // byte j holds value j in its low nibble and value j + 16 in its high one, each min(15, floor(x / d + 8.5)).
    private static void WriteQ4(BinaryWriter w, float[] data)
    {
        Span<byte> q = stackalloc byte[Q8Block / 2];
        for (var b = 0; b < data.Length; b += Q8Block)
        {
            var block = data.AsSpan(b, Q8Block);
            float m = 0;
            foreach (var x in block) if (MathF.Abs(x) > MathF.Abs(m)) m = x;
            var d = m / -8f;
            var inv = d != 0 ? 1f / d : 0f;
            int Quant(float x) => Math.Min(15, (int)(x * inv + 8.5f));
            for (var j = 0; j < Q8Block / 2; j++) q[j] = (byte)(Quant(block[j]) | Quant(block[j + Q8Block / 2]) << 4);
            w.Write((Half)d);
            w.Write(q);
        }
    }

    // Q8_0: per block of 32 values, an f16 scale d = max|x| / 127 and 32 signed bytes round(x / d).
    private static void WriteQ8(BinaryWriter w, float[] data)
    {
        Span<sbyte> q = stackalloc sbyte[Q8Block];
        for (var b = 0; b < data.Length; b += Q8Block)
        {
            var block = data.AsSpan(b, Q8Block);
            var amax = 0f;
            foreach (var x in block) amax = MathF.Max(amax, MathF.Abs(x));
            var d = amax / 127f;
            var inv = d > 0 ? 1f / d : 0f;
            for (var i = 0; i < Q8Block; i++) q[i] = (sbyte)Math.Clamp(MathF.Round(block[i] * inv), -127, 127);
            w.Write((Half)d);
            w.Write(System.Runtime.InteropServices.MemoryMarshal.AsBytes(q));
        }
    }

    private GgufWriter AddKv(string key, GgufValueType type, object value)
    {
        _metadata.Add((key, type, value));
        return this;
    }

    public void Write(string path)
    {
        using var file = new FileStream(path, FileMode.Create, FileAccess.Write, FileShare.None, 1 << 20);
        Write(file);
    }

    public void Write(Stream stream)
    {
        using var w = new BinaryWriter(stream, Encoding.UTF8, leaveOpen: true);
        w.Write(Magic);
        w.Write(Version);
        w.Write((ulong)_tensors.Count);
        w.Write((ulong)_metadata.Count);
        foreach (var (key, type, value) in _metadata)
        {
            WriteString(w, key);
            w.Write((uint)type);
            WriteValue(w, type, value);
        }
        ulong offset = 0;
        foreach (var (name, shape, data, type) in _tensors)
        {
            WriteString(w, name);
            w.Write((uint)shape.Length);
            foreach (var d in shape) w.Write((ulong)d);
            w.Write((uint)type);
            w.Write(offset);
            offset = Align((ulong)ByteSize(data, type) + offset);
        }
        Pad(w);
        foreach (var (_, _, data, type) in _tensors)
        {
            if (type == GgmlType.Q8_0) WriteQ8(w, data);
            else if (type == GgmlType.Q4_0) WriteQ4(w, data);
            else if (type == GgmlType.F16) foreach (var x in data) w.Write((Half)x);
            else w.Write(System.Runtime.InteropServices.MemoryMarshal.AsBytes(data.AsSpan()));
            Pad(w);
        }
    }

    private static void WriteValue(BinaryWriter w, GgufValueType type, object value)
    {
        switch (value)
        {
            case string s: WriteString(w, s); break;
            case uint u: w.Write(u); break;
            case float f: w.Write(f); break;
            case bool b: w.Write((byte)(b ? 1 : 0)); break;
            case IReadOnlyList<string> list:
                w.Write((uint)GgufValueType.String); w.Write((ulong)list.Count);
                foreach (var s in list) WriteString(w, s);
                break;
            case IReadOnlyList<int> list:
                w.Write((uint)GgufValueType.Int32); w.Write((ulong)list.Count);
                foreach (var i in list) w.Write(i);
                break;
            case IReadOnlyList<float> list:
                w.Write((uint)GgufValueType.Float32); w.Write((ulong)list.Count);
                foreach (var f in list) w.Write(f);
                break;
            default: throw new ArgumentException($"unsupported GGUF value {type}");
        }
    }

    private static void WriteString(BinaryWriter w, string s)
    {
        var bytes = Encoding.UTF8.GetBytes(s);
        w.Write((ulong)bytes.Length);
        w.Write(bytes);
    }

    private static ulong Align(ulong n) => (n + Alignment - 1) / Alignment * Alignment;

    private static void Pad(BinaryWriter w)
    {
        var pos = (ulong)w.BaseStream.Position;
        for (var i = pos; i < Align(pos); i++) w.Write((byte)0);
    }
}

/// <summary>GGUF metadata value types.</summary>
public enum GgufValueType : uint
{
    UInt8 = 0, Int8 = 1, UInt16 = 2, Int16 = 3, UInt32 = 4, Int32 = 5, Float32 = 6, Bool = 7,
    String = 8, Array = 9, UInt64 = 10, Int64 = 11, Float64 = 12,
}

/// <summary>The ggml tensor types this project writes.</summary>
public enum GgmlType : uint { F32 = 0, F16 = 1, Q4_0 = 2, Q8_0 = 8 }
