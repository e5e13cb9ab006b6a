using RewardEngine.Data;

namespace RewardEngine.Verifiers.Constraints.Generated;

/// <summary>
/// The coder prompts of the generated-checker path, written for this engine after the paper's steps:
/// list checkable constraints, ask whether each is verifiable, write <c>check_following</c>, repair it.
/// Changing any text here must bump <see cref="Version"/>, which is part of the checker cache key.
/// </summary>
internal static class CheckerPrompts
{
    public const int Version = 1;
    /// <summary>The response every new checker is test-run on (the paper's).</summary>
    public const string TestResponse = "This is for a test.";
    /// <summary>What the lister answers when nothing is left to check (its grammar needs one item).</summary>
    public const string NoneItem = "none";

    public const string ListKind = "checker-list";
    public const string VerifiableKind = "checker-verifiable";
    public const string CodeKind = "checker-code";

    private const string ListSystem =
        "You find the hard requirements in an instruction given to an AI assistant: the ones a short program could " +
        "test on the assistant's reply. Examples: a word, sentence or paragraph count; words or letters that must or " +
        "must not appear; a required format such as JSON, a bulleted list, titled sections or a title in <<double " +
        "angle brackets>>; all capitals or all lowercase; no commas; a fixed opening or closing phrase; a language. " +
        "Ignore soft qualities such as tone, helpfulness, accuracy, creativity or depth. Write each requirement as one " +
        "short sentence that stands alone and repeats the exact numbers, words and phrases of the instruction. " +
        "Answer with a JSON array of strings. If the instruction has no such requirement, answer [\"none\"].";

    public static IReadOnlyList<ChatMessage> List(string instruction, IReadOnlyList<string> covered, int maxItems)
    {
        var user = $"Instruction:\n<<<\n{instruction}\n>>>\n";
        if (covered.Count > 0)
            user += "These requirements are already checked; do not list them again:\n" +
                    string.Concat(covered.Select(c => $"- {c}\n"));
        user += $"List at most {maxItems} remaining requirements.";
        return [ChatMessage.System(ListSystem), ChatMessage.User(user)];
    }

    private const string VerifiableSystem =
        "You decide whether a requirement on a text can be tested exactly by a short Python function that reads only " +
        "the text: no language model, no internet, no judgement of meaning or quality. Answer yes or no.";

    public static IReadOnlyList<ChatMessage> Verifiable(string instruction, string requirement) =>
    [
        ChatMessage.System(VerifiableSystem),
        ChatMessage.User($"Instruction the text answers:\n<<<\n{instruction}\n>>>\nRequirement: {requirement}\nCan a program test it exactly?"),
    ];

    private const string CodeSystem =
        "You write one Python function, check_following(response), that returns True when the text `response` meets " +
        "the given requirement and False when it does not. Use only the standard library and import what you need " +
        "inside the function (re, string, json, collections, math). Do not print, read files, use the network or " +
        "start processes. Count words with response.split() unless the requirement says otherwise; ignore case and " +
        "surrounding whitespace where the requirement does not fix them. Return a bool on every path.";

    public static List<ChatMessage> Code(string instruction, string requirement) =>
    [
        ChatMessage.System(CodeSystem),
        ChatMessage.User($"Instruction the response answers (for context):\n<<<\n{instruction}\n>>>\nRequirement to test: {requirement}"),
    ];

    public static ChatMessage Repair(string error) => ChatMessage.User(
        $"Calling check_following(\"{TestResponse}\") failed: {error}\n" +
        "Write the whole function again with the fault fixed.");
}
