#!/usr/bin/env python3
"""Each folder of src/ includes only the folders its README allows (issue 16).

Every src/<folder>/ has a README.md with a "May include:" sentence (from "May include:" to its
first full stop, which may run onto the next line). The folders it allows are the backquoted
`src/<name>` in that sentence; a bare `src/` allows every folder; a folder may always include
itself. Anything else in the sentence (the standard library, toml++, SQLite) is for the reader:
system and third-party includes (<...>) are not checked.

Every `#include "x/..."` in a file under src/<folder>/ (subfolders belong to their top folder:
src/model/witan is model) must name an allowed folder x. An include of a file beside it
(`#include "name.h"`) is the folder itself.

Prints `file:line: #include "x/..." : src/<folder> may include ...` for each include that breaks
its folder's rule, and a line for each folder with no README or no "May include:" sentence; fails
(exit 1) if there is any.

Usage: include_rules_test.py [SOURCE_DIR]   (default: the repository this script is in)
"""
import os
import re
import sys

MAY_INCLUDE = re.compile(r"May include:(.*?)(?:\.(?:\s|$)|\n\s*\n|$)", re.S)
ALLOWED_NAME = re.compile(r"`src/([A-Za-z0-9_]*)/?`")
INCLUDE = re.compile(r'^\s*#\s*include\s*"([^"]+)"')


def allowed_folders(readme_text):
    """The folders the README's "May include:" sentence allows, "*" for every one, or None."""
    match = MAY_INCLUDE.search(readme_text)
    if not match:
        return None
    names = set(ALLOWED_NAME.findall(match.group(1)))
    if "" in names:  # a bare `src/`: everything under src/
        return {"*"}
    return names


def strip_block_comments(lines):
    """The lines with /* ... */ comments blanked, so that a commented-out include is not read."""
    out, in_comment = [], False
    for line in lines:
        text = ""
        i = 0
        while i < len(line):
            if in_comment:
                end = line.find("*/", i)
                if end < 0:
                    i = len(line)
                else:
                    in_comment, i = False, end + 2
            else:
                start = line.find("/*", i)
                if start < 0:
                    text += line[i:]
                    i = len(line)
                else:
                    text += line[i:start]
                    in_comment, i = True, start + 2
        out.append(text)
    return out


def check(source_dir):
    src = os.path.join(source_dir, "src")
    problems = []
    folders = sorted(d for d in os.listdir(src) if os.path.isdir(os.path.join(src, d)))
    for folder in folders:
        readme = os.path.join(src, folder, "README.md")
        if not os.path.isfile(readme):
            problems.append(f"src/{folder}: no README.md (it must say what the folder holds and end with a \"May include:\" line)")
            continue
        with open(readme, encoding="utf-8") as f:
            allowed = allowed_folders(f.read())
        if allowed is None:
            problems.append(f"src/{folder}/README.md: no \"May include:\" line")
            continue
        rule = ", ".join(f"src/{a}" for a in sorted(allowed)) if allowed and allowed != {"*"} else (
            "every folder" if allowed == {"*"} else "no other folder")
        for root, _, files in os.walk(os.path.join(src, folder)):
            for name in sorted(files):
                if not name.endswith((".h", ".hpp", ".cpp", ".cc", ".inc")):
                    continue
                path = os.path.join(root, name)
                with open(path, encoding="utf-8", errors="replace") as f:
                    lines = strip_block_comments(f.read().split("\n"))
                for number, line in enumerate(lines, 1):
                    m = INCLUDE.match(line)
                    if not m:
                        continue
                    target = m.group(1)
                    included = target.split("/")[0] if "/" in target else folder
                    if included.startswith("."):
                        problems.append(f"{os.path.relpath(path, source_dir)}:{number}: #include \"{target}\": "
                                        f"a relative include; name the folder (\"x/file.h\")")
                        continue
                    if included == folder or "*" in allowed or included in allowed:
                        continue
                    problems.append(f"{os.path.relpath(path, source_dir)}:{number}: #include \"{target}\": "
                                    f"src/{folder} may include {rule} (src/{folder}/README.md), not src/{included}")
    return problems


def main():
    source_dir = sys.argv[1] if len(sys.argv) > 1 else os.path.dirname(os.path.dirname(os.path.dirname(os.path.abspath(__file__))))
    problems = check(source_dir)
    for p in problems:
        print(p)
    if problems:
        print(f"include_rules: {len(problems)} include(s) or README(s) break a folder's rule")
        return 1
    print("include_rules: every include in src/ keeps its folder's rule")
    return 0


if __name__ == "__main__":
    sys.exit(main())
