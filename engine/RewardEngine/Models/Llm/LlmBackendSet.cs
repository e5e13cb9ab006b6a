using RewardEngine.Configuration;
using RewardEngine.Diagnostics;
using RewardEngine.Models.Llm.ChatClient;
using RewardEngine.Models.Llm.LlamaSharp;
using RewardEngine.Models.Llm.OpenAi;

namespace RewardEngine.Models.Llm;

/// <summary>
/// Builds the generator of each role from the config, loading each distinct model file once: when planner and
/// coder name the same GGUF they share one weights object and one generator (one batch for both roles).
/// A role given an <see cref="Microsoft.Extensions.AI.IChatClient"/> in <paramref name="chatClients"/> runs on it
/// instead (one generator per client). Owns and disposes everything it built (never the chat clients).
/// </summary>
public sealed class LlmBackendSet(EngineConfig config, TextWriter log, ChatClientRoles? chatClients = null) : IAsyncDisposable
{
    private readonly object _gate = new();
    private readonly Dictionary<string, LlamaModelFile> _models = new(StringComparer.Ordinal);
    private readonly Dictionary<string, ITextGenerator> _generators = new(StringComparer.Ordinal);
    private bool _disposed;

    /// <summary>Weights objects loaded so far (one per distinct file).</summary>
    public int LoadedModelCount { get { lock (_gate) return _models.Count; } }

    /// <summary>
    /// The generator of <paramref name="role"/>; the same instance on every call and for roles sharing a model.
    /// A role without its own <c>llm.roles</c> entry uses the short form: the coder <c>llm.coder</c> (llamasharp)
    /// or the planner's model; judge and policy the planner's. Thread-safe.
    /// </summary>
    public ITextGenerator? Create(LlmRole role)
    {
        lock (_gate)
        {
            ObjectDisposedException.ThrowIf(_disposed, this);
            var llm = config.Llm;
            if (chatClients?.For(role) is { } client)
            {
                var clientKey = "chat-client:" + System.Runtime.CompilerServices.RuntimeHelpers.GetHashCode(client);
                if (_generators.TryGetValue(clientKey, out var known)) return known;
                var generator = new ChatClientTextGenerator(client, llm.MaxSequences);
                _generators[clientKey] = generator;
                log.WriteLine($"llm: {role} uses the chat client {generator.ModelId}");
                return generator;
            }
            var endpoint = LlmEndpoint.Of(config, role);
            switch (endpoint.Backend)
            {
                case LlmBackend.LlamaSharp:
                {
                    var path = config.Resolve(endpoint.Path)
                        ?? throw new ConfigException($"{endpoint.PathKey}: no GGUF file given (needed by llm.backend llamasharp)");
                    if (_generators.TryGetValue(path, out var existing)) return existing;
                    LlamaNative.EnsureConfigured(config.Resolve(llm.NativeLibraryPath));
                    var started = System.Diagnostics.Stopwatch.StartNew();
                    var model = LlamaModelFile.Load(path, llm, config.Resolve(llm.NativeLibraryPath));
                    _models[path] = model;
                    var generator = new LlamaTextGenerator(model, llm);
                    _generators[path] = generator;
                    log.WriteLine($"llm: {endpoint.PathKey} {path} loaded ({model.ParameterCount:N0} parameters, {started.ElapsedMilliseconds} ms)");
                    return generator;
                }
                case LlmBackend.OpenAi:
                {
                    var key = endpoint.ServerKey;
                    if (_generators.TryGetValue(key, out var existing)) return existing;
                    var generator = new OpenAiTextGenerator(endpoint.OpenAi, llm.MaxSequences);
                    _generators[key] = generator;
                    log.WriteLine($"llm: {ConfigNames.Of(role)} uses {generator.ModelId} at {endpoint.OpenAi.BaseUrl}");
                    return generator;
                }
                default:
                    throw new ConfigException($"llm.backend: unknown '{endpoint.Backend}' (expected llamasharp or openai)");
            }
        }
    }

    public async ValueTask DisposeAsync()
    {
        List<ITextGenerator> generators;
        List<LlamaModelFile> models;
        lock (_gate)
        {
            if (_disposed) return;
            _disposed = true;
            generators = _generators.Values.Distinct().ToList();
            models = _models.Values.ToList();
            _generators.Clear();
            _models.Clear();
        }
        // Generators first: their contexts use the weights.
        foreach (var g in generators)
        {
            if (g is IAsyncDisposable a) await a.DisposeAsync().ConfigureAwait(false);
            else if (g is IDisposable d) d.Dispose();
        }
        foreach (var m in models) m.Dispose();
    }
}
