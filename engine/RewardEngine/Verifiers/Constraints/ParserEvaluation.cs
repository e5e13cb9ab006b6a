using System.Globalization;
using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;
using RewardEngine.Diagnostics;

namespace RewardEngine.Verifiers.Constraints;

/// <summary>One instruction id's parser scores against gold annotations.</summary>
public sealed record ParserIdScore(string InstructionId, int TruePositives, int FalsePositives, int FalseNegatives, int KwargsExact)
{
    public double Precision => TruePositives + FalsePositives == 0 ? 1 : (double)TruePositives / (TruePositives + FalsePositives);
    public double Recall => TruePositives + FalseNegatives == 0 ? 1 : (double)TruePositives / (TruePositives + FalseNegatives);
    public double F1 => Precision + Recall == 0 ? 0 : 2 * Precision * Recall / (Precision + Recall);
}

/// <summary>One family's parser scores on a development set (records carrying <c>family</c>): all ids, <c>rwd:</c> kinds included.</summary>
public sealed record ParserFamilyScore(string Family, int Items, int TruePositives, int FalsePositives, int FalseNegatives, int KwargsExact)
{
    public double Precision => TruePositives + FalsePositives == 0 ? 1 : (double)TruePositives / (TruePositives + FalsePositives);
    public double Recall => TruePositives + FalseNegatives == 0 ? 1 : (double)TruePositives / (TruePositives + FalseNegatives);
    /// <summary>Found ids whose kwargs equal gold, over the gold ids: recall with the arguments right.</summary>
    public double ExactRecall => TruePositives + FalseNegatives == 0 ? 1 : (double)KwargsExact / (TruePositives + FalseNegatives);
}

/// <summary>A prompt where the parser and the gold annotation differ.</summary>
public sealed record ParserMismatch(string Key, string Prompt, IReadOnlyList<string> Gold, IReadOnlyList<string> Parsed);

/// <summary>
/// Scores <see cref="ConstraintParser"/> on an IFEval-style file (lines with <c>key</c>, <c>prompt</c>,
/// <c>instruction_id_list</c>, <c>kwargs</c>): precision and recall per id, id-level micro F1, and the share of
/// found ids whose kwargs equal gold. On IFEval's rows only IFEval's ids are scored (gold has no annotations for
/// <c>rwd:</c> kinds; they are counted separately); a row that names its <c>family</c> (the development set,
/// data/dev/freeform.jsonl) is annotated with every kind, so all its ids are scored, and reported per family too. Kwargs compare the gold's non-null arguments; word lists compare as
/// case-insensitive sets, since IFEval sorts them and matches them case-insensitively.
/// </summary>
public sealed class ParserEvaluation
{
    public required IReadOnlyList<ParserIdScore> PerId { get; init; }
    public required IReadOnlyList<ParserMismatch> Mismatches { get; init; }
    public IReadOnlyList<ParserFamilyScore> PerFamily { get; init; } = [];
    public int Prompts { get; init; }
    public int OwnKindsFound { get; init; }

    public int TruePositives => PerId.Sum(s => s.TruePositives);
    public int FalsePositives => PerId.Sum(s => s.FalsePositives);
    public int FalseNegatives => PerId.Sum(s => s.FalseNegatives);
    public double MicroPrecision => (double)TruePositives / Math.Max(1, TruePositives + FalsePositives);
    public double MicroRecall => (double)TruePositives / Math.Max(1, TruePositives + FalseNegatives);
    public double MicroF1 => MicroPrecision + MicroRecall == 0 ? 0 : 2 * MicroPrecision * MicroRecall / (MicroPrecision + MicroRecall);
    public double KwargsExactShare => (double)PerId.Sum(s => s.KwargsExact) / Math.Max(1, TruePositives);

