namespace RewardEngine.Jobs.BestOfN;

/// <summary>What a selection rule sees of one prompt: its row and the signals of its responses.</summary>
public sealed record SelectionInput(int PromptIndex, ResponseRow Row, IReadOnlyList<ResponseSignals> Signals);

/// <summary>
/// A best-of-n selection rule: picks one of the first n responses of a prompt. Adding a rule is adding one
/// implementation and naming it in <see cref="ResponseSelectors"/>.
/// </summary>
public interface IResponseSelector
{
    /// <summary>The rule's name in selections.jsonl, the accuracy table and the plot.</summary>
    string Name { get; }

    /// <summary>The index (below <paramref name="n"/>) of the response picked, and what deciding cost.</summary>
    Task<Selection> SelectAsync(SelectionInput input, int n, CancellationToken cancellationToken);
}
