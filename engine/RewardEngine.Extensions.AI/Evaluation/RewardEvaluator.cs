using Microsoft.Extensions.AI;
using Microsoft.Extensions.AI.Evaluation;
using RewardEngine.Agent;
using RewardEngine.Configuration;
using RewardEngine.Models.Llm.ChatClient;
using EngineMessage = RewardEngine.Data.ChatMessage;

namespace RewardEngine.Extensions.AI.Evaluation;

/// <summary>
/// The reward agent as an <see cref="IEvaluator"/> of Microsoft.Extensions.AI.Evaluation. It scores the response
/// to the messages: alone, with the signals that mean something for one answer (reward model, constraints) summed
/// as the judger weighs them; or, given a <see cref="RivalAnswersContext"/>, against the rivals with the whole agent,
/// as <c>reward eval</c> scores a pair (same signals, same scores). It returns <see cref="RewardMetricNames.Reward"/>,
/// a <see cref="NumericMetric"/> per signal and a <see cref="BooleanMetric"/> per constraint; a verifier that failed
/// is an error diagnostic. It composes with other evaluators (<see cref="CompositeEvaluator"/>) and with the
/// evaluation reporting storage as any evaluator does. The models load on the first evaluation and are shared by
/// concurrent ones; the <see cref="ChatConfiguration"/> argument is not used (the LLM roles are fixed at
/// construction: <see cref="ChatClientRoles"/>).
/// </summary>
public sealed class RewardEvaluator : IEvaluator, IAsyncDisposable, IDisposable
{
    private readonly EngineConfig _config;
    private readonly ChatClientRoles? _chatClients;
    private readonly string _workDirectory;
    private readonly int? _seed;
    private readonly TextWriter _log;
    private readonly SemaphoreSlim _gate = new(1, 1);
    private Engine? _engine;
    private bool _disposed;

    private sealed record Engine(AgentContext Context, RewardAgent Agent, PointwiseScorer Pointwise);

    /// <param name="config">The engine config (<see cref="EngineConfig.Load"/>, <see cref="EngineConfigSection.Read"/>, or <c>new EngineConfig()</c> for the model-free verifiers).</param>
    /// <param name="chatClients">LLM roles on Microsoft.Extensions.AI chat clients instead of the config's backend; null: the config's.</param>
    /// <param name="workDirectory">Folder for caches (generated checkers); default: a folder under the temporary directory.</param>
    /// <param name="seed">Seed of sampling and orders; default: the config's.</param>
    /// <param name="log">Where model loading and warnings are written; default: nowhere.</param>
    public RewardEvaluator(EngineConfig config, ChatClientRoles? chatClients = null, string? workDirectory = null, int? seed = null, TextWriter? log = null)
    {
        ArgumentNullException.ThrowIfNull(config);
        _config = config;
        _chatClients = chatClients;
        _workDirectory = workDirectory ?? Path.Combine(Path.GetTempPath(), "rewardengine-evaluator");
        _seed = seed;
        _log = log ?? TextWriter.Null;
    }

    /// <summary>Every metric name this evaluator may return besides the per-constraint ones (<see cref="RewardMetricNames"/>).</summary>
    public IReadOnlyCollection<string> EvaluationMetricNames =>
        [RewardMetricNames.Reward, .. _config.Catalog.Providers.Select(p => p.Name)];

