"""Recall and precision of kg against hand-written gold relations.

Usage::

    .venv/bin/python bench/recall.py ARTICLES_DIR GOLD.jsonl [--key set --half B] [--all-docs] [--families ...]

The set kept in the repository (30 unseen BBC business / AG business articles, relations written by hand
before kg was run; split A = rules were fixed on it, B = held out)::

    .venv/bin/python bench/recall.py tests/data/recall_articles/B tests/data/recall_gold.jsonl --key set --half B --all-docs

A second set, ``tests/data/recall_world`` (100 AG News world items and 10 BBC business articles drawn at
random, HTML entities of AG News decoded), was annotated by two annotators working apart from each other
and from kg's output (``tests/data/recall_world_gold.jsonl`` keeps the 79 relations both wrote, 13 of them past
roles marked ``"former": true`` afterwards (from "former" in the text); 5 lines
only one wrote were left out).  Its documents are split in halves: ``dev`` (rules may be fixed on it) and
``test`` (held out; measure, never read its misses)::

    .venv/bin/python bench/recall.py tests/data/recall_world/test tests/data/recall_world_gold.jsonl --half test --all-docs --without former

A third, ``tests/data/recall_politics`` (30 BBC politics articles drawn at random, annotated the same way;
171 relations both annotators wrote, of which 17 are past roles marked ``"former": true``, which kg
does not assert; leave them out with ``--without former``)::

    .venv/bin/python bench/recall.py tests/data/recall_politics/test tests/data/recall_politics_gold.jsonl --half test --all-docs --without former

A fourth, ``tests/data/recall_interactions`` (AG News world items; meets, supports and opposes only, written by
one annotator): half ``a`` (120 items, 31 relations) had rules fixed on it in two rounds, half ``b`` (150 items,
27 relations) in one::

    .venv/bin/python bench/recall.py tests/data/recall_interactions/b tests/data/recall_interactions_gold.jsonl --half b --all-docs --families meets,supports,opposes

A fifth, ``tests/data/recall_fresh`` (40 BBC politics articles and 100 AG News world items no earlier set or
precision round had drawn), was annotated by two annotators working apart, to the written instructions in
``tests/data/recall_fresh/ANNOTATION.md`` ("plainly stated" relations only, with the sentence that states each);
``tests/data/recall_fresh_gold.jsonl`` keeps the lines both wrote (140 of 143/146 in politics, 37 of 42/45 in world).
Its misses were read to find rules, so it is a development set::

    .venv/bin/python bench/recall.py tests/data/recall_fresh/politics tests/data/recall_fresh_gold.jsonl --half politics --all-docs

``GOLD.jsonl`` holds one relation a line, written by hand before kg was run::

    {"doc": "bus_207.txt", "subject": "Alain Levy", "family": "leads", "object": "EMI Music|EMI", "half": "A"}

``doc`` is the article's file name inside ARTICLES_DIR (searched recursively);
``subject``/``object`` may list alternatives separated by ``|``.  A gold name
matches an entity when, after folding case, punctuation and a leading "the",
it equals one of the entity's names or aliases or its words are all among
one name's words ("Phil Watts" matches "Sir Phil Watts").  ``meets`` is
symmetric.  kg runs ``kg.pipeline.extract_batch`` then
``kg.resolve.resolve_corpus`` on exactly the documents the gold set names
(every article of the folder is run when ``--all-docs`` is given, so articles
with no gold relation count their extras too).  Printed: per family, gold,
found, matched, recall and precision (matched / kg relations), then every miss
and every extra (kg relations no gold line matches: judge them by hand; an
extra may be a relation the annotator overlooked).
"""

from __future__ import annotations

import argparse
import json
import re
import sys
from collections import Counter
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from kg.model import FAMILIES, Document  # noqa: E402
from kg.pipeline import extract_batch  # noqa: E402
from kg.read import read_sources  # noqa: E402
from kg.resolve import resolve_corpus  # noqa: E402


def fold(name: str) -> tuple[str, ...]:
    text = name.lower().replace("\u2019", "'")
    text = re.sub(r"'s\b", "", text)
    words = re.findall(r"[a-z0-9]+", text)
    if words and words[0] == "the":
        words = words[1:]
    return tuple(words)


