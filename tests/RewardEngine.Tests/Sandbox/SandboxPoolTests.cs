using Xunit;
using System.Diagnostics;
using RewardEngine.Configuration;
using RewardEngine.Diagnostics;
using RewardEngine.Sandbox;

namespace RewardEngine.Tests.Sandbox;

/// <summary>Pool behaviour: recovery after a worker dies, refusal without isolation, unprivileged users.</summary>
public sealed class SandboxPoolTests
{
    [Fact]
    public async Task PoolRecoversWhenWorkersDie()
    {
        await using var runner = SandboxRunner.Create(new SandboxOptions { Workers = 2, TimeoutMs = 1000 });
        await Task.WhenAll(Enumerable.Range(0, 4).Select(_ => runner.RunOneAsync(SandboxFixture.Passing, "a test", CancellationToken.None)));
        var before = runner.WorkerProcessIds();
        Assert.NotEmpty(before);
        foreach (var pid in before) Process.GetProcessById(pid).Kill();
        await Task.Delay(100);
        // The first jobs on dead workers may fail; the pool replaces them and answers correctly afterwards.
        for (int i = 0; i < 4; i++) await runner.RunOneAsync(SandboxFixture.Passing, "a test", CancellationToken.None);
        var r = await runner.RunAsync([SandboxFixture.Passing], ["a test", "nope"], CancellationToken.None);
        Assert.True(r[0][0].Passed, r[0][0].Error);
        Assert.False(r[0][1].Passed);
        Assert.Empty(runner.WorkerProcessIds().Intersect(before));
    }

    [Fact]
    public async Task ForkCalibrationJobRunsNoCheckerAndLeavesThePoolWorking()
    {
        // The bench's floor row: bare forks of the harness, answered with their count, between ordinary jobs.
        await using var runner = SandboxRunner.Create(new SandboxOptions { Workers = 1, TimeoutMs = 2000 });
        Assert.True((await runner.RunOneAsync(SandboxFixture.Passing, "a test", CancellationToken.None)).Passed);
        Assert.Equal(24, await runner.RunForksAsync(24, CancellationToken.None));
        Assert.Equal(0, await runner.RunForksAsync(-5, CancellationToken.None));
        var r = await runner.RunAsync([SandboxFixture.Passing], ["a test", "nope"], CancellationToken.None);
        Assert.True(r[0][0].Passed, r[0][0].Error);
        Assert.False(r[0][1].Passed);
        Assert.Single(runner.WorkerProcessIds());
    }

    [Fact]
    public async Task AnEngineUnderTmpRunsItsSandbox()
    {
        // The sandbox's new root hides the host's /tmp: an engine unpacked there must still reach its own files.
        var dir = Directory.CreateDirectory(Path.Combine("/tmp", "rwd-engine-" + Guid.NewGuid().ToString("N")));
        try
        {
            foreach (var name in new[] { "rwd-sandbox", "librwd-checker.so" })
                File.Copy(Path.Combine(AppContext.BaseDirectory, name), Path.Combine(dir.FullName, name));
            await using var runner = SandboxRunner.Create(new SandboxOptions { Workers = 1, TimeoutMs = 2000, LauncherPath = Path.Combine(dir.FullName, "rwd-sandbox") });
            var r = await runner.RunAsync([SandboxFixture.Passing, "import os\ndef check_following(response):\n    return os.getcwd() == '/tmp'\n"], ["a test"], CancellationToken.None);
            Assert.Equal(SandboxIsolation.Isolated, runner.Isolation);
            Assert.True(r[0][0].Passed, r[0][0].Error);
            Assert.True(r[1][0].Passed, r[1][0].Error);
        }
        finally { dir.Delete(recursive: true); }
    }

    [Fact]
    [System.Runtime.Versioning.SupportedOSPlatform("linux")]
    public async Task AHarnessThatCannotStartIsReportedInOneLine()
    {
        // An interpreter that dies with a traceback: the error names what failed, not the harness's frames.
        var dir = Directory.CreateDirectory(Path.Combine("/var/tmp", "rwd-python-" + Guid.NewGuid().ToString("N")));
        try
        {
            var python = Path.Combine(dir.FullName, "python3");
            File.WriteAllText(python, "#!/bin/sh\necho 'Traceback (most recent call last):' >&2\necho '  File \"<string>\", line 9, in main' >&2\necho 'OSError: the harness could not start' >&2\nexit 1\n");
            File.SetUnixFileMode(python, UnixFileMode.UserRead | UnixFileMode.UserExecute | UnixFileMode.GroupRead | UnixFileMode.GroupExecute | UnixFileMode.OtherRead | UnixFileMode.OtherExecute);
            await using var runner = SandboxRunner.Create(new SandboxOptions { Python = python, ReadOnlyPaths = ["/usr", python], Workers = 1 });
            var e = await Assert.ThrowsAsync<SandboxException>(() => runner.RunOneAsync(SandboxFixture.Passing, "a test", CancellationToken.None));
            Assert.Contains("OSError: the harness could not start", e.Message);
            Assert.DoesNotContain("\n", e.Message);
            Assert.DoesNotContain("Traceback", e.Message);
        }
        finally { dir.Delete(recursive: true); }
    }

    [Fact]
    public void BadLimitsAreConfigErrorsNamingTheKey()
    {
        var e = Assert.Throws<ConfigException>(() => SandboxRunner.Create(new SandboxOptions { TimeoutMs = 0, MaxProcesses = 1 }));
        Assert.Contains("sandbox.timeoutMs", e.Message);
        Assert.Contains("sandbox.maxProcesses", e.Message);
        var python = Assert.Throws<SandboxException>(() => SandboxRunner.Create(new SandboxOptions { Python = "/no/such/python" }));
        Assert.Contains("/no/such/python", python.Message);
    }

