#!/usr/bin/env python3
"""No function in src/ is longer than 120 lines, data tables excepted (issue 16, STYLE.md).

A heuristic brace parser, not a compiler: comments, string and character literals (raw strings
included) and preprocessor lines are blanked first; then each `{` at namespace or class scope is
classified by the code before it (since the last `;`, `{` or `}` at that scope):
  - `namespace ...` / `extern "C"`: a namespace, whose contents are at namespace scope;
  - `class|struct|union|enum ...` (not ending with `)`): a class, whose contents are at class scope;
  - ending with `=`: a brace-initialised table, data: not a function;
  - ending with `)` and optional qualifiers (const, noexcept, override, final, &, &&, mutable,
    `-> type`), or a constructor's `) : member(...), member{...}` initialiser list: a function;
  - anything else (`int x{1}`, a member initialiser's braces): an initialiser, not a function.
A function runs from the line of its `{` to the line of its `}`; the lambdas and blocks inside it
count toward it, but a brace-initialised table inside it (`= {` ... `}`) and the lines of a raw
string literal (a page template) do not: they are data. Prints `file:line: name: N lines (limit 120)` for each function over the limit and fails.

Usage: function_length_test.py [SOURCE_DIR [LIMIT]]   (default: this repository, 120)
"""
import os
import re
import sys

LIMIT = 120
DATA_LINE = "\x01"  # a line break inside a raw string literal
QUALIFIERS = r"(?:\s|\bconst\b|\bvolatile\b|\bnoexcept\b(?:\s*\([^()]*\))?|\boverride\b|\bfinal\b|\bmutable\b|&&?)*"
FUNCTION_END = re.compile(r"\)" + QUALIFIERS + r"(?:->[^;{}]*)?$", re.S)
INIT_LIST = re.compile(r"\)" + QUALIFIERS + r":(?!:)", re.S)
CLASS_HEAD = re.compile(r"(?:^|[\s>])(?:class|struct|union|enum)\b")
NAME_BEFORE_PARAMS = re.compile(r"(operator\s*\(\s*\)|operator\s*[^\w\s(]+|operator\s+[\w:<> ]+?|~?[A-Za-z_][\w:]*(?:<[^()]*>)?)\s*$")


def blank_literals(text):
    """`text` with comments, string and character literals and preprocessor lines replaced by
    spaces (newlines kept, so line numbers stay)."""
    out = []
    i, n = 0, len(text)
    at_line_start = True
    while i < n:
        c = text[i]
        if at_line_start and c == "#":
            # A preprocessor line, with its continuations.
            while i < n and not (text[i] == "\n" and text[i - 1] != "\\"):
                out.append("\n" if text[i] == "\n" else " ")
                i += 1
            continue
        if c == "\n":
            at_line_start = True
            out.append(c)
            i += 1
            continue
        if not c.isspace():
            at_line_start = False
        if text.startswith("//", i):
            while i < n and text[i] != "\n":
                out.append(" ")
                i += 1
            continue
        if text.startswith("/*", i):
            end = text.find("*/", i + 2)
            end = n if end < 0 else end + 2
            out.append("".join("\n" if ch == "\n" else " " for ch in text[i:end]))
            i = end
            continue
        raw = re.match(r'(?:u8|[uUL])?R"([^ ()\\\t\n]{0,16})\(', text[i:i + 24])
        if raw and (i == 0 or not (text[i - 1].isalnum() or text[i - 1] == "_")):
            close = ")" + raw.group(1) + '"'
            end = text.find(close, i + raw.end())
            end = n if end < 0 else end + len(close)
            # The lines of a raw string (a page template) are data: DATA_LINE counts them apart.
            out.append('""' + "".join(DATA_LINE if ch == "\n" else " " for ch in text[i + 2:end]))
            i = end
            continue
        if c == '"' or (c == "'" and not is_digit_separator(text, i)):
            j = i + 1
            while j < n and text[j] != c and text[j] != "\n":
                j += 2 if text[j] == "\\" else 1
            out.append(c + " " * (min(j, n) - i - 1) + c)
            i = j + 1
            continue
        out.append(c)
        i += 1
    return "".join(out)


def is_digit_separator(text, i):
    """A `'` inside a number (1'000'000), not the start of a character literal."""
    j = i - 1
    while j >= 0 and (text[j].isalnum() or text[j] in "'."):
        j -= 1
    token = text[j + 1:i]
    return bool(token) and token[0].isdigit()


