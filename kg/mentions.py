"""Find the actors a document names (first version: spaCy entities only)."""

from __future__ import annotations

from spacy.tokens import Doc

from .model import ORGANIZATION, PERSON, PLACE, Mention

__all__ = ["LABEL_TYPES", "find_mentions"]

#: spaCy NER label -> entity type. NORP is an affiliation, not an actor.
LABEL_TYPES = {"PERSON": PERSON, "ORG": ORGANIZATION, "GPE": PLACE, "LOC": PLACE, "FAC": PLACE}


def find_mentions(doc: Doc, doc_id: str) -> tuple[list[Mention], list[tuple[str, str]]]:
    """Return the document's actor mentions and its credits (metadata pairs)."""
    mentions = []
    for ent in doc.ents:
        etype = LABEL_TYPES.get(ent.label_)
        if etype is None:
            continue
        span = ent
        if span[-1].tag_ == "POS" and len(span) > 1:
            span = span[:-1]
        text = span.text
        mentions.append(
            Mention(
                doc_id=doc_id,
                start=span.start_char,
                end=span.end_char,
                text=text,
                name=" ".join(text.replace("\u2019", "'").split()),
                type=etype,
                label=ent.label_,
                sent_start=ent.sent.start_char,
                sent_end=ent.sent.end_char,
            )
        )
    return mentions, []
