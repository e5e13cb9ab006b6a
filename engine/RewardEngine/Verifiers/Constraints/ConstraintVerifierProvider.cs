using RewardEngine.Agent;
using RewardEngine.Configuration;

namespace RewardEngine.Verifiers.Constraints;

/// <summary>
/// Builds the constraint verifier from the config (<c>constraints</c>): the parser always, the coder LLM's generated
/// checkers where the profile has a coder and the sandbox can isolate them. Signal kind constraint (weight 1.0,
/// 1.1 in the majority vote, as the original); the router's constraint_check; its share of constraints met is a
/// pointwise signal.
/// </summary>
public sealed class ConstraintVerifierProvider : IVerifierProvider
{
    public string Name => "constraints";
    public SignalKind Kind => SignalKind.Constraint;
    public IReadOnlyList<string> WeightAliases => ["constraints", "instruction_following"];
    public SignalWeightDefaults DefaultWeights { get; } = new(1.0, 1.1);
    public bool Pointwise => true;

    // The parser's finding is exact and cheap: it may overrule a planner that says no.
    public RouterQuestion Question { get; } = new("constraint_check",
        "the instruction states hard, checkable requirements on the answer's form " +
        "(length, format, keywords, case, punctuation, language, start or end).") { VerifierOverrulesNo = true };

    public object? ReadOptions(EngineConfig config, ICollection<string> problems)
    {
        var c = config.Constraints;
        ConfigRules.Range(problems, "constraints.maxCheckers", c.MaxCheckers, 1, 64);
        ConfigRules.Range(problems, "constraints.repairRounds", c.RepairRounds, 0, 10);
        return c;
    }

    // Phrasings that reach most of the grammar's rules: parsing them once builds the patterns those rules use.
    private const string WarmUpInstruction =
        "Write exactly 3 paragraphs separated by ***, each starting with the word 'Note', in fewer than 200 words and " +
        "at least 5 sentences, all in lowercase letters and in English. Include the keywords ocean and sand, use the " +
        "word tide at least twice, and do not use the words storm or wind. Wrap the title in double angular brackets, " +
        "such as <<title>>, highlight at least 2 sections with markdown, use 4 bullet points, add a postscript starting " +
        "with P.S., avoid commas, and end your response with 'Is there anything else I can help with?'. " +
        "Give two different responses separated by 6 asterisk symbols, wrap your entire response in double quotation " +
        "marks, answer in JSON format, include at least 2 placeholders such as [address], and mark 4 sections with " +
        "Section X. Use the letter q at least 3 times, answer with one of 'My answer is yes.' or 'My answer is no.', " +
        "give a numbered list of 5 steps labelled 'Step {n}:', each bullet under 12 words, each paragraph exactly 3 " +
        "sentences, 2 markdown headings, a python code block of 4 lines, and every sentence starting with a different letter.";

    // An answer with the shapes the checkers read (title, headings, lists, a divider, code, a postscript).
    private const string WarmUpAnswer =
        "<<A Day by the Sea>>\n\n## Morning\n\nNote the tide came in early. The sand was cold!\n\n* * *\n\n" +
        "**Afternoon**\n\n- [Step 1] Walk the shore.\n- Step 2: Count the shells.\n1. Rest.\n\n```python\nprint('ocean')\n```\n\n" +
        "P.S. Is there anything else I can help with?";

    public void Prepare(EngineConfig config)
    {
        var options = VerifierCatalog.OptionsOf<ConstraintOptions>(this, config);
        if (options is not { Enabled: true }) return;
        _ = Task.Run(() =>
        {
            try
            {
                var constraints = new ConstraintParser().Parse(WarmUpInstruction);
                ResponseLanguage.Prepare();
                foreach (var constraint in constraints) ConstraintCheckers.CheckStrict(constraint, WarmUpAnswer);
            }
            catch (Exception) { } // a preparation only: whatever failed here fails again, and is reported, when the verifier runs
        });
    }

    public IVerifier? Create(AgentContext context)
    {
        var options = VerifierCatalog.OptionsOf<ConstraintOptions>(this, context.Config)!;
        return options.Enabled
            ? new ConstraintVerifier(new ConstraintParser(), options, Generated.GeneratedCheckerPath.Create(context), context.Log)
            : null;
    }
}
