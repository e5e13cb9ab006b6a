using System.Collections.Concurrent;
using System.Diagnostics;
using System.Text.Json;
using RewardEngine.Configuration;
using RewardEngine.Diagnostics;

namespace RewardEngine.Sandbox;

/// <summary>
/// How a harness process is started: the launcher, its limits, the read-only paths, the interpreter.
/// Resolved once per options object; a missing launcher or interpreter is a <see cref="SandboxException"/>.
/// </summary>
internal sealed class SandboxLaunch
{
    public const string LauncherFileName = "rwd-sandbox";
    /// <summary>What each checker process applies to itself (uid, capabilities, seccomp), beside the launcher.</summary>
    public const string CheckerLibraryFileName = "librwd-checker.so";
    /// <summary>Where the library is bound inside the sandbox: a fixed path, so that no host folder name shows.</summary>
    private const string CheckerLibraryInside = "/.rwd-sandbox/librwd-checker.so";
    /// <summary>Exit status of rwd-sandbox when it cannot set up isolation.</summary>
    public const int CannotIsolateExitCode = 125;

    private static readonly ConcurrentDictionary<string, IReadOnlyList<string>> RuntimePathsCache = new();
    private static readonly Lazy<string> Harness = new(() => Resource("harness.py"));
    private static readonly Lazy<string> CheckerProcess = new(() => Resource("checker_process.py"));
    private static readonly Lazy<string> PlainChecker = new(() => Resource("plain_checker.py"));

    /// <summary>plain_checker.py: which checkers may share a process with the others of their instruction.</summary>
    internal static string PlainCheckerSource => PlainChecker.Value;

    private static string Resource(string name)
    {
        using var s = typeof(SandboxLaunch).Assembly.GetManifestResourceStream("RewardEngine.Sandbox." + name)
            ?? throw new InvalidOperationException($"{name} resource missing from the engine assembly");
        using var r = new StreamReader(s);
        return r.ReadToEnd();
    }

    private SandboxLaunch(SandboxOptions options, string python, string? launcher, string? checkerLibrary)
    {
        Options = options;
        Python = python;
        Launcher = launcher;
        CheckerLibrary = checkerLibrary;
    }

    public SandboxOptions Options { get; }
    /// <summary>The interpreter with symlinks resolved (the sandbox holds the file, not the link).</summary>
    public string Python { get; }
    /// <summary>rwd-sandbox, or null when it is missing (then only unsandboxed runs are possible).</summary>
    public string? Launcher { get; }
    /// <summary>librwd-checker.so beside the launcher, or null when missing (then checker processes get no syscall filter).</summary>
    public string? CheckerLibrary { get; }
    public static string HarnessSource => Harness.Value;

    public static SandboxLaunch Resolve(SandboxOptions options)
    {
        var bad = new List<string>();
        void AtLeast(string key, int value, int min) { if (value < min) bad.Add($"sandbox.{key}: {value} (must be >= {min})"); }
        AtLeast("timeoutMs", options.TimeoutMs, 1);
        AtLeast("cpuSeconds", options.CpuSeconds, 1);
        AtLeast("memoryMb", options.MemoryMb, 64);
        AtLeast("maxFileSizeKb", options.MaxFileSizeKb, 0);
        AtLeast("maxOpenFiles", options.MaxOpenFiles, 16);
        AtLeast("maxProcesses", options.MaxProcesses, 4);
        AtLeast("maxOutputBytes", options.MaxOutputBytes, 0);
        AtLeast("tmpfsMb", options.TmpfsMb, 1);
        AtLeast("workers", options.Workers, 0);
        foreach (var p in options.ReadOnlyPaths ?? [])
            if (!Path.IsPathRooted(p)) bad.Add($"sandbox.readOnlyPaths: '{p}' is not an absolute path");
        if (bad.Count > 0) throw new ConfigException(string.Join("; ", bad));
        if (!File.Exists(options.Python))
            throw new SandboxException($"sandbox.python: interpreter not found: {options.Python}");
        var python = Path.GetFullPath(new FileInfo(options.Python).ResolveLinkTarget(returnFinalTarget: true)?.FullName ?? options.Python);
        var launcher = options.LauncherPath ?? Path.Combine(AppContext.BaseDirectory, LauncherFileName);
        var library = Path.Combine(Path.GetDirectoryName(Path.GetFullPath(launcher)) ?? ".", CheckerLibraryFileName);
        return new SandboxLaunch(options, python, File.Exists(launcher) ? launcher : null, File.Exists(library) ? library : null);
    }

