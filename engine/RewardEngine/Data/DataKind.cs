namespace RewardEngine.Data;

/// <summary>What the records of a data file are, and so which jobs can read it.</summary>
public enum DataKind
{
    /// <summary>Preference pairs (one chosen and one rejected answer): read by <see cref="DatasetLoader"/>.</summary>
    Pairwise,
    /// <summary>One prompt with several correct and incorrect answers (RewardBench 2 rows): read by <see cref="ListwiseLoader"/>.</summary>
    Listwise,
    /// <summary>Prompts without answers (IFEval's input data): inputs for generation and best-of-n.</summary>
    Prompts,
}
