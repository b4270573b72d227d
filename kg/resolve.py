"""One entity per real-world actor (first version: exact names and surnames)."""

from __future__ import annotations

from collections import Counter, defaultdict
from collections.abc import Iterable
from dataclasses import replace

from spacy.tokens import Doc

from .model import PERSON, DocResult, Entity, LocalEntity, Mention

__all__ = ["resolve_document", "resolve_corpus"]


def resolve_document(doc: Doc, mentions: list[Mention]) -> tuple[list[Mention], list[LocalEntity]]:
    """Cluster one document's mentions; return them with ``entity`` set."""
    index: dict[str, int] = {}
    clusters: list[list[Mention]] = []
    out = []
    for m in mentions:
        key = m.name
        if key not in index:
            for name, i in index.items():
                if len(name.split()) > 1 and name.split()[-1] == key:
                    key = name
                    break
        if key not in index:
            index[key] = len(clusters)
            clusters.append([])
        m = replace(m, entity=index[key])
        clusters[index[key]].append(m)
        out.append(m)
    entities = []
    for i, ms in enumerate(clusters):
        name = max((m.name for m in ms), key=len)
        types = Counter(m.type for m in ms)
        labels = Counter(m.label for m in ms)
        entities.append(
            LocalEntity(
                doc_id=ms[0].doc_id,
                index=i,
                name=name,
                type=types.most_common(1)[0][0],
                aliases=tuple(sorted({m.name for m in ms} - {name})),
                labels=tuple(sorted(labels.items())),
                mention_count=len(ms),
            )
        )
    return out, entities


def resolve_corpus(results: Iterable[DocResult]) -> tuple[list[Entity], dict[str, str]]:
    """Merge the documents' local entities; return entities and key -> id."""
    groups: dict[tuple[str, str], list[LocalEntity]] = defaultdict(list)
    for result in results:
        for le in result.entities:
            groups[(le.type, le.name)].append(le)
    entities, mapping = [], {}
    for (etype, name), members in sorted(groups.items()):
        eid = f"{etype}:{name}"
        entities.append(
            Entity(
                id=eid,
                name=name,
                type=etype,
                aliases=tuple(sorted({a for m in members for a in m.aliases})),
                documents=tuple(sorted({m.doc_id for m in members})),
                mention_count=sum(m.mention_count for m in members),
            )
        )
        for m in members:
            mapping[m.key] = eid
    return entities, mapping