    public static ParserEvaluation Run(string file, ConstraintParser parser)
    {
        if (!File.Exists(file)) throw new DatasetException(file, null, null, "file not found");
        var counts = new Dictionary<string, int[]>(StringComparer.Ordinal); // tp, fp, fn, exact
        var mismatches = new List<ParserMismatch>();
        var families = new SortedDictionary<string, int[]>(StringComparer.Ordinal); // items, tp, fp, fn, exact
        int prompts = 0, own = 0, lineNo = 0;
        foreach (var line in File.ReadLines(file))
        {
            lineNo++;
            if (line.Trim().Length == 0) continue;
            prompts++;
            var (key, prompt, family, gold) = ReadGold(file, lineNo, line);
            var parsed = parser.Parse(prompt);
            own += parsed.Count(c => !InstructionIds.IfEval.Contains(c.InstructionId));
            var predicted = family is not null ? parsed.ToList() : parsed.Where(c => InstructionIds.IfEval.Contains(c.InstructionId)).ToList();
            var fam = family is null ? null : families.TryGetValue(family, out var fv) ? fv : families[family] = new int[5];
            if (fam is not null) fam[0]++;
            var goldKeys = gold.Select(g => g.Id + " " + g.Canonical).ToList();
            var predKeys = predicted.Select(p => p.InstructionId + " " + Canonical(p.Args, gold.FirstOrDefault(g => g.Id == p.InstructionId).Names)).ToList();
            foreach (var id in gold.Select(g => g.Id).Concat(predicted.Select(p => p.InstructionId)).Distinct())
            {
                var c = counts.TryGetValue(id, out var v) ? v : counts[id] = new int[4];
                var g = gold.Count(x => x.Id == id);
                var p = predicted.Count(x => x.InstructionId == id);
                var tp = Math.Min(g, p);
                c[0] += tp; c[1] += p - tp; c[2] += g - tp;
                var goldForId = goldKeys.Where(k => k.StartsWith(id + " ", StringComparison.Ordinal)).ToList();
                int exact = 0;
                foreach (var pk in predKeys.Where(k => k.StartsWith(id + " ", StringComparison.Ordinal)))
                    if (goldForId.Remove(pk)) exact++;
                c[3] += Math.Min(exact, tp);
                if (fam is not null) { fam[1] += tp; fam[2] += p - tp; fam[3] += g - tp; fam[4] += Math.Min(exact, tp); }
            }
            var goldSorted = goldKeys.Order(StringComparer.Ordinal).ToList();
            var predSorted = predKeys.Order(StringComparer.Ordinal).ToList();
            if (!goldSorted.SequenceEqual(predSorted))
                mismatches.Add(new ParserMismatch(key, prompt, goldSorted, predSorted));
        }
        return new ParserEvaluation
        {
            PerId = counts.OrderBy(kv => kv.Key, StringComparer.Ordinal)
                .Select(kv => new ParserIdScore(kv.Key, kv.Value[0], kv.Value[1], kv.Value[2], kv.Value[3])).ToList(),
            Mismatches = mismatches,
            Prompts = prompts,
            OwnKindsFound = own,
            PerFamily = families.Select(kv => new ParserFamilyScore(kv.Key, kv.Value[0], kv.Value[1], kv.Value[2], kv.Value[3], kv.Value[4])).ToList(),
        };
    }

    private static (string Key, string Prompt, string? Family, List<(string Id, string Canonical, HashSet<string> Names)> Gold) ReadGold(string file, int lineNo, string line)
    {
        JsonNode? node;
        try { node = JsonNode.Parse(line); }
        catch (JsonException e) { throw new DatasetException(file, lineNo, null, $"not valid JSON ({e.Message.Split('.')[0]})"); }
        if (node is not JsonObject obj) throw new DatasetException(file, lineNo, null, "expected a JSON object");
        var key = obj["key"]?.ToString() ?? obj["id"]?.ToString() ?? lineNo.ToString(CultureInfo.InvariantCulture);
        var family = obj["family"] is JsonValue fv && fv.TryGetValue<string>(out var fs) ? fs : null;
        var prompt = obj["prompt"] is JsonValue pv && pv.TryGetValue<string>(out var ps) ? ps : throw new DatasetException(file, lineNo, "prompt", "missing or not a string");
        if (obj["instruction_id_list"] is not JsonArray ids) throw new DatasetException(file, lineNo, "instruction_id_list", "missing or not an array");
        var kwargs = obj["kwargs"] as JsonArray ?? throw new DatasetException(file, lineNo, "kwargs", "missing or not an array");
        if (kwargs.Count != ids.Count) throw new DatasetException(file, lineNo, "kwargs", $"has {kwargs.Count} entries for {ids.Count} instruction ids");
        var gold = new List<(string, string, HashSet<string>)>();
        for (int i = 0; i < ids.Count; i++)
        {
            var id = ids[i]?.ToString() ?? throw new DatasetException(file, lineNo, "instruction_id_list", $"entry {i} is null");
            var kw = kwargs[i] as JsonObject ?? [];
            var names = kw.Where(p => p.Value is not null).Select(p => p.Key).ToHashSet(StringComparer.Ordinal);
            ConstraintArgs args;
            try { args = kw.Deserialize<ConstraintArgs>(ConstraintJson.Options) ?? ConstraintArgs.None; }
            catch (JsonException e) { throw new DatasetException(file, lineNo, $"kwargs[{i}]", e.Message.Split('.')[0]); }
            gold.Add((id, Canonical(args, names), names));
        }
        return (key, prompt, family, gold);
    }

