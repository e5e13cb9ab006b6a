# RewardEngine sandbox harness: a warm supervisor that runs model-written check_following(response) functions,
# each checker in a process of its own (the plain checkers of an instruction in one they share), and is the only
# reader of their verdicts.
#
#   python -I -S -B -c HARNESS SCRATCH CHECKER_PROCESS_SOURCE [LIBRWD_CHECKER [TMPFS_OPTIONS [PLAIN_CHECKER_SOURCE]]]
#
# Protocol (one JSON object per line): the engine writes jobs to stdin,
#   {"id": n, "checkers": [source, ...], "answers": [text, ...], "timeoutMs": t, "cpuSeconds": c, "maxOutput": b,
#    "isolate": "instruction" | "checker" | "check"}
# and reads from stdout a hello line ({"hello": 1, ...}) and then one line per job,
#   {"id": n, "results": [[{"v": true|false|null, "e": error|null, "ms": x}, ...per answer], ...per checker]}.
# A calibration job {"id": n, "forks": k} runs no checker: k bare forks of this process that end at once, the
# cost of a checker process that does nothing (`reward sandbox bench`'s floor); the reply is {"id": n, "forks": k}.
#
# Every checker runs in a fork of this process (one per checker over all answers of the job, or with "check"
# one per checker and answer; with "instruction" the plain checkers of the job, those whose syntax shows they can
# reach nothing but the answer (plain_checker.py), share one, each in a namespace of its own, and every other
# checker has one of its own) that checker_process.py turns into a process that cannot reach this one: another
# uid where the launcher maps one, no capabilities, a seccomp filter, an audit hook; this process runs no
# checker code (it compiles checkers, which runs none of their code). A child reports on a pipe of its own:
# first a random token, made before the checker's code is loaded, then one frame per step tagged with it and
# stamped with the time the step returned; anything else on that pipe ends the child and makes the check an
# error. Deadlines: each step (loading, then each answer) may take timeoutMs from the stamped end of the
# previous one; this process kills the child at that moment plus a grace, and nothing a child writes moves it.
# Under rwd-sandbox this process is PID 1 of its namespace and installs no signal handler, so no signal from
# inside reaches it; the only writable place, the /tmp tmpfs, is replaced after any checker that changed it.
import fcntl
import json
import os
import select
import sys
import time
import types

# Modules generated checkers commonly import, loaded once so the forked children find them ready (a checker
# process compiles any other module from source: it may not read cached bytecode). Not random, threading or
# logging: they register code that runs in every fork (random's reseeding alone copies about fifty pages).
import builtins, collections, dis, functools, itertools, math, re, string, traceback, unicodedata  # noqa: E401,F401
import bisect, calendar, copy, dataclasses, datetime, difflib, fractions, heapq, html, operator  # noqa: E401,F401
import textwrap, typing  # noqa: E401,F401

GRACE_NS = 250_000_000  # beyond a step's timeout before the child is killed: its frame may be on its way
MAX_SOURCE = 256 * 1024  # longer checker sources are refused (their compile time would be unbounded)
SIGKILL, SIGSYS, SIGXCPU = 9, 31, 24
EXIT_REFUSED, EXIT_SETUP, EXIT_ENDED, EXIT_FORK = 86, 87, 88, 89  # checker_process.py's, and the fork's own
STOPPED_MARK = b"rwd-sandbox-stopped: "
F_SETPIPE_SZ = 1031
PID1 = os.getpid() == 1


class Scratch:
    """The checkers' only writable folder; renewed (a new tmpfs, or emptied when unsandboxed) after any
    process that changed it, so no checker sees what another left, whatever modes it set."""

    def __init__(self, path, renew, options):
        self.path = path
        self._renew = renew
        self._options = options.encode()
        self._clean = self._stamp()

    def _stamp(self):
        # Any entry made, removed or changed under the root changes the root's times or the free counts.
        st = os.stat(self.path)
        vfs = os.statvfs(self.path)
        return st.st_ctime_ns, st.st_mtime_ns, st.st_nlink, st.st_mode, st.st_uid, vfs.f_bfree, vfs.f_ffree

    def renew_if_used(self):
        if self._stamp() == self._clean:
            return
        if self._renew is not None:
            rc = self._renew(self.path.encode(), self._options)
            if rc != 0:
                raise OSError(-rc, f"cannot renew the scratch tmpfs {self.path}: {os.strerror(-rc)}")
        else:
            _empty_folder(self.path)
        self._clean = self._stamp()


