"""Read a graph kg wrote (Turtle, TriG, N-Triples, JSON-LD) back into its networkx form.

``load_graph(path)`` is the inverse of :func:`kg.rdf.write_outputs`: entities
come back from their schema.org-typed nodes (keyed by ``dcterms:identifier``),
documents from ``schema:NewsArticle`` nodes, relations from the relation
mentions (one ``Relation`` per mention) and the build from the
``prov:Activity``; :func:`kg.graph.build_graph` then assembles them.
"""

from __future__ import annotations

from collections import defaultdict
from pathlib import Path

import networkx as nx
import pyoxigraph as ox
import rdflib

from .errors import InputError
from .graph import build_graph
from .model import ASSERTED, BuildInfo, DocumentInfo, Entity, Evidence, Relation
from .vocab import DCTERMS, ENTITY_CLASSES, FAMILY_PROPERTIES, KGO, OWL, PROV, RDF, RDFS, SCHEMA, SKOS

__all__ = ["load_graph", "parse_rdf", "rdf_format"]

#: File suffix -> (rdflib format, pyoxigraph format, is a dataset).
_SUFFIXES = {
    ".ttl": ("turtle", ox.RdfFormat.TURTLE, False),
    ".nt": ("nt", ox.RdfFormat.N_TRIPLES, False),
    ".trig": ("trig", ox.RdfFormat.TRIG, True),
    ".nq": ("nquads", ox.RdfFormat.N_QUADS, True),
    ".jsonld": ("json-ld", ox.RdfFormat.JSON_LD, True),
    ".json": ("json-ld", ox.RdfFormat.JSON_LD, True),
}
_METADATA = {
    SCHEMA + "url": "url",
    DCTERMS + "issued": "published",
    DCTERMS + "publisher": "publisher",
    DCTERMS + "creator": "credit",
    DCTERMS + "language": "language",
}


def rdf_format(path: Path) -> tuple[str, ox.RdfFormat, bool]:
    """(rdflib format, pyoxigraph format, is a dataset) of a graph file, from its suffix."""
    try:
        return _SUFFIXES[Path(path).suffix.lower()]
    except KeyError:
        raise InputError(
            str(path), f"unknown RDF file type; expected one of {', '.join(sorted(_SUFFIXES))}"
        ) from None


def parse_rdf(path: str | Path) -> rdflib.Graph:
    """Parse a graph file with rdflib: a ``Graph``, or a ``Dataset`` for TriG / N-Quads / JSON-LD."""
    path = Path(path)
    fmt, _, dataset = rdf_format(path)
    if not path.is_file():
        raise InputError(str(path), "no such graph file; build one with 'kg build' first")
    target = rdflib.Dataset() if dataset else rdflib.Graph()
    try:
        target.parse(path, format=fmt)
    except Exception as exc:  # rdflib raises many unrelated types for bad syntax
        raise InputError(str(path), f"not valid {fmt}: {exc}") from exc
    return target


def _read(path: Path) -> dict[str, dict[str, list]]:
    """subject -> predicate -> objects (pyoxigraph terms), over all graphs of the file."""
    _, fmt, _ = rdf_format(path)
    if not path.is_file():
        raise InputError(str(path), "no such graph file; build one with 'kg build' first")
    nodes: dict[str, dict[str, list]] = defaultdict(lambda: defaultdict(list))
    seen: set[tuple] = set()
    try:
        for item in ox.parse(path=str(path), format=fmt):
            key = (item.subject, item.predicate, item.object)
            if key in seen:
                continue
            seen.add(key)
            if isinstance(item.subject, ox.NamedNode):
                nodes[item.subject.value][item.predicate.value].append(item.object)
    except (SyntaxError, ValueError) as exc:
        raise InputError(str(path), f"not valid RDF: {exc}") from exc
    return nodes


def _one(props: dict, key: str, default=None):
    values = props.get(key)
    return values[0].value if values else default


def _all(props: dict, key: str) -> list[str]:
    return sorted(v.value for v in props.get(key, ()))


