using System.Diagnostics;

namespace RewardEngine.Sandbox;

/// <summary>Checks per second through one runner, measured on a fixed workload.</summary>
internal sealed record ThroughputResult(string Runner, int Checks, double Seconds, int Errors)
{
    public double ChecksPerSecond => Checks / Seconds;
}

/// <summary>
/// The sandbox throughput workload: instructions with 8 typical generated checkers (counts, regexes,
/// keywords) and 2 answers each, run through the warm sandbox pool and through one process per check.
/// </summary>
internal static class SandboxThroughput
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

    /// <summary>
    /// <paramref name="count"/> answers per instruction: the two of <see cref="Answers"/> in turn, each one after the
    /// first two with a sentence of its own (a pairwise comparison has 2, best-of-n has n).
    /// </summary>
    public static IReadOnlyList<string> AnswersOf(int count) =>
        [.. Enumerable.Range(0, count).Select(i => i < Answers.Count ? Answers[i] : $"{Answers[i % Answers.Count]} Answer {i + 1} ends here.")];

    /// <summary>Runs <paramref name="instructions"/> jobs (8 checkers x the answers each), all submitted at once.</summary>
    public static async Task<ThroughputResult> MeasureSandboxAsync(SandboxRunner runner, int instructions, IReadOnlyList<string> answers, CancellationToken cancellationToken)
    {
        await runner.StartAsync(cancellationToken);
        // Warm every worker before timing.
        await Task.WhenAll(Enumerable.Range(0, runner.WorkerCount).Select(_ => runner.RunAsync(Checkers, answers, cancellationToken)));
        var sw = Stopwatch.StartNew();
        var results = await Task.WhenAll(Enumerable.Range(0, instructions).Select(_ => runner.RunAsync(Checkers, answers, cancellationToken)));
        sw.Stop();
        var errors = results.Sum(r => r.Sum(c => c.Count(o => o.Passed is null)));
        return new ThroughputResult($"sandbox pool ({runner.WorkerCount} workers, {runner.Isolation}, {ProcessUnit.Of(runner.Options).Description})",
            instructions * Checkers.Count * answers.Count, sw.Elapsed.TotalSeconds, errors);
    }

    /// <summary>
    /// The floor of one process per checker: each instruction becomes one bare fork+exit of the worker's harness
    /// per checker (no checker code, pipes or isolation), through the same pool; reported as the checks those
    /// processes would have run. No design with a process per checker can go faster on the machine.
    /// </summary>
    public static async Task<ThroughputResult> MeasureForkFloorAsync(SandboxRunner runner, int instructions, int answers, CancellationToken cancellationToken)
    {
        await runner.StartAsync(cancellationToken);
        await Task.WhenAll(Enumerable.Range(0, runner.WorkerCount).Select(_ => runner.RunForksAsync(Checkers.Count, cancellationToken)));
        var sw = Stopwatch.StartNew();
        var forks = await Task.WhenAll(Enumerable.Range(0, instructions).Select(_ => runner.RunForksAsync(Checkers.Count, cancellationToken)));
        sw.Stop();
        return new ThroughputResult($"floor: a bare fork+exit of the harness per checker ({runner.WorkerCount} workers, no checker)",
            forks.Sum() * answers, sw.Elapsed.TotalSeconds, 0);
    }

    // The original's checker runner, in outline: per check, a multiprocessing.Process (forked from the running
    // interpreter) that runs the checker and puts the verdict on a queue, joined with a 5 s timeout.
    private const string ForkPerCheckScript = """
        import json, multiprocessing as mp, sys, time
        checkers, answers, n = json.loads(sys.stdin.read())
        def target(src, answer, q):
            g = {}
            exec(src, g)
            q.put(bool(g["check_following"](answer)))
        def run(src, answer):
            q = mp.Queue()
            p = mp.Process(target=target, args=(src, answer, q))
            p.start()
            p.join(5)
            if p.is_alive():
                p.kill()
                return None
            return q.get() if not q.empty() else None
        mp.set_start_method("fork")
        run(checkers[0], answers[0])
        t = time.perf_counter()
        errors = sum(run(checkers[i % len(checkers)], answers[i // len(checkers) % len(answers)]) is None for i in range(n))
        print(json.dumps([time.perf_counter() - t, errors]))
        """;

    /// <summary>
    /// The original's design in Python (not isolated): a forked multiprocessing.Process per check, joined
    /// with a 5 s timeout, timed inside the interpreter.
    /// </summary>
    public static async Task<ThroughputResult> MeasureForkPerCheckAsync(string python, int checks, IReadOnlyList<string> answers, CancellationToken cancellationToken)
    {
        var input = System.Text.Json.JsonSerializer.Serialize(new object[] { Checkers, answers, checks });
        var result = await CliWrap.Buffered.BufferedCommandExtensions.ExecuteBufferedAsync(
            CliWrap.Cli.Wrap(python).WithArguments(["-I", "-c", ForkPerCheckScript])
                .WithStandardInputPipe(CliWrap.PipeSource.FromString(input)), cancellationToken);
        var parsed = System.Text.Json.JsonSerializer.Deserialize<double[]>(result.StandardOutput.Trim())!;
        return new ThroughputResult("fork per check (multiprocessing, 5 s join; the original)", checks, parsed[0], (int)parsed[1]);
    }

    /// <summary>The original's design: <paramref name="checks"/> checks one after another, a fresh interpreter each.</summary>
    public static async Task<ThroughputResult> MeasureProcessPerCheckAsync(string python, int checks, IReadOnlyList<string> answers, CancellationToken cancellationToken)
    {
        var runner = new ProcessPerCheckRunner(python);
        await runner.RunAsync(Checkers[0], answers[0], cancellationToken);
        var sw = Stopwatch.StartNew();
        int errors = 0;
        for (int i = 0; i < checks; i++)
        {
            var o = await runner.RunAsync(Checkers[i % Checkers.Count], answers[i / Checkers.Count % answers.Count], cancellationToken);
            if (o.Passed is null) errors++;
        }
        sw.Stop();
        return new ThroughputResult("process per check (fresh python, 5 s join)", checks, sw.Elapsed.TotalSeconds, errors);
    }
}
