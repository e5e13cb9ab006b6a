namespace RewardEngine.Jobs.BestOfN;

/// <summary>The first response: what sampling once gives (the table's baseline).</summary>
public sealed class FirstSelector : IResponseSelector
{
    public string Name => "first";
    public Task<Selection> SelectAsync(SelectionInput input, int n, CancellationToken cancellationToken) => Task.FromResult<Selection>(0);
}
