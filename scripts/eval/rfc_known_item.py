#!/usr/bin/env python3
"""Builds a known-item test collection from the IETF RFC 1-2999 corpus, in TREC files.

A second public collection for kb-eval, next to Cranfield, that nobody tuned on: each
topic is an RFC's title (as printed on its first page), and the relevant document is
that RFC (every RFC with the same title, e.g. the yearly "Internet Official Protocol
Standards", is relevant to it). The title is taken out of the document, and so are the
page headers that repeat it, so a system must find the RFC from its body text, the way
a reader who remembers what a document is about finds it. One relevant document per
topic (mostly): MAP is the mean reciprocal rank.

  scripts/eval/rfc_known_item.py OUT_DIR [--archive PATH] [--every K] [--from N]

writes OUT_DIR/docs.trec, OUT_DIR/topics.trec and OUT_DIR/qrels; then
  kb-eval trec OUT_DIR/docs.trec OUT_DIR/topics.trec OUT_DIR/qrels
(scripts/eval/rfc_known_item.sh does both). --every K keeps every K-th titled RFC as
a topic (all documents are always indexed).
"""
import argparse
import os
import re
import sys
import tarfile

MONTHS = ("January|February|March|April|May|June|July|August|September|October|"
          "November|December|Jan|Feb|Mar|Apr|Jun|Jul|Aug|Sep|Sept|Oct|Nov|Dec")
DATE = re.compile(r"^\s*(\d{1,2}\s+)?(%s)\.?\s+\d{4}\s*$" % MONTHS, re.I)
# "RFC 2050   Internet Registry IP Allocation Guidelines   November 1996"
PAGE_HEADER = re.compile(r"^\s*RFC\s*\d+\s{2,}.*\s{2,}(%s)\.?\s+\d{4}\s*$" % MONTHS, re.I)
FOOTER = re.compile(r"\[Page \d+\]\s*$", re.I)
NOT_A_TITLE = re.compile(r"^(status of this memo|abstract|introduction|table of contents|"
                         r"copyright|network working group|request for comments|"
                         r"rfc|nic|updates|obsoletes|category|internet[- ]draft)\b", re.I)


def first_page_and_rest(text):
    lines = text.split("\n")
    first, rest, on_first = [], [], True
    for line in lines:
        if line.startswith("``` newpage") or line.strip() == "-" * 72:
            on_first = False
            continue
        if line.strip() == "```":
            continue
        if on_first:
            first.append(line[4:] if line.startswith("    ") else line)
        else:
            rest.append(line)
    return first, rest


def find_title(first):
    """The first centred block after the header block: (title, its line indexes)."""
    i = 0
    while i < len(first) and not first[i].strip():
        i += 1
    while i < len(first) and first[i].strip():  # the header block
        i += 1
    block, where = [], []
    for j in range(i, min(len(first), i + 40)):
        line = first[j]
        s = line.strip()
        if not s:
            if block:
                break
            continue
        indent = len(line) - len(line.lstrip())
        if not block and (indent < 8 or DATE.match(s) or NOT_A_TITLE.match(s)):
            if indent < 8:
                return None, []  # body text before any centred line: no title found
            continue
        if block and indent < 8:
            break
        block.append(s)
        where.append(j)
    title = " ".join(block)
    if len(re.findall(r"[A-Za-z]{2,}", title)) < 2:
        return None, []
    return title, where


def normalise(title):
    return " ".join(re.findall(r"[a-z0-9]+", title.lower()))


def main():
    here = os.path.dirname(os.path.abspath(__file__))
    default_archive = os.path.join(here, "..", "..", "..", "shared", "eval", "ietf-rfc",
                                   "ietf-rfc-0001-2999.tar.xz")
    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    ap.add_argument("out_dir")
    ap.add_argument("--archive", default=default_archive)
    ap.add_argument("--every", type=int, default=1)
    ap.add_argument("--from", dest="first", type=int, default=1000,
                    help="topics only from this RFC number on (the first thousand have no "
                         "uniform first page; they are still indexed)")
    a = ap.parse_args()
    if not os.path.isfile(a.archive):
        sys.exit("rfc_known_item.py: %s not found (--archive)" % a.archive)
    os.makedirs(a.out_dir, exist_ok=True)

    docs = []  # (docno, title or None, text)
    with tarfile.open(a.archive) as tar:
        for member in sorted(tar.getmembers(), key=lambda m: m.name):
            if not member.isfile() or not member.name.endswith(".md"):
                continue
            raw = tar.extractfile(member).read().decode("utf-8", "replace")
            docno = os.path.basename(member.name)[:-3]
            first, rest = first_page_and_rest(raw)
            title, where = find_title(first)
            drop = set(where)
            body = [l for k, l in enumerate(first) if k not in drop]
            body += rest
            body = [l for l in body if not PAGE_HEADER.match(l) and not FOOTER.search(l)]
            docs.append((docno, title, "\n".join(body)))

    by_title = {}
    for docno, title, _ in docs:
        if title:
            by_title.setdefault(normalise(title), []).append(docno)

    with open(os.path.join(a.out_dir, "docs.trec"), "w", encoding="utf-8") as out:
        for docno, _, text in docs:
            out.write("<DOC>\n<DOCNO>%s</DOCNO>\n<TEXT>\n%s\n</TEXT>\n</DOC>\n"
                      % (docno, re.sub(r"[<>]", " ", text)))
    topics = 0
    with open(os.path.join(a.out_dir, "topics.trec"), "w", encoding="utf-8") as tq, \
            open(os.path.join(a.out_dir, "qrels"), "w", encoding="utf-8") as qr:
        titled = [d for d in docs if d[1] and int(d[0][3:]) >= a.first]
        for k, (docno, title, _) in enumerate(titled):
            if k % a.every:
                continue
            num = int(docno[3:])
            tq.write("<top>\n<num> Number: %d\n<title> %s\n</top>\n" % (num, title))
            for rel in by_title[normalise(title)]:
                qr.write("%d 0 %s 1\n" % (num, rel))
            topics += 1
    print("rfc_known_item.py: %d documents, %d topics -> %s" % (len(docs), topics, a.out_dir),
          file=sys.stderr)


if __name__ == "__main__":
    main()
