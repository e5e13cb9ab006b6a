using Microsoft.Extensions.AI;
using Microsoft.Extensions.AI.Evaluation;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Options;
using RewardEngine.Configuration;
using RewardEngine.Extensions.AI.DependencyInjection;
using RewardEngine.Extensions.AI.Evaluation;
using RewardEngine.Models.Llm;
using RewardEngine.Models.Llm.ChatClient;

namespace Microsoft.Extensions.DependencyInjection;

/// <summary>Registers the reward agent with a service collection.</summary>
public static class RewardEngineServiceCollectionExtensions
{
    /// <summary>
    /// Adds <see cref="RewardEvaluator"/> (also as an <see cref="IEvaluator"/>, beside any others registered) with its
    /// <see cref="RewardEngineOptions"/> bound from <paramref name="configuration"/>: a section whose keys are the JSON
    /// config's (profile, router, judger:kind, llm:planner, constraints:scoring, ...), checked as a config file is.
    /// The LLM roles run on the <see cref="IChatClient"/> registered under the role's name as key ("planner",
    /// "coder"), else on the unkeyed <see cref="IChatClient"/>, else on the config's backend (llm.backend).
    /// </summary>
    /// <param name="services">The service collection.</param>
    /// <param name="configuration">The section holding the engine config, e.g. <c>configuration.GetSection("RewardEngine")</c>.</param>
    /// <param name="configure">Sets what configuration does not hold (folders, seed, log), or the config itself.</param>
    public static IServiceCollection AddRewardEngine(this IServiceCollection services, IConfiguration configuration,
        Action<RewardEngineOptions>? configure = null)
    {
        ArgumentNullException.ThrowIfNull(services);
        ArgumentNullException.ThrowIfNull(configuration);
        services.AddOptions<RewardEngineOptions>().Configure(o =>
        {
            configure?.Invoke(o);
            o.Config ??= EngineConfigSection.Read(configuration, o.BaseDirectory);
        });
        services.TryAddSingleton(sp =>
        {
            var o = sp.GetRequiredService<IOptions<RewardEngineOptions>>().Value;
            return new RewardEvaluator(o.Config!, ChatClientsFrom(sp), o.WorkDirectory, o.Seed, o.Log);
        });
        services.AddSingleton<IEvaluator>(sp => sp.GetRequiredService<RewardEvaluator>());
        return services;
    }

    private static ChatClientRoles? ChatClientsFrom(IServiceProvider services)
    {
        var byRole = new Dictionary<LlmRole, IChatClient>();
        if (services is IKeyedServiceProvider keyed)
        {
            foreach (var role in Enum.GetValues<LlmRole>())
                if (keyed.GetKeyedService(typeof(IChatClient), role.ToString().ToLowerInvariant()) is IChatClient client)
                    byRole[role] = client;
        }
        var all = services.GetService<IChatClient>();
        return all is null && byRole.Count == 0 ? null : new ChatClientRoles(all, byRole);
    }
}
