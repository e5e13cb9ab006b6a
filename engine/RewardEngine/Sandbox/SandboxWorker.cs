using System.Diagnostics;
using System.Text;
using RewardEngine.Diagnostics;

namespace RewardEngine.Sandbox;

/// <summary>
/// One warm harness process (inside rwd-sandbox unless unsandboxed). One job at a time; the pool owns it.
/// Any protocol failure (exit, timeout, garbage) makes the job's outcomes errors and the worker dead.
/// </summary>
internal sealed class SandboxWorker : IDisposable
{
    private readonly Process _process;
    private readonly StringBuilder _stderr = new();
    private readonly string? _scratch;
    private long _nextId;
    private bool _dead;

    private SandboxWorker(Process process, string? scratch, SandboxIsolation isolation)
    {
        _process = process;
        _scratch = scratch;
        Isolation = isolation;
    }

    public SandboxIsolation Isolation { get; }
    public bool IsAlive => !_dead && !_process.HasExited;
    /// <summary>The launcher's (or unsandboxed interpreter's) process id.</summary>
    public int ProcessId { get; private set; }
    /// <summary>The harness's PID as it sees itself: 1 inside its own PID namespace.</summary>
    public int HarnessPid { get; private set; }
    public int HarnessUid { get; private set; }
    /// <summary>The uid checker processes run under (another than the harness's where the launcher maps two).</summary>
    public int CheckerUid { get; private set; }
    /// <summary>Whether checker processes get librwd-checker's seccomp filter.</summary>
    public bool SyscallFilter { get; private set; }
    /// <summary>"tmpfs" when /tmp is renewed as a new tmpfs, "folder" when emptied (unsandboxed).</summary>
    public string Scratch { get; private set; } = "";

    /// <summary>
    /// Starts a harness and waits for its hello. Returns null with a reason when the launcher reports it
    /// cannot isolate (exit 125).
    /// </summary>
    public static async Task<(SandboxWorker? Worker, string? CannotIsolate)> StartAsync(
        SandboxLaunch launch, bool isolated, CancellationToken cancellationToken)
    {
        string? scratch = null;
        if (!isolated)
        {
            scratch = Path.Combine(Path.GetTempPath(), $"rwd-sandbox-{Guid.NewGuid():N}");
            Directory.CreateDirectory(scratch);
        }
        var process = Process.Start(launch.HarnessStartInfo(isolated, scratch ?? "/tmp"))
            ?? throw new SandboxException($"cannot start {launch.Launcher ?? launch.Python}");
        var worker = new SandboxWorker(process, scratch, isolated ? SandboxIsolation.Isolated : SandboxIsolation.Unsandboxed)
        {
            ProcessId = process.Id,
        };
        worker.DrainStderr();
        try
        {
            using var timeout = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
            timeout.CancelAfter(TimeSpan.FromSeconds(30));
            var line = await process.StandardOutput.ReadLineAsync(timeout.Token);
            var hello = line is null ? null : SandboxProtocol.Parse(line);
            if (hello?.Hello == 1)
            {
                worker.HarnessPid = hello.Pid ?? 0;
                worker.HarnessUid = hello.Uid ?? -1;
                worker.CheckerUid = hello.CheckerUid ?? -1;
                worker.SyscallFilter = hello.SyscallFilter ?? false;
                worker.Scratch = hello.Scratch ?? "";
                return (worker, null);
            }
            await process.WaitForExitAsync(timeout.Token);
            await Task.Delay(20, cancellationToken); // let the stderr reader catch the last line
            var err = worker.StderrTail().Trim();
            var exitCode = process.ExitCode;
            worker.Dispose();
            if (exitCode == SandboxLaunch.CannotIsolateExitCode)
                return (null, err.Length > 0 ? err : "rwd-sandbox cannot isolate (exit 125)");
            // One line: a Python traceback's last line says what failed (the rest names harness internals).
            var last = err.Split('\n', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries).LastOrDefault();
            throw new SandboxException($"sandbox worker failed to start (exit {exitCode}): {last ?? "no message"}");
        }
        catch (OperationCanceledException) when (!cancellationToken.IsCancellationRequested)
        {
            worker.Dispose();
            throw new SandboxException("sandbox worker did not start within 30 s");
        }
        catch
        {
            worker.Dispose();
            throw;
        }
    }

