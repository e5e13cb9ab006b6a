# One checker process: a fork of the harness (harness.py) that runs one model-written checker (or the plain
# checkers of one instruction, see plain_checker.py) over answers of one instruction and reports each verdict on a
# pipe only the harness reads. The harness loads this file once,
# at start, into a namespace of its own, installs the audit hook from `make_hook` (active in every process but
# the harness), and calls `serve` in each fork.
#
# What keeps a checker from forging a verdict in its own process: nothing it can reach holds a secret or
# decides what the harness is told. The token that tags genuine frames is made after the fork inside `work`
# and lives on only inside C iterators (itertools, map, zip) that no Python object refers to; every frame is
# built and written by C code around two small functions, `load` and `call`, which turn the checker's result
# into a frame with `is True`, `is False` and exact str checks, using only their own code and bound defaults
# (the audit hook refuses rebinding __code__ or __defaults__); after the last frame C code ends the process,
# so no harness code runs after checker code. The audit hook closes the ways around that (gc, ctypes, crafted
# code objects, tracing, subinterpreters) and stops the process at once on what a text check never needs
# (processes, signals, sockets, writes outside the scratch folder): the harness then reports that check as an
# error with the reason, whatever the function would have returned. librwd-checker adds the kernel's half
# before the checker's code is even loaded: another uid, no capabilities, a seccomp filter.
import builtins
import collections
import gc
import itertools
import os
import resource
import sys
import time
import types

EXIT_REFUSED = 86  # the audit hook stopped the process (its reason is the last line it wrote to stderr)
EXIT_SETUP = 87  # the process could not be isolated
EXIT_ENDED = 88  # the pipeline stopped before its end

STEPS_SOURCE = '''
import traceback as _tb


def describe(exc):
    # The last frame inside the checker tells the coder LLM which line failed.
    line = None
    for frame, lineno in _tb.walk_tb(exc.__traceback__):
        if frame.f_code.co_filename == "<checker>":
            line = lineno
    text = "".join(_tb.format_exception_only(type(exc), exc)).strip()
    if line is not None:
        text += f" (line {line})"
    return text


# Whatever a checker rebinds in this namespace, `load` and `call` return only the frames below, built from
# `is True`, `is False` and exact str: their defaults are bound here, and the audit hook refuses replacing a
# function's __defaults__ or __code__.
def _explain(e, _describe=describe, _type=type, _str=str):
    try:
        text = _describe(e)
        text = text if _type(text) is _str else "the checker raised an exception"
    except BaseException:
        text = "the checker raised an exception that cannot be described"
    return text.replace("\\n", " ")[:800].encode("utf-8", "replace")


def load(code, g, loaded, _exec=exec, _callable=callable, _explain=_explain):
    try:
        _exec(code, g)
        fn = g.get("check_following")
        if not _callable(fn):
            return b"L the code defines no function check_following(response)"
        loaded.append(fn)
        return b"L"
    except BaseException as e:
        return b"L " + _explain(e)


def call(loaded, answer, index, _explain=_explain, _type=type, _len=len):
    # `loaded` is reachable from a checker's frames; whatever it holds is the checker's own function.
    if _len(loaded) != 1:
        return b"R %d - the checker did not load" % index
    try:
        r = loaded[0](answer)
    except BaseException as e:
        return b"R %d - " % index + _explain(e)
    if r is True:
        return b"R %d 1" % index
    if r is False:
        return b"R %d 0" % index
    try:
        name = f"{_type(r).__name__}"[:80].encode("utf-8", "replace")
    except BaseException:
        name = b"something else"
    return b"R %d - check_following returned " % index + name + b", expected bool"
'''

_steps_ns = {"__name__": "rwd_checker_steps", "__builtins__": builtins}
exec(compile(STEPS_SOURCE, "<sandbox>", "exec"), _steps_ns)

# Modules the harness loaded for itself, taken out of a checker's sight (their use is refused besides):
# gc (it finds every object), ctypes (raw memory); `__main__` is the harness.
SCRUBBED = ("gc", "ctypes", "ctypes._endian", "_ctypes")
# Imports refused outright: raw memory, every object, the interpreter's test and subinterpreter modules.
# (_posixsubprocess stays importable: subprocess needs it, and its fork is the seccomp filter's to stop.)
REFUSED_IMPORTS = frozenset(("ctypes", "_ctypes", "_ctypes_test", "gc"))
REFUSED_IMPORT_PREFIXES = ("_test", "_xx", "xxlimited", "xxsubtype", "ctypes.")

