using Microsoft.Extensions.AI;
using Microsoft.Extensions.AI.Evaluation;
using RewardEngine.Configuration;
using RewardEngine.Extensions.AI.Evaluation;

// The model-free verifiers by default; pass a config file (reward's --config) for the reward model and LLM roles.
await using var evaluator = new RewardEvaluator(args.Length > 0 ? EngineConfig.Load(args[0]) : new EngineConfig());
var question = new ChatMessage(ChatRole.User, "Name the primary colors. Your answer must contain exactly 3 bullet points. Your entire response should be in lowercase letters.");
var answer = new ChatResponse(new ChatMessage(ChatRole.Assistant, "* red\n* yellow\n* blue"));
var result = await evaluator.EvaluateAsync([question], answer);
foreach (var m in result.Metrics.Values)   // a signal that could not run says why in an error diagnostic
    Console.WriteLine($"{m.Name}: {(m is NumericMetric n ? n.Value : ((BooleanMetric)m).Value)} {m.Interpretation?.Rating} {m.Reason}"
        + string.Concat(m.Diagnostics?.Where(d => d.Severity == EvaluationDiagnosticSeverity.Error).Select(d => $"\n  error: {d.Message}") ?? []));
