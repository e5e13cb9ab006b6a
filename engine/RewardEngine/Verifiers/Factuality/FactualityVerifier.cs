using System.Globalization;
using RewardEngine.Agent;
using RewardEngine.Configuration;
using RewardEngine.Knowledge;
using RewardEngine.Models.Llm;

namespace RewardEngine.Verifiers.Factuality;

/// <summary>
/// The paper's factuality agent. For a pair of answers: (1) the planner LLM lists where they differ in fact,
/// (2) turns that into search queries, (3) passages are retrieved from the local knowledge base (top-k per query,
/// trimmed to an evidence token budget) — or, with no knowledge base configured, the model states what it knows
/// ("local" mode, said so in the rationale), (4) the LLM scores both answers 1-10 against the evidence; scores are
/// divided by 10. More than two answers are scored pairwise with <see cref="MultiAnswer"/> (average or Elo).
/// </summary>
public sealed class FactualityVerifier : IVerifier
{
    /// <summary>Answers longer than this many words are cut in prompts (the evidence needs room too).</summary>
    public const int MaxAnswerWords = 800;
    private const int DifferenceChars = 160, QueryChars = 100;

    private readonly ITextGenerator _llm;
    private readonly KnowledgeBase? _knowledge;
    private readonly FactualityOptions _options;
    private readonly uint _seed;
    private readonly MultiAnswerMode _mode;
    private readonly TextWriter _log;

    public FactualityVerifier(ITextGenerator planner, KnowledgeBase? knowledgeBase, FactualityOptions options,
        int seed = 42, MultiAnswerMode multiAnswer = MultiAnswerMode.Average, TextWriter? log = null)
    {
        _llm = planner;
        _knowledge = knowledgeBase;
        _options = options;
        _seed = unchecked((uint)seed);
        _mode = multiAnswer;
        _log = log ?? TextWriter.Null;
    }

    public string Name => "factuality";
    public SignalKind Kind => SignalKind.Factuality;

    /// <inheritdoc cref="FactualityHeuristic"/>
    public ValueTask<bool> AppliesToAsync(RewardQuery query, CancellationToken cancellationToken) =>
        ValueTask.FromResult(FactualityHeuristic.AppliesTo(query));

    public async Task<SignalResult> ScoreAsync(RewardQuery query, CancellationToken cancellationToken)
    {
        var answers = query.Answers;
        if (answers.Count < 2)
            return new SignalResult(Name, Kind, answers.Select(_ => 0.5).ToList(), "factuality: fewer than two answers, nothing to compare");
        if (answers.Count == 2)
        {
            var c = await CompareAsync(query.Instruction, answers[0], answers[1], cancellationToken, query.SeedOr(_seed));
            return new SignalResult(Name, Kind, [c.ScoreA / 10.0, c.ScoreB / 10.0], c.Describe())
            {
                AnswerNotes = [$"{c.ScoreA}/10", $"{c.ScoreB}/10"],
                Cost = c.Cost,
            };
        }
        if (_options.Schedule == FactualitySchedule.Sampled) return await SampledAsync(query, cancellationToken);
        var multi = await MultiAnswer.ScoreAsync(answers.Count, async (i, j, ct) =>
        {
            var c = await CompareAsync(query.Instruction, answers[i], answers[j], ct, query.SeedOr(_seed));
            return new PairScores(c.ScoreA / 10.0, c.ScoreB / 10.0) { Cost = c.Cost };
        }, _mode, unchecked((int)query.SeedOr(_seed)), cancellationToken);
        var mode = _mode == MultiAnswerMode.Elo ? "Elo (K=30, start 1500)" : "average";
        var evidenceMode = _knowledge is null ? "model's own knowledge (local mode: no knowledge base configured)" : $"knowledge base {Path.GetFileName(_knowledge.FilePath)}";
        var rationale = $"factuality over {answers.Count} answers, {multi.Comparisons.Count} pairwise comparisons, {mode}; evidence: {evidenceMode}; " +
                        string.Join("; ", multi.Comparisons.Select(c => $"#{c.First + 1} vs #{c.Second + 1}: {c.FirstScore * 10:0}/{c.SecondScore * 10:0}"));
        return new SignalResult(Name, Kind, multi.Scores, rationale)
        {
            AnswerNotes = multi.Scores.Select(s => s.ToString("0.###", CultureInfo.InvariantCulture)).ToList(),
            Cost = multi.Cost,
        };
    }