    /// <summary>The arguments as a comparable string: gold's named arguments only, word lists as lowercased sorted sets.</summary>
    private static string Canonical(ConstraintArgs args, HashSet<string>? names)
    {
        var node = JsonSerializer.SerializeToNode(args, ConstraintJson.Options)!.AsObject();
        var sb = new StringBuilder();
        foreach (var (name, value) in node.OrderBy(p => p.Key, StringComparer.Ordinal))
        {
            if (names is not null && !names.Contains(name)) continue;
            if (value is null) continue;
            string text = value is JsonArray arr
                ? string.Join("|", arr.Select(x => x!.ToString().Trim().ToLowerInvariant()).Distinct().Order(StringComparer.Ordinal))
                : name is "first_word" or "keyword" ? value.ToString().Trim().ToLowerInvariant() : value.ToString().Trim();
            sb.Append(name).Append('=').Append(text).Append(';');
        }
        return sb.ToString();
    }

    /// <summary>The per-id table, micro scores and kwargs share, as plain text.</summary>
    public string FormatTable()
    {
        var sb = new StringBuilder();
        sb.AppendLine(CultureInfo.InvariantCulture, $"{"instruction id",-48} {"gold",5} {"found",5} {"P",6} {"R",6} {"F1",6} {"kwargs=",7}");
        foreach (var s in PerId)
        {
            var gold = s.TruePositives + s.FalseNegatives;
            var foundN = s.TruePositives + s.FalsePositives;
            var kw = s.TruePositives == 0 ? "-" : ((double)s.KwargsExact / s.TruePositives).ToString("0.00", CultureInfo.InvariantCulture);
            sb.AppendLine(CultureInfo.InvariantCulture, $"{s.InstructionId,-48} {gold,5} {foundN,5} {s.Precision,6:0.000} {s.Recall,6:0.000} {s.F1,6:0.000} {kw,7}");
        }
        sb.AppendLine(CultureInfo.InvariantCulture, $"prompts {Prompts}; gold ids {TruePositives + FalseNegatives}; found ids {TruePositives + FalsePositives}; tp {TruePositives} fp {FalsePositives} fn {FalseNegatives}");
        if (PerFamily.Count > 0)
        {
            sb.AppendLine(CultureInfo.InvariantCulture, $"{"family",-48} {"items",5} {"gold",5} {"found",5} {"P",6} {"R",6} {"R=kw",6}");
            foreach (var f in PerFamily)
                sb.AppendLine(CultureInfo.InvariantCulture, $"{f.Family,-48} {f.Items,5} {f.TruePositives + f.FalseNegatives,5} {f.TruePositives + f.FalsePositives,5} {f.Precision,6:0.000} {f.Recall,6:0.000} {f.ExactRecall,6:0.000}");
        }
        sb.AppendLine(CultureInfo.InvariantCulture, $"micro P {MicroPrecision:0.000} R {MicroRecall:0.000} F1 {MicroF1:0.000}; kwargs exact on {KwargsExactShare:0.000} of found ids; engine-own (rwd:) constraints found {OwnKindsFound}");
        return sb.ToString();
    }
}
