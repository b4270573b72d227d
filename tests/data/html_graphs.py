"""Hand-built graphs for the HTML tests (no spaCy model needed).

Loaded by path from tests/test_html.py and tests/test_browser.py.
"""

from __future__ import annotations

from kg.graph import build_graph
from kg.model import ASSERTED, HEDGED, DocumentInfo, Entity, Evidence, Relation

SCRIPT_NAME = "</script><script>alert(1)</script>"
IMG_NAME = '"><img src=x onerror=alert(1)>'
HOSTILE_TITLE = "<title>x</title><script>alert(2)</script>"
#: A sentence with markup, a comment opener, a JavaScript line separator and an
#: astral character (two UTF-16 units) before the trigger.
HOSTILE_SENTENCE = f"\U0001f600 {SCRIPT_NAME} <!-- & \u2028 met {IMG_NAME} &amp; <b>here</b>."
HOSTILE_TRIGGER = "met"


def evidence(doc: str, sentence: str, trigger: str, *, offset: int = 0, certainty=ASSERTED, plover=None) -> Evidence:
    """Evidence for ``sentence`` standing at ``offset`` in document ``doc``."""
    i = sentence.index(trigger)
    return Evidence(
        doc_id=doc,
        sentence=sentence,
        start=offset,
        end=offset + len(sentence),
        trigger=trigger,
        trigger_start=offset + i,
        trigger_end=offset + i + len(trigger),
        lemma=trigger,
        certainty=certainty,
        plover=plover,
    )


def small_graph():
    """Four actors, parallel edges between Ann and Bob, a hedged edge and an isolated place."""
    ann, bob, un, paris = "Person:Ann Smith", "Person:Bob Jones", "Organization:United Nations", "Place:Paris"
    entities = [
        Entity(ann, "Ann Smith", "Person", aliases=("Smith",), roles=("Foreign Minister",), documents=("a.txt", "b.txt"), mention_count=4),
        Entity(bob, "Bob Jones", "Person", aliases=("Jones",), documents=("a.txt", "b.txt"), mention_count=3),
        Entity(un, "United Nations", "Organization", aliases=("UN",), documents=("b.txt",), mention_count=1),
        Entity(paris, "Paris", "Place", documents=("a.txt",), mention_count=1),
    ]
    relations = [
        Relation(ann, "meets", bob, evidence("a.txt", "Ann Smith met Bob Jones in Paris.", "met", plover="CONSULT")),
        Relation(bob, "meets", ann, evidence("b.txt", "Bob Jones held talks with Ann Smith.", "held talks", offset=40, plover="CONSULT")),
        Relation(ann, "supports", bob, evidence("a.txt", "Ann Smith backed Bob Jones.", "backed", offset=60, plover="SUPPORT")),
        Relation(bob, "opposes", ann, evidence("b.txt", "Bob Jones may reject Ann Smith.", "reject", certainty=HEDGED, plover="REJECT")),
        Relation(bob, "memberOf", un, evidence("b.txt", "Bob Jones, a United Nations official, spoke.", "official", offset=90)),
    ]
    documents = [
        DocumentInfo("a.txt", "a.txt", "Talks in Paris", "0" * 64, 100, (("url", "https://example.org/a?x=1&y=2"),)),
        DocumentInfo("b.txt", "b.txt", None, "1" * 64, 200, (("url", "javascript:alert(3)"),)),
    ]
    return build_graph(entities, relations, documents)


def hostile_graph():
    """Names, a sentence, titles and URLs that would be markup if not escaped."""
    a, b, c = f"Person:{SCRIPT_NAME}", f"Organization:{IMG_NAME}", "Person:Plain Name"
    entities = [
        Entity(a, SCRIPT_NAME, "Person", aliases=("<i>alias</i>",), roles=("<u>role</u>",), documents=("evil.txt",)),
        Entity(b, IMG_NAME, "Organization", documents=("evil.txt",)),
        Entity(c, "Plain Name", "Person", documents=("ok.txt",)),
    ]
    relations = [
        Relation(a, "meets", b, evidence("evil.txt", HOSTILE_SENTENCE, HOSTILE_TRIGGER, offset=5)),
        Relation(c, "supports", a, evidence("ok.txt", "Plain Name backed him.", "backed")),
    ]
    documents = [
        DocumentInfo("evil.txt", "evil.txt", HOSTILE_TITLE, "2" * 64, 300, (("url", "javascript:alert(4)"),)),
        DocumentInfo("ok.txt", "ok.txt", "<b>bold</b> title", "3" * 64, 30, (("url", 'https://example.org/"onmouseover=alert(5)'),)),
    ]
    return build_graph(entities, relations, documents)
