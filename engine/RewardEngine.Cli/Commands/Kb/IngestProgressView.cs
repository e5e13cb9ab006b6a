using RewardEngine.Knowledge.Ingest;

namespace RewardEngine.Cli.Commands.Kb;

/// <summary>
/// Shows ingest progress on stderr: a redrawn bar on a terminal, a plain line every few seconds otherwise
/// (logs and CI keep readable output).
/// </summary>
internal sealed class IngestProgressView : IProgress<IngestProgress>
{
    private readonly bool _terminal = !Console.IsErrorRedirected;
    private readonly object _lock = new();
    private TimeSpan? _last;
    private bool _drawn;

    public void Report(IngestProgress p)
    {
        lock (_lock)
        {
            var every = _terminal ? TimeSpan.FromMilliseconds(200) : TimeSpan.FromSeconds(5);
            if (p.Merging)
            {
                if (_drawn) { Console.Error.WriteLine(); _drawn = false; }
                Console.Error.WriteLine($"ingest: {p.Added:N0} new passages stored; merging the index into one segment");
                return;
            }
            if (_last is { } last && p.Elapsed - last < every) return;
            _last = p.Elapsed;
            var stats = $"{p.Read:N0} passages, {p.Added:N0} new, {p.Duplicates:N0} duplicates, {p.Skipped:N0} skipped, {p.PassagesPerSecond:N0}/s";
            if (!_terminal)
            {
                var pct = p.Fraction is { } f ? $"{f * 100:F0}% " : "";
                Console.Error.WriteLine($"ingest: {pct}{stats}");
                return;
            }
            const int width = 30;
            var fraction = p.Fraction ?? 0;
            int filled = (int)(fraction * width);
            var bar = p.Fraction is null ? "" : $"[{new string('#', filled)}{new string('-', width - filled)}] {fraction * 100,3:F0}% ";
            var line = bar + stats;
            int max = Math.Max(20, SafeWidth() - 1);
            if (line.Length > max) line = line[..max];
            Console.Error.Write("\r" + line.PadRight(max));
            _drawn = true;
        }
    }

    /// <summary>Ends the bar's line so the summary starts on a fresh one.</summary>
    public void Finish()
    {
        lock (_lock)
            if (_drawn) { Console.Error.WriteLine(); _drawn = false; }
    }

    private static int SafeWidth()
    {
        try { return Console.WindowWidth > 0 ? Console.WindowWidth : 100; }
        catch (IOException) { return 100; }
    }
}
