using System.Text.Json;
using System.Text.Json.Nodes;
using RewardEngine.Data.Formats;
using RewardEngine.Diagnostics;

namespace RewardEngine.Data.Catalog.Converters;

/// <summary>
/// JudgeBench as published (JSON lines of <c>pair_id, original_id, source, question, response_model, response_A,
/// response_B, label</c>) to pairs: the category comes from <c>source</c> (<c>mmlu-pro-*</c> knowledge,
/// <c>livebench-reasoning</c> reasoning, <c>livebench-math</c> math, <c>livecodebench</c> coding), the chosen answer
/// is the one the label prefers (<c>A&gt;B</c> and <c>B&gt;A</c> alike), the id is <c>pair_id</c> and the domain the
/// response model's family (<c>gpt</c>, <c>claude</c>). Records keep the order of the sources, file by file.
/// </summary>
internal sealed class JudgeBenchConverter : IDatasetConverter
{
    private sealed record Row(string Category, JsonObject Pair);

    public string Name => "judgebench";

    public static string? Category(string source) =>
        source.StartsWith("mmlu-pro", StringComparison.Ordinal) ? "knowledge"
        : source == "livebench-reasoning" ? "reasoning"
        : source == "livebench-math" ? "math"
        : source == "livecodebench" ? "coding"
        : null;

    public Task<IReadOnlyList<ConvertedFile>> ConvertAsync(ConversionRequest request, CancellationToken cancellationToken)
    {
        var parsed = new Dictionary<string, (List<Row> Rows, int Ties)>();
        var files = new List<ConvertedFile>();
        foreach (var subset in request.Subsets)
        {
            var category = subset.Select ?? subset.Name;
            var records = new List<JsonNode>();
            var notes = new List<string>();
            foreach (var source in subset.Sources)
            {
                cancellationToken.ThrowIfCancellationRequested();
                if (!parsed.TryGetValue(source, out var p)) parsed[source] = p = Read(request.Raw(source));
                records.AddRange(p.Rows.Where(r => r.Category == category).Select(r => (JsonNode)r.Pair.DeepClone()));
                if (p.Ties > 0) notes.Add($"{source}: {p.Ties} tied label(s) (A=B) have no chosen answer and were left out");
            }
            var name = subset.Name + ".json";
            ConvertedWriter.WriteArray(Path.Combine(request.OutputDirectory, name), records);
            files.Add(new ConvertedFile(subset.Name, name, notes));
        }
        return Task.FromResult<IReadOnlyList<ConvertedFile>>(files);
    }

    private static (List<Row> Rows, int Ties) Read(string file)
    {
        var rows = new List<Row>();
        int ties = 0;
        JsonRecords.Read(file, JsonRecords.ReadBytes(file), r =>
        {
            var f = new RecordFields((field, problem) => new DatasetException(file, r.Number, field, problem, r.Unit));
            if (r.Element.ValueKind != JsonValueKind.Object) throw f.Bad(null, $"expected an object, got {RecordFields.Kind(r.Element)}");
            var e = r.Element;
            string Text(string field) => f.String(f.Required(e, field), field);
            var source = Text("source");
            var category = Category(source) ?? throw f.Bad("source", $"unknown JudgeBench source '{source}' (expected mmlu-pro-*, livebench-reasoning, livebench-math or livecodebench)");
            var label = Text("label");
            bool aWins;
            switch (label)
            {
                case "A>B" or "A>>B": aWins = true; break;
                case "B>A" or "B>>A": aWins = false; break;
                case "A=B": ties++; return;
                default: throw f.Bad("label", $"expected A>B, B>A or A=B, got '{label}'");
            }
            var model = Text("response_model");
            var a = Text("response_A");
            var b = Text("response_B");
            var pairId = f.Required(e, "pair_id");
            if (pairId.ValueKind is not (JsonValueKind.String or JsonValueKind.Number)) throw f.Bad("pair_id", "expected a string or a number");
            var domain = model.Split('-')[0];
            rows.Add(new Row(category, ConvertedWriter.Pair(Text("question"), aWins ? a : b, aWins ? b : a, JsonNode.Parse(pairId.GetRawText()), domain)));
        });
        return (rows, ties);
    }
}
