#!/usr/bin/env python3
"""The query mix of scripts/bench/http: what a widget sends.

Random pairs of words from the corpus vocabulary (words of three letters or more that
occur at least twice), half of them sent while typing: partial=true with the second word
cut to a prefix. Seeded, so every run and every server gets the same list. Writes one
request path per line for each server: kb (/api/v1/search?q=...), the bare Xapian peer
(the same path) and Omega's CGI (/omega?P=...).

  http_queries.py CORPUS_DIR COUNT OUT_PREFIX   -> OUT_PREFIX.kb, .xapian, .omega
"""
import collections, pathlib, random, re, sys, urllib.parse

corpus, count, out = pathlib.Path(sys.argv[1]), int(sys.argv[2]), sys.argv[3]
words = collections.Counter()
for f in sorted(corpus.rglob("*")):
    if f.is_file() and f.suffix in (".txt", ".md", ".xml", ".html"):
        text = re.sub(r"<[^>]*>", " ", f.read_text(errors="replace"))
        words.update(w.lower() for w in re.findall(r"[A-Za-z]{3,}", text))
vocabulary = sorted(w for w, n in words.items() if n >= 2)
if len(vocabulary) < 10:
    sys.exit(f"http_queries: only {len(vocabulary)} words in {corpus}")
rng = random.Random(16)
kb, xapian, omega = [], [], []
for i in range(count):
    a, b = rng.choice(vocabulary), rng.choice(vocabulary)
    partial = i % 2 == 1
    if partial:
        b = b[: rng.randint(2, len(b))]
    q = urllib.parse.quote_plus(f"{a} {b}")
    kb.append(f"/api/v1/search?q={q}" + ("&partial=true" if partial else ""))
    xapian.append(f"/api/v1/search?q={q}")
    omega.append(f"/omega?P={q}")
for suffix, paths in (("kb", kb), ("xapian", xapian), ("omega", omega)):
    pathlib.Path(f"{out}.{suffix}").write_text("\n".join(paths) + "\n")
print(f"{count} queries from a vocabulary of {len(vocabulary)} words")