_SPAWN = "starting a process is not allowed"
_SIGNAL = "signalling a process is not allowed"
_INTROSPECT = "inspecting or altering the interpreter is not allowed"
REFUSED_EVENTS = {
    "os.system": _SPAWN, "os.exec": _SPAWN, "os.posix_spawn": _SPAWN, "os.spawn": _SPAWN, "os.fork": _SPAWN,
    "os.forkpty": _SPAWN, "subprocess.Popen": _SPAWN, "os.startfile": _SPAWN, "pty.spawn": _SPAWN,
    "os.kill": _SIGNAL, "os.killpg": _SIGNAL, "signal.pthread_kill": _SIGNAL,
    "sys._current_frames": _INTROSPECT, "sys._current_exceptions": _INTROSPECT, "gc.get_objects": _INTROSPECT,
    "gc.get_referrers": _INTROSPECT, "gc.get_referents": _INTROSPECT, "sys.settrace": _INTROSPECT,
    "sys.setprofile": _INTROSPECT, "sys.addaudithook": _INTROSPECT, "code.__new__": _INTROSPECT,
    "marshal.loads": _INTROSPECT, "marshal.load": _INTROSPECT,
    "sqlite3.enable_load_extension": _INTROSPECT, "sqlite3.load_extension": _INTROSPECT,
}
REFUSED_PREFIXES = (("socket.", "opening a network connection is not allowed"),
                    ("ctypes.", "raw memory access is not allowed"),
                    ("cpython.", _INTROSPECT))
FUNCTION_ATTRS = frozenset(("__code__", "__defaults__", "__kwdefaults__"))
# Events that change the file system: (positions of paths, positions of dir_fd arguments).
PATH_EVENTS = {
    "os.mkdir": ((0,), (2,)), "os.rmdir": ((0,), (1,)), "os.remove": ((0,), (1,)),
    "os.rename": ((0, 1), (2, 3)), "os.link": ((0, 1), (2, 3)), "os.chmod": ((0,), (2,)),
    "os.chown": ((0,), (3,)), "os.utime": ((0,), (3,)), "os.truncate": ((0,), ()), "os.chflags": ((0,), ()),
    "os.lchflags": ((0,), ()), "os.lchmod": ((0,), ()), "os.setxattr": ((0,), ()), "os.removexattr": ((0,), ()),
    "shutil.copyfile": ((1,), ()),
    "shutil.copymode": ((1,), ()), "shutil.copystat": ((1,), ()), "shutil.copytree": ((1,), ()),
    "shutil.move": ((0, 1), ()), "shutil.rmtree": ((0,), ()), "shutil.chown": ((0,), ()),
    "shutil.make_archive": ((0,), ()), "shutil.unpack_archive": ((1,), ()), "sqlite3.connect": ((0,), ()),
}
# Never refused: checked first so that common events cost one set lookup.
PASSED_EVENTS = frozenset(("compile", "exec", "os.listdir", "os.scandir", "os.chdir", "time.sleep",
                           "object.__delattr__", "function.__new__", "os.putenv", "os.unsetenv"))
_WRITE_FLAGS = os.O_WRONLY | os.O_RDWR | os.O_CREAT | os.O_TRUNC | os.O_APPEND


STOPPED_MARK = b"rwd-sandbox-stopped: "


