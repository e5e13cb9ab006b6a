using Xunit;
using Xunit.Abstractions;
using System.Diagnostics;
using RewardEngine.Sandbox;

namespace RewardEngine.Tests.Sandbox;

/// <summary>
/// Hostile checkers composed at random (fixed seeds) from building blocks: frame walking, gc referents,
/// signals, file modes, mode-000 folders holding the answer, output spam, deadlines, processes, sockets,
/// writes outside the scratch folder, writes on the result pipe. Each checker ends by returning a verdict the
/// test knows. Property: every verdict is exactly what the checker returned, or an error (an error whenever a
/// block that must stop the check ran); an honest checker in every job gets its exact verdicts; no job runs
/// past its deadline budget; no worker dies.
/// </summary>
public sealed class SandboxFuzzTests(SandboxFixture fixture, ITestOutputHelper output) : IClassFixture<SandboxFixture>
{
    private const int TimeoutMs = 2000;
    private const string Needle = "needle";

    private enum Effect
    {
        /// <summary>Must not change the verdict.</summary>
        None,
        /// <summary>Must make the check an error.</summary>
        Error,
    }

    private sealed record Block(string Name, Effect Effect, string Code);

    // Each block runs inside `try: ... except BaseException: pass` in the checker's function, where `response`
    // is the answer. Blocks that must stop the check do so whatever the checker does with the exception.
    private static readonly Block[] Blocks =
    [
        new("frame walk", Effect.None, """
            import sys
            f = sys._getframe(0)
            names = []
            while f is not None:
                names.extend(f.f_locals)
                f = f.f_back
            """),
        new("token hunt", Effect.None, """
            import sys
            f = sys._getframe(0)
            while f is not None:
                for v in list(f.f_locals.values()):
                    try:
                        v.__reduce_ex__(4)
                    except Exception:
                        pass
                f = f.f_back
            """),
        new("gc referents", Effect.Error, """
            import gc
            gc.get_referents(str.__dict__)[0]['lower'] = lambda s: 'needle'
            """),
        new("module patch", Effect.None, """
            import re, json, builtins
            re.search = lambda *a, **k: True
            json.loads = lambda *a, **k: None
            builtins.sorted = None
            """),
        new("kill harness", Effect.Error, """
            import os, signal
            os.kill(1, signal.SIGALRM)
            """),
        new("kill parent", Effect.Error, """
            import os, signal
            os.kill(os.getppid(), signal.SIGKILL)
            """),
        new("ignore timer", Effect.None, """
            import signal
            signal.signal(signal.SIGALRM, signal.SIG_IGN)
            """),
        new("mode 000 folder with the answer", Effect.None, """
            import os
            os.makedirs('/tmp/vault/inner', exist_ok=True)
            open('/tmp/vault/inner/answer', 'w').write(response)
            os.chmod('/tmp/vault/inner', 0)
            os.chmod('/tmp/vault', 0)
            """),
        new("short output spam", Effect.None, """
            for _ in range(40):
                print('alive', flush=True)
            """),
        new("alive spam past the deadline", Effect.Error, """
            import time
            start = time.time()
            while time.time() - start < 3.5:
                print('alive', flush=True)
                time.sleep(0.1)
            """),
        new("sleep past the deadline", Effect.Error, """
            import time
            time.sleep(3.5)
            """),
        new("short sleep", Effect.None, """
            import time
            time.sleep(0.02)
            """),
        new("os.system", Effect.Error, """
            import os
            os.system('true')
            """),
        new("subprocess", Effect.Error, """
            import subprocess
            subprocess.run(['/bin/sh', '-c', 'true'])
            """),
        new("socket", Effect.Error, """
            import socket
            socket.create_connection(('127.0.0.1', 22), 0.2)
            """),
        new("write outside scratch", Effect.Error, """
            open('/usr/lib/rwd-fuzz', 'w').write('x')
            """),
        new("write in scratch", Effect.None, """
            open('/tmp/scratch-file', 'a').write(response)
            """),
        new("forge on the result pipe", Effect.Error, """
            import os
            os.write(3, b'0123456789abcdef01234567 R 0 1 1\\n')
            """),
        new("close the result pipe", Effect.Error, """
            import os
            os.close(3)
            """),
        new("thread", Effect.None, """
            import threading
            t = threading.Thread(target=lambda: sum(range(10000)))
            t.start()
            t.join()
            """),
        new("exit swallowed", Effect.None, """
            import sys
            sys.exit(0)
            """),
        new("hard exit", Effect.Error, """
            import os
            os._exit(0)
            """),
        new("recursion limit", Effect.None, """
            import sys
            sys.setrecursionlimit(120)
            """),
        new("ctypes", Effect.Error, """
            import ctypes
            """),
    ];