    /// <summary>
    /// The original's best-of-n schedule (factuality.schedule "sampled"): N pairs drawn with the seed, each compared on
    /// its first query only; an answer's score is the mean over the pairs it was drawn in, and an answer never drawn
    /// gets none (0, which adds nothing to a weighted sum, as in the original).
    /// </summary>
    private async Task<SignalResult> SampledAsync(RewardQuery query, CancellationToken cancellationToken)
    {
        var answers = query.Answers;
        var seed = query.SeedOr(_seed);
        var pairs = SampledPairs.Draw(answers.Count, unchecked((int)seed));
        var found = await Task.WhenAll(pairs.Select(p =>
            CompareAsync(query.Instruction, answers[p.First], answers[p.Second], cancellationToken, seed, firstQueryOnly: true)));
        var sum = new double[answers.Count];
        var drawn = new int[answers.Count];
        for (int k = 0; k < pairs.Count; k++)
        {
            sum[pairs[k].First] += found[k].ScoreA / 10.0; drawn[pairs[k].First]++;
            sum[pairs[k].Second] += found[k].ScoreB / 10.0; drawn[pairs[k].Second]++;
        }
        var scores = Enumerable.Range(0, answers.Count).Select(i => drawn[i] > 0 ? sum[i] / drawn[i] : 0.0).ToList();
        var undrawn = Enumerable.Range(0, answers.Count).Where(i => drawn[i] == 0).Select(i => $"#{i + 1}").ToList();
        var rationale = $"factuality over {answers.Count} answers, {pairs.Count} sampled pairs (the original's schedule, first query only), average; " +
                        string.Join("; ", pairs.Select((p, k) => $"#{p.First + 1} vs #{p.Second + 1}: {found[k].ScoreA}/{found[k].ScoreB}")) +
                        (undrawn.Count > 0 ? $"; not drawn (no score): {string.Join(", ", undrawn)}" : "");
        return new SignalResult(Name, Kind, scores, rationale)
        {
            AnswerNotes = scores.Select((s, i) => drawn[i] > 0 ? s.ToString("0.###", CultureInfo.InvariantCulture) : "not drawn").ToList(),
            Cost = Evaluation.LlmCost.Sum(found.Select(f => f.Cost)),
        };
    }

    /// <summary>What one comparison found, and what its LLM calls cost; <see cref="Describe"/> is the rationale.</summary>
    internal sealed record PairFinding(IReadOnlyList<string> Differences, IReadOnlyList<string> Queries,
        IReadOnlyList<KnowledgeHit> Evidence, string EvidenceKind, int ScoreA, int ScoreB)
    {
        public Evaluation.LlmCost Cost { get; init; } = Evaluation.LlmCost.Zero;

        public string Describe()
        {
            var diffs = Differences.Count > 0 ? string.Join(" | ", Differences) : "none found";
            var ev = Evidence.Count > 0 ? $"{Evidence.Count} passage(s): " + string.Join(", ", Evidence.Select(e => e.Source)) : "";
            return $"factuality: A {ScoreA}/10, B {ScoreB}/10; differences: {diffs}; queries: {string.Join(" | ", Queries)}; " +
                   $"evidence: {EvidenceKind}{(ev.Length > 0 ? "; " + ev : "")}";
        }
    }