def make_hook(scratch, harness_pid, _getpid=os.getpid, _write=os.write, _exit=os._exit, _getcwd=os.getcwd,
              _type=type, _str=str, _bytes=bytes, _int=int, _len=len, _BaseException=BaseException,
              _refused=types.MappingProxyType(dict(REFUSED_EVENTS)), _prefixes=tuple(REFUSED_PREFIXES),
              _function_attrs=FUNCTION_ATTRS, _path_events=types.MappingProxyType(dict(PATH_EVENTS)),
              _passed=PASSED_EVENTS, _refused_imports=REFUSED_IMPORTS,
              _refused_import_prefixes=tuple(REFUSED_IMPORT_PREFIXES), _write_flags=_WRITE_FLAGS,
              _mark=STOPPED_MARK, _exit_refused=EXIT_REFUSED):
    """The audit hook: installed in the harness, where it does nothing, and inherited by every checker process.
    Every table it consults is immutable and every function it calls is bound here, so a checker that rebinds
    modules, builtins or this file's names changes nothing; nothing reachable refers to it (the interpreter
    holds it), and it calls nothing a checker made: it only compares the types of what it reads."""
    inside = scratch.rstrip("/") + "/"
    busy = [False]
    other_process = "changing another process's limits is not allowed"

    def within(path, base=None):
        # Lexical: the only writable mount is the scratch tmpfs, and the only symbolic links in it are those
        # os.symlink made, whose targets are checked the same way.
        if _type(path) is _bytes:
            path = path.decode("utf-8", "surrogateescape")
        if _type(path) is not _str:
            return False
        if not path.startswith("/"):
            path = (base if base is not None else _getcwd()) + "/" + path
        parts = []
        for seg in path.split("/"):
            if seg == "" or seg == ".":
                continue
            if seg == "..":
                if parts:
                    parts.pop()
                continue
            parts.append(seg)
        return ("/" + "/".join(parts) + "/").startswith(inside)

    def no_dir_fd(value):
        return value is None or (_type(value) is _int and value == -1)  # os.* pass -1 for "none"

    def writes_outside(event, args):
        if event == "open":
            path, mode, flags = args[0], args[1], args[2]
            writing = (_type(mode) is _str and ("w" in mode or "a" in mode or "x" in mode or "+" in mode)) or \
                      (_type(flags) is _int and flags & _write_flags != 0)
            if not writing or _type(path) is _int:
                return None
            if mode is None and _type(path) is _str and not path.startswith("/") or \
                    mode is None and _type(path) is _bytes and not path.startswith(b"/"):
                return "os.open for writing needs an absolute path in the scratch folder"
            return None if within(path) else f"writing outside the scratch folder {scratch} is not allowed"
        paths, dir_fds = _path_events[event]
        for i in dir_fds:
            if i < _len(args) and not no_dir_fd(args[i]):
                return "changing files relative to a directory descriptor is not allowed"
        for i in paths:
            if i < _len(args) and _type(args[i]) is not _int and not within(args[i]):
                return f"changing files outside the scratch folder {scratch} is not allowed"
        return None

    def symlink_outside(args):
        target, link = args[0], args[1]
        if _len(args) > 2 and not no_dir_fd(args[2]):
            return "changing files relative to a directory descriptor is not allowed"
        if not within(link):
            return f"changing files outside the scratch folder {scratch} is not allowed"
        if _type(link) is _bytes:
            link = link.decode("utf-8", "surrogateescape")
        base = link.rsplit("/", 1)[0] if "/" in link else _getcwd()
        base = base or "/"
        if not within(target, base if base.startswith("/") else _getcwd() + "/" + base):
            return "a link pointing outside the scratch folder is not allowed"
        return None

    def judge(event, args):
        why = _refused.get(event)
        if why is not None:
            return why
        if event == "open" or event in _path_events:
            return writes_outside(event, args)
        if event == "os.symlink":
            return symlink_outside(args)
        if event == "import":
            name = args[0]
            if _type(name) is not _str:
                return "importing a module by a name that is not a str is not allowed"
            last = name.rsplit(".", 1)[-1]
            if name in _refused_imports or last in _refused_imports or name.startswith(_refused_import_prefixes) \
                    or last.startswith(_refused_import_prefixes):
                return f"importing {name} is not allowed"
            return None
        if event == "object.__setattr__":
            if _len(args) > 1 and _type(args[1]) is _str and args[1] in _function_attrs:
                return f"rebinding a function's {args[1]} is not allowed"
            return None
        if event == "resource.prlimit":
            return None if _type(args[0]) is _int and args[0] == 0 else other_process
        for start, reason in _prefixes:
            if event.startswith(start):
                return reason
        return None

    def hook(event, args):
        if busy[0] or event in _passed or _getpid() == harness_pid:
            return
        try:
            why = judge(event, args)
        except _BaseException:  # noqa: B902 - arguments it cannot read are refused, not waved through
            why = "an operation the sandbox could not check"
        if why is None:
            return
        busy[0] = True
        try:
            _write(2, b"\n" + _mark + f"{event}: {why}".replace("\n", " ").encode("utf-8", "replace") + b"\n")
        finally:
            _exit(_exit_refused)

    return hook


