using System.Runtime.InteropServices;

namespace RewardEngine.Models.RewardModels.Export;

/// <summary>ONNX tensor element types used by the exporter (values from onnx.proto's TensorProto.DataType).</summary>
internal enum OnnxType
{
    Float = 1,
    Int64 = 7,
    Bool = 9,
}

/// <summary>One node attribute; exactly one value kind is set.</summary>
internal sealed record OnnxAttribute(string Name, long? Int = null, float? Float = null, long[]? Ints = null)
{
    public static OnnxAttribute Of(string name, long value) => new(name, Int: value);
    public static OnnxAttribute Of(string name, float value) => new(name, Float: value);
    public static OnnxAttribute Of(string name, params long[] values) => new(name, Ints: values);
    /// <summary>A list attribute, even with one element (Of(name, x) would make it a scalar).</summary>
    public static OnnxAttribute List(string name, params long[] values) => new(name, Ints: values);
}

/// <summary>A graph input or output: name, element type, dims (a string is a symbolic dim such as "batch").</summary>
internal sealed record OnnxValueInfo(string Name, OnnxType Type, object[] Dims);

internal sealed record OnnxNode(string OpType, string[] Inputs, string[] Outputs, string Name, OnnxAttribute[] Attributes);

internal sealed record OnnxInitializer(string Name, OnnxType Type, long[] Dims, byte[] Data);

/// <summary>
/// An ONNX graph under construction plus its serializer (ModelProto, opset 17, IR version 8). Node outputs get
/// fresh names, so builder code reads like the math it encodes.
/// </summary>
internal sealed class OnnxGraph
{
    public const int Opset = 17;
    private const long IrVersion = 8;

    private readonly List<OnnxNode> _nodes = [];
    private readonly List<OnnxInitializer> _initializers = [];
    private readonly Dictionary<string, string> _scalarCache = [];
    private int _counter;

    public List<OnnxValueInfo> Inputs { get; } = [];
    public List<OnnxValueInfo> Outputs { get; } = [];
    public Dictionary<string, string> Metadata { get; } = [];
    public string Name { get; init; } = "graph";

    public long InitializerBytes => _initializers.Sum(i => (long)i.Data.Length);

    /// <summary>Adds a node with one output and returns that output's name.</summary>
    public string Op(string opType, string[] inputs, params OnnxAttribute[] attributes) =>
        Ops(opType, inputs, 1, attributes)[0];

    /// <summary>Adds a node with <paramref name="outputs"/> outputs.</summary>
    public string[] Ops(string opType, string[] inputs, int outputs, params OnnxAttribute[] attributes)
    {
        var id = _counter++;
        var names = Enumerable.Range(0, outputs).Select(i => $"{opType}_{id}_{i}").ToArray();
        _nodes.Add(new OnnxNode(opType, inputs, names, $"{opType}_{id}", attributes));
        return names;
    }

    /// <summary>Renames the output of the last node (graph outputs need stable names); returns the new name.</summary>
    public string NameLastOutput(string name)
    {
        var last = _nodes[^1];
        _nodes[^1] = last with { Outputs = [name, .. last.Outputs.Skip(1)] };
        return name;
    }

    public string Weight(string name, float[] data, params long[] dims)
    {
        if (data.Length != dims.Aggregate(1L, (a, b) => a * b))
            throw new ArgumentException($"{name}: {data.Length} values for dims [{string.Join(",", dims)}]");
        _initializers.Add(new OnnxInitializer(name, OnnxType.Float, dims, MemoryMarshal.AsBytes(data.AsSpan()).ToArray()));
        return name;
    }

    public string Int64s(long[] data, params long[] dims)
    {
        var name = $"const_{_counter++}";
        _initializers.Add(new OnnxInitializer(name, OnnxType.Int64, dims, MemoryMarshal.AsBytes(data.AsSpan()).ToArray()));
        return name;
    }

    /// <summary>A 1-D int64 constant (shapes, axes), shared when repeated.</summary>
    public string Axes(params long[] values)
    {
        var key = "i:" + string.Join(",", values);
        if (!_scalarCache.TryGetValue(key, out var name))
            _scalarCache[key] = name = Int64s(values, values.Length);
        return name;
    }

    /// <summary>A scalar (rank 0) float constant, shared when repeated.</summary>
    public string Scalar(float value)
    {
        var key = "f:" + BitConverter.SingleToInt32Bits(value);
        if (!_scalarCache.TryGetValue(key, out var name))
        {
            name = $"const_{_counter++}";
            _initializers.Add(new OnnxInitializer(name, OnnxType.Float, [], BitConverter.GetBytes(value)));
            _scalarCache[key] = name;
        }
        return name;
    }

