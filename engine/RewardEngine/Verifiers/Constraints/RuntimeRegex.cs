using System.Collections.Concurrent;
using System.Text.RegularExpressions;

namespace RewardEngine.Verifiers.Constraints;

/// <summary>
/// Patterns the checkers build from a constraint's values (a forbidden word, a section splitter, a postscript
/// marker), each built once: the framework's own cache of static-method patterns holds 15, far fewer than the
/// distinct words of a large check file, so each call rebuilt its pattern. The same pattern and options as the static
/// methods, so the same matches. Bounded: past the limit it starts again.
/// </summary>
internal static class RuntimeRegex
{
    private const int Limit = 4096;
    private static readonly ConcurrentDictionary<(string Pattern, RegexOptions Options), Regex> Built = new();
    private static int _count;

    public static Regex Get(string pattern, RegexOptions options = RegexOptions.None)
    {
        if (Built.TryGetValue((pattern, options), out var known)) return known;
        var regex = new Regex(pattern, options);
        if (Interlocked.Increment(ref _count) > Limit)
        {
            Built.Clear();
            Interlocked.Exchange(ref _count, 0);
        }
        return Built.GetOrAdd((pattern, options), regex);
    }
}
