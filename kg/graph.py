"""Entities and relations as a networkx ``MultiDiGraph``.

The graph is the one thing every writer (RDF, HTML, GraphML) reads:

* ``G.graph["documents"]``: ``{doc_id: DocumentInfo}`` of every document read;
* ``G.graph["build"]``: the ``BuildInfo`` of the build;
* one node per ``Entity``, keyed by ``Entity.id``, with attributes ``entity``
  (the record), ``name`` and ``type``;
* one edge per (subject, family, object), keyed by the family, with
  attributes ``family`` and ``relations`` (a tuple of ``Relation`` records,
  one per statement in the text, sorted by document and offset).

A symmetric family (``meets``) is stored once, from the lower entity id to
the higher; each ``Relation`` keeps the direction its sentence gave.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterable

import networkx as nx

from .model import SYMMETRIC_FAMILIES, BuildInfo, DocumentInfo, Entity, Relation

__all__ = ["build_graph", "edge_key", "documents_of_edge", "is_hedged"]


def edge_key(relation: Relation) -> tuple[str, str, str]:
    """The (u, v, family) an edge of this relation is stored under."""
    u, v = relation.subject, relation.object
    if relation.family in SYMMETRIC_FAMILIES and v < u:
        u, v = v, u
    return u, v, relation.family


def _order(relation: Relation) -> tuple:
    ev = relation.evidence
    return (ev.doc_id, ev.start, ev.trigger_start, relation.subject, relation.object)


def build_graph(
    entities: Iterable[Entity],
    relations: Iterable[Relation],
    documents: Iterable[DocumentInfo] = (),
    build: BuildInfo | None = None,
) -> nx.MultiDiGraph:
    """Assemble the graph; relations between unknown entities raise ``KeyError``.

    >>> from kg.model import Entity
    >>> g = build_graph([Entity("Person:A", "A", "Person")], [])
    >>> g.nodes["Person:A"]["name"]
    'A'
    """
    g = nx.MultiDiGraph()
    g.graph["documents"] = {d.id: d for d in sorted(documents, key=lambda d: d.id)}
    g.graph["build"] = build
    for entity in sorted(entities, key=lambda e: e.id):
        g.add_node(entity.id, entity=entity, name=entity.name, type=entity.type)
    grouped: dict[tuple[str, str, str], set[Relation]] = defaultdict(set)
    for relation in relations:
        if relation.subject == relation.object:
            continue  # a self-loop is a resolution artefact, never a statement
        for node in (relation.subject, relation.object):
            if node not in g:
                raise KeyError(f"relation refers to unknown entity {node!r}")
        grouped[edge_key(relation)].add(relation)
    for (u, v, family) in sorted(grouped):
        rels = tuple(sorted(grouped[(u, v, family)], key=_order))
        g.add_edge(u, v, key=family, family=family, relations=rels)
    return g


def documents_of_edge(data: dict) -> list[str]:
    """Sorted ids of the documents an edge's evidence comes from."""
    return sorted({r.evidence.doc_id for r in data["relations"]})


def is_hedged(data: dict) -> bool:
    """True when no statement of the edge is asserted outright."""
    return all(r.evidence.certainty != "asserted" for r in data["relations"])
