using System.Collections.Concurrent;
using System.Globalization;
using System.Text;
using RewardEngine.Agent;
using RewardEngine.Configuration;
using RewardEngine.Diagnostics;

namespace RewardEngine.Verifiers.Constraints;

/// <summary>
/// The instruction-following verifier. Constraints come from <see cref="ConstraintParser"/> first and are checked
/// by the deterministic library; when a generated-checker path is supplied (profiles with a coder model), it is
/// asked for checkers for whatever the parser did not cover, and they run in its sandbox.
/// Score per answer = share of constraints met: "binary" counts each constraint 1 or 0 (the original's scoring);
/// "graded" (default) gives a missed count partial credit by its relative distance, so the closer of two answers
/// that both miss an exact count scores higher. A generated check that errors (crash, timeout, kill: null) counts
/// as not met for that answer, as in the original. With no constraint at all, every answer scores 0.5.
/// Parses are cached per instruction: a pair's two answers, best-of-n's N answers and reruns share one.
/// </summary>
public sealed class ConstraintVerifier : IVerifier
{
    private const int MaxCachedInstructions = 10_000;

    private readonly ConstraintParser _parser;
    private readonly IGeneratedCheckerPath? _generated;
    private readonly bool _binary;
    private readonly TextWriter _log;
    private readonly ConcurrentDictionary<string, ConstraintParse> _parses = new(StringComparer.Ordinal);

    public ConstraintVerifier(ConstraintParser parser, ConstraintOptions options, IGeneratedCheckerPath? generated = null, TextWriter? log = null)
    {
        _parser = parser;
        _generated = options.LlmFallback ? generated : null;
        _binary = options.Scoring == ConstraintScoring.Binary;
        _log = log ?? TextWriter.Null;
    }

    public string Name => "constraints";
    public SignalKind Kind => SignalKind.Constraint;

    /// <summary>The parsed constraints of an instruction (cached).</summary>
    public IReadOnlyList<Constraint> ConstraintsOf(string instruction) => ParseOf(instruction).Constraints;

    private ConstraintParse ParseOf(string instruction)
    {
        if (_parses.TryGetValue(instruction, out var cached)) return cached;
        if (_parses.Count >= MaxCachedInstructions) _parses.Clear();
        return _parses.GetOrAdd(instruction, _parser.ParseWithNotes);
    }

    public ValueTask<bool> AppliesToAsync(RewardQuery query, CancellationToken cancellationToken) =>
        ValueTask.FromResult(ParseOf(query.Instruction) is { } p && (p.Constraints.Count > 0 || p.Notes.Count > 0));

    public async Task<SignalResult> ScoreAsync(RewardQuery query, CancellationToken cancellationToken)
    {
        var instruction = query.Instruction;
        var answers = query.Answers;
        var parse = ParseOf(instruction);
        var parsed = parse.Constraints;

        // rows[constraint][answer] = credit in [0, 1], plus the rationale of each row.
        var rows = new List<(string Label, string Path, double[] Credit, string[] Reasons)>();
        foreach (var c in parsed)
        {
            cancellationToken.ThrowIfCancellationRequested();
            rows.Add(CheckRow(c, answers, "parser"));
        }

        var cost = Evaluation.LlmCost.Zero;
        if (_generated is not null)
        {
            var covered = parsed.Select(c => c.Describe()).ToList();
            var prepared = await _generated.PrepareAsync(instruction, covered, cancellationToken).ConfigureAwait(false);
            var checkers = prepared.Checkers;
            cost = prepared.Cost;
            if (checkers.Count > 0)
            {
                var verdicts = await _generated.RunAsync(checkers, answers, cancellationToken).ConfigureAwait(false);
                for (int k = 0; k < checkers.Count; k++)
                {
                    var credit = new double[answers.Count];
                    var reasons = new string[answers.Count];
                    for (int a = 0; a < answers.Count; a++)
                    {
                        var v = k < verdicts.Count && a < verdicts[k].Count ? verdicts[k][a] : null;
                        // As the original: a check that errors counts as failed for that answer.
                        credit[a] = v == true ? 1.0 : 0.0;
                        reasons[a] = v switch { true => "passed", false => "failed", null => "checker error (counted as failed)" };
                    }
                    rows.Add((checkers[k].Description, checkers[k].FromCache ? "generated, cached" : "generated", credit, reasons));
                }
            }
        }

        var dropped = parse.Notes.Count == 0 ? "" : "\n- parser notes: " + string.Join("; ", parse.Notes);
        return Summarise(rows, answers, dropped) with { Cost = cost };
    }

    /// <summary>
    /// Scores answers against constraints given explicitly (IFEval's instruction ids and kwargs, as RL data carries
    /// them), with the same scoring as parsed ones; no parsing, no generated checkers. None given: 0.5 each.
    /// </summary>
    public SignalResult ScoreConstraints(IReadOnlyList<Constraint> constraints, IReadOnlyList<string> answers) =>
        Summarise(constraints.Select(c => CheckRow(c, answers, "given")).ToList(), answers, "");

    private (string Label, string Path, double[] Credit, string[] Reasons) CheckRow(Constraint c, IReadOnlyList<string> answers, string path)
    {
        var credit = new double[answers.Count];
        var reasons = new string[answers.Count];
        for (int a = 0; a < answers.Count; a++)
        {
            var r = ConstraintCheckers.CheckStrict(c, answers[a]);
            credit[a] = r.Passed ? 1.0 : _binary ? 0.0 : r.Score;
            reasons[a] = r.Reason;
        }
        return (c.Describe(), path, credit, reasons);
    }

    private SignalResult Summarise(List<(string Label, string Path, double[] Credit, string[] Reasons)> rows, IReadOnlyList<string> answers, string dropped)
    {
        if (rows.Count == 0)
        {
            return new SignalResult(Name, Kind, Enumerable.Repeat(0.5, answers.Count).ToList(),
                "No checkable constraint found in the instruction; every answer scores 0.5." + dropped);
        }

        var scores = new double[answers.Count];
        for (int a = 0; a < answers.Count; a++) scores[a] = rows.Average(r => r.Credit[a]);

        var sb = new StringBuilder();
        sb.Append(CultureInfo.InvariantCulture, $"{rows.Count} constraint(s), {(_binary ? "binary" : "graded")} scoring.");
        foreach (var (label, path, credit, reasons) in rows)
        {
            var failed = Enumerable.Range(0, answers.Count).Where(a => credit[a] < 1.0).ToList();
            sb.Append(CultureInfo.InvariantCulture, $"\n- [{path}] {label}: ");
            sb.Append(failed.Count == 0 ? "met by all answers" : "failed by " + string.Join(", ", failed.Select(a => $"{AnswerName(a, answers.Count)} ({reasons[a]})")));
        }
        sb.Append(dropped);
        var notes = Enumerable.Range(0, answers.Count).Select(a =>
            string.Join("; ", rows.Where(r => r.Credit[a] < 1.0).Select(r => $"{r.Label}: {r.Reasons[a]}")) is { Length: > 0 } s ? "unmet: " + s : "all constraints met")
            .ToList();
        return new SignalResult(Name, Kind, scores, sb.ToString())
        {
            AnswerNotes = notes,
            Checks = rows.Select(r => new SignalCheck(r.Label, r.Path, r.Credit, r.Reasons)).ToList(),
        };
    }

    private static string AnswerName(int index, int count) =>
        count == 2 ? (index == 0 ? "A" : "B") : $"#{index + 1}";
}
