# RewardEngine sandbox harness: a warm worker that runs model-written check_following(response) functions.
#
# Protocol (one JSON object per line): the engine writes jobs to stdin,
#   {"id": n, "checkers": [source, ...], "answers": [text, ...], "timeoutMs": t, "cpuSeconds": c, "maxOutput": b,
#    "forkPer": "job" | "checker"}
# and reads from stdout a hello line ({"hello": 1, ...}) and then one line per job,
#   {"id": n, "results": [[{"v": true|false|null, "e": error|null, "ms": x}, ...per answer], ...per checker]}.
# Only this process writes stdout. Checkers run in a forked child (per job, refreshed whenever a checker
# disturbs it; or per checker with "forkPer": "checker") whose stdout and stderr are a capped pipe this
# process drains and discards, and whose verdicts come back over a private pipe as lines tagged with a
# per-child random nonce: what a checker prints never becomes a result.
#
# Sharing a fork between the checkers of one instruction is detected and undone for accidental interference
# (leftover processes or files, rebound module attributes or builtins, new imports). A checker written to
# attack its siblings could still sway their verdicts, which gives nothing beyond what whoever controls the
# coder already has (every checker of the instruction comes from it); jobs, i.e. instructions, never share.
#
# Under rwd-sandbox this process is PID 1 of its namespace: a checker cannot kill it (init ignores signals it
# has no handler for) and after each child it kills every other process in the namespace.
import gc
import json
import os
import resource
import select
import signal
import sys
import time
import traceback

# Modules generated checkers commonly import, loaded once so forked children find them ready. A checker
# that changes one of them (or builtins) does not share its process with the next checker.
import builtins, collections, dis, functools, itertools, math, re, string, types, unicodedata  # noqa: E401
import bisect, heapq, operator, random, textwrap  # noqa: E401

WATCHED = (builtins, collections, functools, itertools, math, re, string, unicodedata, json, os, os.path, sys,
           time, bisect, heapq, operator, random, textwrap)
WORKDIR = "."

# The harness's code in a child runs after checker code that may have patched builtins or these modules, so
# it holds its own references: the bookkeeping that decides whether the process is still clean cannot be
# swayed by what it is checking.
from builtins import (BaseException, ChildProcessError, callable, enumerate, exec, hash, id, len,  # noqa: E402
                      map, memoryview, tuple, type)
_stat, _waitpid, _write, _exit, _WNOHANG = os.stat, os.waitpid, os.write, os._exit, os.WNOHANG
_setitimer, _signal, _ITIMER_REAL, _SIGALRM = signal.setitimer, signal.signal, signal.ITIMER_REAL, signal.SIGALRM
_perf_counter = time.perf_counter
_MODULES = sys.modules
_WATCHED_DICTS = tuple(m.__dict__ for m in WATCHED)
GRACE_S = 0.25  # beyond the per-call timer before the child is killed (C code ignores SIGALRM until it returns)
PID1 = os.getpid() == 1
MAX_FD = min(resource.getrlimit(resource.RLIMIT_NOFILE)[1], 1 << 16)  # RLIM_INFINITY is -1: capped below
if MAX_FD < 0:
    MAX_FD = 1 << 16


class CheckTimeout(BaseException):
    """Raised by the per-call timer; a BaseException so `except Exception` in a checker cannot swallow it."""


def send_line(fd, data):
    view = memoryview(data)
    while view:
        n = _write(fd, view)
        view = view[n:]


def describe(exc):
    # The last frame inside the checker tells the coder LLM which line failed.
    line = None
    for frame, lineno in traceback.walk_tb(exc.__traceback__):
        if frame.f_code.co_filename == "<checker>":
            line = lineno
    text = "".join(traceback.format_exception_only(type(exc), exc)).strip()
    if line is not None:
        text += f" (line {line})"
    return text[:800]


def workdir_stamp():
    st = _stat(WORKDIR)
    return st.st_ctime_ns, st.st_nlink


def module_fingerprint():
    # The scratch folder's ctime and the identity of every loaded module and of every value in the watched
    # modules' namespaces: what one checker could change to sway the next one sharing its process.
    return (workdir_stamp(), hash(tuple(map(id, _MODULES.values()))),
            tuple([hash(tuple(map(id, d.values()))) for d in _WATCHED_DICTS]))


def has_children():
    try:
        _waitpid(-1, _WNOHANG)  # reaps one if it exited; either way there was one
        return True
    except ChildProcessError:
        return False


