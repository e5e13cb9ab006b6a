using Xunit;
using System.Diagnostics;
using System.Net;
using System.Net.Sockets;
using RewardEngine.Sandbox;

namespace RewardEngine.Tests.Sandbox;

/// <summary>
/// Hostile checkers: each must end as an error (null) or a harmless false, and the pool must answer a normal
/// check correctly right after.
/// </summary>
public sealed class SandboxContainmentTests(SandboxFixture fixture) : IClassFixture<SandboxFixture>
{
    private readonly SandboxRunner _runner = fixture.Runner;

    private async Task<CheckOutcome> RunThenCheckPoolAsync(string code, string? answer = null, int? timeoutMs = null)
    {
        Assert.Equal(SandboxIsolation.Isolated, _runner.Isolation);
        var outcome = await _runner.RunOneAsync(code, answer ?? SandboxFixture.TestResponse, CancellationToken.None, timeoutMs);
        var after = await _runner.RunAsync([SandboxFixture.Passing], ["This is for a test.", "nothing here"], CancellationToken.None);
        Assert.True(after[0][0].Passed, $"pool broken after hostile checker: {after[0][0].Error}");
        Assert.False(after[0][1].Passed);
        return outcome;
    }

    private static string Py(params string[] lines) => string.Join("\n", lines) + "\n";

    [Fact]
    public async Task InfiniteLoopTimesOut()
    {
        var sw = Stopwatch.StartNew();
        var o = await RunThenCheckPoolAsync(Py("def check_following(response):", "    while True:", "        pass"));
        Assert.Null(o.Passed);
        Assert.Contains("timed out", o.Error);
        Assert.True(sw.Elapsed < TimeSpan.FromSeconds(5), $"took {sw.Elapsed}");
    }

    [Fact]
    public async Task LongSleepTimesOut()
    {
        var o = await RunThenCheckPoolAsync(Py("import time", "def check_following(response):", "    time.sleep(60)", "    return True"));
        Assert.Null(o.Passed);
        Assert.Contains("timed out", o.Error);
    }

    [Fact]
    public async Task TimerSwallowedByBareExceptIsStillKilled()
    {
        // A bare except swallows the per-call timer's exception; the harness's hard deadline then kills the child.
        var o = await RunThenCheckPoolAsync(Py(
            "import signal",
            "def check_following(response):",
            "    signal.signal(signal.SIGALRM, signal.SIG_IGN)",
            "    while True:",
            "        try:",
            "            pass",
            "        except:",
            "            pass"));
        Assert.Null(o.Passed);
        Assert.Contains("timed out", o.Error);
    }

    [Fact]
    public async Task ForkBombIsContained()
    {
        // Stopped at the first fork: a checker process cannot start another (audit hook, then seccomp).
        var o = await RunThenCheckPoolAsync(Py(
            "import os",
            "def check_following(response):",
            "    while True:",
            "        try:",
            "            os.fork()",
            "        except OSError:",
            "            pass"));
        Assert.Null(o.Passed);
        Assert.Contains("starting a process is not allowed", o.Error);
    }

    [Fact]
    public async Task ForkBombInOneWorkerDoesNotStarveAnother()
    {
        var bomb = _runner.RunOneAsync(Py(
            "import os, time",
            "def check_following(response):",
            "    while True:",
            "        try:",
            "            os.fork()",
            "        except OSError:",
            "            time.sleep(0.01)"), "", CancellationToken.None);
        await Task.Delay(300);
        for (int i = 0; i < 3; i++)
        {
            var o = await _runner.RunOneAsync(SandboxFixture.Passing, "a test", CancellationToken.None);
            Assert.True(o.Passed, o.Error);
        }
        Assert.Null((await bomb).Passed);
    }

    [Fact]
    public async Task MemoryBombFails()
    {
        var o = await RunThenCheckPoolAsync(Py("def check_following(response):", "    x = bytearray(4 * 1024 ** 3)", "    return True"));
        Assert.Null(o.Passed);
        Assert.Contains("MemoryError", o.Error);
    }

