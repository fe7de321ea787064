#!/usr/bin/env python3
"""Checks the dependency rules of docs/ARCHITECTURE.md on the #include graph.

Each rule names a folder and what no file in it may reach, directly or through the
project's own headers (a header of core/include/kb that pulls in a forbidden one counts).
Prints every violation as `file:line: includes X (via A -> B)` and exits 1 when there is
one, 0 otherwise.

Usage: check_layers.py [--root DIR]   (DIR defaults to the repository root)
"""
import argparse
import os
import re
import sys

# (folder, forbidden include patterns, why). A pattern matches the include as written
# after resolution: project files by their path from the root ("core/src/import/x.h"),
# system headers as "<name>".
RULES = [
    ("core", [r"<httplib\.h>", r"<CLI/"],
     "the core is a library: HTTP and command lines belong to the programs"),
    ("core/include/kb", [r"<nlohmann/"],
     "the core's public headers expose no JSON library (JSON is the api layer's)"),
    ("api", [r"<httplib\.h>", r"<CLI/"],
     "the api layer maps parameters and JSON; it is shared by the daemon and the client"),
    ("core/src/text", [r"^core/src/(corpus|import|index|search)/",
                       r"^core/include/kb/(corpus|catalog|glossary|taxonomy|importers|search|index_\w+)\.h$"],
     "text/ is the bottom layer: string and language helpers know no corpus, index or search"),
    ("core/src/corpus", [r"^core/src/(import|index|search)/",
                         r"^core/include/kb/(importers|search|index_\w+)\.h$", r"<xapian\.h>"],
     "corpus/ reads the curated files; it knows nothing of importing, indexing or searching"),
    ("core/src/import", [r"^core/src/(index|search)/", r"^core/include/kb/(search|index_\w+)\.h$",
                         r"<xapian\.h>"],
     "import/ turns files into units; it never touches Xapian"),
    ("core/src/search", [r"^core/src/import/",
                         r"^core/include/kb/(corpus|catalog|glossary|importers|text_source|index_writer)\.h$"],
     "search/ reads a published index; it never sees the importers or the writer"),
] + [(program, [r"^core/src/", r"^api/src/"],
      "programs use the public headers of the core and the api layer only")
     for program in ("indexer", "query", "searchd", "exporter", "tools")]

INCLUDE = re.compile(r'^\s*#\s*include\s*([<"])([^>"]+)[>"]')
SOURCE_SUFFIXES = (".h", ".hpp", ".cpp", ".cc", ".in")
PUBLIC_INCLUDE_DIRS = ["core/include", "api/include", "searchd/include"]
PRIVATE_INCLUDE_DIRS = ["core/src", "api/src"]


def project_files(root):
    for top in ("core", "api", "searchd", "query", "indexer", "exporter", "tools", "fuzz"):
        for folder, _, names in os.walk(os.path.join(root, top)):
            for name in names:
                if name.endswith(SOURCE_SUFFIXES):
                    yield os.path.relpath(os.path.join(folder, name), root)


def resolve(root, including, kind, name):
    """The project path an include names, or "<name>" for anything else."""
    if kind == '"':
        candidates = [os.path.join(os.path.dirname(including), name)]
        candidates += [os.path.join(d, name) for d in PUBLIC_INCLUDE_DIRS + PRIVATE_INCLUDE_DIRS]
        for c in candidates:
            if os.path.isfile(os.path.join(root, c)):
                return os.path.normpath(c)
    else:
        for d in PUBLIC_INCLUDE_DIRS:
            if os.path.isfile(os.path.join(root, d, name)):
                return os.path.normpath(os.path.join(d, name))
    return "<" + name + ">"


def includes_of(root, path, cache):
    if path not in cache:
        found = []
        with open(os.path.join(root, path), encoding="utf-8", errors="replace") as f:
            for number, line in enumerate(f, 1):
                m = INCLUDE.match(line)
                if m:
                    found.append((number, resolve(root, path, m.group(1), m.group(2))))
        cache[path] = found
    return cache[path]


def reach(root, start, cache):
    """Every include reachable from `start`: {target: (line in start, chain)}."""
    reached = {}
    stack = [(target, number, [target]) for number, target in includes_of(root, start, cache)]
    while stack:
        target, number, chain = stack.pop()
        if target in reached:
            continue
        reached[target] = (number, chain)
        if not target.startswith("<"):
            for _, nested in includes_of(root, target, cache):
                stack.append((nested, number, chain + [nested]))
    return reached


def check(root):
    cache = {}
    violations = []
    for path in sorted(project_files(root)):
        for folder, patterns, why in RULES:
            if not (path + "/").startswith(folder + "/"):
                continue
            for target, (number, chain) in sorted(reach(root, path, cache).items()):
                if any(re.search(p, target) for p in patterns):
                    via = " (via " + " -> ".join(chain[:-1]) + ")" if len(chain) > 1 else ""
                    violations.append(f"{path}:{number}: includes {target}{via}: {why}")
    return violations


def main():
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--root", default=os.path.join(os.path.dirname(__file__), "..", ".."))
    root = os.path.abspath(parser.parse_args().root)
    if not os.path.isdir(os.path.join(root, "core", "src")):
        print(f"check_layers: {root} has no core/src: not a kb source tree", file=sys.stderr)
        return 2
    violations = check(root)
    for v in violations:
        print(v)
    if violations:
        print(f"check_layers: {len(violations)} include(s) break the layering (docs/ARCHITECTURE.md)",
              file=sys.stderr)
        return 1
    print(f"check_layers: {len(list(project_files(root)))} files follow the layering rules")
    return 0


if __name__ == "__main__":
    sys.exit(main())