    /// <summary>A scalar (rank 0) int64 constant, shared when repeated.</summary>
    public string ScalarInt64(long value)
    {
        var key = "l:" + value;
        if (!_scalarCache.TryGetValue(key, out var name))
            _scalarCache[key] = name = Int64s([value]);
        return name;
    }

    /// <summary>
    /// Writes the model. Initializers go inline unless <paramref name="externalDataFile"/> is given, in which case
    /// every initializer over 1 KiB is written there (protobuf caps a single message at 2 GB).
    /// </summary>
    public void Save(string path, string? externalDataFile = null)
    {
        FileStream? external = null;
        try
        {
            if (externalDataFile is not null)
                external = File.Create(Path.Combine(Path.GetDirectoryName(Path.GetFullPath(path))!, externalDataFile));
            var model = new ProtoWriter();
            model.Varint(1, IrVersion);
            model.String(2, "RewardEngine");
            // A fixed exporter version rather than the assembly version, so the same weights give the same bytes.
            model.String(3, "llama-rm-export-1");
            model.Message(7, g => WriteGraph(g, external, externalDataFile));
            model.Message(8, o => { o.String(1, ""); o.Varint(2, Opset); });
            foreach (var (k, v) in Metadata.OrderBy(kv => kv.Key, StringComparer.Ordinal))
                model.Message(14, e => { e.String(1, k); e.String(2, v); });
            using var file = File.Create(path);
            model.CopyTo(file);
        }
        finally
        {
            external?.Dispose();
        }
    }

    private void WriteGraph(ProtoWriter g, FileStream? external, string? externalName)
    {
        foreach (var n in _nodes)
            g.Message(1, w =>
            {
                foreach (var i in n.Inputs) w.String(1, i);
                foreach (var o in n.Outputs) w.String(2, o);
                w.String(3, n.Name);
                w.String(4, n.OpType);
                foreach (var a in n.Attributes) w.Message(5, aw => WriteAttribute(aw, a));
            });
        g.String(2, Name);
        foreach (var t in _initializers)
            g.Message(5, w =>
            {
                foreach (var d in t.Dims) w.Varint(1, d);
                w.Varint(2, (int)t.Type);
                w.String(8, t.Name);
                if (external is not null && t.Data.Length > 1024)
                {
                    // Offsets aligned to 64 bytes so runtimes may memory-map tensors.
                    var offset = (external.Position + 63) / 64 * 64;
                    while (external.Position < offset) external.WriteByte(0);
                    external.Write(t.Data);
                    w.Message(13, e => { e.String(1, "location"); e.String(2, externalName!); });
                    w.Message(13, e => { e.String(1, "offset"); e.String(2, offset.ToString(System.Globalization.CultureInfo.InvariantCulture)); });
                    w.Message(13, e => { e.String(1, "length"); e.String(2, t.Data.Length.ToString(System.Globalization.CultureInfo.InvariantCulture)); });
                    w.Varint(14, 1);
                }
                else w.Bytes(9, t.Data);
            });
        foreach (var i in Inputs) g.Message(11, w => WriteValueInfo(w, i));
        foreach (var o in Outputs) g.Message(12, w => WriteValueInfo(w, o));
    }

    private static void WriteAttribute(ProtoWriter w, OnnxAttribute a)
    {
        w.String(1, a.Name);
        if (a.Float is { } f) { w.Float(2, f); w.Varint(20, 1); }
        else if (a.Int is { } i) { w.Varint(3, i); w.Varint(20, 2); }
        else if (a.Ints is { } ints) { foreach (var v in ints) w.Varint(8, v); w.Varint(20, 7); }
        else throw new InvalidOperationException($"attribute {a.Name} has no value");
    }

    private static void WriteValueInfo(ProtoWriter w, OnnxValueInfo v)
    {
        w.String(1, v.Name);
        w.Message(2, type => type.Message(1, tensor =>
        {
            tensor.Varint(1, (int)v.Type);
            tensor.Message(2, shape =>
            {
                foreach (var d in v.Dims)
                    shape.Message(1, dim =>
                    {
                        if (d is string s) dim.String(2, s);
                        else dim.Varint(1, Convert.ToInt64(d, System.Globalization.CultureInfo.InvariantCulture));
                    });
            });
        }));
    }
}