    [Fact]
    public async Task NetworkIsUnreachable()
    {
        // A listener on the host's loopback: reachable to any unsandboxed process.
        using var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        var port = ((IPEndPoint)listener.LocalEndpoint).Port;
        var o = await RunThenCheckPoolAsync(Py(
            "import socket",
            "def check_following(response):",
            "    for host, port in (('127.0.0.1', " + port + "), ('1.1.1.1', 80), ('8.8.8.8', 53)):",
            "        try:",
            "            socket.create_connection((host, port), 0.3).close()",
            "            return True",
            "        except OSError:",
            "            pass",
            "    return False"), timeoutMs: 8000); // socket is compiled from source in the checker's process
        // Fail closed: opening the socket stops the check (the network namespace has no route besides).
        Assert.Null(o.Passed);
        Assert.Contains("network connection is not allowed", o.Error);
        Assert.False(listener.Pending());
    }

    [Fact]
    public async Task HostFilesAreInvisible()
    {
        var dir = TestPaths.NewTempDirectory("rwd-sbx");
        var secret = Path.Combine(dir, "secret.txt");
        File.WriteAllText(secret, "host secret");
        var o = await RunThenCheckPoolAsync(Py(
            "import os",
            "def check_following(response):",
            $"    for path in ({Quote(secret)}, '/etc/hostname', '/etc/passwd', '/proc/self/environ', {Quote(TestPaths.RepoRoot)}):",
            "        if os.path.exists(path):",
            "            return True",
            "    return False"));
        Assert.False(o.Passed, o.Error);
    }

    [Fact]
    public async Task WritesNeverReachTheHost()
    {
        var dir = TestPaths.NewTempDirectory("rwd-sbx");
        var name = $"rwd-escape-{Guid.NewGuid():N}";
        var o = await RunThenCheckPoolAsync(Py(
            "import os",
            "def check_following(response):",
            "    wrote_outside = False",
            $"    for path in ({Quote(Path.Combine(dir, name))}, '/{name}', '/usr/{name}', {Quote(Path.Combine(AppContext.BaseDirectory, name))}):",
            "        try:",
            "            open(path, 'w').write('x')",
            "            wrote_outside = True",
            "        except OSError:",
            "            pass",
            $"    open('/tmp/{name}', 'w').write('inside')  # the sandbox's own tmpfs",
            "    return wrote_outside"));
        // Fail closed: the first attempt stops the check, though the checker swallows the error.
        Assert.Null(o.Passed);
        Assert.Contains("outside the scratch folder", o.Error);
        Assert.False(File.Exists(Path.Combine(dir, name)));
        Assert.False(File.Exists(Path.Combine("/tmp", name)));
        Assert.False(File.Exists(Path.Combine(AppContext.BaseDirectory, name)));
        // The scratch tmpfs is emptied between checkers.
        var next = await _runner.RunOneAsync(Py("import os", "def check_following(response):", "    return os.listdir('/tmp') == []"), "", CancellationToken.None);
        Assert.True(next.Passed, next.Error);
    }

    [Fact]
    public async Task ShellCannotBeSpawned()
    {
        var system = await RunThenCheckPoolAsync(Py("import os", "def check_following(response):", "    return os.system('echo pwned > /tmp/pwned') != 0"));
        Assert.Null(system.Passed);
        Assert.Contains("os.system: starting a process is not allowed", system.Error);
        var sub = await RunThenCheckPoolAsync(Py("import subprocess", "def check_following(response):",
            "    try:", "        subprocess.run(['/bin/sh', '-c', 'true'])", "    except Exception:", "        pass", "    return True"), timeoutMs: 8000);
        Assert.Null(sub.Passed);
        Assert.Contains("subprocess.Popen: starting a process is not allowed", sub.Error);
    }

    [Fact]
    public async Task HugeOutputIsCappedAndFails()
    {
        var o = await RunThenCheckPoolAsync(Py("def check_following(response):", "    while True:", "        print('x' * 4096)"));
        Assert.Null(o.Passed);
        Assert.Contains("output exceeded", o.Error);
    }

    [Fact]
    public async Task ExitInsideCheckerIsAnError()
    {
        var o = await RunThenCheckPoolAsync(Py("import os", "def check_following(response):", "    os._exit(0)"));
        Assert.Null(o.Passed);
        Assert.Contains("exited", o.Error);
        var sysExit = await RunThenCheckPoolAsync(Py("import sys", "def check_following(response):", "    sys.exit(0)"));
        Assert.Null(sysExit.Passed);
    }

