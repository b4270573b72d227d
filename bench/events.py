"""Precision and recall of kg's relation extraction on the event-validation gold sets.

Usage::

    .venv/bin/python bench/events.py /work/shared/bench/event-validation [--gold-actors] [--show N]

Runs kg's per-document pipeline (nlp -> mentions -> resolve -> relations) over
every scored case of ``cases.jsonl`` (UD-PETRARCH validation suite) and
``plover-gsr.jsonl`` (PLOVER gold-standard records) and prints precision and
recall per family (meets / supports / opposes).  A predicted edge matches a
gold event of the same family when its subject and object entities carry the
gold actor names (name or alias, case-insensitive, whole words; ``meets`` is
undirected).  Gold events of CAMEO's "other" roots are not scored; affiliation
edges (leads / memberOf) are not predicted events and are ignored.

``--gold-actors`` adds the gold actor names to the NER through an
EntityRuler placed before it *in this benchmark only* (the gold actors are
mostly Tolkien names a news NER misses), so the score measures relation
extraction rather than NER.  The output says which mode ran.
"""

from __future__ import annotations

import argparse
import json
import re
import sys
import time
from collections import Counter
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from kg.model import Document  # noqa: E402

FAMILIES = ("meets", "supports", "opposes")
FILES = ("cases.jsonl", "plover-gsr.jsonl")


def load_cases(folder: Path, name: str) -> list[dict]:
    cases = []
    with open(folder / name, encoding="utf-8") as fh:
        for line in fh:
            case = json.loads(line)
            if case.get("score", True):
                cases.append(case)
    return cases


def norm(text: str) -> str:
    text = text.replace("\u2019", "'").lower()
    text = re.sub(r"^the\s+", "", text)
    return " ".join(re.findall(r"[\w']+", text))


def _contains(big: str, small: str) -> bool:
    return bool(small) and re.search(rf"(?<!\w){re.escape(small)}(?!\w)", big) is not None


def names_match(entity_names: set[str], gold: set[str]) -> bool:
    """Whole-word containment either way between any entity name and any gold name."""
    return any(_contains(e, g) or _contains(g, e) for e in entity_names for g in gold if e and g)


def gold_events(case: dict, lenient: bool) -> list[tuple[str, set[str], set[str]]]:
    out, seen = [], set()
    for ev in case.get("events", []):
        fam = ev.get("family")
        if fam not in FAMILIES or not ev.get("source_name") or not ev.get("target_name"):
            continue
        src = {norm(ev["source_name"])}
        tgt = {norm(ev["target_name"])}
        if lenient:
            src |= {norm(a) for a in ev.get("source_aliases") or []}
            tgt |= {norm(a) for a in ev.get("target_aliases") or []}
        key = (fam, *sorted((min(src), min(tgt)))) if fam == "meets" else (fam, min(src), min(tgt))
        if key in seen:
            continue  # a meeting is coded both ways: score it once
        seen.add(key)
        out.append((fam, src, tgt))
    return out


def make_nlp(cases: list[dict], gold_actors: bool):
    from kg.nlp import load_model

    nlp = load_model.__wrapped__()  # a private copy: the ruler must not leak into other users
    if gold_actors:
        names = set()
        for case in cases:
            for ev in case.get("events", []):
                for key in ("source_name", "target_name"):
                    if ev.get(key):
                        names.add(ev[key])
        ruler = nlp.add_pipe("entity_ruler", before="ner", config={"phrase_matcher_attr": "LOWER"})
        ruler.add_patterns([{"label": "ORG", "pattern": n} for n in sorted(names)])
    return nlp


def predict(nlp, cases: list[dict]):
    from kg.pipeline import _extract_doc

    texts = [(c["text"], c) for c in cases]
    for doc, case in nlp.pipe(texts, as_tuples=True, batch_size=64):
        document = Document(id=case["id"], path=case["id"], title=None, sha256="", chars=len(case["text"]),
                            text=case["text"])
        result = _extract_doc(doc, document)
        names = {e.key: {norm(e.name)} | {norm(a) for a in e.aliases} for e in result.entities}
        preds = {}
        for r in result.relations:
            if r.family not in FAMILIES:
                continue
            s, o = r.subject, r.object
            if r.family == "meets" and o < s:
                s, o = o, s
            preds.setdefault((r.family, s, o), r)
        yield case, names, preds


