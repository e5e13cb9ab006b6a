using Microsoft.Extensions.AI;

namespace RewardEngine.Models.Llm.ChatClient;

/// <summary>
/// Which <see cref="IChatClient"/> runs which LLM role: one client for every role, a client per role, or both (a
/// role's own client wins). A role with no client here runs on the backend the config names (llm.backend).
/// Immutable; the clients stay the caller's to dispose.
/// </summary>
public sealed class ChatClientRoles
{
    private readonly IReadOnlyDictionary<LlmRole, IChatClient> _byRole;

    /// <param name="all">The client of every role that has none of its own; null: those roles use the config's backend.</param>
    /// <param name="byRole">A client per role.</param>
    public ChatClientRoles(IChatClient? all = null, IReadOnlyDictionary<LlmRole, IChatClient>? byRole = null)
    {
        All = all;
        _byRole = byRole is null ? new Dictionary<LlmRole, IChatClient>() : new Dictionary<LlmRole, IChatClient>(byRole);
    }

    /// <summary>The client of every role without its own.</summary>
    public IChatClient? All { get; }

    /// <summary>The client <paramref name="role"/> runs on, or null for the config's backend.</summary>
    public IChatClient? For(LlmRole role) => _byRole.TryGetValue(role, out var client) ? client : All;
}