def child_main(codes, answers, work, w_res, w_out, nonce, timeout, cpu_seconds, baseline):
    if not PID1:
        os.setpgid(0, 0)  # unsandboxed, its process group is how the harness kills what it leaves
    os.dup2(w_out, 1)
    os.dup2(w_out, 2)
    keep = os.dup(w_res)  # above 2, since 0-2 are still open
    os.close(0)  # no stdin: the job channel is the harness's alone
    os.closerange(3, keep)
    os.closerange(keep + 1, MAX_FD)
    w_res = keep
    try:
        resource.setrlimit(resource.RLIMIT_CPU, (cpu_seconds, cpu_seconds + 1))
    except (ValueError, OSError):
        pass

    def alarm(signum, frame):
        raise CheckTimeout(f"timed out after {timeout * 1000:.0f} ms")

    # Frames, one line each: "<nonce> L <k> <error or empty>" when checker k is loaded, then
    # "<nonce> R <k> <i> <1|0|-> <ms> <error>" per answer i, and "<nonce> T" when the process must not
    # serve the next checker. Plain text rather than JSON: every library call in a fork copies pages.
    def send(text):
        send_line(w_res, f"{nonce} {text.replace(chr(10), ' ')}\n".encode("utf-8", "replace"))

    current = None
    fn = None
    for n, (k, i) in enumerate(work):
        if k != current:
            current = k
            _signal(_SIGALRM, alarm)
            g = {"__name__": "__checker__", "__builtins__": __builtins__}
            fn, error = None, None
            _setitimer(_ITIMER_REAL, timeout)
            try:
                exec(codes[k][0], g)
                fn = g.get("check_following")
                if not callable(fn):
                    error = "the code defines no function check_following(response)"
            except BaseException as e:  # noqa: B902 - anything the module does is the checker's error
                error = describe(e)
            finally:
                _setitimer(_ITIMER_REAL, 0)
            send(f"L {k} " + (error or ""))
        if fn is None:
            continue
        verdict, error = "-", ""
        t0 = _perf_counter()
        _setitimer(_ITIMER_REAL, timeout)
        try:
            r = fn(answers[i])
            _setitimer(_ITIMER_REAL, 0)
            if r is True or r is False:
                verdict = "1" if r else "0"
            else:
                error = f"check_following returned {type(r).__name__}, expected bool"
        except BaseException as e:  # noqa: B902
            _setitimer(_ITIMER_REAL, 0)
            error = describe(e)
        send(f"R {k} {i} {verdict} {(_perf_counter() - t0) * 1000:.3f} {error}")
        last_of_checker = n + 1 == len(work) or work[n + 1][0] != k
        if last_of_checker and n + 1 < len(work):
            # Before the next checker shares this process: if this one left processes or files, or changed a
            # module, builtins or the set of imports, the next one gets a fresh fork instead.
            fn = g = None
            if has_children() or workdir_stamp() != baseline[0] or (codes[k][1] and module_fingerprint() != baseline):
                send("T")
                return


def kill_all(pgid):
    # PID 1 reaches every process left in the namespace, whatever group or session it moved to.
    try:
        if PID1:
            os.kill(-1, signal.SIGKILL)
        else:
            os.killpg(pgid, signal.SIGKILL)
    except OSError:
        pass
    while True:
        try:
            pid, _ = os.waitpid(-1, 0 if not PID1 else os.WNOHANG)
        except ChildProcessError:
            return
        except InterruptedError:
            continue
        if pid == 0:  # PID 1: something survived the first sweep (it forked meanwhile); sweep again
            try:
                os.kill(-1, signal.SIGKILL)
            except OSError:
                pass
            time.sleep(0.001)


_workdir_stamp = None


def clean_workdir(workdir):
    # A checker may leave files in the scratch folder; the next checker must not see them. Adding or
    # removing an entry changes the folder's ctime (which, unlike mtime, no one can set back), so an
    # untouched folder needs no walk.
    global _workdir_stamp
    st = os.stat(workdir)
    stamp = (st.st_ctime_ns, st.st_nlink)
    if stamp == _workdir_stamp:
        return
    for root, dirs, files in os.walk(workdir, topdown=False):
        for name in files:
            try:
                os.unlink(os.path.join(root, name))
            except OSError:
                pass
        for name in dirs:
            path = os.path.join(root, name)
            try:
                if os.path.islink(path):
                    os.unlink(path)
                else:
                    os.rmdir(path)
            except OSError:
                pass
    st = os.stat(workdir)
    _workdir_stamp = (st.st_ctime_ns, st.st_nlink)