    [Fact]
    public async Task SegfaultIsAnError()
    {
        // Past the recursion limit, recursion through C code (map) overflows the C stack.
        var o = await RunThenCheckPoolAsync(Py("import sys", "sys.setrecursionlimit(10 ** 7)", "def deep(n):", "    return list(map(deep, [n + 1]))",
            "def check_following(response):", "    return deep(0) is None"), timeoutMs: 8000);
        Assert.Null(o.Passed);
        Assert.Contains("signal 11", o.Error);
    }

    [Fact]
    public async Task KillingTheParentYieldsNoResult()
    {
        var before = _runner.WorkerProcessIds();
        var o = await RunThenCheckPoolAsync(Py(
            "import os, signal",
            "def check_following(response):",
            "    os.kill(os.getppid(), signal.SIGKILL)",
            "    os.kill(1, signal.SIGTERM)",
            "    print('{\"passed\": true}', flush=True)",
            "    os._exit(0)"));
        Assert.Null(o.Passed);
        // The harness is PID 1 of its namespace: the kill was ignored and no worker had to be replaced.
        Assert.Equal(before.Order(), _runner.WorkerProcessIds().Order());
    }

    [Fact]
    public async Task HarnessCannotBeTraced()
    {
        // Same uid as the harness, so only its non-dumpable flag stops a checker from attaching to it.
        var o = await RunThenCheckPoolAsync(Py(
            "import ctypes, os",
            "def check_following(response):",
            "    libc = ctypes.CDLL(None, use_errno=True)",
            "    attached = libc.ptrace(16, 1, 0, 0) == 0  # PTRACE_ATTACH to the harness (PID 1)",
            "    buf = ctypes.create_string_buffer(8)",
            "    class IoVec(ctypes.Structure):",
            "        _fields_ = [('base', ctypes.c_void_p), ('len', ctypes.c_size_t)]",
            "    local = IoVec(ctypes.cast(buf, ctypes.c_void_p), 8)",
            "    remote = IoVec(0x400000, 8)",
            "    libc.process_vm_readv.restype = ctypes.c_ssize_t",
            "    read = libc.process_vm_readv(1, ctypes.byref(local), 1, ctypes.byref(remote), 1, 0) >= 0 or ctypes.get_errno() != 1",
            "    return attached or read"));
        // ctypes is refused before any call is made; SandboxKernelLayerTests shows the filter underneath.
        Assert.Null(o.Passed);
        Assert.Contains("importing ctypes is not allowed", o.Error);
    }

    [Fact]
    public async Task NamespaceAndMountCallsAreRefused()
    {
        // An unprivileged process may normally create a user namespace (and then mount inside it).
        var o = await RunThenCheckPoolAsync(Py(
            "import ctypes, os",
            "def check_following(response):",
            "    libc = ctypes.CDLL(None, use_errno=True)",
            "    if libc.unshare(0x10000000) == 0:  # CLONE_NEWUSER",
            "        return True",
            "    pid = os.fork()",
            "    if pid == 0:",
            "        os._exit(0)",
            "    os.waitpid(pid, 0)  # plain forks still work",
            "    return libc.mount(b'none', b'/tmp', b'tmpfs', 0, None) == 0"));
        Assert.Null(o.Passed);
        Assert.Contains("importing ctypes is not allowed", o.Error);
    }

    [Fact]
    public async Task FillingTheDiskFails()
    {
        var o = await RunThenCheckPoolAsync(Py(
            "def check_following(response):",
            "    i = 0",
            "    while True:",
            "        with open('/tmp/fill%d' % i, 'wb') as f:",
            "            f.write(b'x' * 400000)",
            "        i += 1"));
        Assert.Null(o.Passed);
        Assert.True(o.Error!.Contains("No space left") || o.Error.Contains("too large") || o.Error.Contains("Too many"), o.Error);
    }

    [Fact]
    public async Task FakeResultPrintedBeforeRaisingIsAnError()
    {
        var o = await RunThenCheckPoolAsync(Py(
            "import sys",
            "def check_following(response):",
            "    print('{\"id\": 1, \"results\": [[{\"v\": true, \"e\": null, \"ms\": 0}]]}')",
            "    print('{\"passed\": true, \"error\": null}')",
            "    sys.stdout.flush()",
            "    raise ValueError('fake')"));
        Assert.Null(o.Passed);
        Assert.Contains("ValueError", o.Error);
    }

