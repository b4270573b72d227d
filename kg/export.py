"""The graph for Gephi and other network tools: GraphML and GEXF through networkx.

Node and edge attributes are flattened to strings and numbers (GraphML and
GEXF hold no records): nodes carry ``label``, ``type``, ``iri``, ``aliases``,
``roles``, ``mentions`` and ``documents``; edges carry ``family``,
``statements`` (the weight), ``documents``, ``hedged`` and the first
``sentence``.  ``kgo:meets`` stays one edge (stored from the lower entity id
to the higher, as in :mod:`kg.graph`).
"""

from __future__ import annotations

import io
import re

import networkx as nx

from .graph import documents_of_edge, is_hedged
from .rdf import _Minted, namespaces

__all__ = ["flat_graph", "to_graphml", "to_gexf"]

_SEP = "; "


def flat_graph(g: nx.MultiDiGraph, base: str | None = None) -> nx.MultiDiGraph:
    """A copy of ``g`` whose attributes are plain strings and numbers (``g`` is left alone)."""
    minted = _Minted(g, namespaces(base))
    flat = nx.MultiDiGraph()
    for node in sorted(g.nodes):
        entity = minted.entities[node]
        flat.add_node(
            node,
            label=entity.name,
            type=entity.type,
            iri=minted.entity_iri[node],
            aliases=_SEP.join(sorted(set(entity.aliases) - {entity.name})),
            roles=_SEP.join(sorted(set(entity.roles))),
            mentions=int(entity.mention_count),
            documents=len(set(entity.documents)),
        )
    for u, v, key, data in sorted(g.edges(keys=True, data=True), key=lambda e: (e[0], e[1], str(e[2]))):
        relations = data["relations"]
        flat.add_edge(
            u, v, key=f"{u}|{data['family']}|{v}",
            family=data["family"],
            weight=float(len(relations)),
            statements=len(relations),
            documents=_SEP.join(documents_of_edge(data)),
            hedged=bool(is_hedged(data)),
            sentence=relations[0].evidence.sentence if relations else "",
        )
    return flat


def to_graphml(g: nx.MultiDiGraph, base: str | None = None) -> bytes:
    """GraphML (UTF-8 bytes) of the flattened graph."""
    buffer = io.BytesIO()
    nx.write_graphml(_clean(flat_graph(g, base)), buffer, encoding="utf-8", prettyprint=True)
    return buffer.getvalue()


def to_gexf(g: nx.MultiDiGraph, base: str | None = None) -> bytes:
    """GEXF 1.2 (UTF-8 bytes) of the flattened graph, without networkx's date stamp."""
    flat = _clean(flat_graph(g, base))
    for u, v, key, data in flat.edges(keys=True, data=True):
        data["id"] = key  # GEXF edge ids must be unique
    text = "\n".join(nx.generate_gexf(flat, encoding="utf-8", prettyprint=True))
    build = g.graph.get("build")
    stamp = (build.started or "")[:10] if build is not None else ""
    text = re.sub(r' lastmodifieddate="[^"]*"', f' lastmodifieddate="{stamp}"' if stamp else "", text, count=1)
    return (text + "\n").encode("utf-8")


_XML_INVALID = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\ufffe\uffff\ud800-\udfff]")


def _clean(flat: nx.MultiDiGraph) -> nx.MultiDiGraph:
    """Remove characters XML cannot hold from string attributes (in place on the copy)."""
    for _, data in flat.nodes(data=True):
        _clean_dict(data)
    for _, _, data in flat.edges(data=True):
        _clean_dict(data)
    return flat


def _clean_dict(data: dict) -> None:
    for key, value in data.items():
        if isinstance(value, str) and _XML_INVALID.search(value):
            data[key] = _XML_INVALID.sub("\ufffd", value)
