"""A small hand-built graph for the RDF, query, validation and load tests.

Two documents (tests/data/rdf_doc_*.txt), names with quotes, slashes and
accents, two entities whose IRIs collide, every family, hedged and asserted
statements, one statement with no PLOVER type.
"""

from __future__ import annotations

import hashlib
from pathlib import Path

from kg.graph import build_graph
from kg.model import BuildInfo, Document, Entity, Evidence, Relation

DATA = Path(__file__).resolve().parent / "data"


def document(name: str, doc_id: str, title: str, metadata=()) -> Document:
    text = (DATA / name).read_text(encoding="utf-8")
    return Document(
        id=doc_id,
        path=name,
        title=title,
        sha256=hashlib.sha256(text.encode("utf-8")).hexdigest(),
        chars=len(text),
        metadata=tuple(sorted(metadata)),
        text=text,
    )


def evidence(doc: Document, sentence: str, trigger: str, lemma: str, **extra) -> Evidence:
    start = doc.text.index(sentence)
    t = doc.text.index(trigger, start)
    return Evidence(
        doc_id=doc.id, sentence=sentence, start=start, end=start + len(sentence),
        trigger=trigger, trigger_start=t, trigger_end=t + len(trigger), lemma=lemma, **extra,
    )


DOC_A = document("rdf_doc_a.txt", "news/a.txt", "Haftar rejects Macron's calls for a ceasefire",
                 metadata=[("url", "https://example.com/a?x=1&y=\"2\""), ("published", "2019-05-22"),
                           ("publisher", "France 24"), ("encoding", "utf-8")])
DOC_B = document("rdf_doc_b.txt", "news/b.txt", None)

MACRON = Entity("Person:Emmanuel Macron", "Emmanuel Macron", "Person", aliases=("Macron",),
                roles=("French President",), affiliations=("France",), documents=("news/a.txt", "news/b.txt"),
                mention_count=5)
HAFTAR = Entity("Person:Khalifa Haftar", "Khalifa Haftar", "Person", aliases=("Haftar", "Hafter"),
                documents=("news/a.txt", "news/b.txt"), mention_count=6)
LNA = Entity("Organization:Libyan National Army", "Libyan National Army", "Organization",
             documents=("news/a.txt",), mention_count=1)
PARIS = Entity("Place:Paris", "Paris", "Place", documents=("news/a.txt",), mention_count=1)
ONEIL = Entity("Person:Jean \"JJ\" O'Neil/Smith", "Jean \"JJ\" O'Neil/Smith", "Person",
               aliases=("O'Neil/Smith",), documents=("news/a.txt",), mention_count=1)
ROYAL = Entity("Person:Ségolène Royal", "Ségolène Royal", "Person", documents=("news/b.txt",), mention_count=1)
# Two distinct entities whose names give the same IRI.
AB1 = Entity("Organization:A.B.", "A.B.", "Organization")
AB2 = Entity("Organization:A B", "A B", "Organization")

ENTITIES = [MACRON, HAFTAR, LNA, PARIS, ONEIL, ROYAL, AB1, AB2]

S_MEET = "French President Emmanuel Macron met Khalifa Haftar in Paris on Wednesday."
S_REJECT = "Haftar rejected calls for a ceasefire, an Élysée official said."
S_LNA = 'The Libyan National Army, led by Haftar, "supports" the talks; Jean "JJ" O\'Neil/Smith backed Macron.'
S_ROYAL = "Ségolène Royal may have criticised Macron."
S_TALKS = "Macron held talks with Haftar again."

RELATIONS = [
    Relation(MACRON.id, "meets", HAFTAR.id,
             evidence(DOC_A, S_MEET, "met", "meet", plover="CONSULT", confidence=0.9, frame="svo",
                      subject_text="French President Emmanuel Macron", object_text="Khalifa Haftar")),
    Relation(HAFTAR.id, "meets", MACRON.id,
             evidence(DOC_B, S_TALKS, "held talks with", "hold talks", plover="CONSULT", frame="svo")),
    Relation(HAFTAR.id, "leads", LNA.id, evidence(DOC_A, S_LNA, "led by", "lead", frame="passive")),
    Relation(ONEIL.id, "supports", MACRON.id,
             evidence(DOC_A, S_LNA, "backed", "back", plover="SUPPORT", confidence=0.75)),
    Relation(ROYAL.id, "opposes", MACRON.id,
             evidence(DOC_B, S_ROYAL, "criticised", "criticise", certainty="hedged", plover="ACCUSE")),
    Relation(HAFTAR.id, "memberOf", LNA.id, evidence(DOC_A, S_LNA, "led by", "lead", certainty="hedged")),
    Relation(AB1.id, "opposes", AB2.id, evidence(DOC_A, S_REJECT, "rejected", "reject", plover="REJECT")),
]

BUILD = BuildInfo(version="0.1.0", model="en_core_web_sm 3.8.0", started="2026-01-02T03:04:05+00:00",
                  ended="2026-01-02T03:04:09Z", sources=("news",))


def sample_graph():
    return build_graph(ENTITIES, RELATIONS, [DOC_A.info(), DOC_B.info()], BUILD)


TEXTS = {DOC_A.id: DOC_A.text, DOC_B.id: DOC_B.text}
