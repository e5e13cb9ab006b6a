using System.Diagnostics;

namespace RewardEngine.Evaluation;

/// <summary>
/// Shows progress of long work: a redrawn bar on a terminal, plain lines otherwise (logs, CI, MSBuild),
/// at most one line a second plus the last.
/// </summary>
public sealed class ProgressReporter
{
    private readonly TextWriter _out;
    private readonly bool _terminal;
    private readonly string _unit;
    private readonly Stopwatch _clock = Stopwatch.StartNew();
    private readonly object _gate = new();
    private long _lastLineMs = -10_000;
    private int _lastWidth;

    public ProgressReporter(TextWriter output, bool terminal, string unit)
    {
        _out = output; _terminal = terminal; _unit = unit;
    }

    /// <summary>Bars on stderr when stderr is a terminal; plain lines there otherwise.</summary>
    public static ProgressReporter ForConsole(string unit) =>
        new(Console.Error, !Console.IsErrorRedirected && Environment.GetEnvironmentVariable("CI") is null, unit);

    private long? _firstDone;
    private double _firstSeconds;

    /// <summary>"elapsed 1m05s, ETA 12s": the ETA from the rate of this process's own work (resumed items left out).</summary>
    private string Times(long done, long total)
    {
        var elapsed = _clock.Elapsed.TotalSeconds;
        _firstDone ??= done;
        if (_firstDone == done) _firstSeconds = elapsed;
        var workRate = (done - _firstDone.Value) / Math.Max(elapsed - _firstSeconds, 1e-3);
        var eta = done >= total ? "0s" : workRate > 0 ? Span((total - done) / workRate) : "?";
        return $"elapsed {Span(elapsed)}, ETA {eta}";
    }

    private static string Span(double seconds) =>
        seconds >= 3600 ? $"{(int)(seconds / 3600)}h{(int)(seconds % 3600 / 60):00}m"
        : seconds >= 60 ? $"{(int)(seconds / 60)}m{(int)(seconds % 60):00}s"
        : $"{(int)seconds}s";

    public void Report(long done, long total, string? note = null)
    {
        lock (_gate)
        {
            var ms = _clock.ElapsedMilliseconds;
            var rate = done / Math.Max(_clock.Elapsed.TotalSeconds, 1e-3);
            if (_terminal)
            {
                const int width = 30;
                int filled = total > 0 ? (int)(width * done / total) : 0;
                var line = $"\r[{new string('#', filled)}{new string('.', width - filled)}] {done}/{total} {_unit} {rate:0.0}/s {Times(done, total)} {note}";
                _out.Write(line.PadRight(_lastWidth));
                _lastWidth = line.Length;
                if (done >= total) _out.WriteLine();
            }
            else if (ms - _lastLineMs >= 1000 || done >= total)
            {
                _lastLineMs = ms;
                var pct = total > 0 ? 100.0 * done / total : 100;
                _out.WriteLine($"progress: {done}/{total} {_unit} ({pct:0}%) {rate:0.0} {_unit}/s, {Times(done, total)}{(note is null ? "" : " " + note)}");
            }
            _out.Flush();
        }
    }
}
