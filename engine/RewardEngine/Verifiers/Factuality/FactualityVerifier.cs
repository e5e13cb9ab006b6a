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
            };
        }
        var multi = await MultiAnswer.ScoreAsync(answers.Count, async (i, j, ct) =>
        {
            var c = await CompareAsync(query.Instruction, answers[i], answers[j], ct, query.SeedOr(_seed));
            return new PairScores(c.ScoreA / 10.0, c.ScoreB / 10.0);
        }, _mode, unchecked((int)query.SeedOr(_seed)), cancellationToken);
        var mode = _mode == MultiAnswerMode.Elo ? "Elo (K=30, start 1500)" : "average";
        var evidenceMode = _knowledge is null ? "model's own knowledge (local mode: no knowledge base configured)" : $"knowledge base {Path.GetFileName(_knowledge.FilePath)}";
        var rationale = $"factuality over {answers.Count} answers, {multi.Comparisons.Count} pairwise comparisons, {mode}; evidence: {evidenceMode}; " +
                        string.Join("; ", multi.Comparisons.Select(c => $"#{c.First + 1} vs #{c.Second + 1}: {c.FirstScore * 10:0}/{c.SecondScore * 10:0}"));
        return new SignalResult(Name, Kind, multi.Scores, rationale)
        {
            AnswerNotes = multi.Scores.Select(s => s.ToString("0.###", CultureInfo.InvariantCulture)).ToList(),
        };
    }

    /// <summary>What one comparison found; <see cref="Describe"/> is the rationale.</summary>
    internal sealed record PairFinding(IReadOnlyList<string> Differences, IReadOnlyList<string> Queries,
        IReadOnlyList<KnowledgeHit> Evidence, string EvidenceKind, int ScoreA, int ScoreB)
    {
        public string Describe()
        {
            var diffs = Differences.Count > 0 ? string.Join(" | ", Differences) : "none found";
            var ev = Evidence.Count > 0 ? $"{Evidence.Count} passage(s): " + string.Join(", ", Evidence.Select(e => e.Source)) : "";
            return $"factuality: A {ScoreA}/10, B {ScoreB}/10; differences: {diffs}; queries: {string.Join(" | ", Queries)}; " +
                   $"evidence: {EvidenceKind}{(ev.Length > 0 ? "; " + ev : "")}";
        }
    }

    internal async Task<PairFinding> CompareAsync(string question, string answerA, string answerB, CancellationToken ct, uint? seed = null)
    {
        var s = seed ?? _seed;
        var a = EvidencePack.FirstWords(answerA, MaxAnswerWords);
        var b = EvidencePack.FirstWords(answerB, MaxAnswerWords);
        if (string.Equals(answerA.Trim(), answerB.Trim(), StringComparison.Ordinal))
            return new PairFinding([], [], [], "not needed: the answers are identical", 5, 5);

        int maxDiffs = Math.Max(1, _options.MaxDifferences), maxQueries = Math.Max(1, _options.MaxQueries);
        var diffGrammar = Grammars.StringList(maxDiffs, DifferenceChars);
        var differences = StructuredOutput.ParseStringList(
            (await GenerateAsync(f => FactualityPrompts.Differences(PromptText.Cut(question, f), PromptText.Cut(a, f), PromptText.Cut(b, f), maxDiffs),
                FactualityPrompts.Kinds.Differences, diffGrammar, Grammars.MaxTokens(diffGrammar), ct, s)).Text) ?? [];
        differences = differences.Take(maxDiffs).ToList();

        var queryGrammar = Grammars.StringList(maxQueries, QueryChars);
        var queries = StructuredOutput.ParseStringList(
            (await GenerateAsync(f => FactualityPrompts.Queries(PromptText.Cut(question, f),
                    differences.Count > 0 ? differences : [PromptText.Cut(question, f)], maxQueries),
                FactualityPrompts.Kinds.Queries, queryGrammar, Grammars.MaxTokens(queryGrammar), ct, s)).Text) ?? [];
        queries = queries.Take(maxQueries).ToList();
        // No usable queries: the question itself is the best lookup there is.
        if (queries.Count == 0) queries = [EvidencePack.FirstWords(question, 40)];

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
            evidence = [];
            evidenceText = known.Text.Trim();
            evidenceKind = "the model's own knowledge (local mode: no knowledge base configured)";
        }

        var verdict = await GenerateAsync(f => FactualityPrompts.Verify(PromptText.Cut(question, f), PromptText.Cut(a, f), PromptText.Cut(b, f),
                differences, PromptText.Cut(evidenceText, f), evidenceKind),
            FactualityPrompts.Kinds.Verify, Grammars.TwoScores, Grammars.MaxTokens(Grammars.TwoScores), ct, s);
        var (scoreA, scoreB) = StructuredOutput.ParseTwoScores(verdict.Text);
        return new PairFinding(differences, queries, evidence, evidenceKind, scoreA, scoreB);
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
