# Which model-written checkers are plain: text functions that, by their syntax alone, can reach nothing but the
# answer they are given, their own names and a short list of string, list, dict, set, number and regex operations.
# The harness reads this before any checker code runs (it parses; it never executes) and lets the plain checkers
# of one instruction share one checker process (each in a namespace of its own); every other checker keeps a
# process of its own. A checker is plain only when all of these hold:
#   - its statements and expressions are of the kinds in NODES: no class, global, nonlocal, with, yield, async,
#     match or star import;
#   - no name starts with "__", and no name is a builtin outside BUILTINS (so `open`, `print`, `getattr`, `type`,
#     `eval`, `vars`, ... cannot appear at all, not even as a local that shadows them);
#   - every name it reads is one it binds somewhere or is in BUILTINS (anything else would resolve to a builtin);
#   - it imports only re, math and string, and takes from them only names in ATTRIBUTES;
#   - every attribute it touches is read (never assigned or deleted) and is in ATTRIBUTES, a list of the methods
#     of str, list, dict, set, numbers and re's patterns and matches: no str.format (it reads attributes by name),
#     no encode, nothing that leads to frames, code, globals, modules or types.
# Without frames, modules, descriptors or the file system in reach, a plain checker can decide only what it
# returns; it can still loop or fill memory, which the harness's deadlines and limits stop as for any checker.
import ast
import builtins

NODES = frozenset((
    "Module", "FunctionDef", "Lambda", "arguments", "arg", "Return", "Assign", "AugAssign", "AnnAssign", "For",
    "While", "If", "Break", "Continue", "Pass", "Expr", "Try", "ExceptHandler", "Raise", "Assert", "Delete",
    "Import", "ImportFrom", "alias", "BoolOp", "And", "Or", "BinOp", "Add", "Sub", "Mult", "Div", "FloorDiv", "Mod",
    "Pow", "LShift", "RShift", "BitOr", "BitXor", "BitAnd", "MatMult", "UnaryOp", "Not", "USub", "UAdd", "Invert",
    "Compare", "Eq", "NotEq", "Lt", "LtE", "Gt", "GtE", "Is", "IsNot", "In", "NotIn", "Call", "keyword", "IfExp",
    "Dict", "Set", "List", "Tuple", "ListComp", "SetComp", "DictComp", "GeneratorExp", "comprehension", "Constant",
    "Name", "Load", "Store", "Del", "Attribute", "Subscript", "Slice", "Starred", "JoinedStr", "FormattedValue",
    "NamedExpr",
))

BUILTINS = frozenset((
    "True", "False", "None", "abs", "all", "any", "bin", "bool", "chr", "dict", "divmod", "enumerate", "filter",
    "float", "frozenset", "hex", "int", "isinstance", "iter", "len", "list", "map", "max", "min", "next", "oct",
    "ord", "pow", "range", "repr", "reversed", "round", "set", "slice", "sorted", "str", "sum", "tuple", "zip",
    "ArithmeticError", "AssertionError", "Exception", "IndexError", "KeyError", "LookupError", "StopIteration",
    "TypeError", "ValueError", "ZeroDivisionError",
))

MODULES = frozenset(("re", "math", "string"))

ATTRIBUTES = frozenset((
    # str
    "capitalize", "casefold", "center", "count", "endswith", "expandtabs", "find", "index", "isalnum", "isalpha",
    "isascii", "isdecimal", "isdigit", "isidentifier", "islower", "isnumeric", "isprintable", "isspace", "istitle",
    "isupper", "join", "ljust", "lower", "lstrip", "maketrans", "partition", "removeprefix", "removesuffix",
    "replace", "rfind", "rindex", "rjust", "rpartition", "rsplit", "rstrip", "split", "splitlines", "startswith",
    "strip", "swapcase", "title", "translate", "upper", "zfill",
    # list, dict, set
    "append", "clear", "copy", "extend", "insert", "pop", "remove", "reverse", "sort", "get", "items", "keys",
    "values", "setdefault", "update", "popitem", "fromkeys", "add", "discard", "union", "intersection",
    "difference", "symmetric_difference", "issubset", "issuperset", "isdisjoint",
    # numbers
    "is_integer", "bit_length", "real", "imag",
    # re, its patterns and matches
    "compile", "search", "match", "fullmatch", "findall", "finditer", "sub", "subn", "escape", "error",
    "IGNORECASE", "I", "MULTILINE", "M", "DOTALL", "S", "VERBOSE", "X", "UNICODE", "U", "ASCII", "A",
    "group", "groups", "groupdict", "start", "end", "span", "lastindex", "pattern", "flags",
    # math
    "ceil", "floor", "trunc", "sqrt", "isclose", "fabs", "log", "log10", "log2", "exp", "inf", "nan", "isnan",
    "isinf", "isfinite", "fsum", "prod", "gcd",
    # string
    "ascii_letters", "ascii_lowercase", "ascii_uppercase", "digits", "hexdigits", "octdigits", "punctuation",
    "printable", "whitespace", "capwords",
))

FORBIDDEN_NAMES = frozenset(dir(builtins)) - BUILTINS
MAX_SOURCE = 16 * 1024


def is_plain(source):
    """True when `source` is a plain checker (see above); parsing only, nothing of it runs."""
    if not isinstance(source, str) or len(source) > MAX_SOURCE:
        return False
    try:
        tree = ast.parse(source, "<checker>", "exec")
    except BaseException:  # noqa: B902 - SyntaxError, RecursionError, MemoryError: not plain
        return False
    bound, read = set(), set()
    for node in ast.walk(tree):
        kind = type(node).__name__
        if kind not in NODES:
            return False
        if kind == "Name":
            if not _allowed_name(node.id):
                return False
            (read if isinstance(node.ctx, ast.Load) else bound).add(node.id)
        elif kind == "Attribute":
            if not isinstance(node.ctx, ast.Load) or node.attr not in ATTRIBUTES:
                return False
        elif kind in ("FunctionDef", "arg"):
            name = node.name if kind == "FunctionDef" else node.arg
            if not _allowed_name(name):
                return False
            bound.add(name)
        elif kind == "ExceptHandler" and node.name is not None:
            if not _allowed_name(node.name):
                return False
            bound.add(node.name)
        elif kind == "Import":
            for alias in node.names:
                if alias.name not in MODULES or not _allowed_name(alias.asname or alias.name):
                    return False
                bound.add(alias.asname or alias.name)
        elif kind == "ImportFrom":
            if node.module not in MODULES or node.level != 0:
                return False
            for alias in node.names:
                if alias.name not in ATTRIBUTES or not _allowed_name(alias.asname or alias.name):
                    return False
                bound.add(alias.asname or alias.name)
    return read <= (bound | BUILTINS)


def _allowed_name(name):
    return not name.startswith("__") and name not in FORBIDDEN_NAMES
