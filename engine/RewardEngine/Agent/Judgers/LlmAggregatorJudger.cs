using System.Globalization;
using System.Text;
using System.Text.RegularExpressions;
using RewardEngine.Data;
using RewardEngine.Models.Llm;

namespace RewardEngine.Agent.Judgers;

/// <summary>
/// The original's llm judger: an aggregator. The judge LLM reads the instruction and each signal's scores per answer,
/// never the answers themselves, and picks one by the rules factuality first, then constraints, then preference.
/// Two answers: [[A]] or [[B]]; more: [[k]] for answer k (the original's listwise prompt). A verdict that does not
/// parse is a tie.
/// </summary>
public sealed partial class LlmAggregatorJudger(ITextGenerator judge, uint seed = 42) : IJudger
{
    internal const string PromptVersion = "aggregate-v1";

    public string Name => "llm_aggregator";

    public async Task<Judgment> JudgeAsync(RewardQuery query, IReadOnlyList<SignalResult> signals, CancellationToken cancellationToken)
    {
        int n = query.Answers.Count;
        var labels = n == 2 ? new[] { "A", "B" } : Enumerable.Range(1, n).Select(i => i.ToString(CultureInfo.InvariantCulture)).ToArray();
        var grammar = n == 2 ? Grammars.Verdict : $"root ::= \"[[\" ({string.Join(" | ", labels.Select(l => $"\"{l}\""))}) \"]]\"";
        var result = await judge.GenerateAsync(GenerationRequest.Fitted(f => Prompt(query, signals, labels, f)) with
        {
            Grammar = grammar,
            MaxTokens = 8,
            Seed = query.SeedOr(seed),
            PromptKind = PromptVersion + (n == 2 ? ".pair" : ".list"),
        }, cancellationToken);
        int? winner = n == 2 ? StructuredOutput.ParseVerdict(result.Text) : ParseIndex(result.Text, n);
        var cost = result.Cost(winner is not null);
        if (winner is null)
            return new Judgment(Name, Enumerable.Repeat(0.5, n).ToList(), null, "the aggregator's verdict could not be parsed: a tie") { Cost = cost };
        var scores = Enumerable.Range(0, n).Select(i => i == winner ? 1.0 : 0.0).ToList();
        return new Judgment(Name, scores, winner, $"the LLM aggregator chose {labels[winner.Value]} from the signals' scores") { Cost = cost };
    }

    /// <summary>The user turn: the instruction and, per signal kind, each answer's score. No answer text.</summary>
    internal static IReadOnlyList<ChatMessage> Prompt(RewardQuery query, IReadOnlyList<SignalResult> signals, IReadOnlyList<string> labels, double fraction)
    {
        var p = new StringBuilder();
        p.Append(labels.Count == 2
            ? "Make a final judgment between Answer A and Answer B to the instruction below, from the judgments of each answer.\n\n"
            : $"Make a final judgment: choose the best of {labels.Count} answers to the instruction below, from the judgments of each answer.\n\n");
        p.Append("[Instruction]\n").Append(PromptText.Cut(PromptText.Trim(query.Instruction, 2000), fraction)).Append("\n\n");
        Section(p, "[Factuality judgments, larger is more factual]", signals, SignalKind.Factuality, labels);
        Section(p, "[Constraint judgments, larger is more preferred]", signals, SignalKind.Constraint, labels);
        Section(p, "[Human preference judgments, larger is more preferred]", signals, SignalKind.Preference, labels);
        // Kinds of verifiers added to the engine: shown after the original's three, which keep their text.
        foreach (var kind in signals.Select(s => s.Kind).Where(k => k != SignalKind.Factuality && k != SignalKind.Constraint && k != SignalKind.Preference).Distinct())
            Section(p, $"[{kind.Name} judgments, larger is more preferred]", signals, kind, labels);
        p.Append("[Rules]\n");
        p.Append("1. Factuality comes first: do not choose an answer with more factual errors (objective errors about world knowledge; subjective differences are not factual errors).\n");
        p.Append("2. Then constraints: choose the answer that satisfies more of the instruction's constraints.\n");
        p.Append("3. Then human preference: choose the answer people would prefer.\n\n");
        p.Append(labels.Count == 2
            ? "Reply only with [[A]] if Answer A is better or [[B]] if Answer B is better."
            : $"Reply only with [[k]] for the best answer k (from [[1]] to [[{labels.Count}]]).");
        return [ChatMessage.User(p.ToString())];
    }

    private static void Section(StringBuilder p, string title, IReadOnlyList<SignalResult> signals, SignalKind kind, IReadOnlyList<string> labels)
    {
        p.Append(title).Append('\n');
        var of = signals.Where(s => s.Kind == kind).ToList();
        if (of.Count == 0) p.Append("None\n");
        foreach (var s in of)
            p.Append(string.Join(", ", labels.Select((l, i) => string.Create(CultureInfo.InvariantCulture, $"Answer {l}: {s.Scores[i]:0.###}")))).Append('\n');
        p.Append('\n');
    }

    private static int? ParseIndex(string text, int count)
    {
        var m = IndexRegex().Match(text);
        if (m.Success && int.TryParse(m.Groups[1].Value, NumberStyles.None, CultureInfo.InvariantCulture, out var k) && k >= 1 && k <= count)
            return k - 1;
        return null;
    }

    [GeneratedRegex(@"\[\[(\d{1,3})\]\]")]
    private static partial Regex IndexRegex();
}
