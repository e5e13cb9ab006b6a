using RewardEngine.Diagnostics;

namespace RewardEngine.Models.Llm;

/// <summary>
/// A generation that cannot be done as asked: a prompt longer than the context, an unreachable or failing
/// server (named by URL and HTTP status), a grammar the backend rejects (RWD310).
/// </summary>
public sealed class GenerationException(string message, Exception? inner = null)
    : RewardEngineException("RWD310", message, inner);
