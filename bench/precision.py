"""Print every relation kg finds in a random sample of articles, for a human to judge.

Usage::

    .venv/bin/python bench/precision.py CORPUS_DIR [CORPUS_DIR ...] --sample 20 --seed 7 [--grep WORD] [--exclude OLD_OUTPUT]

Draws ``--sample`` ``.txt`` files at random (``--seed``) from the folders given
(recursively), runs ``kg.pipeline.extract_batch`` on them, and prints, per
document, each relation: family, certainty, frame, confidence, subject and
object as written (and the entity names they resolved to) and the sentence.
``--grep`` keeps only files containing one of the words (case-insensitive;
e.g. world news in a business folder).  A summary counts relations per family
so a judge can compute precision as correct / printed.  ``--exclude`` takes an
earlier output and never draws its documents again (file names), so each round
is measured on articles no rule was fixed on.
"""

from __future__ import annotations

import argparse
import random
import sys
from collections import Counter
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from kg.model import FAMILIES, Document  # noqa: E402
from kg.pipeline import extract_batch  # noqa: E402
from kg.read import read_sources  # noqa: E402


def pick(folders: list[str], n: int, seed: int, words: list[str], exclude: set[str] = frozenset()) -> list[Path]:
    files = sorted(p for f in folders for p in Path(f).rglob("*.txt") if p.name not in exclude)
    if words:
        low = [w.lower() for w in words]
        files = [p for p in files if any(w in p.read_text(encoding="utf-8", errors="replace").lower() for w in low)]
    rng = random.Random(seed)
    return sorted(rng.sample(files, min(n, len(files))))


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("corpus", nargs="+", help="folders of .txt articles")
    ap.add_argument("--sample", type=int, default=20)
    ap.add_argument("--seed", type=int, default=0)
    ap.add_argument("--grep", action="append", default=[], help="keep files containing this word")
    ap.add_argument("--families", default=",".join(FAMILIES))
    ap.add_argument("--exclude", action="append", default=[],
                    help="an earlier output of this script: its documents are not drawn again")
    args = ap.parse_args(argv)
    families = set(args.families.split(","))
    seen = {line.split()[1] for f in args.exclude for line in Path(f).read_text(encoding="utf-8").splitlines()
            if line.startswith("=== ")}
    paths = pick(args.corpus, args.sample, args.seed, args.grep, seen)
    docs = [d for d in read_sources([str(p) for p in paths]) if isinstance(d, Document)]
    results = extract_batch(docs)
    counts: Counter = Counter()
    n = 0
    for doc, res in zip(docs, results):
        names = {e.key: f"{e.name} [{e.type}]" for e in res.entities}
        rels = [r for r in res.relations if r.family in families]
        print(f"\n=== {doc.path}  ({len(rels)} relations)")
        for r in rels:
            ev = r.evidence
            n += 1
            counts[r.family] += 1
            print(f"[{n}] {r.family} {ev.certainty} frame={ev.frame} conf={ev.confidence}")
            print(f"    {ev.subject_text!r} -> {names.get(r.subject)}  |  {ev.object_text!r} -> {names.get(r.object)}")
            print(f"    trigger={ev.trigger!r}  sentence: {' '.join(ev.sentence.split())}")
    print("\n--- " + ", ".join(f"{f}: {counts[f]}" for f in FAMILIES) + f"; {len(docs)} documents")
    return 0


if __name__ == "__main__":
    sys.exit(main())
