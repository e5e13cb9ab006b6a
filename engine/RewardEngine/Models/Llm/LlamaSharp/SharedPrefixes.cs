using LLama.Batched;
using LLama.Native;

namespace RewardEngine.Models.Llm.LlamaSharp;

/// <summary>
/// Evaluates the instruction prefix that requests of one prompt kind share once, and forks it for each request,
/// so only the differing suffix is decoded. The prefix of a kind is learnt, not declared: the longest common
/// token prefix of its recent requests.
/// </summary>
/// <remarks>
/// In a unified KV pool a fork shares the prefix's cells. In the split layout (one pool per sequence) llama.cpp
/// copies a whole pool into another and nothing less, so a fork copies the root's pool (which holds the prefix
/// only) into its own, ahead of the next decode: a memory copy of the pool instead of a forward pass over the prefix.
/// </remarks>
/// <typeparam name="TWaiter">What waits for a prefix still being decoded (a pending request).</typeparam>
internal sealed class SharedPrefixes<TWaiter>(BatchedExecutor executor, int maxRoots, int minTokens, bool splitPools) : IDisposable
{
    private sealed class Root(LLamaToken[] tokens, Conversation conversation)
    {
        public LLamaToken[] Tokens { get; set; } = tokens;
        public Conversation Conversation { get; set; } = conversation;
        public List<(TWaiter Waiter, LLamaToken[] Tokens)> Waiters { get; } = [];
        public long LastUse { get; set; }
    }

    private readonly Dictionary<string, Root> _roots = new(StringComparer.Ordinal);
    private readonly Dictionary<string, LLamaToken[]> _lastTokens = new(StringComparer.Ordinal);
    private long _clock;

    public int ReservedCells => _roots.Values.Sum(r => r.Tokens.Length);
    public int WaitingCount => _roots.Values.Sum(r => r.Waiters.Count);
    /// <summary>Prompt tokens not decoded thanks to forks (diagnostics and tests).</summary>
    public long SharedTokens { get; private set; }

    /// <summary>
    /// A conversation prompted with <paramref name="tokens"/>, forked from the kind's prefix where one is shared;
    /// null when the request waits for its prefix to be decoded (<see cref="Release"/> hands it over then).
    /// </summary>
    /// <param name="shareable">How many leading tokens may be shared at most (a new prefix is cut there).</param>
    public Conversation? Begin(string? kind, LLamaToken[] tokens, int shareable, TWaiter waiter)
    {
        if (kind is null) return Plain(tokens);
        _clock++;
        if (_roots.TryGetValue(kind, out var root))
        {
            var common = CommonPrefix(root.Tokens, tokens);
            if (common == root.Tokens.Length && tokens.Length > common)
            {
                root.LastUse = _clock;
                if (root.Conversation.RequiresInference) { root.Waiters.Add((waiter, tokens)); return null; }
                return Fork(root, tokens);
            }
            if (common >= minTokens && common < tokens.Length && !root.Conversation.RequiresInference && root.Waiters.Count == 0)
            {
                // The kind's prefix is shorter than thought: keep only the part this request shares too. In its own
                // pool the root can drop its tail in place (forks hold copies); in a shared pool it forks first.
                if (splitPools) root.Conversation.Rewind(root.Tokens.Length - common);
                else
                {
                    var shorter = root.Conversation.Fork();
                    shorter.Rewind(root.Tokens.Length - common);
                    root.Conversation.Dispose();
                    root.Conversation = shorter;
                }
                root.Tokens = tokens[..common];
                root.LastUse = _clock;
                return Fork(root, tokens);
            }
            _lastTokens[kind] = tokens;
            return Plain(tokens);
        }
        if (_lastTokens.TryGetValue(kind, out var last))
        {
            var common = Math.Min(Math.Min(CommonPrefix(last, tokens), tokens.Length - 1), shareable);
            if (common >= minTokens && MakeRoom())
            {
                var conversation = executor.Create();
                conversation.Prompt(tokens.AsSpan(0, common));
                var created = new Root(tokens[..common], conversation) { LastUse = _clock };
                created.Waiters.Add((waiter, tokens));
                _roots[kind] = created;
                return null;
            }
        }
        _lastTokens[kind] = tokens;
        return Plain(tokens);
    }

    /// <summary>Requests whose prefix has now been decoded, each with its forked and prompted conversation.</summary>
    public List<(TWaiter Waiter, Conversation Conversation)> Release()
    {
        var ready = new List<(TWaiter, Conversation)>();
        foreach (var root in _roots.Values)
        {
            if (root.Waiters.Count == 0 || root.Conversation.RequiresInference) continue;
            foreach (var (waiter, tokens) in root.Waiters) ready.Add((waiter, Fork(root, tokens)));
            root.Waiters.Clear();
        }
        return ready;
    }

    /// <summary>Drops the least recently used idle prefix; false when none can go.</summary>
    public bool EvictOne()
    {
        var idle = _roots.Where(r => r.Value.Waiters.Count == 0 && !r.Value.Conversation.RequiresInference)
            .OrderBy(r => r.Value.LastUse).FirstOrDefault();
        if (idle.Value is null) return false;
        idle.Value.Conversation.Dispose();
        _roots.Remove(idle.Key);
        return true;
    }

    /// <summary>Requests still waiting, for failing them on shutdown.</summary>
    public IEnumerable<TWaiter> Waiters => _roots.Values.SelectMany(r => r.Waiters.Select(w => w.Waiter));

    private bool MakeRoom()
    {
        while (_roots.Count >= maxRoots)
            if (!EvictOne()) return false;
        return true;
    }

    private Conversation Plain(LLamaToken[] tokens)
    {
        var conversation = executor.Create();
        conversation.Prompt(tokens);
        return conversation;
    }

    private Conversation Fork(Root root, LLamaToken[] tokens)
    {
        var fork = splitPools ? CopyOf(root.Conversation) : root.Conversation.Fork();
        fork.Prompt(tokens.AsSpan(root.Tokens.Length));
        SharedTokens += root.Tokens.Length;
        return fork;
    }

    /// <summary>
    /// A new sequence holding <paramref name="source"/>'s cells. Conversation.Fork asks llama.cpp for a range, which
    /// it refuses between pools (an assertion that ends the process); the whole pool (0 to -1) is what it copies.
    /// </summary>
    private Conversation CopyOf(Conversation source)
    {
        var copy = executor.Create();
        try
        {
            copy.Modify((_, _) =>
            {
                executor.Context.NativeHandle.MemorySequenceCopy(source.ConversationId, copy.ConversationId, 0, -1);
                return source.TokenCount;
            });
            return copy;
        }
        catch
        {
            copy.Dispose();
            throw;
        }
    }

    private static int CommonPrefix(LLamaToken[] a, LLamaToken[] b) => a.AsSpan().CommonPrefixLength(b);

    public void Dispose()
    {
        foreach (var root in _roots.Values) root.Conversation.Dispose();
        _roots.Clear();
    }
}
