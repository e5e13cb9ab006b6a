using System.Threading.Channels;
using RewardEngine.Configuration;
using RewardEngine.Diagnostics;

namespace RewardEngine.Sandbox;

/// <summary>
/// Runs model-written <c>check_following(response)</c> functions in a pool of warm sandboxed workers:
/// all checkers x answers of one instruction go to one worker in one round trip. Workers start on first
/// use; a worker that dies is replaced on the next job. Outcomes never come from what a checker prints.
/// </summary>
public sealed class SandboxRunner : IAsyncDisposable, IDisposable
{
    private readonly SandboxLaunch _launch;
    private readonly TextWriter _log;
    private readonly Channel<SandboxWorker?> _slots;
    private readonly SemaphoreSlim _startGate = new(1, 1);
    private readonly List<SandboxWorker> _all = [];
    private bool? _isolated;
    private string? _isolationProblem;
    private bool _disposed;

    private SandboxRunner(SandboxLaunch launch, TextWriter log)
    {
        _launch = launch;
        _log = log;
        WorkerCount = launch.Options.Workers > 0 ? launch.Options.Workers : Environment.ProcessorCount;
        _slots = Channel.CreateUnbounded<SandboxWorker?>();
        for (int i = 0; i < WorkerCount; i++) _slots.Writer.TryWrite(null);
    }

    /// <summary>A runner for these limits. Starts nothing yet; throws <see cref="SandboxException"/> for a missing interpreter.</summary>
    public static SandboxRunner Create(SandboxOptions options, TextWriter? log = null) =>
        new(SandboxLaunch.Resolve(options), log ?? TextWriter.Null);

    public SandboxOptions Options => _launch.Options;
    public int WorkerCount { get; }

    /// <summary>Known once a worker has started (<see cref="StartAsync"/>).</summary>
    public SandboxIsolation? Isolation => _isolated switch { true => SandboxIsolation.Isolated, false => SandboxIsolation.Unsandboxed, null => null };

    /// <summary>Why isolation was impossible here, when it was.</summary>
    public string? IsolationProblem => _isolationProblem;

    /// <summary>Known once a worker has started (<see cref="StartAsync"/>).</summary>
    public SandboxGuards? Guards { get; private set; }

    /// <summary>
    /// Whether rwd-sandbox can isolate here, found by running it once (tens of milliseconds): null when it
    /// can, else the reason. Synchronous, for factories that decide whether to offer generated checkers.
    /// </summary>
    public string? ProbeIsolation() => _launch.ProbeIsolation();

    /// <summary>
    /// Starts one worker, which settles whether isolation works. Throws <see cref="SandboxException"/> when it
    /// does not and <c>sandbox.allowUnsandboxed</c> is off.
    /// </summary>
    public async Task StartAsync(CancellationToken cancellationToken)
    {
        var slot = await _slots.Reader.ReadAsync(cancellationToken);
        try { slot ??= await StartWorkerAsync(cancellationToken); }
        finally { _slots.Writer.TryWrite(slot); }
    }

    /// <summary>Outcomes [checker][answer]. A check that fails in any way is a null verdict with its error.</summary>
    public async Task<IReadOnlyList<IReadOnlyList<CheckOutcome>>> RunAsync(
        IReadOnlyList<string> checkers, IReadOnlyList<string> answers, CancellationToken cancellationToken, int? timeoutMs = null)
    {
        ObjectDisposedException.ThrowIf(_disposed, this);
        if (checkers.Count == 0 || answers.Count == 0)
            return checkers.Select(_ => (IReadOnlyList<CheckOutcome>)[]).ToList();
        var o = _launch.Options;
        var worker = await _slots.Reader.ReadAsync(cancellationToken);
        try
        {
            worker ??= await StartWorkerAsync(cancellationToken);
            var result = await worker.RunAsync(checkers, answers, timeoutMs ?? o.TimeoutMs, o.CpuSeconds, o.MaxOutputBytes, ProcessUnit.Of(o).Protocol, cancellationToken);
            if (!worker.IsAlive)
            {
                _log.WriteLine($"sandbox: worker {worker.ProcessId} died; a new one starts on the next job");
                Retire(worker);
                worker = null;
            }
            return result;
        }
        catch
        {
            if (worker is not null && !worker.IsAlive) { Retire(worker); worker = null; }
            throw;
        }
        finally
        {
            _slots.Writer.TryWrite(worker);
        }
    }

