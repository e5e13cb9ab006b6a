namespace RewardEngine.Models.RewardModels.Export;

/// <summary>Named float32 tensors in Hugging Face naming (a safetensors checkpoint, or weights made in memory).</summary>
internal interface IWeightSource
{
    bool Contains(string name);

    /// <summary>The tensor, row-major, after checking it has <paramref name="shape"/>.</summary>
    float[] Read(string name, params long[] shape);
}

/// <summary>Weights held in memory, e.g. a random tiny model.</summary>
internal sealed class InMemoryWeights : IWeightSource
{
    private readonly Dictionary<string, (float[] Data, long[] Shape)> _tensors = new(StringComparer.Ordinal);

    public void Add(string name, float[] data, params long[] shape) => _tensors[name] = (data, shape);

    public bool Contains(string name) => _tensors.ContainsKey(name);

    public float[] Read(string name, params long[] shape)
    {
        var (data, actual) = _tensors.TryGetValue(name, out var t) ? t : throw new KeyNotFoundException(name);
        if (!actual.SequenceEqual(shape)) throw new ArgumentException($"{name}: shape [{string.Join(",", actual)}], expected [{string.Join(",", shape)}]");
        return data;
    }
}
