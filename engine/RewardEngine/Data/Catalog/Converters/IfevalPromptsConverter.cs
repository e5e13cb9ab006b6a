using System.Text.Json;
using RewardEngine.Data.Formats;
using RewardEngine.Diagnostics;

namespace RewardEngine.Data.Catalog.Converters;

/// <summary>
/// IFEval's <c>input_data.jsonl</c> (<c>{key, prompt, instruction_id_list, kwargs}</c>): validated and kept as is,
/// since it is already the format generation, best-of-n and IFEval's own scorer read.
/// </summary>
internal sealed class IfevalPromptsConverter : IDatasetConverter
{
    public string Name => "ifeval-prompts";

    public Task<IReadOnlyList<ConvertedFile>> ConvertAsync(ConversionRequest request, CancellationToken cancellationToken)
    {
        var files = new List<ConvertedFile>();
        foreach (var subset in request.Subsets)
        {
            if (subset.Sources.Count != 1) throw new DataCatalogException($"{request.Set.Name}:{subset.Name}: ifeval-prompts takes one source file");
            var raw = request.Raw(subset.Sources[0]);
            var (prompts, instructions, ids) = Check(raw);
            var name = subset.Name + ".jsonl";
            File.Copy(raw, Path.Combine(request.OutputDirectory, name));
            files.Add(new ConvertedFile(subset.Name, name, [$"{prompts} prompts, {instructions} instructions of {ids} ids"]));
        }
        return Task.FromResult<IReadOnlyList<ConvertedFile>>(files);
    }

    /// <summary>Validates every row; returns the prompt, instruction and distinct-id counts.</summary>
    internal static (int Prompts, int Instructions, int Ids) Check(string file)
    {
        int prompts = 0, instructions = 0;
        var ids = new HashSet<string>();
        var keys = new HashSet<long>();
        JsonRecords.Read(file, JsonRecords.ReadBytes(file), r =>
        {
            var f = new RecordFields((field, problem) => new DatasetException(file, r.Number, field, problem, r.Unit));
            var e = r.Element;
            if (e.ValueKind != JsonValueKind.Object) throw f.Bad(null, $"expected an object, got {RecordFields.Kind(e)}");
            var key = f.Required(e, "key");
            if (!key.TryGetInt64(out var k)) throw f.Bad("key", "expected an integer");
            if (!keys.Add(k)) throw f.Bad("key", $"key {k} is used by an earlier prompt");
            if (f.String(f.Required(e, "prompt"), "prompt").Length == 0) throw f.Bad("prompt", "empty");
            var list = f.Strings(f.Required(e, "instruction_id_list"), "instruction_id_list");
            var kwargs = f.Required(e, "kwargs");
            if (kwargs.ValueKind != JsonValueKind.Array || kwargs.GetArrayLength() != list.Count || kwargs.EnumerateArray().Any(x => x.ValueKind != JsonValueKind.Object))
                throw f.Bad("kwargs", $"expected one object per instruction id ({list.Count})");
            prompts++;
            instructions += list.Count;
            ids.UnionWith(list);
        });
        return (prompts, instructions, ids.Count);
    }
}