def work(units, answers, _urandom=os.urandom, _write=os.write, _exit=os._exit, _chain=itertools.chain,
         _starmap=itertools.starmap, _repeat=itertools.repeat, _map=map, _zip=zip, _monotonic_ns=time.monotonic_ns,
         _builtins=builtins, _tuple=tuple, _load=_steps_ns["load"], _call=_steps_ns["call"]):
    """Announces this process's token (the first frame, before any checker code exists) and returns the C
    pipeline that runs the checkers: for each unit (code, answer indices), in order, loading the code into a
    namespace of its own and then calling it on each of those answers. Each frame is the token, what `load` or
    `call` returned, and the time it returned (the harness's deadline for the next step starts there); after the
    last one it ends the process. The token stays only inside the pipeline's iterators: once this returns, no
    Python object refers to it."""
    head = _urandom(12).hex().encode() + b" "
    _write(3, head + b"H\n")
    answers = _tuple(answers)  # the pipeline's own copy: a checker that reaches it changes nothing else
    parts = []
    for code, indices in units:
        indices = _tuple(indices)  # likewise: what the caller's frames hold is not what the pipeline reads
        g = {"__name__": "__checker__", "__builtins__": _builtins}
        loaded = []
        parts.append(_starmap(_load, ((code, g, loaded),)))
        parts.append(_starmap(_call, _zip(_repeat(loaded), _map(answers.__getitem__, indices), indices)))
    bodies = _chain(*parts)
    stamps = _map(b" %d\n".__mod__, _starmap(_monotonic_ns, _repeat(())))
    frames = _map(b"".join, _zip(_repeat(head), bodies, stamps))
    return _chain(_map(_write, _repeat(3), frames), _starmap(_exit, ((0,),)))


_hard_nofile = resource.getrlimit(resource.RLIMIT_NOFILE)[1]
# What `serve` uses, bound now.
BOUND = (
    os.write, os._exit, os.dup2, os.close, os.closerange, os.chdir, resource.setrlimit, resource.RLIMIT_CPU,
    collections.deque, gc.disable, work, _hard_nofile if 0 < _hard_nofile < 1 << 16 else 1 << 16, OSError,
    EXIT_SETUP, EXIT_ENDED, os.environ,
)


def prepare_harness(modules, sys_module):
    """Once, in the harness before its first fork, so that no checker process spends copied pages on it: the
    modules the harness loaded for itself go out of sight (gc finds every object, ctypes is raw memory),
    `__main__` (the harness) becomes an empty module, and imports read sources, not cached bytecode
    (unmarshalling is refused by the audit hook). The harness keeps its own references."""
    for name in SCRUBBED:
        modules.pop(name, None)
    modules["__main__"] = types.ModuleType("__main__")
    sys_module.pycache_prefix = "/nonexistent"


def serve(units, answers, cpu_seconds, res_fd, out_fd, scratch, start, start_args, b):
    """The rest of a fork of the harness. Never returns: the pipeline ends the process, or this does.
    `start` is librwd-checker's rwd_checker_start with its arguments made by the harness before the fork
    (descriptors, working folder, CPU limit, uid, capabilities, seccomp: one C call), or None unsandboxed."""
    (_write, _exit, _dup2, _close, _closerange, _chdir, _setrlimit, _RLIMIT_CPU, _deque, _gc_disable, _work,
     _max_fd, _OSError, _exit_setup, _exit_ended, _environ) = b
    # Descriptors: 0 closed, 1 and 2 the capped output pipe, 3 the result pipe, nothing else of the harness's.
    try:
        if start is not None:  # in C: no audit event, fewer copied pages
            rc = start(*start_args)
            if rc != 0:
                raise _OSError(-rc, "librwd-checker could not isolate the process")
        else:
            _dup2(out_fd, 1)
            _dup2(out_fd, 2)
            if res_fd != 3:
                _dup2(res_fd, 3)
            _close(0)
            _closerange(4, _max_fd)
            _chdir(scratch)
            _setrlimit(_RLIMIT_CPU, (cpu_seconds, cpu_seconds + 1))
    except _OSError as e:
        _write(2, f"the checker process could not be isolated: {e}\n".encode())
        _exit(_exit_setup)
    if scratch != "/tmp":  # unsandboxed: temporary files go to the scratch folder too
        _environ["TMPDIR"] = _environ["HOME"] = scratch
    _gc_disable()
    try:
        # The pipeline is passed straight to deque (which consumes it): no local variable refers to it.
        _deque(_work(units, answers), 0)
    finally:
        _exit(_exit_ended)  # the pipeline broke (the checker closed the result pipe, ...): no verdicts follow


def unbound_names():
    """Global or builtin names that `serve` and the audit hook would look up while checker code runs: none may
    exist (the harness refuses to start otherwise), since a checker can rebind any of them."""
    import dis
    found = []

    def scan(code, where):
        for ins in dis.get_instructions(code):
            if ins.opname in ("LOAD_GLOBAL", "LOAD_NAME", "STORE_GLOBAL", "LOAD_CLASSDEREF"):
                found.append(f"{where}: {ins.argval}")
        for const in code.co_consts:
            if isinstance(const, types.CodeType):
                scan(const, f"{where}.{const.co_name}")

    scan(serve.__code__, "serve")
    scan(make_hook.__code__, "make_hook")
    scan(work.__code__, "work")
    return found
