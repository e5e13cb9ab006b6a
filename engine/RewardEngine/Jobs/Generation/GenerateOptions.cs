namespace RewardEngine.Jobs.Generation;

/// <summary>What <c>reward generate</c> is asked for.</summary>
/// <param name="Overwrite">Replace another run (other prompts or settings) held in <c>OUT.run/</c> instead of refusing it (RWD211).</param>
public sealed record GenerateOptions(string Input, string Output, int N, int MaxTokens, float Temperature, float TopP, int Seed, bool Overwrite = false);

/// <summary>What a generate run did. Prompt tokens are the policy model's: no reward cost.</summary>
/// <param name="GeneratedNow">Prompts answered in this run (the others were resumed from the run store).</param>
/// <param name="PromptTokensEvaluated">Prompt tokens decoded, over every prompt of the file.</param>
/// <param name="PromptTokensSaved">Prompt tokens not decoded because the N samples of a prompt share its KV cache.</param>
public sealed record GenerateReport(
    int Prompts, int N, int GeneratedNow, int Resumed, string Generator,
    long PromptTokensEvaluated, long PromptTokensSaved, long GeneratedTokens, double Seconds, string Output, string RunKey);
