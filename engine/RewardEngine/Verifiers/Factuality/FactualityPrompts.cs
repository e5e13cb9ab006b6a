using RewardEngine.Configuration;
using RewardEngine.Data;

namespace RewardEngine.Verifiers.Factuality;

/// <summary>
/// The factuality agent's prompts, written for this project after the paper's four steps. The fixed instructions
/// are the system turn (one per <see cref="Kinds"/> value) so a backend can evaluate that prefix once and fork it.
/// </summary>
internal static class FactualityPrompts
{
    /// <summary>PromptKind of each step.</summary>
    public static class Kinds
    {
        public const string Differences = "factuality.differences";
        public const string Queries = "factuality.queries";
        public const string OwnKnowledge = "factuality.knowledge";
        public const string Verify = "factuality.verify";
    }

    public static IReadOnlyList<ChatMessage> Differences(string question, string a, string b, int maxItems) =>
    [
        ChatMessage.System(
            "You compare two answers to the same question for their factual content only. " +
            "Find the factual claims where the answers disagree, or that only one of them makes: names, numbers, " +
            "dates, places, quantities, causes, definitions. Ignore wording, tone, length and formatting. " +
            $"Write each difference as one short sentence naming what each answer says. Reply with a JSON array of at most {maxItems} strings."),
        ChatMessage.User($"Question:\n{question}\n\nAnswer A:\n{a}\n\nAnswer B:\n{b}"),
    ];

    public static IReadOnlyList<ChatMessage> Queries(string question, IReadOnlyList<string> differences, int maxItems) =>
    [
        ChatMessage.System(
            "You plan lookups in an encyclopedia to settle factual disagreements. For the disagreements given, write " +
            "short search queries of 3 to 8 keywords that name the people, things, places and facts involved, so that " +
            $"the passages found would show which version is right. Reply with a JSON array of at most {maxItems} strings."),
        ChatMessage.User($"Question:\n{question}\n\nDisagreements:\n{Bullets(differences)}"),
    ];

    public static IReadOnlyList<ChatMessage> OwnKnowledge(string question, IReadOnlyList<string> queries) =>
    [
        ChatMessage.System(
            "No reference documents are available. From your own knowledge, state briefly and plainly the facts that " +
            "answer the lookups below, one or two sentences each. Write \"unknown\" where you are not sure rather than guess."),
        ChatMessage.User($"Question:\n{question}\n\nLookups:\n{Bullets(queries)}"),
    ];

    public static IReadOnlyList<ChatMessage> Verify(string question, string a, string b, IReadOnlyList<string> differences,
        string evidence, string evidenceKind, FactualityRules rules = FactualityRules.Neutral) =>
    [
        ChatMessage.System(
            "You judge how factually correct two answers to the same question are. Check their claims against the " +
            "evidence; where the evidence says nothing, rely only on well-established knowledge. Mistakes on the points " +
            "of disagreement weigh most; " + (rules == FactualityRules.Original ? OriginalRules : "style and length do not count. ") +
            "Score each answer from 1 (mostly wrong) to 10 (entirely correct). Reply exactly as:\nScore A: [[n]]\nScore B: <<n>>"),
        ChatMessage.User(
            $"Question:\n{question}\n\nAnswer A:\n{a}\n\nAnswer B:\n{b}\n\n" +
            $"Points of disagreement:\n{(differences.Count > 0 ? Bullets(differences) : "- none found")}\n\n" +
            $"Evidence ({evidenceKind}):\n{(evidence.Length > 0 ? evidence : "(nothing relevant found)")}"),
    ];

    /// <summary>
    /// The original's two tie rules (factuality.rules "original"): a length preference where the facts do not decide,
    /// and full marks for two answers that say the same thing.
    /// </summary>
    internal const string OriginalRules =
        "if the two answers say the same thing in different words, score both 10; if they are similarly factual, " +
        "score the shorter answer higher. ";

    private static string Bullets(IEnumerable<string> items) => string.Join("\n", items.Select(i => "- " + i));
}
