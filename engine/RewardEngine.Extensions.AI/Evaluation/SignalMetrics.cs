using System.Globalization;
using Microsoft.Extensions.AI.Evaluation;
using RewardEngine.Agent;

namespace RewardEngine.Extensions.AI.Evaluation;

/// <summary>
/// The agent's signals as Microsoft.Extensions.AI.Evaluation metrics, for the answer at one index: a
/// <see cref="NumericMetric"/> per signal with its score, its note for that answer as the reason and the verifier's
/// full rationale as an informational diagnostic; a <see cref="BooleanMetric"/> per check behind a signal (each
/// constraint). Pass/fail is interpreted where the signal has it (constraints); the reward model's raw score and
/// factuality's comparative score have no absolute threshold and are left uninterpreted.
/// </summary>
internal static class SignalMetrics
{
    public static IEnumerable<EvaluationMetric> For(SignalResult signal, int answer)
    {
        var metric = new NumericMetric(signal.Name, signal.Scores[answer], signal.AnswerNotes?[answer] ?? signal.Rationale);
        metric.AddDiagnostics(EvaluationDiagnostic.Informational(signal.Rationale));
        metric.AddOrUpdateMetadata("kind", signal.Kind.Name);
        if (signal.Kind == SignalKind.Constraint) metric.Interpretation = ConstraintShare(signal, answer);
        yield return metric;
        foreach (var check in signal.Checks ?? [])
        {
            var passed = check.Passed(answer);
            var m = new BooleanMetric(RewardMetricNames.ConstraintPrefix + check.Label, passed, check.Reasons[answer])
            {
                Interpretation = passed
                    ? new EvaluationMetricInterpretation(EvaluationRating.Good, failed: false, "met")
                    : new EvaluationMetricInterpretation(EvaluationRating.Unacceptable, failed: true, "not met: " + check.Reasons[answer]),
            };
            m.AddOrUpdateMetadata("source", check.Source);
            m.AddOrUpdateMetadata("credit", check.Credit[answer].ToString("0.####", CultureInfo.InvariantCulture));
            yield return m;
        }
    }

    private static EvaluationMetricInterpretation ConstraintShare(SignalResult signal, int answer)
    {
        if (signal.Checks is not { Count: > 0 })
            return new EvaluationMetricInterpretation(EvaluationRating.Inconclusive, failed: false, "no checkable constraint in the instruction");
        var share = signal.Scores[answer];
        var failed = signal.Checks.Count(c => !c.Passed(answer));
        return failed == 0
            ? new EvaluationMetricInterpretation(EvaluationRating.Exceptional, failed: false, $"all {signal.Checks.Count} constraint(s) met")
            : new EvaluationMetricInterpretation(share >= 0.5 ? EvaluationRating.Average : EvaluationRating.Poor, failed: true,
                $"{failed} of {signal.Checks.Count} constraint(s) not met");
    }
}