    /// <inheritdoc/>
    public async ValueTask<EvaluationResult> EvaluateAsync(IEnumerable<ChatMessage> messages, ChatResponse modelResponse,
        ChatConfiguration? chatConfiguration = null, IEnumerable<EvaluationContext>? additionalContext = null,
        CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(messages);
        ArgumentNullException.ThrowIfNull(modelResponse);
        var prompt = messages.Where(m => !string.IsNullOrEmpty(m.Text)).Select(m => new EngineMessage(m.Role.Value, m.Text)).ToList();
        if (!prompt.Any(m => m.Role == "user"))
        {
            var none = new NumericMetric(RewardMetricNames.Reward, reason: "nothing to score against");
            none.AddDiagnostics(EvaluationDiagnostic.Error("the messages hold no user turn: the reward agent scores a response to an instruction"));
            return new EvaluationResult(none);
        }
        var rivals = additionalContext?.OfType<RivalAnswersContext>().SelectMany(c => c.Answers).ToList() ?? [];
        var query = new RewardQuery(prompt, [modelResponse.Text, .. rivals]);
        var engine = await EngineAsync(cancellationToken).ConfigureAwait(false);

        var metrics = new List<EvaluationMetric>();
        NumericMetric reward;
        IReadOnlyList<SignalError> errors;
        if (rivals.Count == 0)
        {
            var result = await engine.Pointwise.ScoreAsync(query, cancellationToken).ConfigureAwait(false);
            reward = new NumericMetric(RewardMetricNames.Reward, result.Reward,
                "weighted sum of " + string.Join(", ", result.Signals.Select(s => s.Name)));
            metrics.Add(reward);
            metrics.AddRange(result.Signals.SelectMany(s => SignalMetrics.For(s, 0)));
            errors = result.Errors;
        }
        else
        {
            var result = await engine.Agent.EvaluateAsync(query, cancellationToken).ConfigureAwait(false);
            var j = result.Judgment;
            reward = new NumericMetric(RewardMetricNames.Reward, j.Scores[0], j.Rationale)
            {
                Interpretation = j.Best == 0 ? new EvaluationMetricInterpretation(EvaluationRating.Good, false, $"preferred over {rivals.Count} rival(s)")
                    : Judgment.Top(j.Scores).Contains(0) ? new EvaluationMetricInterpretation(EvaluationRating.Average, false, "tied with a rival")
                    : new EvaluationMetricInterpretation(EvaluationRating.Poor, true, "a rival is preferred"),
            };
            reward.AddOrUpdateMetadata("judger", j.Judger);
            reward.AddDiagnostics(EvaluationDiagnostic.Informational("route: " + result.Route.Rationale));
            metrics.Add(reward);
            metrics.AddRange(result.Signals.SelectMany(s => SignalMetrics.For(s, 0)));
            errors = result.Errors;
        }
        foreach (var e in errors)
            (metrics.FirstOrDefault(m => m.Name == e.Name) ?? reward).AddDiagnostics(EvaluationDiagnostic.Error($"{e.Name}: {e.Message}"));
        return new EvaluationResult(metrics);
    }

    private async ValueTask<Engine> EngineAsync(CancellationToken cancellationToken)
    {
        if (Volatile.Read(ref _engine) is { } ready) return ready;
        await _gate.WaitAsync(cancellationToken).ConfigureAwait(false);
        try
        {
            ObjectDisposedException.ThrowIf(_disposed, this);
            if (_engine is { } built) return built;
            Directory.CreateDirectory(_workDirectory);
            var context = new AgentContext(_config, _workDirectory, _log, _seed) { ChatClients = _chatClients };
            try
            {
                var agent = RewardAgent.Create(context);
                var engine = new Engine(context, agent, PointwiseScorer.For(agent, _config.Judger.Weights, _config.Catalog));
                Volatile.Write(ref _engine, engine);
                return engine;
            }
            catch
            {
                await context.DisposeAsync().ConfigureAwait(false);
                throw;
            }
        }
        finally
        {
            _gate.Release();
        }
    }

    /// <summary>Releases the models and the sandbox the evaluator loaded.</summary>
    public async ValueTask DisposeAsync()
    {
        await _gate.WaitAsync().ConfigureAwait(false);
        try
        {
            if (_disposed) return;
            _disposed = true;
            if (_engine is { } engine) await engine.Context.DisposeAsync().ConfigureAwait(false);
            _engine = null;
        }
        finally
        {
            _gate.Release();
        }
    }

    /// <summary>For containers that dispose synchronously; prefer <see cref="DisposeAsync"/>.</summary>
    public void Dispose() => DisposeAsync().AsTask().GetAwaiter().GetResult();
}