    /// <summary>Runs every checker on every answer; never throws for what the checkers do.</summary>
    public async Task<CheckOutcome[][]> RunAsync(
        IReadOnlyList<string> checkers, IReadOnlyList<string> answers, int timeoutMs, int cpuSeconds, int maxOutput,
        string isolate, CancellationToken cancellationToken)
    {
        var id = ++_nextId;
        var job = new SandboxProtocol.Job(id, checkers, answers, timeoutMs, cpuSeconds, maxOutput, isolate);
        // The harness enforces every limit itself; this budget only catches a harness that stopped answering.
        // Each step (a load, an answer) may take timeoutMs plus a 250 ms grace; a checker whose process ends on
        // an answer is loaded again for the rest, so at most two steps per answer.
        var budgetMs = (long)checkers.Count * 2 * (answers.Count + 1) * (timeoutMs + 500L) + 10_000;
        using var budget = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        budget.CancelAfter(TimeSpan.FromMilliseconds(Math.Min(budgetMs, int.MaxValue)));
        string failure;
        try
        {
            await _process.StandardInput.WriteLineAsync(SandboxProtocol.Serialize(job).AsMemory(), budget.Token);
            await _process.StandardInput.FlushAsync(budget.Token);
            var line = await _process.StandardOutput.ReadLineAsync(budget.Token);
            var reply = line is null ? null : SandboxProtocol.Parse(line);
            if (reply?.Id == id && reply.Results is { } results && results.Count == checkers.Count
                && results.All(r => r.Count == answers.Count))
                return results.Select(r => r.Select(o => o is null
                    ? CheckOutcome.Failed("no outcome")
                    : new CheckOutcome(o.V, o.V is null ? o.E ?? "no verdict" : null, o.Ms)).ToArray()).ToArray();
            failure = reply?.Fault is { } fault ? $"sandbox harness fault: {fault}"
                : line is null ? $"sandbox worker exited{ExitNote()}"
                : "sandbox worker sent an unexpected reply";
        }
        catch (OperationCanceledException) when (!cancellationToken.IsCancellationRequested)
        {
            failure = "sandbox worker stopped answering";
        }
        catch (IOException e)
        {
            failure = $"sandbox worker pipe closed: {e.Message}{ExitNote()}";
        }
        catch (OperationCanceledException)
        {
            Kill();
            throw;
        }
        Kill();
        return checkers.Select(_ => answers.Select(_ => CheckOutcome.Failed(failure)).ToArray()).ToArray();
    }

    /// <summary>
    /// The calibration job: <paramref name="forks"/> bare forks of the harness that end at once (no checker, no
    /// isolation), the floor under the cost of one process per checker. Throws <see cref="SandboxException"/>
    /// when the harness does not answer with the count.
    /// </summary>
    public async Task<int> RunForksAsync(int forks, CancellationToken cancellationToken)
    {
        var id = ++_nextId;
        await _process.StandardInput.WriteLineAsync(SandboxProtocol.Serialize(new SandboxProtocol.ForkJob(id, forks)).AsMemory(), cancellationToken);
        await _process.StandardInput.FlushAsync(cancellationToken);
        var line = await _process.StandardOutput.ReadLineAsync(cancellationToken);
        var reply = line is null ? null : SandboxProtocol.Parse(line);
        if (reply?.Id == id && reply.Forks is { } done) return done;
        Kill();
        throw new SandboxException($"sandbox worker did not answer the fork calibration job: {reply?.Fault ?? line ?? "no reply"}{ExitNote()}");
    }

    private string ExitNote()
    {
        try
        {
            if (_process.WaitForExit(200)) return $" (exit {_process.ExitCode}){Tail()}";
        }
        catch (InvalidOperationException) { }
        return Tail();
        string Tail() => StderrTail().Trim() is { Length: > 0 } t ? ": " + t : "";
    }

    private void DrainStderr()
    {
        _ = Task.Run(async () =>
        {
            var buffer = new char[4096];
            try
            {
                int n;
                while ((n = await _process.StandardError.ReadAsync(buffer)) > 0)
                    lock (_stderr)
                    {
                        _stderr.Append(buffer, 0, n);
                        if (_stderr.Length > 4096) _stderr.Remove(0, _stderr.Length - 4096);
                    }
            }
            catch (Exception e) when (e is IOException or ObjectDisposedException or InvalidOperationException) { }
        });
    }

    private string StderrTail()
    {
        lock (_stderr) return _stderr.ToString();
    }

    /// <summary>Kills the launcher; the namespace's init dies with it (parent-death signal), and with it every process inside.</summary>
    public void Kill()
    {
        _dead = true;
        try
        {
            if (!_process.HasExited) _process.Kill(entireProcessTree: true);
        }
        catch (Exception e) when (e is InvalidOperationException or System.ComponentModel.Win32Exception) { }
    }

    public void Dispose()
    {
        Kill();
        try { _process.WaitForExit(2000); } catch (InvalidOperationException) { }
        _process.Dispose();
        if (_scratch is not null)
        {
            try { Directory.Delete(_scratch, recursive: true); } catch (IOException) { } catch (UnauthorizedAccessException) { }
        }
    }
}