    /// <param name="firstQueryOnly">Search with the first query only (the original's best-of-n).</param>
    internal async Task<PairFinding> CompareAsync(string question, string answerA, string answerB, CancellationToken ct, uint? seed = null, bool firstQueryOnly = false)
    {
        var s = seed ?? _seed;
        var a = EvidencePack.FirstWords(answerA, MaxAnswerWords);
        var b = EvidencePack.FirstWords(answerB, MaxAnswerWords);
        // The original asks about identical answers too (its prompt scores them 10 and 10); the neutral rules need no call.
        if (_options.Rules == FactualityRules.Neutral && string.Equals(answerA.Trim(), answerB.Trim(), StringComparison.Ordinal))
            return new PairFinding([], [], [], "not needed: the answers are identical", 5, 5);

        int maxDiffs = Math.Max(1, _options.MaxDifferences), maxQueries = Math.Max(1, _options.MaxQueries);
        var diffGrammar = Grammars.StringList(maxDiffs, DifferenceChars);
        var listed = await GenerateAsync(f => FactualityPrompts.Differences(PromptText.Cut(question, f), PromptText.Cut(a, f), PromptText.Cut(b, f), maxDiffs),
            FactualityPrompts.Kinds.Differences, diffGrammar, Grammars.MaxTokens(diffGrammar), ct, s);
        var parsedDifferences = StructuredOutput.ParseStringList(listed.Text);
        var cost = listed.Cost(parsedDifferences is not null);
        var differences = (parsedDifferences ?? []).Take(maxDiffs).ToList();

        var queryGrammar = Grammars.StringList(maxQueries, QueryChars);
        var asked = await GenerateAsync(f => FactualityPrompts.Queries(PromptText.Cut(question, f),
                differences.Count > 0 ? differences : [PromptText.Cut(question, f)], maxQueries),
            FactualityPrompts.Kinds.Queries, queryGrammar, Grammars.MaxTokens(queryGrammar), ct, s);
        var parsedQueries = StructuredOutput.ParseStringList(asked.Text);
        cost += asked.Cost(parsedQueries is not null);
        var queries = (parsedQueries ?? []).Take(maxQueries).ToList();
        // No usable queries: the question itself is the best lookup there is.
        if (queries.Count == 0) queries = [EvidencePack.FirstWords(question, 40)];
        if (firstQueryOnly) queries = queries.Take(1).ToList();

        IReadOnlyList<KnowledgeHit> evidence;
        string evidenceText, evidenceKind;
        if (_knowledge is not null)
        {
            var perQuery = queries.Select(q => _knowledge.Search(q, Math.Max(1, _options.TopK), ct)).ToList();
            evidence = EvidencePack.Trim(EvidencePack.Interleave(perQuery), Math.Max(64, _options.EvidenceTokens));
            evidenceText = EvidencePack.Format(evidence);
            evidenceKind = $"knowledge base {Path.GetFileName(_knowledge.FilePath)}, {evidence.Count} passage(s)";
        }
        else
        {
            // The original's "local" mode: the model's own knowledge stands in for search results.
            var known = await GenerateAsync(f => FactualityPrompts.OwnKnowledge(PromptText.Cut(question, f), queries), FactualityPrompts.Kinds.OwnKnowledge,
                null, Math.Clamp(_options.EvidenceTokens, 64, 512), ct, s);
            cost += known.Cost();
            evidence = [];
            evidenceText = known.Text.Trim();
            evidenceKind = "the model's own knowledge (local mode: no knowledge base configured)";
        }

        var verdict = await GenerateAsync(f => FactualityPrompts.Verify(PromptText.Cut(question, f), PromptText.Cut(a, f), PromptText.Cut(b, f),
                differences, PromptText.Cut(evidenceText, f), evidenceKind, _options.Rules),
            FactualityPrompts.Kinds.Verify, Grammars.TwoScores, Grammars.MaxTokens(Grammars.TwoScores), ct, s);
        var (scoreA, scoreB, parsed) = StructuredOutput.ParseTwoScores(verdict.Text);
        return new PairFinding(differences, queries, evidence, evidenceKind, scoreA, scoreB) { Cost = cost + verdict.Cost(parsed) };
    }

    /// <param name="prompt">The messages with every long text cut to a fraction of its length (1.0: whole).</param>
    private Task<GenerationResult> GenerateAsync(Func<double, IReadOnlyList<Data.ChatMessage>> prompt, string kind, string? grammar, int maxTokens, CancellationToken ct, uint seed) =>
        _llm.GenerateAsync(GenerationRequest.Fitted(prompt) with
        {
            PromptKind = kind,
            Grammar = grammar,
            MaxTokens = maxTokens,
            Seed = seed,
            Temperature = 0,
        }, ct);
}