def run_child(codes, answers, work, pos, out, timeout, cpu_seconds, max_output):
    """Runs work[pos:] ((checker, answer) pairs in order) in one child; returns the position to resume from."""
    nonce = os.urandom(12).hex()
    r_res, w_res = os.pipe()
    r_out, w_out = os.pipe()
    sys.stdout.flush()
    sys.stderr.flush()
    remaining_work = work[pos:]
    cpu = max(1, int(cpu_seconds * len(remaining_work)))
    # Taken here, where the pages are the harness's own: in the child, reading every namespace would copy them.
    baseline = module_fingerprint()
    try:
        pid = os.fork()
    except OSError as e:  # out of processes or memory: these checks fail, the harness goes on
        for fd in (r_res, w_res, r_out, w_out):
            os.close(fd)
        for k, i in remaining_work:
            out[k][i] = {"v": None, "e": f"cannot start the checker process: {e}", "ms": 0.0}
        return len(work)
    if pid == 0:
        try:
            child_main(codes, answers, remaining_work, w_res, w_out, nonce, timeout, cpu, baseline)
        finally:
            _exit(0)
    os.close(w_res)
    os.close(w_out)
    prefix = nonce.encode() + b" "
    nxt, loaded, failure, tainted = pos, set(), None, False
    buf, output_bytes = b"", 0
    deadline = time.monotonic() + timeout + GRACE_S
    open_fds = [r_res, r_out]
    while r_res in open_fds and nxt < len(work) and not tainted:
        remaining = deadline - time.monotonic()
        if remaining <= 0:
            failure = f"timed out after {timeout * 1000:.0f} ms"
            break
        ready, _, _ = select.select(open_fds, [], [], remaining)
        for fd in ready:
            data = os.read(fd, 65536)
            if not data:
                open_fds.remove(fd)
                os.close(fd)
                continue
            if fd == r_out:
                output_bytes += len(data)
                if output_bytes > max_output:
                    failure = f"output exceeded {max_output} bytes"
                continue
            buf += data
            while b"\n" in buf and nxt < len(work):
                line, buf = buf.split(b"\n", 1)
                if not line.startswith(prefix):
                    continue  # not ours: ignore
                fields = line[len(prefix):].decode("utf-8", "replace").split(" ", 5)
                k = work[nxt][0]
                if fields[0] == "L" and len(fields) >= 3 and fields[1] == str(k) and k not in loaded:
                    loaded.add(k)
                    output_bytes = 0  # the cap is per checker
                    if fields[2]:
                        error = " ".join(fields[2:])
                        while nxt < len(work) and work[nxt][0] == k:
                            out[k][work[nxt][1]] = {"v": None, "e": error, "ms": 0.0}
                            nxt += 1
                elif fields[0] == "R" and len(fields) == 6 and (fields[1], fields[2]) == (str(k), str(work[nxt][1])):
                    try:
                        ms = float(fields[4])
                    except ValueError:
                        continue  # malformed: the child wrote it, not our code
                    v = {"1": True, "0": False}.get(fields[3])
                    out[k][work[nxt][1]] = {"v": v, "e": (fields[5] or "no verdict") if v is None else None, "ms": ms}
                    nxt += 1
                elif fields[0] == "T":
                    tainted = True
                    break
                deadline = time.monotonic() + timeout + GRACE_S
        if failure:
            break
    try:
        os.kill(pid, signal.SIGKILL)
    except OSError:
        pass
    _, status = os.waitpid(pid, 0)
    kill_all(pid)
    for fd in open_fds:
        os.close(fd)
    if nxt >= len(work) or tainted:
        return nxt
    if failure is None:
        if os.WIFSIGNALED(status):
            failure = f"checker process killed by signal {os.WTERMSIG(status)}"
        else:
            failure = f"checker process exited with code {os.WEXITSTATUS(status)}"
    k, i = work[nxt]
    if k not in loaded:
        # Dying while loading would repeat for every answer: the whole checker fails.
        while nxt < len(work) and work[nxt][0] == k:
            out[k][work[nxt][1]] = {"v": None, "e": failure, "ms": 0.0}
            nxt += 1
        return nxt
    out[k][i] = {"v": None, "e": failure, "ms": timeout * 1000 if failure.startswith("timed out") else 0.0}
    return nxt + 1