    /// <summary>
    /// The calibration job on one worker: <paramref name="forks"/> bare forks of its harness that end at once.
    /// For <c>reward sandbox bench</c>'s floor row; runs no checker.
    /// </summary>
    internal async Task<int> RunForksAsync(int forks, CancellationToken cancellationToken)
    {
        ObjectDisposedException.ThrowIf(_disposed, this);
        var worker = await _slots.Reader.ReadAsync(cancellationToken);
        try
        {
            worker ??= await StartWorkerAsync(cancellationToken);
            return await worker.RunForksAsync(forks, cancellationToken);
        }
        finally
        {
            if (worker is not null && !worker.IsAlive) { Retire(worker); worker = null; }
            _slots.Writer.TryWrite(worker);
        }
    }

    /// <summary>One checker on one answer.</summary>
    public async Task<CheckOutcome> RunOneAsync(string checker, string answer, CancellationToken cancellationToken, int? timeoutMs = null) =>
        (await RunAsync([checker], [answer], cancellationToken, timeoutMs))[0][0];

    /// <summary>Process ids of the live launchers (for diagnostics and the recovery test).</summary>
    internal IReadOnlyList<int> WorkerProcessIds()
    {
        lock (_all) return _all.Where(w => w.IsAlive).Select(w => w.ProcessId).ToList();
    }

    private async Task<SandboxWorker> StartWorkerAsync(CancellationToken cancellationToken)
    {
        await _startGate.WaitAsync(cancellationToken);
        try
        {
            ObjectDisposedException.ThrowIf(_disposed, this);
            SandboxWorker? worker = null;
            if (_isolated is null or true)
            {
                if (_launch.MissingLauncherReason is { } missing) _isolationProblem = missing;
                else
                {
                    (worker, var problem) = await SandboxWorker.StartAsync(_launch, isolated: true, cancellationToken);
                    _isolationProblem = problem;
                }
                if (worker is not null)
                {
                    _isolated = true;
                    Track(worker);
                    return worker;
                }
            }
            if (!_launch.Options.AllowUnsandboxed)
                throw new SandboxException(
                    $"cannot run generated code: {_isolationProblem}; set sandbox.allowUnsandboxed to true to run it without isolation");
            if (_isolated is null) _log.WriteLine($"sandbox: WARNING running generated code UNSANDBOXED ({_isolationProblem})");
            _isolated = false;
            (worker, var again) = await SandboxWorker.StartAsync(_launch, isolated: false, cancellationToken);
            if (worker is null) throw new SandboxException($"sandbox worker failed to start: {again}");
            Track(worker);
            return worker;
        }
        finally
        {
            _startGate.Release();
        }
    }

    private void Track(SandboxWorker worker)
    {
        lock (_all) _all.Add(worker);
        Guards ??= new SandboxGuards(worker.HarnessUid, worker.CheckerUid, worker.SyscallFilter, worker.Scratch == "tmpfs");
    }

    private void Retire(SandboxWorker worker)
    {
        lock (_all) _all.Remove(worker);
        worker.Dispose();
    }

    public void Dispose()
    {
        if (_disposed) return;
        _disposed = true;
        _slots.Writer.TryComplete();
        SandboxWorker[] all;
        lock (_all) { all = [.. _all]; _all.Clear(); }
        foreach (var w in all) w.Dispose();
    }

    public ValueTask DisposeAsync()
    {
        Dispose();
        return ValueTask.CompletedTask;
    }
}
