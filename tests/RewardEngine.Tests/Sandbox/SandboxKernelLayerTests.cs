using Xunit;
using System.Diagnostics;
using RewardEngine.Configuration;
using RewardEngine.Sandbox;

namespace RewardEngine.Tests.Sandbox;

/// <summary>
/// The kernel's half of a checker process, below the audit hook: librwd-checker's seccomp filter and uid
/// switch, exercised directly through rwd-sandbox with ctypes (which the harness refuses to checkers).
/// </summary>
public sealed class SandboxKernelLayerTests
{
    // In each fork: enter as a checker, then one attempt; the parent prints how each child ended.
    private const string Program = """
        import ctypes, os, sys
        lib = ctypes.CDLL(sys.argv[1], use_errno=True)
        lib.rwd_checker_enter.argtypes = [ctypes.c_long, ctypes.c_char_p, ctypes.c_long]
        checker_id = int(os.environ.get("RWD_SANDBOX_CHECKER_ID", "-1"))
        libc = ctypes.CDLL(None, use_errno=True)
        attempts = {
            "getpid": lambda: libc.getpid(),
            "write in scratch": lambda: open("/tmp/x", "w").write("x"),
            "fork": lambda: libc.fork(),
            "execve": lambda: libc.execv(b"/bin/sh", None),
            "socket": lambda: libc.socket(2, 1, 0),
            "kill harness": lambda: libc.kill(1, 0),
            "ptrace harness": lambda: libc.ptrace(16, 1, 0, 0),
            "process_vm_readv": lambda: libc.process_vm_readv(1, 0, 0, 0, 0, 0),
            "unshare": lambda: libc.unshare(0x10000000),
            "mount": lambda: libc.mount(b"none", b"/tmp", b"tmpfs", 0, None),
            "setuid": lambda: libc.setuid(0),
            "vfork": lambda: libc.vfork(),
            "tgkill harness": lambda: libc.syscall(234, 1, 1, 0),
            "vhangup": lambda: libc.vhangup(),
            "signal self": lambda: libc.kill(os.getpid(), 0),
            "thread": lambda: __import__("threading").Thread(target=lambda: None).start(),
        }
        for name, attempt in attempts.items():
            pid = os.fork()
            if pid == 0:
                if lib.rwd_checker_enter(checker_id, b"/tmp", 5) != 0:
                    os._exit(3)
                if name == "getpid":
                    print("uid=%d" % os.getuid(), flush=True)
                attempt()
                os._exit(0)
            _, status = os.waitpid(pid, 0)
            print(name + "=" + (str(os.WTERMSIG(status)) if os.WIFSIGNALED(status) else "exit %d" % os.WEXITSTATUS(status)), flush=True)
        """;

    [Fact]
    public async Task CheckerProcessesDieOnForbiddenSystemCalls()
    {
        var launch = SandboxLaunch.Resolve(new SandboxOptions());
        Assert.NotNull(launch.Launcher);
        Assert.NotNull(launch.CheckerLibrary);
        var python = launch.Python;
        var psi = new ProcessStartInfo(launch.Launcher!) { RedirectStandardOutput = true, RedirectStandardError = true };
        psi.ArgumentList.Add("--supervisor");
        foreach (var p in launch.ReadOnlyPaths()) { psi.ArgumentList.Add("--ro"); psi.ArgumentList.Add(p); }
        foreach (var a in new[] { "--ro-as", launch.CheckerLibrary!, "/.rwd/lib.so", "--", python, "-I", "-S", "-c", Program, "/.rwd/lib.so" })
            psi.ArgumentList.Add(a);
        using var process = Process.Start(psi)!;
        var stdout = await process.StandardOutput.ReadToEndAsync();
        var stderr = await process.StandardError.ReadToEndAsync();
        await process.WaitForExitAsync();
        Assert.True(process.ExitCode == 0, $"exit {process.ExitCode}: {stderr}");
        var ended = stdout.Split('\n', StringSplitOptions.RemoveEmptyEntries).Select(l => l.Split('=', 2)).ToDictionary(p => p[0], p => p[1]);
        Assert.Equal("exit 0", ended["getpid"]);
        Assert.Equal("exit 0", ended["write in scratch"]);
        // What a checker may still do: signal itself, start a thread (clone with CLONE_THREAD).
        Assert.Equal("exit 0", ended["signal self"]);
        Assert.Equal("exit 0", ended["thread"]);
        foreach (var forbidden in new[] { "fork", "execve", "socket", "kill harness", "ptrace harness", "process_vm_readv", "unshare", "mount", "setuid",
                     "vfork", "tgkill harness", "vhangup" })
            Assert.True(ended[forbidden] == "31", $"{forbidden}: {ended[forbidden]} (expected SIGSYS, 31)\n{stdout}");
        // As root the launcher maps a second id, and checker processes run under it: not the harness's uid.
        if (Environment.IsPrivilegedProcess) Assert.Equal("65533", ended["uid"]);
    }
}