def _empty_folder(path):
    # Unsandboxed: same uid as the checkers, so modes they set (000 included) can be set back first.
    os.chmod(path, 0o700)
    for entry in os.scandir(path):
        full = entry.path
        try:
            if entry.is_dir(follow_symlinks=False):
                _empty_folder(full)
                os.rmdir(full)
            else:
                os.unlink(full)
        except OSError:
            pass


class Supervisor:
    def __init__(self, scratch, serve, bound, start, start_args, is_plain):
        self.scratch = scratch
        self._serve = serve
        self._bound = bound
        self._start = start  # librwd-checker's rwd_checker_start, or None unsandboxed
        self._start_args = start_args  # (cpu seconds, result fd, output fd) -> its arguments, made here
        self._is_plain = is_plain  # plain_checker.is_plain, or None: no checker shares a process
        self._compiled = {}  # source -> (code or error, plain): an instruction's checkers come back for every answer set

    def _compile(self, source):
        # Here, once, rather than in each fork (where it would copy pages): compiling and parsing run none of the
        # checker's code, and the source's length bounds their time.
        hit = self._compiled.get(source)
        if hit is None:
            if not isinstance(source, str) or len(source) > MAX_SOURCE:
                hit = (f"checker source longer than {MAX_SOURCE} characters", False)
            else:
                try:
                    hit = (compile(source, "<checker>", "exec"), self._is_plain is not None and self._is_plain(source))
                except BaseException as e:  # noqa: B902 - SyntaxError, MemoryError, RecursionError, ...
                    line = getattr(e, "lineno", None)
                    hit = (f"{type(e).__name__}: {e}" + (f" (line {line})" if line else ""), False)
            if len(self._compiled) >= 512:
                self._compiled.clear()
            self._compiled[source] = hit
        return hit

    def run_job(self, job):
        answers = job["answers"]
        timeout = max(job.get("timeoutMs", 5000), 1) / 1000.0
        limits = (timeout, max(1, int(job.get("cpuSeconds", 5))), job.get("maxOutput", 65536))
        isolate = job.get("isolate", "checker")
        everyone = list(range(len(answers)))
        out = []
        shared, own = [], []  # units: (results, code, answer indices)
        for source in job["checkers"]:
            results = [None] * len(answers)
            out.append(results)
            code, plain = self._compile(source)
            if isinstance(code, str):
                results[:] = [_failed(code) for _ in answers]
            elif isolate == "check":
                own.extend([(results, code, [i])] for i in everyone)
            elif isolate == "instruction" and plain:
                shared.append((results, code, everyone))
            else:
                own.append([(results, code, everyone)])
        if shared:
            self._run_units(answers, shared, limits)
            # An error there may come from what a sibling left behind (memory it still holds): such a checker is
            # run again in a process of its own, and that verdict stands. A timeout is its own step's.
            own = [[(results, code, everyone)] for results, code, _ in shared
                   if any(r["v"] is None and not r["e"].startswith("timed out") for r in results)] + own
        for units in own:
            self._run_units(answers, units, limits)
        return out

    def _run_units(self, answers, units, limits):
        while units:
            units = self._run_child(answers, units, limits)
            self.scratch.renew_if_used()

    def _run_child(self, answers, units, limits):
        """Runs the units (each a checker over some answers) in order in one new process; returns the units
        left for a new one."""
        timeout, cpu_seconds, max_output = limits
        r_res, w_res = os.pipe()
        r_out, w_out = os.pipe()
        try:
            fcntl.fcntl(w_res, F_SETPIPE_SZ, 1 << 20)  # frames wait there until the child ends; rarely full
        except OSError:
            pass
        cpu = cpu_seconds * sum(len(pending) + 1 for _, _, pending in units)
        start_args = self._start_args(cpu, w_res, w_out) if self._start is not None else None
        forked_at = time.monotonic_ns()
        try:
            pid = os.fork()
        except OSError as e:  # out of processes or memory: these checks fail, the harness goes on
            for fd in (r_res, w_res, r_out, w_out):
                os.close(fd)
            for results, _, pending in units:
                for i in pending:
                    results[i] = _failed(f"cannot start the checker process: {e}")
            return []
        if pid == 0:
            try:
                self._serve([(code, pending) for _, code, pending in units], answers, cpu, w_res, w_out,
                            self.scratch.path, self._start, start_args, self._bound)
            finally:
                os._exit(EXIT_FORK)
        os.close(w_res)
        os.close(w_out)
        pidfd = os.pidfd_open(pid)
        try:
            return _Watch(pid, pidfd, r_res, r_out, units, timeout, max_output, forked_at).run()
        finally:
            try:
                os.kill(pid, SIGKILL)
            except OSError:
                pass
            try:
                os.waitpid(pid, 0)
            except ChildProcessError:  # already reaped, to read why it ended
                pass
            _sweep()
            for fd in (r_res, r_out, pidfd):
                os.close(fd)


