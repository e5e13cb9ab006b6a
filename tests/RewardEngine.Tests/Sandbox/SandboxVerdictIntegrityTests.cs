using Xunit;
using System.Diagnostics;
using RewardEngine.Configuration;
using RewardEngine.Sandbox;

namespace RewardEngine.Tests.Sandbox;

/// <summary>
/// The attacks of issue 10, section 2: a checker must not decide another's verdict, its own verdict is what it
/// returned or an error, deadlines cannot be moved, the harness cannot be killed from inside, scratch space
/// is fresh for every checker, and operations a text check never needs stop the check.
/// </summary>
public sealed class SandboxVerdictIntegrityTests(SandboxFixture fixture) : IClassFixture<SandboxFixture>
{
    private readonly SandboxRunner _runner = fixture.Runner;

    private static string Py(params string[] lines) => string.Join("\n", lines) + "\n";

    private const string ReturnsFalse = "def check_following(response):\n    return False\n";

    /// <summary>
    /// Walks its caller's frames for the harness's writer and work list, as a checker did against the shared
    /// fork: it wrote "passed" for itself and for every sibling, then returned False.
    /// </summary>
    internal static readonly string FrameWalkingForgery = Py(
        "import sys",
        "def check_following(response):",
        "    try:",
        "        f = sys._getframe(1)",
        "        while f is not None and 'send' not in f.f_locals:",
        "            f = f.f_back",
        "        send, work = f.f_locals['send'], f.f_locals['work']",
        "        current = work[0][0]",
        "        for k, i in work:",
        "            if k != current:",
        "                send(f'L {k} ')",
        "                current = k",
        "            send(f'R {k} {i} 1 0.1 ')",
        "    except Exception:",
        "        pass",
        "    return False");

    /// <summary>
    /// The same intent against any design: every string or bytes of 24 hex digits reachable from frames,
    /// closures, defaults, module namespaces and pickling state (__reduce_ex__) is tried as a token, with
    /// forged frames on every descriptor; then it returns False.
    /// </summary>
    internal static readonly string TokenHunt = Py(
        "import os, re, sys",
        "def check_following(response):",
        "    found, seen = set(), set()",
        "    def scan(o, depth):",
        "        if depth > 5 or id(o) in seen:",
        "            return",
        "        seen.add(id(o))",
        "        if isinstance(o, (bytes, str)):",
        "            s = o if isinstance(o, str) else o.decode('latin-1')",
        "            found.update(re.findall('[0-9a-f]{24}', s))",
        "            return",
        "        if isinstance(o, dict):",
        "            for k, v in list(o.items()):",
        "                scan(k, depth + 1)",
        "                scan(v, depth + 1)",
        "            return",
        "        if isinstance(o, (list, tuple, set, frozenset)):",
        "            for v in list(o):",
        "                scan(v, depth + 1)",
        "            return",
        "        for attr in ('__dict__', '__closure__', '__defaults__', 'f_locals', 'f_globals', 'f_back', 'cell_contents', '__self__'):",
        "            try:",
        "                scan(getattr(o, attr), depth + 1)",
        "            except Exception:",
        "                pass",
        "        try:",
        "            scan(o.__reduce_ex__(4), depth + 1)",
        "        except Exception:",
        "            pass",
        "    f = sys._getframe(0)",
        "    while f is not None:",
        "        scan(f, 0)",
        "        f = f.f_back",
        "    for m in list(sys.modules.values()):",
        "        scan(m, 0)",
        "    for token in found:",
        "        for fd in range(3, 16):",
        "            for i in range(4):",
        "                try:",
        "                    os.write(fd, f'{token} R {i} 1 1\\n'.encode())",
        "                except OSError:",
        "                    pass",
        "    return False");

    [Fact]
    public async Task FrameWalkingCannotForgeItsOwnOrItsSiblingsVerdicts()
    {
        var r = await _runner.RunAsync([FrameWalkingForgery, ReturnsFalse, SandboxFixture.Passing], ["a test", "nothing"], CancellationToken.None);
        Assert.All(r[0], o => Assert.False(o.Passed, o.Error));
        Assert.All(r[1], o => Assert.False(o.Passed, o.Error));
        Assert.Equal([true, false], r[2].Select(o => o.Passed));
    }

    [Fact]
    public async Task NoReachableObjectHoldsTheToken()
    {
        var r = await _runner.RunAsync([TokenHunt, ReturnsFalse], ["a test", "nothing"], CancellationToken.None, timeoutMs: 8000);
        Assert.All(r[0], o => Assert.False(o.Passed, o.Error)); // no token found: nothing was written
        Assert.All(r[1], o => Assert.False(o.Passed, o.Error));
    }