    [Fact]
    public void SandboxSeesOnlyThePythonRuntime()
    {
        var paths = SandboxLaunch.Resolve(new SandboxOptions()).ReadOnlyPaths();
        Assert.Contains(paths, p => p.StartsWith("/usr/lib/python3", StringComparison.Ordinal));
        Assert.DoesNotContain(paths, p => p is "/" or "/usr" or "/usr/bin" or "/bin" or "/usr/lib" || p.StartsWith("/etc", StringComparison.Ordinal)
            || p.StartsWith("/home", StringComparison.Ordinal) || p.StartsWith("/tmp", StringComparison.Ordinal) || p.StartsWith("/proc", StringComparison.Ordinal));
    }

    [Fact]
    public async Task ForkPerCheckerGivesTheSameVerdicts()
    {
        await using var strict = SandboxRunner.Create(new SandboxOptions { Workers = 1, TimeoutMs = 1000, ForkPerChecker = true });
        string[] crashing = ["import os\ndef check_following(response):\n    os._exit(1)\n", .. SandboxContainmentTests.DisturbingJob];
        var r = await strict.RunAsync(crashing, ["a test", "another test"], CancellationToken.None);
        Assert.All(r[0], o => Assert.Null(o.Passed));
        for (int k = 1; k < r.Count; k++)
            Assert.All(r[k], o => Assert.True(o.Passed, $"checker {k}: {o.Error}"));
    }

    [Fact]
    public async Task RefusesToRunUnsandboxedUnlessAllowed()
    {
        var missing = Path.Combine(TestPaths.NewTempDirectory(), "no-launcher");
        await using var refusing = SandboxRunner.Create(new SandboxOptions { LauncherPath = missing, Workers = 1 });
        var e = await Assert.ThrowsAsync<SandboxException>(() => refusing.RunOneAsync(SandboxFixture.Passing, "a test", CancellationToken.None));
        Assert.Contains("allowUnsandboxed", e.Message);
        Assert.Contains(missing, e.Message);

        await using var allowed = SandboxRunner.Create(new SandboxOptions { LauncherPath = missing, Workers = 1, AllowUnsandboxed = true });
        var o = await allowed.RunOneAsync(SandboxFixture.Passing, "a test", CancellationToken.None);
        Assert.Equal(SandboxIsolation.Unsandboxed, allowed.Isolation);
        Assert.True(o.Passed, o.Error);
    }

    [Fact]
    public async Task UnsandboxedLauncherStillAppliesLimitsAndTimers()
    {
        var launch = SandboxLaunch.Resolve(new SandboxOptions { MemoryMb = 256 });
        var (worker, problem) = await SandboxWorker.StartAsync(launch, isolated: false, CancellationToken.None);
        Assert.Null(problem);
        using (worker)
        {
            Assert.NotEqual(1, worker!.HarnessPid);
            var r = await worker.RunAsync(
                ["def check_following(response):\n    x = bytearray(1024 ** 3)\n    return True\n",
                 "import time\ndef check_following(response):\n    time.sleep(30)\n",
                 "import os\ndef check_following(response):\n    open('left-behind', 'w').write('x')\n    return 'a' in response\n",
                 "import os\ndef check_following(response):\n    return os.listdir('.') == []\n"],
                ["a"], 500, 2, 4096, "checker", CancellationToken.None);
            Assert.Contains("MemoryError", r[0][0].Error);
            Assert.Contains("timed out", r[1][0].Error);
            Assert.True(r[2][0].Passed, r[2][0].Error);
            Assert.True(r[3][0].Passed, r[3][0].Error); // the scratch folder was emptied between checkers
        }
    }

    [Fact]
    public async Task LauncherIsolatesAnUnprivilegedUser()
    {
        // As root, run the launcher as uid 65534 (the user-namespace path); elsewhere the suite already runs unprivileged.
        if (Environment.UserName != "root" || !File.Exists("/usr/bin/setpriv")) return;
        var launcher = Path.Combine(AppContext.BaseDirectory, "rwd-sandbox");
        var python = new FileInfo("/usr/bin/python3").ResolveLinkTarget(true)?.FullName ?? "/usr/bin/python3";
        var psi = new ProcessStartInfo("/usr/bin/setpriv") { RedirectStandardOutput = true, RedirectStandardError = true };
        foreach (var a in new[] { "--reuid=65534", "--regid=65534", "--clear-groups", launcher, "--ro", python, "--ro", "/usr/lib", "--ro", "/usr/lib64", "--", python, "-I", "-S", "-c",
                     "import os, socket\ntry:\n    socket.create_connection(('127.0.0.1', 22), 0.3)\n    net = 'open'\nexcept OSError:\n    net = 'closed'\nprint(os.getpid(), os.getuid(), net, os.path.exists('/etc/hostname'), sorted(os.listdir('/')))" })
            psi.ArgumentList.Add(a);
        using var p = Process.Start(psi)!;
        var stdout = await p.StandardOutput.ReadToEndAsync();
        var stderr = await p.StandardError.ReadToEndAsync();
        await p.WaitForExitAsync();
        Assert.True(p.ExitCode == 0, $"exit {p.ExitCode}: {stderr}");
        Assert.StartsWith("1 65534 closed False ['bin', 'lib', 'lib64', 'sbin', 'tmp', 'usr']", stdout.Trim());
    }
}