class _Watch:
    """Reads one checker process's frames and holds it to its deadlines: each step (loading a checker, then
    one answer) may take `timeout` from the moment the previous step returned, as the checker's thread stamped it
    (C code after the checker returned, so no checker can move it); the harness wakes when the process ends, when
    it prints, or at the deadline. The process runs its units (results, code, answer indices) in order: frames
    are matched to the unit and answer expected next."""

    def __init__(self, pid, pidfd, r_res, r_out, units, timeout, max_output, forked_at):
        self.pid, self.pidfd, self.r_res, self.r_out = pid, pidfd, r_res, r_out
        self.prefix = None  # the child's token, from its first frame
        self.output_tail = b""
        self.units, self.unit = units, 0
        self.results, _, self.pending = units[0]
        self.timeout_ns = int(timeout * 1e9)
        self.max_output = max_output
        self.step_start = forked_at  # loading starts at the fork: setting up the process counts towards it
        self.loading, self.load_failed, self.pos, self.buf, self.output_bytes = True, False, 0, b"", 0

    def _next_unit(self):
        """Moves on to the next unit after the current one is done; the units left (none) when it was the last."""
        self.unit += 1
        if self.unit == len(self.units):
            return []
        self.results, _, self.pending = self.units[self.unit]
        self.loading, self.load_failed, self.pos = True, False, 0
        return None

    def run(self):
        os.set_blocking(self.r_res, False)
        poller = select.poll()
        poller.register(self.pidfd, select.POLLIN)
        poller.register(self.r_out, select.POLLIN)
        failure = None
        exited = False
        while True:
            deadline = self.step_start + self.timeout_ns + GRACE_NS
            wait_ms = max(0, (deadline - time.monotonic_ns()) // 1_000_000 + 1)
            events = poller.poll(wait_ms)
            for fd, _ in events:
                if fd == self.r_out:
                    data = os.read(fd, 65536)
                    if not data:
                        poller.unregister(fd)
                    self.output_bytes += len(data)
                    self.output_tail = (self.output_tail + data)[-2048:]
                    if self.output_bytes > self.max_output:
                        failure = failure or f"output exceeded {self.max_output} bytes"
                elif fd == self.pidfd:
                    exited = True
            outcome = self._read_frames()
            if outcome is not None:
                return outcome
            if failure is not None:
                break
            if exited:
                failure = self._exit_reason()
                break
            if time.monotonic_ns() >= self.step_start + self.timeout_ns + GRACE_NS:
                failure = f"timed out after {self.timeout_ns / 1e6:.0f} ms"
                break
        return self._fail(failure)

    def _read_frames(self):
        """Consumes what the process wrote; the answers left for a new process when it is done with this one
        (or an anomaly ended it), else None."""
        while True:
            try:
                data = os.read(self.r_res, 1 << 16)
            except BlockingIOError:
                break
            if not data:
                break
            self.buf += data
        while b"\n" in self.buf:
            line, self.buf = self.buf.split(b"\n", 1)
            if self.prefix is None:  # written before any checker code existed in the process
                token, _, kind = line.partition(b" ")
                if kind != b"H" or len(token) != 24:
                    return self._fail("the checker process did not start")
                self.prefix = token + b" "
                continue
            if not line.startswith(self.prefix):
                return self._fail("the checker wrote to the sandbox's result channel")
            text = line[len(self.prefix):].decode("utf-8", "replace")
            kind, _, rest = text.partition(" ")
            body, _, stamp = rest.rpartition(" ")  # every frame ends with the time its step returned
            if not stamp.isdigit():
                return self._fail("the checker wrote to the sandbox's result channel")
            ended = int(stamp)
            took = ended - self.step_start
            if self.loading and kind == "L":
                if body:
                    for i in self.pending:  # loading fails the same way for every answer
                        self.results[i] = _failed(body)
                    if self.unit + 1 == len(self.units):
                        return []
                    self.load_failed = True  # its answers' frames ("did not load") follow; they change nothing
                elif took > self.timeout_ns:
                    return self._fail(f"timed out after {self.timeout_ns / 1e6:.0f} ms")
                self.loading = False
            elif not self.loading and kind == "R":
                index, _, verdict = body.partition(" ")
                if index != str(self.pending[self.pos]):
                    return self._fail("the checker wrote to the sandbox's result channel")
                value, _, error = verdict.partition(" ")
                v = {"1": True, "0": False}.get(value)
                if took > self.timeout_ns:
                    outcome = _failed(f"timed out after {self.timeout_ns / 1e6:.0f} ms", self.timeout_ns / 1e9)
                else:
                    outcome = {"v": v, "e": None if v is not None else (error or "no verdict"),
                               "ms": round(took / 1e6, 3)}
                if not self.load_failed:
                    self.results[self.pending[self.pos]] = outcome
                self.pos += 1
                if self.pos == len(self.pending):
                    done = self._next_unit()
                    if done is not None:
                        return done
            else:
                return self._fail("the checker wrote to the sandbox's result channel")
            self.step_start = ended  # the next step's deadline counts from here
        return None

    def _exit_reason(self):
        """Why the child ended without reporting every step, from its exit status (it is gone or about to be)."""
        try:
            os.kill(self.pid, SIGKILL)  # it may have closed the pipe and lived on
        except OSError:
            pass
        _, status = os.waitpid(self.pid, 0)
        try:
            self.output_tail += os.read(self.r_out, 65536)
        except OSError:
            pass
        if os.WIFSIGNALED(status):
            sig = os.WTERMSIG(status)
            if sig == SIGSYS:
                return ("stopped by the sandbox: a forbidden system call (starting a process, signalling another "
                        "process, opening a socket, tracing, mounting)")
            if sig == SIGXCPU:
                return "CPU time limit exceeded"
            return f"checker process killed by signal {sig}"
        code = os.WEXITSTATUS(status)
        if code == EXIT_REFUSED:
            # The audit hook's last line; a checker that fakes one only changes its own error.
            mark = self.output_tail.rfind(STOPPED_MARK)
            reason = self.output_tail[mark + len(STOPPED_MARK):].split(b"\n", 1)[0] if mark >= 0 else b""
            return "stopped by the sandbox: " + (reason.decode("utf-8", "replace") or "a forbidden operation")
        if code == EXIT_SETUP:
            return "the checker process could not be isolated: " + self.output_tail.decode("utf-8", "replace")[-300:].strip()
        if code == EXIT_ENDED:
            return "the checker broke the sandbox's result channel"
        return f"checker process exited with code {code}"

    def _fail(self, failure):
        """The step under way fails; the units left for a new process: the rest of this one's answers (when it
        had loaded) and every unit after it."""
        seconds = self.timeout_ns / 1e9 if failure.startswith("timed out") else 0.0
        later = self.units[self.unit + 1:]
        if self.load_failed:
            return later
        if self.loading:
            for i in self.pending:
                self.results[i] = _failed(failure, seconds)
            return later
        self.results[self.pending[self.pos]] = _failed(failure, seconds)
        rest = self.pending[self.pos + 1:]
        return ([(self.results, self.units[self.unit][1], rest)] if rest else []) + later


def _failed(error, seconds=0.0):
    return {"v": None, "e": error, "ms": round(seconds * 1000, 3)}


def _sweep():
    # PID 1 reaches every process left in the namespace (checkers cannot fork; this is the second line). A
    # process the checker left behind is this process's child by now (orphans go to PID 1): with none, there is
    # nothing to kill, and kill(-1) (which walks every process of the machine) is not needed.
    if not PID1:
        return
    while True:
        try:
            if os.waitpid(-1, os.WNOHANG)[0] == 0:
                break  # a live one
        except ChildProcessError:
            return
    try:
        os.kill(-1, SIGKILL)
    except OSError:
        return
    while True:
        try:
            if os.waitpid(-1, os.WNOHANG)[0] == 0:
                time.sleep(0.001)
        except ChildProcessError:
            return


def _bare_forks(count):
    # The floor of one process per checker: fork, end, reap; no pipes, no isolation, no checker.
    count = max(0, min(int(count), 100_000))
    for _ in range(count):
        pid = os.fork()
        if pid == 0:
            os._exit(0)
        os.waitpid(pid, 0)
    return count


def main():
    scratch_path = sys.argv[1]
    checker_source = sys.argv[2]
    native_path = sys.argv[3] if len(sys.argv) > 3 and sys.argv[3] else None
    tmpfs_options = sys.argv[4] if len(sys.argv) > 4 else ""
    plain_source = sys.argv[5] if len(sys.argv) > 5 and sys.argv[5] else None
    os.chdir("/")
    # No Python-level handler for any signal: as PID 1 the harness then ignores every signal sent from inside.
    import signal
    signal.signal(signal.SIGINT, signal.SIG_DFL)
    import ctypes
    libc = ctypes.CDLL(None, use_errno=True)
    # A checker must not trace or read this process: non-dumpable needs CAP_SYS_PTRACE to be traced.
    if libc.prctl(4, 0, 0, 0, 0) != 0:  # PR_SET_DUMPABLE, 0
        raise SystemExit("harness: prctl(PR_SET_DUMPABLE, 0) failed")

    start = renew = None
    has_filter = False
    checker_id = int(os.environ.get("RWD_SANDBOX_CHECKER_ID", "-1"))
    native = None
    if native_path:
        native = ctypes.CDLL(native_path, use_errno=True)
        # No argtypes: the arguments are made here, before each fork, so the child converts nothing.
        start = native.rwd_checker_start
        has_filter = bool(native.rwd_checker_filter())
        if PID1 and tmpfs_options:
            renew = native.rwd_scratch_renew
            renew.argtypes = [ctypes.c_char_p, ctypes.c_char_p]
    id_arg, scratch_arg = ctypes.c_long(checker_id), ctypes.c_char_p(scratch_path.encode())
    c_long, c_int = ctypes.c_long, ctypes.c_int
    # Checker processes can walk up into this function's frame: none of its locals may lead to ctypes' loaders
    # (their attribute lookups load libraries) or to gc; the audit hook would stop such a checker anyway.
    del ctypes, libc, native

    def start_args(cpu, result_fd, output_fd):
        return id_arg, scratch_arg, c_long(cpu), c_int(result_fd), c_int(output_fd)

    process = {"__name__": "rwd_checker_process", "__builtins__": builtins}
    exec(compile(checker_source, "<sandbox>", "exec"), process)
    unbound = process["unbound_names"]()
    if unbound:
        raise SystemExit("harness: checker_process.serve reads names a checker could rebind: " + ", ".join(unbound))

    is_plain = _load_is_plain(plain_source) if plain_source is not None else None
    supervisor = Supervisor(Scratch(scratch_path, renew, tmpfs_options), process["serve"], process["BOUND"],
                            start, start_args, is_plain)
    # Active in every process but this one; only the interpreter keeps a reference to it.
    sys.addaudithook(process["make_hook"](scratch_path, os.getpid()))
    import gc
    process["prepare_harness"](sys.modules, sys)
    gc.freeze()  # keeps forked children from copying the harness's pages when they collect
    del gc
    stdin = sys.stdin.buffer
    _send({"hello": 1, "pid": os.getpid(), "uid": os.getuid(), "python": sys.version.split()[0],
           "checkerUid": checker_id if checker_id >= 0 else os.getuid(), "syscallFilter": has_filter,
           "scratch": "tmpfs" if renew is not None else "folder"})
    while True:
        line = stdin.readline()
        if not line:
            return
        job = json.loads(line)
        try:
            reply = {"id": job["id"], "forks": _bare_forks(job["forks"])} if "forks" in job else \
                {"id": job["id"], "results": supervisor.run_job(job)}
        except Exception as e:  # a harness fault: report it rather than die silently
            reply = {"id": job.get("id"), "fault": "".join(traceback.format_exception_only(type(e), e)).strip()}
        _send(reply)


def _load_is_plain(source):
    plain = {"__name__": "rwd_plain_checker", "__builtins__": builtins}
    exec(compile(source, "<sandbox>", "exec"), plain)
    return plain["is_plain"]


def _send(obj):
    data = memoryview((json.dumps(obj) + "\n").encode())
    while data:
        data = data[os.write(1, data):]


main()