def score(nlp, cases: list[dict], lenient: bool, show: int, misses: int = 0):
    tp_pred, n_pred, tp_gold, n_gold = Counter(), Counter(), Counter(), Counter()
    examples, missed = [], []
    for case, names, preds in predict(nlp, cases):
        gold = gold_events(case, lenient)
        for fam, _, _ in gold:
            n_gold[fam] += 1
        matched_gold = set()
        for (fam, s, o), rel in preds.items():
            n_pred[fam] += 1
            hit = False
            for i, (gfam, src, tgt) in enumerate(gold):
                if gfam != fam:
                    continue
                ok = names_match(names[s], src) and names_match(names[o], tgt)
                if fam == "meets":
                    ok = ok or (names_match(names[s], tgt) and names_match(names[o], src))
                if ok:
                    hit = True
                    matched_gold.add(i)
            tp_pred[fam] += hit
            if not hit and len(examples) < show:
                examples.append(f"  FP {case['id']}: {min(names[s])} -{fam}-> {min(names[o])} "
                                f"[{rel.evidence.frame} {rel.evidence.trigger!r}] {case['text'][:120]}")
        for i in matched_gold:
            tp_gold[gold[i][0]] += 1
        if misses and len(missed) < misses:
            for i, (fam, src, tgt) in enumerate(gold):
                if i not in matched_gold and len(missed) < misses:
                    missed.append(f"  FN {case['id']}: {min(src)} -{fam}-> {min(tgt)} | {case['text'][:150]}"
                                  f" || actors: {sorted(min(n) for n in names.values())}")
    return tp_pred, n_pred, tp_gold, n_gold, examples + missed


def report(title: str, tp_pred, n_pred, tp_gold, n_gold) -> None:
    print(title)
    print(f"  {'family':9} {'pred':>5} {'P':>6} {'gold':>5} {'R':>6}")
    for fam in FAMILIES + ("all",):
        if fam == "all":
            tp, n, tg, g = sum(tp_pred.values()), sum(n_pred.values()), sum(tp_gold.values()), sum(n_gold.values())
        else:
            tp, n, tg, g = tp_pred[fam], n_pred[fam], tp_gold[fam], n_gold[fam]
        p = f"{tp / n:.3f}" if n else "  -  "
        r = f"{tg / g:.3f}" if g else "  -  "
        print(f"  {fam:9} {n:5d} {p:>6} {g:5d} {r:>6}")


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("folder", type=Path, help="the event-validation folder (cases.jsonl, plover-gsr.jsonl)")
    ap.add_argument("--gold-actors", action="store_true",
                    help="add the gold actor names to NER with an EntityRuler (bench only)")
    ap.add_argument("--lenient", action="store_true", help="also match the gold actors' aliases")
    ap.add_argument("--show", type=int, default=0, help="print up to N false positives per file")
    ap.add_argument("--misses", type=int, default=0, help="print up to N missed gold events per file")
    args = ap.parse_args(argv)
    for name in FILES:
        if not (args.folder / name).exists():
            ap.error(f"{args.folder / name} not found")
    for name in FILES:
        cases = load_cases(args.folder, name)
        started = time.perf_counter()
        nlp = make_nlp(cases, args.gold_actors)
        counts = score(nlp, cases, args.lenient, args.show, args.misses)
        mode = "NER + gold-actor EntityRuler" if args.gold_actors else "plain NER"
        match = "names + aliases" if args.lenient else "names"
        report(f"{name}: {len(cases)} scored cases; actors from {mode}; matched by {match} "
               f"({time.perf_counter() - started:.1f}s)", *counts[:4])
        for line in counts[4]:
            print(line)
    return 0


if __name__ == "__main__":
    sys.exit(main())