def matches(gold: str, names: list[str]) -> bool:
    for alt in gold.split("|"):
        g = fold(alt)
        if not g:
            continue
        for n in names:
            f = fold(n)
            if g == f or (set(g) <= set(f) and len(f) <= len(g) + 2):
                return True
    return False


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("articles", help="folder of .txt articles (searched recursively)")
    ap.add_argument("gold", help="gold relations, one JSON object a line")
    ap.add_argument("--half", default=None, help="keep only gold lines with this value of the --key field")
    ap.add_argument("--key", default="half", help="the gold field --half selects on (default: half)")
    ap.add_argument("--families", default=",".join(FAMILIES))
    ap.add_argument("--all-docs", action="store_true", help="run every article of the folder, not only the gold's")
    ap.add_argument("--without", action="append", default=[], metavar="FIELD",
                    help="leave out gold lines whose FIELD is true (e.g. former, demonym); repeatable")
    ap.add_argument("--breakdown", action="store_true",
                    help="print only the counts, and the misses counted by where they were lost (an actor kg did not "
                         "find in the article, both found but related otherwise, both found and not related)")
    args = ap.parse_args(argv)
    families = set(args.families.split(","))
    gold = [json.loads(line) for line in Path(args.gold).read_text(encoding="utf-8").splitlines() if line.strip()]
    gold = [g for g in gold if g["family"] in families and (args.half is None or g.get(args.key) == args.half)
            and not any(g.get(field) for field in args.without)]
    files = {p.name: p for p in sorted(Path(args.articles).rglob("*.txt"))}
    wanted = set(files) if args.all_docs else {g["doc"] for g in gold}
    missing = sorted(wanted - set(files))
    if missing:
        print(f"gold names articles not in {args.articles}: {missing}", file=sys.stderr)
        return 2
    paths = [str(files[n]) for n in sorted(wanted)]
    docs = [d for d in read_sources(paths) if isinstance(d, Document)]
    results = extract_batch(docs)
    entities, mapping = resolve_corpus(results)
    by_id = {e.id: e for e in entities}

    def names_of(eid: str) -> list[str]:
        e = by_id[eid]
        return [e.name, *e.aliases]

    found = {}  # (doc, subj, family, obj) -> evidence
    for res in results:
        doc = Path(res.document.path).name
        for r in res.relations:
            if r.family not in families:
                continue
            s, o = mapping[r.subject], mapping[r.object]
            found.setdefault((doc, s, r.family, o), r.evidence)

    def hit(g, key) -> bool:
        doc, s, fam, o = key
        if doc != g["doc"] or fam != g["family"]:
            return False
        if matches(g["subject"], names_of(s)) and matches(g["object"], names_of(o)):
            return True
        return fam == "meets" and matches(g["subject"], names_of(o)) and matches(g["object"], names_of(s))

    matched_gold = [any(hit(g, k) for k in found) for g in gold]
    matched_found = {k: any(hit(g, k) for g in gold) for k in found}
    tot: Counter = Counter()
    for fam in FAMILIES:
        if fam not in families:
            continue
        ng = sum(1 for g in gold if g["family"] == fam)
        mg = sum(1 for g, m in zip(gold, matched_gold) if g["family"] == fam and m)
        nf = sum(1 for k in found if k[2] == fam)
        mf = sum(1 for k, m in matched_found.items() if k[2] == fam and m)
        tot.update(gold=ng, hit=mg, found=nf, right=mf)
        rec = f"{mg / ng:.2f}" if ng else "-"
        pre = f"{mf / nf:.2f}" if nf else "-"
        print(f"{fam:9s} gold={ng:3d} recalled={mg:3d} recall={rec}   kg={nf:3d} matched={mf:3d} precision={pre}")
    print(f"{'all':9s} gold={tot['gold']:3d} recalled={tot['hit']:3d} "
          f"recall={tot['hit'] / max(tot['gold'], 1):.2f}   kg={tot['found']:3d} matched={tot['right']:3d} "
          f"precision={tot['right'] / max(tot['found'], 1):.2f}   ({len(docs)} documents)")
    if args.breakdown:
        in_doc: dict[str, set[str]] = {}
        for res in results:
            in_doc[Path(res.document.path).name] = {mapping[e.key] for e in res.entities}
        lost: Counter = Counter()
        for g, m in zip(gold, matched_gold):
            if m:
                continue
            ids = in_doc.get(g["doc"], set())
            subj = [e for e in ids if matches(g["subject"], names_of(e))]
            obj = [e for e in ids if matches(g["object"], names_of(e))]
            if not subj or not obj:
                lost["an actor not found"] += 1
            elif any(k[0] == g["doc"] and {k[1], k[3]} & set(subj) and {k[1], k[3]} & set(obj) for k in found):
                lost["both found, related otherwise"] += 1
            else:
                lost["both found, not related"] += 1
        print("\nMISSES BY WHERE THEY WERE LOST")
        for why, n in lost.most_common():
            print(f"  {why:32s} {n:3d}")
        return 0
    print("\nMISSES")
    for g, m in zip(gold, matched_gold):
        if not m:
            print(f"  {g['doc']}: {g['subject']} {g['family']} {g['object']}")
    print("\nEXTRAS (judge by hand)")
    for k, m in matched_found.items():
        if not m:
            doc, s, fam, o = k
            ev = found[k]
            print(f"  {doc}: {by_id[s].name} {fam} {by_id[o].name}  [{ev.certainty}, trigger={ev.trigger!r}]")
            print(f"      {' '.join(ev.sentence.split())}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
