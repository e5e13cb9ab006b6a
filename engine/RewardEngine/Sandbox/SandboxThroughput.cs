using System.Diagnostics;

namespace RewardEngine.Sandbox;

/// <summary>Checks per second through one runner, measured on a fixed workload.</summary>
public sealed record ThroughputResult(string Runner, int Checks, double Seconds, int Errors)
{
    public double ChecksPerSecond => Checks / Seconds;
}

/// <summary>
/// The sandbox throughput workload: instructions with 8 typical generated checkers (counts, regexes,
/// keywords) and 2 answers each, run through the warm sandbox pool and through one process per check.
/// </summary>
public static class SandboxThroughput
{
    /// <summary>Checkers shaped like what a coder model writes for common constraints.</summary>
    public static IReadOnlyList<string> Checkers { get; } =
    [
        "def check_following(response):\n    return len(response.split()) >= 50\n",
        "import re\ndef check_following(response):\n    return len(re.findall(r'[.!?]', response)) <= 20\n",
        "def check_following(response):\n    return 'ocean' in response.lower()\n",
        "def check_following(response):\n    return ',' not in response\n",
        "def check_following(response):\n    paragraphs = [p for p in response.split('\\n\\n') if p.strip()]\n    return len(paragraphs) == 3\n",
        "def check_following(response):\n    return response.strip().endswith('Is there anything else I can help with?')\n",
        "import re\ndef check_following(response):\n    return len(re.findall(r'\\*[^\\n\\*]+\\*', response)) >= 2\n",
        "def check_following(response):\n    words = response.split()\n    caps = [w for w in words if w.isupper() and len(w) > 1]\n    return len(caps) < 5\n",
    ];

    public static IReadOnlyList<string> Answers { get; } =
    [
        string.Join("\n\n", Enumerable.Range(0, 3).Select(i =>
            $"Paragraph {i}: the ocean is wide and *deep* and full of life. Waves roll in. Tides pull out. " +
            "Fish swim past the reef while birds circle above; sailors read the wind and the stars.")),
        "A short answer, with a comma, that says nothing about the sea. Is there anything else I can help with?",
    ];

    /// <summary>Runs <paramref name="instructions"/> jobs (8 checkers x 2 answers each), all submitted at once.</summary>
    public static async Task<ThroughputResult> MeasureSandboxAsync(SandboxRunner runner, int instructions, CancellationToken cancellationToken)
    {
        await runner.StartAsync(cancellationToken);
        // Warm every worker before timing.
        await Task.WhenAll(Enumerable.Range(0, runner.WorkerCount).Select(_ => runner.RunAsync(Checkers, Answers, cancellationToken)));
        var sw = Stopwatch.StartNew();
        var results = await Task.WhenAll(Enumerable.Range(0, instructions).Select(_ => runner.RunAsync(Checkers, Answers, cancellationToken)));
        sw.Stop();
        var errors = results.Sum(r => r.Sum(c => c.Count(o => o.Passed is null)));
        return new ThroughputResult($"sandbox pool ({runner.WorkerCount} workers, {runner.Isolation})",
            instructions * Checkers.Count * Answers.Count, sw.Elapsed.TotalSeconds, errors);
    }

    /// <summary>The original's design: <paramref name="checks"/> checks one after another, a fresh interpreter each.</summary>
    public static async Task<ThroughputResult> MeasureProcessPerCheckAsync(string python, int checks, CancellationToken cancellationToken)
    {
        var runner = new ProcessPerCheckRunner(python);
        await runner.RunAsync(Checkers[0], Answers[0], cancellationToken);
        var sw = Stopwatch.StartNew();
        int errors = 0;
        for (int i = 0; i < checks; i++)
        {
            var o = await runner.RunAsync(Checkers[i % Checkers.Count], Answers[i / Checkers.Count % Answers.Count], cancellationToken);
            if (o.Passed is null) errors++;
        }
        sw.Stop();
        return new ThroughputResult("process per check (fresh python, 5 s join)", checks, sw.Elapsed.TotalSeconds, errors);
    }
}