    /// <summary>Why isolation is impossible before trying (no launcher), or null.</summary>
    public string? MissingLauncherReason => Launcher is null
        ? $"sandbox launcher not found: {Options.LauncherPath ?? Path.Combine(AppContext.BaseDirectory, LauncherFileName)} (it is built from native/sandbox/rwd-sandbox.c by the engine's build, which needs a C compiler)"
        : null;

    /// <summary>Runs the launcher once around a no-op interpreter: null when isolation works, else why not.</summary>
    public string? ProbeIsolation()
    {
        if (MissingLauncherReason is { } missing) return missing;
        var psi = HarnessStartInfo(isolated: true, "/tmp");
        var args = psi.ArgumentList.ToList();
        psi.ArgumentList.Clear();
        foreach (var a in args.Take(args.IndexOf("--") + 2)) psi.ArgumentList.Add(a);
        foreach (var a in new[] { "-I", "-S", "-c", "pass" }) psi.ArgumentList.Add(a);
        using var p = Process.Start(psi) ?? throw new SandboxException($"cannot start {Launcher}");
        p.StandardInput.Close();
        var stderr = p.StandardError.ReadToEndAsync();
        _ = p.StandardOutput.ReadToEndAsync();
        if (!p.WaitForExit(30_000)) { p.Kill(true); return "rwd-sandbox did not finish a no-op run within 30 s"; }
        if (p.ExitCode == 0) return null;
        var message = stderr.Result.Trim();
        return message.Length > 0 ? message : $"rwd-sandbox exited with {p.ExitCode}";
    }

    /// <summary>Start info of one warm harness; <paramref name="isolated"/> false runs it with rlimits only.</summary>
    public ProcessStartInfo HarnessStartInfo(bool isolated, string unsandboxedWorkDirectory)
    {
        var psi = new ProcessStartInfo
        {
            RedirectStandardInput = true,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
            StandardOutputEncoding = new System.Text.UTF8Encoding(false),
            StandardInputEncoding = new System.Text.UTF8Encoding(false),
        };
        var workDir = isolated ? "/tmp" : unsandboxedWorkDirectory;
        // The harness renews the /tmp tmpfs with the launcher's own options (size, inodes, mode).
        var tmpfs = isolated ? $"size={Options.TmpfsMb}m,mode=1777,nr_inodes=4096" : "";
        var library = CheckerLibrary is null ? "" : isolated ? CheckerLibraryInside : CheckerLibrary;
        string[] pythonArgs = [Python, "-I", "-S", "-B", "-c", HarnessSource, workDir, CheckerProcess.Value, library, tmpfs, PlainChecker.Value];
        if (Launcher is null)
        {
            // Unsandboxed and no launcher to apply rlimits: only the harness's own timers remain.
            psi.FileName = Python;
            foreach (var a in pythonArgs.Skip(1)) psi.ArgumentList.Add(a);
            psi.WorkingDirectory = workDir;
            return psi;
        }
        psi.FileName = Launcher;
        foreach (var a in LimitArguments()) psi.ArgumentList.Add(a);
        if (isolated && Environment.IsPrivilegedProcess)
        {
            // Root: a uid of its own per worker (RLIMIT_NPROC counts per uid), from a range no account uses.
            psi.ArgumentList.Add("--uid");
            psi.ArgumentList.Add(Random.Shared.Next(2_000_000_000, 2_100_000_000).ToString());
        }
        if (isolated)
        {
            // A supervisor: it keeps the capabilities to renew /tmp and run checkers under another uid.
            psi.ArgumentList.Add("--supervisor");
            foreach (var p in ReadOnlyPaths()) { psi.ArgumentList.Add("--ro"); psi.ArgumentList.Add(p); }
            if (CheckerLibrary is not null)
                foreach (var a in new[] { "--ro-as", CheckerLibrary, CheckerLibraryInside }) psi.ArgumentList.Add(a);
        }
        else
        {
            psi.ArgumentList.Add("--no-isolate");
            psi.WorkingDirectory = workDir;
        }
        psi.ArgumentList.Add("--");
        foreach (var a in pythonArgs) psi.ArgumentList.Add(a);
        return psi;
    }

