"""Relations between actors (first version: active subject-verb-object)."""

from __future__ import annotations

import tomllib
from functools import lru_cache
from importlib import resources

from spacy.tokens import Doc

from .model import Evidence, LocalEntity, Mention, Relation

__all__ = ["load_lexicon", "extract_relations"]


@lru_cache(maxsize=1)
def load_lexicon() -> dict:
    with resources.files("kg.data").joinpath("relations.toml").open("rb") as fh:
        return tomllib.load(fh)


def _entity_at(doc: Doc, token, mentions: list[Mention]) -> Mention | None:
    for m in mentions:
        if m.start <= token.idx < m.end and m.entity >= 0:
            return m
    return None


def extract_relations(doc: Doc, mentions: list[Mention], entities: list[LocalEntity]) -> list[Relation]:
    """Find relations stated in ``doc`` between the resolved ``mentions``."""
    verbs = load_lexicon()["verbs"]
    keys = {e.index: e.key for e in entities}
    out = []
    for tok in doc:
        entry = verbs.get(tok.lemma_)
        if tok.pos_ != "VERB" or entry is None:
            continue
        if any(c.dep_ == "neg" for c in tok.children):
            continue
        subj = [c for c in tok.children if c.dep_ == "nsubj"]
        obj = [c for c in tok.children if c.dep_ == "dobj"]
        if not subj or not obj:
            continue
        s, o = _entity_at(doc, subj[0], mentions), _entity_at(doc, obj[0], mentions)
        if s is None or o is None or s.entity == o.entity:
            continue
        sent = tok.sent
        out.append(
            Relation(
                subject=keys[s.entity],
                family=entry["family"],
                object=keys[o.entity],
                evidence=Evidence(
                    doc_id=s.doc_id,
                    sentence=sent.text,
                    start=sent.start_char,
                    end=sent.end_char,
                    trigger=tok.text,
                    trigger_start=tok.idx,
                    trigger_end=tok.idx + len(tok.text),
                    lemma=tok.lemma_,
                    plover=entry.get("plover"),
                    frame="svo",
                    subject_text=s.text,
                    object_text=o.text,
                ),
            )
        )
    return out