def load_graph(path: str | Path) -> nx.MultiDiGraph:
    """The networkx graph (shape of :mod:`kg.graph`) of a graph file kg wrote.

    Raises ``InputError`` when the file is missing, unparseable, or holds a
    relation mention whose entity or document is not described.
    """
    path = Path(path)
    nodes = _read(path)
    types = {s: {t.value for t in props.get(RDF + "type", ())} for s, props in nodes.items()}
    kgo = next((s + "#" for s, t in sorted(types.items()) if OWL + "Ontology" in t), KGO)
    family_of = {kgo + local: family for family, local in FAMILY_PROPERTIES.items()}

    doc_ids: dict[str, str] = {}
    documents = []
    for s, props in sorted(nodes.items()):
        if SCHEMA + "NewsArticle" not in types[s]:
            continue
        doc_id = _one(props, DCTERMS + "identifier", s)
        doc_ids[s] = doc_id
        metadata = [(key, v) for prop, key in _METADATA.items() for v in _all(props, prop)]
        for item in _all(props, kgo + "metadata"):
            key, _, value = item.partition(": ")
            metadata.append((key, value))
        documents.append(DocumentInfo(
            id=doc_id, path=_one(props, kgo + "path", doc_id), title=_one(props, DCTERMS + "title"),
            sha256=_one(props, kgo + "sha256", ""), chars=int(_one(props, kgo + "characters", 0)),
            metadata=tuple(sorted(metadata)),
        ))
    mentioned: dict[str, list[str]] = defaultdict(list)
    for s, doc_id in doc_ids.items():
        for entity in nodes[s].get(SCHEMA + "mentions", ()):
            mentioned[entity.value].append(doc_id)

    entity_ids: dict[str, str] = {}
    entities = []
    classes = {iri: name for name, iri in ENTITY_CLASSES.items()}
    for s, props in sorted(nodes.items()):
        kind = next((classes[t] for t in sorted(types[s]) if t in classes), None)
        if kind is None:
            continue
        name = _one(props, RDFS + "label", s)
        entity_id = _one(props, DCTERMS + "identifier", f"{kind}:{name}")
        entity_ids[s] = entity_id
        entities.append(Entity(
            id=entity_id, name=name, type=kind, aliases=tuple(_all(props, SKOS + "altLabel")),
            roles=tuple(_all(props, kgo + "role")), affiliations=tuple(_all(props, kgo + "affiliation")),
            documents=tuple(sorted(set(mentioned.get(s, ())))),
            mention_count=int(_one(props, kgo + "mentionCount", 0)),
        ))

    relations = []
    for s, props in sorted(nodes.items()):
        if kgo + "RelationMention" not in types[s]:
            continue
        try:
            subject = entity_ids[_one(props, RDF + "subject")]
            obj = entity_ids[_one(props, RDF + "object")]
            family = family_of[_one(props, RDF + "predicate")]
            doc_id = doc_ids[_one(props, PROV + "wasDerivedFrom")]
        except KeyError as exc:
            raise InputError(str(path), f"relation mention {s} refers to {exc.args[0]}, which is not described") \
                from None
        event = _one(props, kgo + "eventType")
        plover = event[len(kgo) + len("plover"):].upper() if event and event.startswith(kgo + "plover") else None
        relations.append(Relation(subject, family, obj, Evidence(
            doc_id=doc_id, sentence=_one(props, kgo + "sentence", ""),
            start=int(_one(props, kgo + "start", 0)), end=int(_one(props, kgo + "end", 0)),
            trigger=_one(props, kgo + "trigger", ""),
            trigger_start=int(_one(props, kgo + "triggerStart", 0)),
            trigger_end=int(_one(props, kgo + "triggerEnd", 0)),
            lemma=_one(props, kgo + "lemma", ""), certainty=_one(props, kgo + "certainty", ASSERTED),
            plover=plover, confidence=float(_one(props, kgo + "confidence", 1.0)),
            frame=_one(props, kgo + "rule", ""), subject_text=_one(props, kgo + "subjectText", ""),
            object_text=_one(props, kgo + "objectText", ""),
        )))

    build = None
    for s, props in sorted(nodes.items()):
        if PROV + "Activity" not in types[s]:
            continue
        agent = _one(props, PROV + "wasAssociatedWith")
        version = _one(nodes.get(agent, {}), SCHEMA + "softwareVersion", "") if agent else ""
        build = BuildInfo(
            version=version, model=_one(props, kgo + "model", ""),
            started=_one(props, PROV + "startedAtTime", ""), ended=_one(props, PROV + "endedAtTime", ""),
            sources=tuple(_all(props, kgo + "source")),
        )
        break
    return build_graph(entities, relations, documents, build)
