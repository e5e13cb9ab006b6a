using System.Globalization;
using RewardEngine.Agent;
using RewardEngine.Data;
using RewardEngine.Models.RewardModels;

namespace RewardEngine.Verifiers.Preference;

/// <summary>
/// The human-preference signal: the base reward model's raw score for each answer, all answers in one batched call.
/// Scores are unbounded reals (higher is better); the judger weighs them. With a <paramref name="batcher"/> the
/// answers join the batches of other concurrent queries (a server); without one each call is scored on its own.
/// </summary>
public sealed class PreferenceVerifier(OnnxRewardModel model, int batchSize, RewardModelBatcher? batcher = null) : IVerifier
{
    public const string VerifierName = "preference";

    public string Name => VerifierName;

    /// <summary>The queue this verifier's calls share with other queries, if any.</summary>
    public RewardModelBatcher? Batcher => batcher;
    public SignalKind Kind => SignalKind.Preference;

    /// <summary>A reward model has an opinion on every answer.</summary>
    public ValueTask<bool> AppliesToAsync(RewardQuery query, CancellationToken cancellationToken) => ValueTask.FromResult(true);

    public async Task<SignalResult> ScoreAsync(RewardQuery query, CancellationToken cancellationToken)
    {
        var conversations = query.Answers
            .Select(a => (IReadOnlyList<ChatMessage>)[.. query.Prompt, ChatMessage.Assistant(a)])
            .ToList();
        var scores = batcher is not null
            ? await batcher.ScoreAsync(conversations, cancellationToken)
            : await model.ScoreAsync(conversations, batchSize, cancellationToken);
        var raw = string.Join(", ", scores.Select(s => s.ToString("G6", CultureInfo.InvariantCulture)));
        return new SignalResult(Name, Kind, scores.Select(s => (double)s).ToList(), $"reward model {model.ModelId}: raw scores [{raw}]")
        {
            Scale = SignalScale.Logit,
        };
    }
}
