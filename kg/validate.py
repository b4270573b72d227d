"""Check a kg graph against kg's SHACL shapes (``kg/data/shapes.ttl``) with pyshacl."""

from __future__ import annotations

from functools import lru_cache
from importlib import resources
from pathlib import Path

import rdflib
from rdflib.namespace import OWL, RDF

from .errors import InputError
from .load import parse_rdf
from .vocab import KGO

__all__ = ["validate", "shapes_graph"]


@lru_cache(maxsize=4)
def _shapes_text(kgo: str) -> str:
    text = resources.files("kg.data").joinpath("shapes.ttl").read_text(encoding="utf-8")
    return text.replace(KGO, kgo) if kgo != KGO else text


def shapes_graph(kgo: str = KGO) -> rdflib.Graph:
    """kg's SHACL shapes, for a graph whose ontology namespace is ``kgo``."""
    return rdflib.Graph().parse(data=_shapes_text(kgo), format="turtle")


def _ontology_namespace(graph: rdflib.Graph) -> str:
    """The kgo: namespace a graph was written with (its owl:Ontology IRI + "#")."""
    for ontology in sorted(graph.subjects(RDF.type, OWL.Ontology)):
        if str(ontology).endswith("/ontology"):
            return str(ontology) + "#"
    return KGO


def validate(path_or_graph: str | Path | rdflib.Graph) -> tuple[bool, str]:
    """Validate a graph file (Turtle, TriG, N-Triples, JSON-LD) or an rdflib graph.

    Returns ``(conforms, report)``, the report being pyshacl's text.  A TriG
    dataset is validated as the union of its named graphs.
    """
    import pyshacl

    if isinstance(path_or_graph, rdflib.Graph):
        graph = path_or_graph
        if isinstance(graph, rdflib.Dataset):
            graph = _union(graph)
    else:
        path = Path(path_or_graph)
        if not path.is_file():
            raise InputError(str(path), "no such graph file; build one with 'kg build' first")
        graph = parse_rdf(path)
        if isinstance(graph, rdflib.Dataset):
            graph = _union(graph)
    conforms, _, report = pyshacl.validate(
        graph,
        shacl_graph=shapes_graph(_ontology_namespace(graph)),
        inference="none",
        advanced=True,
        allow_warnings=True,
    )
    return bool(conforms), str(report)


def _union(dataset: rdflib.Dataset) -> rdflib.Graph:
    union = rdflib.Graph()
    for s, p, o, _ in dataset.quads((None, None, None, None)):
        union.add((s, p, o))
    return union