    /// <summary>Checkers that disturb a shared process, each followed by one that would notice.</summary>
    internal static readonly string[] DisturbingJob =
    [
        Py("import re, builtins", "def check_following(response):", "    re.search = lambda *a, **k: True", "    builtins.len = lambda x: 0", "    return True"),
        Py("import re", "def check_following(response):", "    return re.search('zzz', response) is None and len(response) > 0"),
        Py("def check_following(response):", "    open('/tmp/left-behind', 'w').write('x')", "    return True"),
        Py("import os", "def check_following(response):", "    return os.listdir('/tmp') == []"),
        Py("import os", "def check_following(response):", "    if not os.path.exists('/tmp/locked'):", "        os.makedirs('/tmp/locked/inner')",
           "        open('/tmp/locked/inner/answer', 'w').write(response)", "        os.chmod('/tmp/locked/inner', 0)", "        os.chmod('/tmp/locked', 0)", "    return True"),
        Py("import os", "def check_following(response):", "    return os.listdir('/tmp') == [] and os.getcwd() == '/tmp'"),
        Py("import os, sys", "def check_following(response):", "    os.chdir('/')", "    os.umask(0o777)", "    sys.setrecursionlimit(40)", "    os.environ['LANG'] = 'x'", "    return True"),
        Py("import os, sys", "def check_following(response):", "    open('probe', 'w').write('x')", "    ok = open('probe').read() == 'x'",
           "    return ok and sys.getrecursionlimit() > 100 and os.environ.get('LANG') != 'x'"),
        Py("import sys", "def check_following(response):", "    sys.modules['json'] = None", "    return True"),
        Py("import json", "def check_following(response):", "    return json.loads('[1]') == [1]"),
    ];

    [Fact]
    public async Task CheckersSeeNoneOfTheHarness()
    {
        // The harness takes gc, ctypes and itself (__main__) out of sight once, before its first fork, and every
        // checker process inherits that; imports read sources, not cached bytecode.
        var o = await RunThenCheckPoolAsync(Py(
            "import sys",
            "def check_following(response):",
            "    hidden = not any(m in sys.modules for m in ('gc', 'ctypes', '_ctypes', 'ctypes._endian'))",
            "    main = [n for n in vars(sys.modules['__main__']) if not n.startswith('__')]",
            "    return hidden and main == [] and sys.pycache_prefix == '/nonexistent'"));
        Assert.True(o.Passed, o.Error);
    }

    [Fact]
    public async Task CheckersOfOneJobCannotSwayEachOther()
    {
        var r = await _runner.RunAsync(DisturbingJob, ["a test", "another test"], CancellationToken.None);
        for (int k = 0; k < r.Count; k++)
            Assert.All(r[k], o => Assert.True(o.Passed, $"checker {k}: {o.Error}"));
    }

    [Fact]
    public async Task VerdictsAndBadReturnsAreReported()
    {
        var r = await _runner.RunAsync(
            [SandboxFixture.Passing, "def check_following(response):\n    return 1\n", "def check_following(response:\n"],
            ["a test", "nope"], CancellationToken.None);
        Assert.Equal([true, false], r[0].Select(o => o.Passed));
        Assert.All(r[1], o => Assert.Contains("expected bool", o.Error));
        Assert.All(r[2], o => Assert.Contains("SyntaxError", o.Error));
    }

    [Fact]
    public async Task CrashOnOneAnswerLeavesTheOthersJudged()
    {
        var r = await _runner.RunAsync(
            [Py("import os", "def check_following(response):", "    if response == 'boom':", "        os._exit(3)", "    return response == 'yes'")],
            ["yes", "boom", "no"], CancellationToken.None);
        Assert.True(r[0][0].Passed);
        Assert.Null(r[0][1].Passed);
        Assert.Contains("code 3", r[0][1].Error);
        Assert.False(r[0][2].Passed);
    }

    private static string Quote(string s) => "'" + s.Replace("\\", "\\\\").Replace("'", "\\'") + "'";
}