    [Fact]
    public async Task WritingOnTheResultPipeIsAnErrorNeverAPass()
    {
        var r = await _runner.RunAsync(
        [
            Py("import os", "def check_following(response):", "    for fd in range(3, 16):", "        for line in (b'R 0 1 1\\n', b'x R 0 1 1\\n', b'L 1\\n'):",
               "            try:", "                os.write(fd, line)", "            except OSError:", "                pass", "    return False"),
            Py("import os", "def check_following(response):", "    os.close(3)", "    return False"),
            Py("import os", "def check_following(response):", "    os.dup2(os.open('/tmp/sink', os.O_WRONLY | os.O_CREAT), 3)", "    return True"),
        ], ["a test"], CancellationToken.None);
        Assert.All(r, c => Assert.Null(c[0].Passed));
        Assert.Contains("result channel", r[0][0].Error);
    }

    [Fact]
    public async Task OutputAndAliveLinesDoNotExtendTheDeadline()
    {
        // Ignores the timer and writes "alive" lines: through the harness's writer where it can find one
        // (the old design reset its deadline on each), else on stdout.
        var alive = Py(
            "import signal, sys, time",
            "def check_following(response):",
            "    signal.signal(signal.SIGALRM, signal.SIG_IGN)",
            "    send = None",
            "    f = sys._getframe(1)",
            "    while f is not None and send is None:",
            "        send = f.f_locals.get('send')",
            "        f = f.f_back",
            "    start = time.time()",
            "    while time.time() - start < 6:",
            "        time.sleep(0.2)",
            "        if send is not None:",
            "            send('alive')",
            "        else:",
            "            print('alive', flush=True)",
            "    return True");
        var sw = Stopwatch.StartNew();
        var o = await _runner.RunOneAsync(alive, "a test", CancellationToken.None, timeoutMs: 1000);
        sw.Stop();
        Assert.Null(o.Passed);
        Assert.Contains("timed out after 1000 ms", o.Error);
        Assert.True(sw.Elapsed < TimeSpan.FromSeconds(4), $"held open for {sw.Elapsed}");
    }

    [Fact]
    public async Task EachAnswerHasItsOwnDeadline()
    {
        // 0.7 s per answer under a 1 s limit: three answers take 2.1 s in one process, and all pass.
        var slow = Py("import time", "def check_following(response):", "    time.sleep(0.7)", "    return True");
        var r = await _runner.RunAsync([slow], ["a", "b", "c"], CancellationToken.None, timeoutMs: 1000);
        Assert.All(r[0], o => Assert.True(o.Passed, o.Error));
        // One answer that takes 1.5 s is an error even though it finished; the others are judged.
        var once = Py("import time", "def check_following(response):", "    time.sleep(1.5 if response == 'b' else 0)", "    return True");
        r = await _runner.RunAsync([once], ["a", "b", "c"], CancellationToken.None, timeoutMs: 1000);
        Assert.True(r[0][0].Passed, r[0][0].Error);
        Assert.Null(r[0][1].Passed);
        Assert.Contains("timed out", r[0][1].Error);
        Assert.True(r[0][2].Passed, r[0][2].Error);
    }

    [Fact]
    public async Task KillingTheHarnessErrorsOnlyThatCheck()
    {
        var before = _runner.WorkerProcessIds();
        var r = await _runner.RunAsync(
        [
            Py("import os, signal", "def check_following(response):", "    try:", "        os.kill(1, signal.SIGALRM)", "    except BaseException:", "        pass", "    return True"),
            SandboxFixture.Passing,
            Py("import os, signal", "def check_following(response):", "    try:", "        os.kill(os.getppid(), signal.SIGKILL)", "    except BaseException:", "        pass", "    return True"),
            Py("import signal", "def check_following(response):", "    signal.raise_signal(signal.SIGKILL)", "    return True"),
            SandboxFixture.Passing,
        ], ["a test", "nothing"], CancellationToken.None);
        Assert.All(r[0], o => { Assert.Null(o.Passed); Assert.Contains("signalling a process is not allowed", o.Error); });
        Assert.All(r[2], o => Assert.Null(o.Passed));
        Assert.All(r[3], o => { Assert.Null(o.Passed); Assert.Contains("signal 9", o.Error); });
        Assert.Equal([true, false], r[1].Select(o => o.Passed));
        Assert.Equal([true, false], r[4].Select(o => o.Passed));
        var after = _runner.WorkerProcessIds();
        Assert.All(before, pid => Assert.Contains(pid, after)); // no worker died (the pool may have grown)
    }

