using Xunit;
using System.Diagnostics;
using System.Text.Json;
using RewardEngine.Sandbox;

namespace RewardEngine.Tests.Sandbox;

/// <summary>
/// plain_checker.py, run by the interpreter the sandbox uses: which checkers may share one process with the other
/// plain checkers of their instruction. Everything that reaches past the answer (frames, modules, globals, types,
/// files, output, attribute lookups by name) must keep a process of its own.
/// </summary>
public sealed class PlainCheckerTests
{
    private static string Py(params string[] lines) => string.Join("\n", lines) + "\n";

    public static readonly TheoryData<string, string> Plain = new()
    {
        { "word count", Py("def check_following(response):", "    return len(response.split()) >= 50") },
        { "regex", Py("import re", "def check_following(response):", "    return len(re.findall(r'[.!?]', response)) <= 20") },
        { "paragraphs", Py("def check_following(response):", "    paragraphs = [p for p in response.split('\\n\\n') if p.strip()]", "    return len(paragraphs) == 3") },
        { "helpers, loops, try", Py(
            "import re, string",
            "from re import findall as fa",
            "WORDS = ('ocean', 'sea')",
            "def count(text, word):",
            "    return len(fa(r'\\b' + re.escape(word) + r'\\b', text, flags=re.IGNORECASE))",
            "def check_following(response: str) -> bool:",
            "    total = 0",
            "    for _ in range(1):",
            "        try:",
            "            total += sum(count(response, w) for w in WORDS)",
            "        except (ValueError, re.error) as e:",
            "            return False",
            "    seen = {c for c in response if c in string.punctuation}",
            "    first = {w[:1].lower(): w for w in response.split()}",
            "    return total >= 2 and len(seen) < 5 and bool(first) and f'{total:>3}' != ''") },
        { "math and lambdas", Py("import math", "key = lambda w: (len(w), w)", "def check_following(response):", "    words = sorted(response.split(), key=key)", "    return math.ceil(len(words) / 2) > 1 if (n := len(words)) else False") },
    };

    public static readonly TheoryData<string, string> NotPlain = new()
    {
        { "imports sys", Py("import sys", "def check_following(response):", "    return sys._getframe(1) is not None") },
        { "imports os", Py("import os", "def check_following(response):", "    return True") },
        { "generator frame", Py("def check_following(response):", "    g = (x for x in [1])", "    f = g.gi_frame.f_back", "    return True") },
        { "str.format reads attributes", Py("def check_following(response):", "    '{0.gi_frame}'.format((x for x in []))", "    return True") },
        { "dunder attribute", Py("def check_following(response):", "    return ().__class__ is tuple") },
        { "dunder name", Py("def check_following(response):", "    return __builtins__ is not None") },
        { "getattr", Py("def check_following(response):", "    return getattr(response, 'upper')() == response") },
        { "print", Py("def check_following(response):", "    print('alive')", "    return True") },
        { "open", Py("def check_following(response):", "    open('/tmp/x', 'w')", "    return True") },
        { "type", Py("def check_following(response):", "    return type(response) is str") },
        { "forbidden builtin as a parameter name", Py("def f(print):", "    return print", "def check_following(response):", "    return print is not None") },
        { "class", Py("class A:", "    pass", "def check_following(response):", "    return True") },
        { "global", Py("n = 0", "def check_following(response):", "    global n", "    n += 1", "    return True") },
        { "module attribute assigned", Py("import re", "re.search = lambda *a: None", "def check_following(response):", "    return True") },
        { "attribute outside the list", Py("import re", "def check_following(response):", "    return re.purge() is None") },
        { "string.Formatter", Py("import string", "def check_following(response):", "    return string.Formatter() is not None") },
        { "star import", Py("from re import *", "def check_following(response):", "    return True") },
        { "unbound name (another checker's global)", Py("def check_following(response):", "    return shared_flag") },
        { "yield", Py("def check_following(response):", "    yield True") },
        { "with", Py("def check_following(response):", "    with x:", "        return True") },
        { "eval", Py("def check_following(response):", "    return eval('True')") },
        { "syntax error", Py("def check_following(response)", "    return True") },
        { "from re import compile (a builtin's name)", Py("from re import compile", "def check_following(response):", "    return compile('a').search(response) is not None") },
    };

    [Theory]
    [MemberData(nameof(Plain))]
    public void PlainCheckersArePlain(string what, string source) => Assert.True(Classify(source), what);

    [Theory]
    [MemberData(nameof(NotPlain))]
    public void CheckersThatReachPastTheAnswerAreNotPlain(string what, string source) => Assert.False(Classify(source), what);

    private static bool Classify(string source)
    {
        var script = SandboxLaunch.PlainCheckerSource + "\nimport json as _j, sys as _s\nprint(_j.dumps(is_plain(_s.stdin.read())))\n";
        var psi = new ProcessStartInfo("/usr/bin/python3") { RedirectStandardInput = true, RedirectStandardOutput = true, RedirectStandardError = true };
        foreach (var a in new[] { "-I", "-S", "-c", script }) psi.ArgumentList.Add(a);
        using var p = Process.Start(psi)!;
        p.StandardInput.Write(source);
        p.StandardInput.Close();
        var stdout = p.StandardOutput.ReadToEnd();
        var stderr = p.StandardError.ReadToEnd();
        p.WaitForExit();
        Assert.True(p.ExitCode == 0, stderr);
        return JsonSerializer.Deserialize<bool>(stdout);
    }
}