    private sealed record Generated(string Source, bool Flip, Effect Effect, string Description);

    private static Generated Generate(Random rng)
    {
        // Deadline blocks are slow: one checker in about twelve gets one.
        var pool = Blocks.Where(b => rng.Next(12) == 0 || !b.Name.Contains("deadline")).ToArray();
        var chosen = Enumerable.Range(0, rng.Next(1, 4)).Select(_ => pool[rng.Next(pool.Length)]).ToList();
        var flip = rng.Next(2) == 0;
        var atLoad = rng.Next(4) == 0; // sometimes the first block runs when the module loads
        // Every process starts with an empty scratch folder: anything left by another checker turns this
        // checker's verdict into an error, which the property below does not allow for harmless blocks.
        var lines = new List<string> { "import os as _os", "if _os.listdir('/tmp'):", "    _os._exit(0)" };
        if (atLoad)
        {
            lines.Add("response = 'module level'");
            lines.AddRange(Wrap(chosen[0].Code, ""));
        }
        lines.Add("def check_following(response):");
        foreach (var b in atLoad ? chosen.Skip(1) : chosen) lines.AddRange(Wrap(b.Code, "    "));
        lines.Add($"    return ('{Needle}' in response) != {(flip ? "True" : "False")}");
        var effect = chosen.Any(b => b.Effect == Effect.Error) ? Effect.Error : Effect.None;
        return new Generated(string.Join("\n", lines) + "\n", flip, effect, string.Join(" + ", chosen.Select(b => b.Name)) + (atLoad ? " (first at load)" : ""));
    }

    private static IEnumerable<string> Wrap(string code, string indent)
    {
        yield return indent + "try:";
        foreach (var line in code.Replace("\r", "").TrimEnd().Split('\n')) yield return indent + "    " + line;
        yield return indent + "except BaseException:";
        yield return indent + "    pass";
    }

    [Theory]
    [InlineData(11)]
    [InlineData(23)]
    [InlineData(37)]
    public async Task HostileCheckersGetTheirOwnVerdictOrAnError(int seed)
    {
        var runner = fixture.Runner;
        var rng = new Random(seed);
        var workersBefore = runner.WorkerProcessIds();
        string[] answers = [$"an answer with the {Needle} in it", "an answer without it"];
        int cases = 0, errors = 0;
        var sw = Stopwatch.StartNew();
        for (int job = 0; job < 4; job++)
        {
            var generated = Enumerable.Range(0, 5).Select(_ => Generate(rng)).ToList();
            var honestAt = rng.Next(generated.Count + 1);
            var checkers = generated.Select(g => g.Source).ToList();
            checkers.Insert(honestAt, $"def check_following(response):\n    return '{Needle}' in response\n");
            var started = Stopwatch.GetTimestamp();
            var r = await runner.RunAsync(checkers, answers, CancellationToken.None, TimeoutMs);
            var took = Stopwatch.GetElapsedTime(started);

            Assert.Equal([true, false], r[honestAt].Select(o => o.Passed));
            for (int k = 0, g = 0; k < checkers.Count; k++)
            {
                if (k == honestAt) continue;
                var gen = generated[g++];
                for (int i = 0; i < answers.Length; i++)
                {
                    cases++;
                    var o = r[k][i];
                    bool returned = answers[i].Contains(Needle) != gen.Flip;
                    var context = $"seed {seed} job {job} checker {k} ({gen.Description}) answer {i}: passed={o.Passed} error={o.Error}\n{gen.Source}";
                    if (o.Passed is null) errors++;
                    if (gen.Effect == Effect.Error) Assert.True(o.Passed is null, "must be an error: " + context);
                    else Assert.True(o.Passed == returned, "must be exactly what it returned: " + context);
                }
            }
            // Budget: each step (a load, an answer) has the timeout plus a 250 ms grace from the end of the
            // previous one; a process that ends early is replaced once per answer. Slack: starting processes.
            var budget = TimeSpan.FromMilliseconds(checkers.Count * 2 * (answers.Length + 1) * (TimeoutMs + 250) / 2.0) + TimeSpan.FromSeconds(checkers.Count);
            Assert.True(took < budget, $"seed {seed} job {job} took {took}, budget {budget}");
        }
        var workersAfter = runner.WorkerProcessIds();
        Assert.All(workersBefore, pid => Assert.Contains(pid, workersAfter)); // none died (the pool may have grown)
        output.WriteLine($"seed {seed}: {cases} hostile checks ({errors} errors) + 8 honest, {sw.Elapsed.TotalSeconds:F1} s");
    }
}