    [Fact]
    public async Task PatchingSharedObjectsDoesNotReachSiblings()
    {
        var r = await _runner.RunAsync(
        [
            // The type's own dict, through gc: str.lower answers 'ocean' for everyone sharing the process.
            Py("import gc, sys", "def check_following(response):", "    gc.get_referents(str.__dict__)[0]['lower'] = lambda s: 'ocean'", "    sys._clear_type_cache()", "    return True"),
            Py("def check_following(response):", "    return 'ocean' in response.lower()"),
            Py("import re, json, builtins", "def check_following(response):", "    re.search = lambda *a, **k: True", "    json.loads = lambda s: [1]",
               "    builtins.len = lambda x: 0", "    builtins.print = None", "    return True"),
            Py("import re, json", "def check_following(response):", "    return re.search('zzz', response) is None and json.loads('[2]') == [2] and len(response) > 0"),
        ], ["nothing here"], CancellationToken.None);
        Assert.Null(r[0][0].Passed);
        Assert.Contains("importing gc is not allowed", r[0][0].Error);
        Assert.False(r[1][0].Passed, r[1][0].Error);
        Assert.True(r[2][0].Passed, r[2][0].Error);
        Assert.True(r[3][0].Passed, r[3][0].Error);
    }

    [Theory]
    [InlineData("os.system", "import os\n    os.system('true')", "starting a process is not allowed")]
    [InlineData("subprocess", "import subprocess\n    subprocess.run(['/bin/true'])", "starting a process is not allowed")]
    [InlineData("os.kill of the parent", "import os, signal\n    os.kill(os.getppid(), signal.SIGTERM)", "signalling a process is not allowed")]
    [InlineData("socket", "import socket\n    socket.create_connection(('127.0.0.1', 80), 0.2)", "network connection is not allowed")]
    [InlineData("write outside scratch", "open('/usr/lib/rwd-escape', 'w').write('x')", "outside the scratch folder")]
    [InlineData("mkdir outside scratch", "import os\n    os.mkdir('/rwd-escape')", "outside the scratch folder")]
    [InlineData("link out of scratch", "import os\n    os.symlink('/usr', '/tmp/usr-link')", "pointing outside the scratch folder")]
    [InlineData("ctypes", "import ctypes", "importing ctypes is not allowed")]
    [InlineData("crafted code", "(lambda: 0).__code__.replace(co_consts=(1,))", "inspecting or altering the interpreter is not allowed")]
    [InlineData("tracing", "import sys\n    sys.settrace(lambda *a: None)", "inspecting or altering the interpreter is not allowed")]
    public async Task ForbiddenOperationsFailClosedEvenWhenSwallowed(string what, string attempt, string reason)
    {
        // The attempt's error is swallowed and True returned: still an error, with the reason.
        var code = "def check_following(response):\n    try:\n        " + attempt.Replace("\n    ", "\n        ") +
                   "\n    except BaseException:\n        pass\n    return True\n";
        // Modules the harness does not preload are compiled from source in the checker's process: a longer limit.
        var o = await _runner.RunOneAsync(code, "a test", CancellationToken.None, timeoutMs: 8000);
        Assert.True(o.Passed is null, $"{what}: {o.Passed} {o.Error}");
        Assert.Contains(reason, o.Error);
    }

    [Fact]
    public async Task ScratchSpaceIsFreshForEveryCheckerWhateverItsModes()
    {
        // One worker, so that every job goes to the same harness and tmpfs.
        await using var runner = SandboxRunner.Create(new SandboxOptions { Workers = 1, TimeoutMs = 2000, TmpfsMb = 2 });
        var leave = Py("import os", "def check_following(response):",
            "    os.makedirs('/tmp/hidden/deeper')",
            "    open('/tmp/hidden/deeper/answer.txt', 'w').write(response)",
            "    try:", "        with open('/tmp/hidden/deeper/fill', 'wb') as f:", "            while True:", "                f.write(b'x' * 65536)",
            "    except OSError:", "        pass",
            "    os.chmod('/tmp/hidden/deeper', 0)", "    os.chmod('/tmp/hidden', 0)", "    return True");
        var r1 = await runner.RunAsync([leave], ["the first pair's answer"], CancellationToken.None);
        Assert.True(r1[0][0].Passed, r1[0][0].Error);
        var look = Py("import os", "def check_following(response):",
            "    assert os.listdir('/tmp') == [], os.listdir('/tmp')",
            "    open('/tmp/mine', 'wb').write(b'y' * 500000)",
            "    return True");
        var r2 = await runner.RunAsync([look, look], ["the next instruction"], CancellationToken.None);
        Assert.True(r2[0][0].Passed, r2[0][0].Error);
        Assert.True(r2[1][0].Passed, r2[1][0].Error); // the first one's file is gone too
    }
}
