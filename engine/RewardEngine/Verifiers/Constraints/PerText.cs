using System.Runtime.CompilerServices;

namespace RewardEngine.Verifiers.Constraints;

/// <summary>
/// A measure of a text (a count the checkers share), remembered per text object while that object lives. A check
/// file asks the same measure of the same answers, and of their loose variants (made once per answer), under many
/// constraints; a text that is collected takes its entry with it. Thread-safe.
/// </summary>
internal sealed class PerText<T> where T : struct
{
    private readonly ConditionalWeakTable<string, StrongBox<T>> _known = new();
    private readonly ConditionalWeakTable<string, StrongBox<T>>.CreateValueCallback _measure;

    public PerText(Func<string, T> measure) => _measure = text => new StrongBox<T>(measure(text));

    public T Of(string text) => _known.GetValue(text, _measure).Value;
}