_compiled = {}  # source -> (code, error, may_rebind): an instruction's checkers come back for every answer set
_REBINDING_OPS = {dis.opmap[name] for name in ("STORE_ATTR", "DELETE_ATTR")}
_REBINDING_NAMES = {"setattr", "delattr", "__setattr__", "__delattr__", "__dict__", "vars", "globals",
                    "__builtins__", "builtins", "modules", "exec", "eval", "__import__", "importlib", "getattr"}


def may_rebind(code):
    """Whether a checker could rebind a module attribute or import a new module: the only checkers after
    which the (costly: it touches every watched namespace) module fingerprint is taken."""
    for c in _code_objects(code):
        if _REBINDING_NAMES.intersection(c.co_names):
            return True
        raw = c.co_code
        if any(raw[i] in _REBINDING_OPS for i in range(0, len(raw), 2)):
            return True
        for ins in dis.get_instructions(c):
            if ins.opname == "IMPORT_NAME" and ins.argval not in sys.modules:
                return True
    return False


def _code_objects(code):
    yield code
    for const in code.co_consts:
        if isinstance(const, types.CodeType):
            yield from _code_objects(const)


def compile_checker(source, timeout):
    # Compiled here, once, rather than in each fork: compiling in a fresh child costs a millisecond of
    # copied pages. Compiling runs none of the checker's code; the timer only bounds pathological input.
    hit = _compiled.get(source)
    if hit is not None:
        return hit
    signal.setitimer(signal.ITIMER_REAL, timeout)
    try:
        code = compile(source, "<checker>", "exec")
        result = code, None, may_rebind(code)
    except BaseException as e:  # noqa: B902 - SyntaxError, MemoryError, RecursionError, the timer
        result = None, describe(e), False
    finally:
        signal.setitimer(signal.ITIMER_REAL, 0)
    if len(_compiled) >= 512:
        _compiled.clear()
    _compiled[source] = result
    return result


def run_job(job, workdir):
    answers = job["answers"]
    timeout = max(job.get("timeoutMs", 5000), 1) / 1000.0
    max_output = job.get("maxOutput", 65536)
    cpu_seconds = job.get("cpuSeconds", 5)
    # "job": the checkers of one instruction share a fork while none of them disturbs the process;
    # "checker": a fresh fork per checker, whatever it does.
    per_checker = job.get("forkPer", "job") == "checker"
    out = [[None] * len(answers) for _ in job["checkers"]]
    codes = []
    for k, source in enumerate(job["checkers"]):
        code, error, rebinds = compile_checker(source, timeout)
        codes.append((code, rebinds))
        if code is None:
            out[k] = [{"v": None, "e": error, "ms": 0.0} for _ in answers]
    groups = [[(k, i) for i in range(len(answers))] for k, (code, _) in enumerate(codes) if code is not None]
    for work in (groups if per_checker else [[item for g in groups for item in g]]):
        pos = 0
        while pos < len(work):
            pos = run_child(codes, answers, work, pos, out, timeout, cpu_seconds, max_output)
            clean_workdir(workdir)
    return out


def main():
    global WORKDIR
    workdir = sys.argv[1] if len(sys.argv) > 1 else os.getcwd()
    os.chdir(workdir)
    WORKDIR = workdir
    # No Python-level SIGINT handler: as PID 1 the harness then ignores SIGINT sent from inside.
    signal.signal(signal.SIGINT, signal.SIG_DFL)
    # Checkers run under the harness's uid: without this, one could ptrace (or process_vm_writev) the harness
    # and forge results. A non-dumpable process can only be traced with CAP_SYS_PTRACE; forks inherit it.
    import ctypes
    if ctypes.CDLL(None, use_errno=True).prctl(4, 0, 0, 0, 0) != 0:  # PR_SET_DUMPABLE, 0
        raise SystemExit("harness: prctl(PR_SET_DUMPABLE, 0) failed")

    def alarm(signum, frame):
        raise CheckTimeout("compiling timed out")

    signal.signal(signal.SIGALRM, alarm)
    gc.freeze()  # keeps forked children from copying the harness's pages when they collect
    stdin = sys.stdin.buffer
    send_line(1, (json.dumps({"hello": 1, "pid": os.getpid(), "uid": os.getuid(),
                              "python": sys.version.split()[0]}) + "\n").encode())
    while True:
        line = stdin.readline()
        if not line:
            return
        job = json.loads(line)
        try:
            results = run_job(job, workdir)
            reply = {"id": job["id"], "results": results}
        except Exception as e:  # a harness fault: report it rather than die silently
            reply = {"id": job.get("id"), "fault": describe(e)}
        send_line(1, (json.dumps(reply) + "\n").encode())


main()