def function_name(head):
    """The name of the function whose signature ends `head` (best effort)."""
    m = INIT_LIST.search(head)
    end = m.start() if m else head.rstrip().rfind(")")
    head = head[:end + 1].rstrip()
    if not head.endswith(")"):
        return "?"
    depth, k = 0, len(head) - 1
    while k >= 0:  # back to the parameter list's `(`
        if head[k] == ")":
            depth += 1
        elif head[k] == "(":
            depth -= 1
            if depth == 0:
                break
        k -= 1
    m = NAME_BEFORE_PARAMS.search(head[:max(k, 0)])
    return re.sub(r"\s+", " ", m.group(1)).strip() if m else "(lambda)"


def classify(head):
    """What a `{` at namespace or class scope opens, from the code before it."""
    h = re.sub(r"\s+", " ", head).strip()
    if re.match(r"^(?:inline )?namespace\b", h) or re.match(r'^extern ""$', h) or re.match(r'^extern "[^"]*"$', h):
        return "namespace"
    if h.endswith("="):
        return "data"
    if FUNCTION_END.search(h) or (INIT_LIST.search(h) and h[-1:] in ")}"):
        return "function"
    if CLASS_HEAD.search(h):
        return "class"
    return "initialiser"


def functions(text):
    """(line of name, name, lines) of every function in `text` (already blanked)."""
    found = []
    # Each scope: [kind, head text since the last ; { } in it, line of its `{`, data lines, name,
    # line where the head in it began, line where its own head began]
    stack = [["namespace", "", 0, 0, "", 0, 0]]
    line = 1
    for c in text:
        top = stack[-1]
        if c == "\n" or c == DATA_LINE:
            line += 1
        if c == DATA_LINE:
            owner = next((s for s in reversed(stack) if s[0] == "function"), None)
            if owner is not None:
                owner[3] += 1
            continue
        in_function = any(s[0] == "function" for s in stack)
        if c == "{":
            if in_function:
                kind = "data" if top[1].rstrip().endswith("=") else "block"
                stack.append([kind, "", line, 0, "", line, line])
            else:
                kind = classify(top[1])
                name = function_name(top[1]) if kind == "function" else ""
                stack.append([kind, "", line, 0, name, line, top[5]])
            continue
        if c == "}":
            if len(stack) == 1:
                continue  # unbalanced: ignore
            scope = stack.pop()
            parent = stack[-1]
            if scope[0] == "function":
                found.append((scope[6], scope[4], line - scope[2] + 1 - scope[3]))
            elif scope[0] == "data" and any(s[0] == "function" for s in stack):
                # A table inside a function: its lines are data (the first is the statement's own).
                owner = next(s for s in reversed(stack) if s[0] == "function")
                if parent is owner or parent[0] == "block":
                    owner[3] += line - scope[2]
            if scope[0] in ("initialiser", "data") and parent[0] in ("namespace", "class"):
                parent[1] += "{}"  # the head goes on: `int x{1};`, `Foo() : a_{1} {`
            else:
                parent[1] = ""
            continue
        if c == ";":
            top[1] = ""
            continue
        if c == ":" and top[0] == "class" and re.search(r"\b(?:public|private|protected)\s*$", top[1]):
            top[1] = ""
            continue
        if not top[1].strip() and not c.isspace():
            top[5] = line
        top[1] += c
    return found


def check(source_dir, limit):
    offenders = []
    src = os.path.join(source_dir, "src")
    for root, _, files in os.walk(src):
        for name in sorted(files):
            if not name.endswith((".h", ".hpp", ".cpp", ".cc")):
                continue
            path = os.path.join(root, name)
            with open(path, encoding="utf-8", errors="replace") as f:
                text = blank_literals(f.read())
            for at, fname, lines in functions(text):
                if lines > limit:
                    offenders.append(f"{os.path.relpath(path, source_dir)}:{at}: {fname}: {lines} lines (limit {limit})")
    return sorted(offenders)


def main():
    here = os.path.dirname(os.path.dirname(os.path.dirname(os.path.abspath(__file__))))
    source_dir = sys.argv[1] if len(sys.argv) > 1 else here
    limit = int(sys.argv[2]) if len(sys.argv) > 2 else LIMIT
    offenders = check(source_dir, limit)
    for o in offenders:
        print(o)
    if offenders:
        print(f"function_length: {len(offenders)} function(s) over {limit} lines; split them (data tables excepted)")
        return 1
    print(f"function_length: no function in src/ is over {limit} lines")
    return 0


if __name__ == "__main__":
    sys.exit(main())
