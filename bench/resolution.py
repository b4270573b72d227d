"""Audit entity resolution on a folder of news articles nobody tuned for.

    .venv/bin/python bench/resolution.py /path/to/bbc/politics [--aliases my.toml] [--sample 30]

Runs spaCy, ``find_mentions``, ``resolve_document`` and ``resolve_corpus`` on
every ``.txt`` file of the folder (no relations, no outputs) and prints:

* the node count per type;
* full names that occur on more than one node (possible under-merges);
* nodes that carry two different full names (possible over-merges);
* single names that stayed nodes of their own ("Mr Brown" not attached);
* a sample of merges (nodes with more than one surface form).
"""

from __future__ import annotations

import argparse
import random
import sys
import time
from collections import Counter, defaultdict
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from kg.mentions import find_mentions  # noqa: E402
from kg.model import PERSON, DocResult, DocumentInfo  # noqa: E402
from kg.names import is_acronym, lexicon, name_key  # noqa: E402
from kg.nlp import load_model  # noqa: E402
from kg.resolve import resolve_corpus, resolve_document  # noqa: E402


def _full_names(entity) -> set[str]:
    honorifics = lexicon().honorifics
    out = set()
    for n in (entity.name, *entity.aliases):
        words = n.split()
        if len(words) > 1 and words[0].rstrip(".") not in honorifics and not n.endswith(")"):
            out.add(n)
    return out


def _distinct_people(names: set[str]) -> list[str]:
    """Full names that are not the same name written twice (by key)."""
    seen: dict[str, str] = {}
    for n in sorted(names):
        seen.setdefault(name_key(n), n)
    return sorted(seen.values())


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("folder", type=Path, help="folder of .txt articles (e.g. bbc/politics)")
    parser.add_argument("--aliases", type=Path, default=None, help="extra alias table (TOML)")
    parser.add_argument("--sample", type=int, default=25, help="how many merges to show")
    parser.add_argument("--limit", type=int, default=0, help="read only the first N files")
    args = parser.parse_args(argv)
    files = sorted(args.folder.glob("*.txt"))
    if args.limit:
        files = files[: args.limit]
    if not files:
        print(f"no .txt files in {args.folder}", file=sys.stderr)
        return 1
    nlp = load_model()
    t0 = time.perf_counter()
    texts = [(f.read_text(encoding="utf-8", errors="replace"), f.name) for f in files]
    results = []
    mentions_total = 0
    for doc, doc_id in nlp.pipe(texts, as_tuples=True, batch_size=32):
        mentions, _credits = find_mentions(doc, doc_id)
        mentions, entities = resolve_document(doc, mentions)
        mentions_total += len(mentions)
        info = DocumentInfo(id=doc_id, path=doc_id, title=None, sha256="", chars=len(doc.text))
        results.append(DocResult(document=info, entities=tuple(entities)))
    t1 = time.perf_counter()
    entities, mapping = resolve_corpus(results, args.aliases)
    t2 = time.perf_counter()
    local = sum(len(r.entities) for r in results)
    print(f"{len(files)} documents, {mentions_total} mentions, {local} local entities -> {len(entities)} nodes")
    print(f"per-document {t1 - t0:.1f}s, resolve_corpus {t2 - t1:.2f}s")
    print("nodes per type:", dict(sorted(Counter(e.type for e in entities).items())))

    owners: dict[str, set[str]] = defaultdict(set)
    for e in entities:
        for n in _full_names(e):
            owners[name_key(n)].add(e.id)
    split = {k: ids for k, ids in owners.items() if len(ids) > 1}
    print(f"\n== full names on more than one node: {len(split)}")
    for k, ids in sorted(split.items()):
        print(f"  {k!r}: {sorted(ids)}")

    people = [e for e in entities if e.type == PERSON]
    print("\n== nodes carrying two different full names")
    count = 0
    for e in sorted(people, key=lambda e: -e.mention_count):
        names = _distinct_people(_full_names(e))
        if len(names) > 1:
            count += 1
            print(f"  {e.id} ({e.mention_count} mentions): {names}")
    print(f"  ({count} nodes)")

    print("\n== honorific forms on more than one node (\"Mr Blair\" should mean one person per article)")
    holders: dict[str, list[str]] = defaultdict(list)
    for e in people:
        for a in (e.name, *e.aliases):
            if a.split()[0] in lexicon().honorifics and len(a.split()) == 2:
                holders[a].append(f"{e.name} [{len(e.documents)} docs]")
    shown = 0
    for form, nodes in sorted(holders.items(), key=lambda kv: -len(kv[1])):
        if len(nodes) > 1 and shown < 30:
            shown += 1
            print(f"  {form}: {sorted(nodes)}")
    for form in ("Mr Blair", "Mr Brown", "Mr Howard", "Mrs Blair", "Sir Ian"):
        if form in holders and len(holders[form]) == 1:
            print(f"  {form}: {holders[form]}")

    singles = [e for e in people if len(e.name.split()) == 1 or e.name.split()[0] in lexicon().honorifics]
    print(f"\n== person nodes with no full name: {len(singles)} (top 25 by mentions)")
    for e in sorted(singles, key=lambda e: (-e.mention_count, e.id))[:25]:
        print(f"  {e.id} ({e.mention_count}) aliases={list(e.aliases)[:5]}")

    merged = [e for e in entities if len({name_key(a) for a in (e.name, *e.aliases) if not is_acronym(a)}) > 1]
    rng = random.Random(0)
    sample = rng.sample(merged, min(args.sample, len(merged)))
    print(f"\n== sample of merges ({len(sample)} of {len(merged)} nodes with several surface forms)")
    for e in sorted(sample, key=lambda e: e.id):
        print(f"  {e.id} <- {list(e.aliases)[:8]} docs={len(e.documents)}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