    private IEnumerable<string> LimitArguments() =>
    [
        "--mem", Options.MemoryMb.ToString(), "--fsize", Options.MaxFileSizeKb.ToString(),
        "--nofile", Options.MaxOpenFiles.ToString(), "--nproc", Options.MaxProcesses.ToString(),
        "--tmpfs", Options.TmpfsMb.ToString(),
    ];

    /// <summary>The configured read-only paths, or what the interpreter itself loads.</summary>
    public IReadOnlyList<string> ReadOnlyPaths() =>
        Options.ReadOnlyPaths is { } configured ? configured : RuntimePathsCache.GetOrAdd(Python, DetectRuntimePaths);

    // Asks the (trusted, unmodified) interpreter which files it maps after importing what checkers use:
    // its binary, the standard library, and the folders of the shared libraries it loads. Nothing else:
    // no /etc, no /proc, no shells or other programs.
    private const string DetectScript = """
        import collections, ctypes, functools, itertools, json, math, os, re, resource, select, signal, string, sys, sysconfig, traceback, unicodedata
        exe = os.path.realpath(sys.executable)
        paths = {exe}
        for key in ("stdlib", "platstdlib"):
            paths.add(os.path.realpath(sysconfig.get_paths()[key]))
        with open("/proc/self/maps") as maps:
            for line in maps:
                parts = line.split(None, 5)
                if len(parts) == 6 and parts[5].startswith("/"):
                    mapped = os.path.realpath(parts[5].strip())
                    if mapped != exe:  # the interpreter's own folder (/usr/bin) holds shells: bind the file only
                        paths.add(os.path.dirname(mapped))
        if os.path.isdir("/lib64"):
            paths.add(os.path.realpath("/lib64"))
        print(json.dumps(sorted(paths)))
        """;

    private static IReadOnlyList<string> DetectRuntimePaths(string python)
    {
        var psi = new ProcessStartInfo(python) { RedirectStandardOutput = true, RedirectStandardError = true, UseShellExecute = false };
        foreach (var a in new[] { "-I", "-S", "-c", DetectScript }) psi.ArgumentList.Add(a);
        using var p = Process.Start(psi) ?? throw new SandboxException($"sandbox.python: cannot start {python}");
        var stdout = p.StandardOutput.ReadToEndAsync();
        var stderr = p.StandardError.ReadToEndAsync();
        if (!p.WaitForExit(30_000)) { p.Kill(true); throw new SandboxException($"sandbox.python: {python} did not answer within 30 s"); }
        if (p.ExitCode != 0)
            throw new SandboxException($"sandbox.python: {python} failed to list its runtime files: {stderr.Result.Trim().Split('\n')[^1]}");
        var paths = JsonSerializer.Deserialize<List<string>>(stdout.Result)
            ?? throw new SandboxException($"sandbox.python: {python} printed no runtime paths");
        // Nested folders are covered by their parent's bind.
        var sorted = paths.Distinct().OrderBy(x => x, StringComparer.Ordinal).ToList();
        return sorted.Where(p => !sorted.Any(q => q != p && p.StartsWith(q + "/", StringComparison.Ordinal))).ToList();
    }
}
