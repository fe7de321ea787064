#!/usr/bin/env python3
"""The layering checker must fail on a tree that breaks a rule: copies of the source tree
with one forbidden include each (direct, and through a public header) are checked, and
each must be refused with the offending file named. A clean copy must pass."""
import os
import shutil
import subprocess
import sys
import tempfile

HERE = os.path.dirname(os.path.abspath(__file__))
ROOT = os.path.abspath(os.path.join(HERE, "..", ".."))
CHECKER = os.path.join(HERE, "check_layers.py")

# (file to append to, include line, what the checker must name)
BREAKS = [
    ("core/src/search/search.cpp", '#include "import/import_util.h"',
     "core/src/search/search.cpp:"),
    ("core/src/index/unit_codec.cpp", "#include <httplib.h>", "core/src/index/unit_codec.cpp:"),
    ("core/src/corpus/catalog.cpp", "#include <CLI/CLI.hpp>", "core/src/corpus/catalog.cpp:"),
    ("core/include/kb/model.h", "#include <nlohmann/json.hpp>", "core/include/kb/model.h:"),
    # Through a public header: every search/ file that includes kb/schema.h now reaches the
    # importers' header.
    ("core/include/kb/schema.h", '#include "kb/importers.h"',
     "includes core/include/kb/importers.h (via core/include/kb/schema.h"),
]


def copy_tree(dest):
    for top in ("core", "api", "searchd", "query", "indexer", "exporter", "tools", "fuzz"):
        if os.path.isdir(os.path.join(ROOT, top)):
            shutil.copytree(os.path.join(ROOT, top), os.path.join(dest, top))


def run(root):
    return subprocess.run([sys.executable, CHECKER, "--root", root], capture_output=True, text=True)


def main():
    failures = []
    with tempfile.TemporaryDirectory() as tmp:
        clean = os.path.join(tmp, "clean")
        copy_tree(clean)
        r = run(clean)
        clean_lines = set(r.stdout.splitlines())
        if r.returncode != 0:
            failures.append("a copy of the tree as it is fails the check:\n" + r.stdout + r.stderr)
        for i, (path, line, expected) in enumerate(BREAKS):
            broken = os.path.join(tmp, f"broken{i}")
            copy_tree(broken)
            with open(os.path.join(broken, path), "a") as f:
                f.write("\n" + line + "\n")
            r = run(broken)
            # Only the lines the injected include adds count: the clean tree's own
            # violations (if any) must not make this pass.
            added = [l for l in r.stdout.splitlines() if l not in clean_lines]
            if r.returncode != 1 or not any(expected in l and line.split()[-1].strip('<>"') in l
                                            for l in added):
                failures.append(f"{line} in {path}: exit {r.returncode}, expected 1 naming {expected}:\n"
                                + r.stdout + r.stderr)
            else:
                print(f"refused as it must be: {line} in {path}")
    for f in failures:
        print("FAIL:", f)
    return 1 if failures else 0


if __name__ == "__main__":
    sys.exit(main())
