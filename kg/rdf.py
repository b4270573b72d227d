"""The graph as RDF: rdflib graphs, and Turtle / N-Triples / JSON-LD / TriG files.

DESIGN.md §3 is the contract.  In short, for every edge ``u -family-> v`` of
the networkx graph (``kg.graph``):

* a direct triple ``<u> kgo:<family> <v>`` (``kgo:meets`` in both directions);
* one relation mention ``kg:stmt-...`` per statement in the text, typed
  ``rdf:Statement`` and ``kgo:RelationMention``, with ``rdf:subject`` /
  ``rdf:predicate`` / ``rdf:object``, ``prov:wasDerivedFrom`` its document,
  ``prov:wasGeneratedBy`` the build, the verbatim ``kgo:sentence`` with its
  ``kgo:start`` / ``kgo:end`` offsets, ``kgo:trigger`` with its own pair,
  ``kgo:certainty``, and when known ``kgo:eventType`` (a PLOVER sub-property)
  and ``kgo:confidence``;
* entities (schema.org types, ``rdfs:label``, ``skos:altLabel``, roles),
  documents (``schema:NewsArticle``, ``prov:Entity``, Dublin Core terms) and
  the build (``prov:Activity``);
* the definitions (label, comment, domain, range) of every ``kgo:`` term used,
  copied from ``kg/data/ontology.ttl``.

Triples are generated once, in a fixed order, by one generator that builds
terms through :class:`kg.turtle.Terms`: Turtle / N-Triples text for the files
(kg's streaming writer: fast, prefixed, grouped by subject), rdflib terms for
``to_rdf`` / ``to_dataset``, pyoxigraph terms for stores and JSON-LD.  No
blank node is ever written, so the same graph gives byte-identical files.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterator, Sequence
from datetime import datetime
from functools import lru_cache
from importlib import resources
from pathlib import Path

import networkx as nx
import pyoxigraph as ox
import rdflib

from . import vocab
from .errors import OutputError
from .io import atomic_write
from .model import FAMILIES, SYMMETRIC_FAMILIES, BuildInfo, DocumentInfo, Entity, Relation
from .turtle import Terms, compact_jsonld, write_turtle, xsd_datetime
from .vocab import DCTERMS, KGO, OWL, PROV, RDF, RDFS, SCHEMA, SKOS, XSD, Namespaces

__all__ = [
    "FORMATS",
    "namespaces",
    "to_rdf",
    "to_dataset",
    "triples",
    "quads",
    "serialize",
    "write_outputs",
    "ontology_graph",
    "COMMON_GRAPH",
]

#: Output format -> file name written by :func:`write_outputs`.
FORMATS = {
    "ttl": "graph.ttl",
    "nt": "graph.nt",
    "jsonld": "graph.jsonld",
    "trig": "graph.trig",
    "graphml": "graph.graphml",
    "gexf": "graph.gexf",
}
#: Local name (after ``kg:graph-``) of the named graph of entities, ontology and build.
COMMON_GRAPH = "common"

#: Local names of the kgo sub-properties of PLOVER types start with this ("ploverConsult").
_PLOVER_PREFIX = "plover"
#: Metadata keys with a standard property; other keys go to kgo:metadata.
_METADATA_PROPERTIES = {
    "url": SCHEMA + "url",
    "published": DCTERMS + "issued",
    "publisher": DCTERMS + "publisher",
    "credit": DCTERMS + "creator",
    "language": DCTERMS + "language",
}


def namespaces(base: str | None = None) -> Namespaces:
    """The namespaces of a graph written with ``--base base``.

    Instances go under ``base + "id/"`` and kg's ontology under
    ``base + "ontology#"``; without a base, :data:`kg.vocab.DEFAULT_BASE` and
    :data:`kg.vocab.KGO`.
    """
    if base is None:
        return Namespaces()
    vocab.check_base(base, example="https://example.org/news/")
    if not base.endswith("/"):
        raise OutputError(f"--base {base!r} must end with '/', e.g. 'https://example.org/news/'")
    return Namespaces(base=base + "id/", kgo=base + "ontology#")


# --------------------------------------------------------------------------- the triples


class _Minted:
    """IRIs of one graph's entities and documents (collisions get a suffix)."""

    def __init__(self, g: nx.MultiDiGraph, ns: Namespaces):
        taken: dict[str, str] = {}
        self.entities: dict[str, Entity] = {}
        self.entity_iri: dict[str, str] = {}
        for node in sorted(g.nodes):
            entity = _entity(g, node)
            self.entities[node] = entity
            self.entity_iri[node] = ns.entity(entity.type, entity.name, taken, key=node)
        self.documents: dict[str, DocumentInfo] = dict(g.graph.get("documents") or {})
        doc_ids = set(self.documents)
        for _, _, data in g.edges(data=True):
            doc_ids.update(r.evidence.doc_id for r in data["relations"])
        for entity in self.entities.values():
            doc_ids.update(entity.documents)
        self.doc_iri = {d: ns.document(d, taken) for d in sorted(doc_ids)}
        self.build: BuildInfo | None = g.graph.get("build")


def _entity(g: nx.MultiDiGraph, node: str) -> Entity:
    data = g.nodes[node]
    entity = data.get("entity")
    if entity is None:
        entity = Entity(id=node, name=data.get("name", node), type=data.get("type", "Organization"))
    if entity.type not in vocab.ENTITY_CLASSES:
        raise OutputError(
            f"entity {node!r} has type {entity.type!r}; expected one of {', '.join(vocab.ENTITY_CLASSES)}"
        )
    return entity


def _statement_key(relation: Relation) -> str:
    ev = relation.evidence
    return "\x1f".join(
        map(str, (ev.doc_id, ev.start, ev.end, ev.trigger_start, ev.trigger_end,
                  relation.subject, relation.family, relation.object))
    )


def _mentions(g: nx.MultiDiGraph, ns: Namespaces) -> list[tuple[str, Relation]]:
    """(IRI, relation) of every statement, sorted by document and offset."""
    seen: dict[str, Relation] = {}
    for _, _, data in g.edges(data=True):
        for relation in data["relations"]:
            seen.setdefault(ns.statement(_statement_key(relation)), relation)
    return sorted(seen.items(), key=lambda item: (item[1].evidence.doc_id, item[1].evidence.start,
                                                   item[1].evidence.trigger_start, item[0]))


def _direct(g: nx.MultiDiGraph, minted: _Minted, per_document: bool = False) \
        -> dict[str | None, dict[str, list[tuple[str, str]]]]:
    """Direct triples as {None: {subject IRI: sorted (family, object IRI)}} for
    the whole graph, and with ``per_document`` the same under each document id."""
    out: dict[str | None, dict[str, set[tuple[str, str]]]] = defaultdict(lambda: defaultdict(set))
    for u, v, data in g.edges(data=True):
        family = data["family"]
        su, sv = minted.entity_iri[u], minted.entity_iri[v]
        keys = {None, *(r.evidence.doc_id for r in data["relations"])} if per_document else (None,)
        for key in keys:
            out[key][su].add((family, sv))
            if family in SYMMETRIC_FAMILIES:
                out[key][sv].add((family, su))
    order = {f: i for i, f in enumerate(FAMILIES)}
    return {
        doc: {s: sorted(pairs, key=lambda p: (order.get(p[0], len(order)), p[0], p[1])) for s, pairs in by_s.items()}
        for doc, by_s in out.items()
    }


def _entity_triples(T: Terms, minted: _Minted, node: str, direct: dict | None) -> Iterator[tuple]:
    entity = minted.entities[node]
    iri = minted.entity_iri[node]
    s = T.iri(iri)
    yield s, T.u(RDF + "type"), T.u(vocab.ENTITY_CLASSES[entity.type])
    yield s, T.u(RDFS + "label"), T.text(entity.name)
    for alias in sorted(set(entity.aliases) - {entity.name}):
        yield s, T.u(SKOS + "altLabel"), T.text(alias)
    yield s, T.u(DCTERMS + "identifier"), T.text(entity.id)
    for role in sorted(set(entity.roles)):
        yield s, T.k("role"), T.text(role)
    for affiliation in sorted(set(entity.affiliations)):
        yield s, T.k("affiliation"), T.text(affiliation)
    if entity.mention_count:
        yield s, T.k("mentionCount"), T.int(entity.mention_count)
    if direct:
        for family, obj in direct.get(iri, ()):
            yield s, T.k(vocab.FAMILY_PROPERTIES.get(family, family)), T.iri(obj)


def _document_triples(T: Terms, minted: _Minted, doc_id: str, mentions_of: dict[str, list[str]]) -> Iterator[tuple]:
    s = T.iri(minted.doc_iri[doc_id])
    info = minted.documents.get(doc_id)
    yield s, T.u(RDF + "type"), T.u(SCHEMA + "NewsArticle")
    yield s, T.u(RDF + "type"), T.u(PROV + "Entity")
    yield s, T.u(DCTERMS + "identifier"), T.text(doc_id)
    if info is not None:
        if info.title:
            yield s, T.u(DCTERMS + "title"), T.text(info.title)
        yield s, T.k("path"), T.text(info.path)
        yield s, T.k("sha256"), T.text(info.sha256)
        yield s, T.k("characters"), T.int(info.chars)
        for key, value in sorted(info.metadata):
            prop = _METADATA_PROPERTIES.get(key)
            if prop is None:
                yield s, T.k("metadata"), T.text(f"{key}: {value}")
            elif key == "url":
                yield s, T.u(prop), T.typed(value, T.anyuri)
            elif key == "published" and xsd_datetime(value) and "T" in value:
                yield s, T.u(prop), T.typed(xsd_datetime(value), T.datetime)
            elif key == "published" and _is_date(value):
                yield s, T.u(prop), T.typed(value.strip(), T.date)
            else:
                yield s, T.u(prop), T.text(value)
    for entity_iri in mentions_of.get(doc_id, ()):
        yield s, T.u(SCHEMA + "mentions"), T.iri(entity_iri)


def _is_date(value: str) -> bool:
    try:
        datetime.strptime(value.strip(), "%Y-%m-%d")
    except ValueError:
        return False
    return True


_MENTION_KGO = ("RelationMention", "sentence", "start", "end", "trigger", "triggerStart", "triggerEnd",
                "certainty", "confidence", "eventType", "lemma", "rule", "subjectText", "objectText")


def _mention_terms(T: Terms) -> dict:
    """The constant terms of every mention, made once per term factory."""
    terms = T._cache.get("mention terms")
    if terms is None:
        terms = {local: T.u(T.ns.kgo + local) for local in _MENTION_KGO}
        terms.update(type=T.u(RDF + "type"), Statement=T.u(RDF + "Statement"), subject=T.u(RDF + "subject"),
                     predicate=T.u(RDF + "predicate"), object=T.u(RDF + "object"),
                     derived=T.u(PROV + "wasDerivedFrom"), generated=T.u(PROV + "wasGeneratedBy"))
        T._cache["mention terms"] = terms
        T.used.update(("RelationMention", "sentence", "start", "end", "trigger", "triggerStart", "triggerEnd",
                       "certainty", "confidence"))
    return terms


def _mention_triples(T: Terms, minted: _Minted, iri: str, relation: Relation, build_iri: str | None) -> list[tuple]:
    ev = relation.evidence
    P = _mention_terms(T)
    s = T.iri(iri)
    out = [
        (s, P["type"], P["Statement"]),
        (s, P["type"], P["RelationMention"]),
        (s, P["subject"], T.iri(minted.entity_iri[relation.subject])),
        (s, P["predicate"], T.k(vocab.FAMILY_PROPERTIES.get(relation.family, relation.family))),
        (s, P["object"], T.iri(minted.entity_iri[relation.object])),
        (s, P["derived"], T.iri(minted.doc_iri[ev.doc_id])),
    ]
    if build_iri is not None:
        out.append((s, P["generated"], T.iri(build_iri)))
    out += [
        (s, P["sentence"], T.text(ev.sentence)),
        (s, P["start"], T.int(ev.start)),
        (s, P["end"], T.int(ev.end)),
        (s, P["trigger"], T.text(ev.trigger)),
        (s, P["triggerStart"], T.int(ev.trigger_start)),
        (s, P["triggerEnd"], T.int(ev.trigger_end)),
        (s, P["certainty"], T.text(ev.certainty)),
    ]
    if ev.plover:
        out.append((s, T.k("eventType"), T.k(plover_property(ev.plover))))
    out.append((s, P["confidence"], T.dec(ev.confidence)))
    for local, value in (("lemma", ev.lemma), ("rule", ev.frame), ("subjectText", ev.subject_text),
                         ("objectText", ev.object_text)):
        if value:
            out.append((s, T.k(local), T.text(value)))
    return out


@lru_cache(maxsize=256)
def plover_property(code: str) -> str:
    """kgo local name of a PLOVER type: ``"CONSULT"`` -> ``"ploverConsult"``."""
    return _PLOVER_PREFIX + "".join(part.capitalize() for part in vocab.slug(code).split("_"))


def _build_triples(T: Terms, ns: Namespaces, build: BuildInfo, doc_iris: Sequence[str]) -> Iterator[tuple]:
    s = T.iri(ns.build())
    agent = ns.agent(build.version)
    yield s, T.u(RDF + "type"), T.u(PROV + "Activity")
    yield s, T.u(RDFS + "label"), T.text(f"kg {build.version} build")
    for prop, value in ((PROV + "startedAtTime", build.started), (PROV + "endedAtTime", build.ended)):
        moment = xsd_datetime(value) if value else None
        if moment:
            yield s, T.u(prop), T.typed(moment, T.datetime)
    for doc in doc_iris:
        yield s, T.u(PROV + "used"), T.iri(doc)
    yield s, T.u(PROV + "wasAssociatedWith"), T.iri(agent)
    if build.model:
        yield s, T.k("model"), T.text(build.model)
    for source in sorted(build.sources):
        yield s, T.k("source"), T.text(source)
    a = T.iri(agent)
    yield a, T.u(RDF + "type"), T.u(PROV + "SoftwareAgent")
    yield a, T.u(RDF + "type"), T.u(SCHEMA + "SoftwareApplication")
    yield a, T.u(RDFS + "label"), T.text("kg")
    yield a, T.u(SCHEMA + "softwareVersion"), T.text(build.version)


# --------------------------------------------------------------------------- the ontology


@lru_cache(maxsize=1)
def _ontology_source() -> tuple[tuple[str, tuple[tuple[str, tuple]], ...], ...]:
    """kg/data/ontology.ttl as ((subject, ((predicate, object), ...)), ...) in file order.

    Objects are ``("iri", value)`` or ``("literal", value, datatype, language)``.
    """
    text = resources.files("kg.data").joinpath("ontology.ttl").read_bytes()
    by_subject: dict[str, list] = {}
    for triple in ox.parse(text, format=ox.RdfFormat.TURTLE):
        s, p, o = triple.subject, triple.predicate, triple.object
        if isinstance(o, ox.NamedNode):
            obj = ("iri", o.value)
        else:
            obj = ("literal", o.value, o.datatype.value if o.language is None else None, o.language)
        by_subject.setdefault(s.value, []).append((p.value, obj))
    return tuple((s, tuple(pairs)) for s, pairs in by_subject.items())


def _ontology_iri(kgo: str) -> str:
    return kgo.rstrip("#/")


def _ontology_triples(T: Terms, ns: Namespaces, used: set[str] | None) -> list[tuple]:
    """Definitions of the kgo: terms in ``used`` (all when None), closed over the
    kgo: terms they mention (super-properties, domains, ranges)."""
    source = dict(_ontology_source())

    def remap(iri: str) -> str:
        if iri == _ontology_iri(KGO):
            return _ontology_iri(ns.kgo)
        return ns.kgo + iri[len(KGO):] if iri.startswith(KGO) else iri

    wanted = set(used) if used is not None else {s[len(KGO):] for s in source if s.startswith(KGO)}
    todo = list(wanted)
    while todo:
        local = todo.pop()
        for _, obj in source.get(KGO + local, ()):
            if obj[0] == "iri" and obj[1].startswith(KGO):
                inner = obj[1][len(KGO):]
                if inner not in wanted:
                    wanted.add(inner)
                    todo.append(inner)
    out: list[tuple] = []
    header = source.get(_ontology_iri(KGO), ())
    for subject in [_ontology_iri(KGO)] + [KGO + local for local in sorted(wanted)]:
        pairs = header if subject == _ontology_iri(KGO) else source.get(subject)
        if pairs is None:  # a PLOVER type kg's ontology does not list
            pairs = _unknown_term(subject[len(KGO):])
        s = T.iri(remap(subject))
        for p, obj in sorted(pairs, key=_pair_order):
            if obj[0] == "iri":
                o = T.iri(remap(obj[1]))
            elif obj[3]:
                o = T.lang(obj[1], obj[3])
            elif obj[2] and obj[2] != XSD + "string":
                o = T.typed(obj[1], T.u(obj[2]))
            else:
                o = T.text(obj[1])
            out.append((s, T.u(p), o))
    return out


def _pair_order(pair: tuple) -> tuple:
    p, obj = pair
    return (p != RDF + "type", p, obj[1])


def _unknown_term(local: str) -> tuple:
    code = local[len(_PLOVER_PREFIX):].upper() if local.startswith(_PLOVER_PREFIX) else local
    return (
        (RDF + "type", ("iri", OWL + "ObjectProperty")),
        (RDFS + "label", ("literal", f"PLOVER {code}", None, "en")),
        (RDFS + "comment", ("literal", f"PLOVER event type {code}, which kg's ontology does not describe.", None, "en")),
    )


def ontology_graph(base: str | None = None) -> rdflib.Graph:
    """kg's whole ontology (in the namespace of ``base``) as an rdflib graph."""
    ns = namespaces(base)
    T = Terms(ns, "rdflib")
    graph = rdflib.Graph()
    _bind(graph, ns)
    for triple in _ontology_triples(T, ns, None):
        graph.add(triple)
    return graph


# --------------------------------------------------------------------------- assembling


def triples(g: nx.MultiDiGraph, base: str | None = None, library: str = "oxigraph") -> list[tuple]:
    """Every triple of the graph, in the order files list them (ontology first)."""
    ns = namespaces(base)
    T = Terms(ns, library)
    minted = _Minted(g, ns)
    body: list[tuple] = []
    build_iri = ns.build() if minted.build is not None else None
    if minted.build is not None:
        body.extend(_build_triples(T, ns, minted.build, list(minted.doc_iri.values())))
    mentions_of = _mentioned_in(minted)
    for doc_id in minted.doc_iri:
        body.extend(_document_triples(T, minted, doc_id, mentions_of))
    direct = _direct(g, minted).get(None, {})
    for node in sorted(minted.entities, key=minted.entity_iri.get):
        body.extend(_entity_triples(T, minted, node, direct))
    for iri, relation in _mentions(g, ns):
        body.extend(_mention_triples(T, minted, iri, relation, build_iri))
    return _ontology_triples(T, ns, T.used) + body


def quads(g: nx.MultiDiGraph, base: str | None = None, library: str = "oxigraph") -> list[tuple]:
    """Every quad of the dataset: one named graph per document (its node, its
    mentions and the direct triples they support) and ``kg:graph-common`` for
    the ontology, the build and the entities."""
    ns = namespaces(base)
    T = Terms(ns, library)
    minted = _Minted(g, ns)
    build_iri = ns.build() if minted.build is not None else None
    common: list[tuple] = []
    if minted.build is not None:
        common.extend(_build_triples(T, ns, minted.build, list(minted.doc_iri.values())))
    for node in sorted(minted.entities, key=minted.entity_iri.get):
        common.extend(_entity_triples(T, minted, node, None))
    mentions_of = _mentioned_in(minted)
    by_doc: dict[str, list[tuple[str, Relation]]] = defaultdict(list)
    for iri, relation in _mentions(g, ns):
        by_doc[relation.evidence.doc_id].append((iri, relation))
    per_doc: list[tuple[object, list[tuple]]] = []
    direct = _direct(g, minted, per_document=True)
    for doc_id, doc_iri in minted.doc_iri.items():
        body = list(_document_triples(T, minted, doc_id, mentions_of))
        for iri, relation in by_doc.get(doc_id, ()):
            body.extend(_mention_triples(T, minted, iri, relation, build_iri))
        for subject, pairs in sorted(direct.get(doc_id, {}).items()):
            s = T.iri(subject)
            body.extend((s, T.k(vocab.FAMILY_PROPERTIES.get(f, f)), T.iri(o)) for f, o in pairs)
        per_doc.append((T.iri(doc_iri), body))
    common = _ontology_triples(T, ns, T.used) + common
    out = [(s, p, o, T.iri(ns.graph(COMMON_GRAPH))) for s, p, o in common]
    for graph_name, body in per_doc:
        out.extend((s, p, o, graph_name) for s, p, o in body)
    return out


def _mentioned_in(minted: _Minted) -> dict[str, list[str]]:
    out: dict[str, list[str]] = defaultdict(list)
    for node in sorted(minted.entities, key=minted.entity_iri.get):
        for doc_id in sorted(set(minted.entities[node].documents)):
            out[doc_id].append(minted.entity_iri[node])
    return out


def _bind(graph: rdflib.Graph, ns: Namespaces) -> None:
    for prefix, iri in ns.prefixes.items():
        graph.bind(prefix, rdflib.Namespace(iri), override=True, replace=True)


def to_rdf(g: nx.MultiDiGraph, base: str | None = None) -> rdflib.Graph:
    """The graph as an rdflib ``Graph`` (the triples of ``graph.ttl``)."""
    graph = rdflib.Graph()
    _bind(graph, namespaces(base))
    for triple in triples(g, base, library="rdflib"):
        graph.add(triple)
    return graph


def to_dataset(g: nx.MultiDiGraph, base: str | None = None) -> rdflib.Dataset:
    """The graph as an rdflib ``Dataset``: one named graph per document (IRI =
    the document's IRI) and ``kg:graph-common`` for entities, ontology and build."""
    dataset = rdflib.Dataset()
    _bind(dataset, namespaces(base))
    dataset.addN(quads(g, base, library="rdflib"))
    return dataset


# --------------------------------------------------------------------------- writing


def serialize(g: nx.MultiDiGraph, fmt: str = "ttl", base: str | None = None) -> bytes:
    """One RDF syntax of the graph as bytes (``ttl``, ``nt``, ``jsonld`` or ``trig``)."""
    ns = namespaces(base)
    if fmt == "ttl":
        return write_turtle(triples(g, base, library="turtle"), ns)
    if fmt == "trig":
        return write_turtle(quads(g, base, library="turtle"), ns, trig=True)
    if fmt == "nt":
        return "".join(f"{s} {p} {o} .\n" for s, p, o in triples(g, base, library="ntriples")).encode("utf-8")
    if fmt == "jsonld":
        items = [ox.Triple(*t) for t in triples(g, base)]
        return compact_jsonld(ox.serialize(items, format=ox.RdfFormat.JSON_LD), ns)
    raise OutputError(f"unknown RDF format {fmt!r}; choose from ttl, nt, jsonld, trig")


def write_outputs(g: nx.MultiDiGraph, out_dir: Path, formats: Sequence[str] = ("ttl",),
                  base: str | None = None) -> list[Path]:
    """Write ``graph.ttl`` and one file per extra format into ``out_dir``; return their paths.

    Formats: ``ttl``, ``nt``, ``jsonld``, ``trig`` (one named graph per
    document), ``graphml`` and ``gexf`` (networkx, for Gephi).  Every file is
    written atomically; the same graph always gives the same bytes.
    """
    unknown = [f for f in formats if f not in FORMATS]
    if unknown:
        raise OutputError(f"unknown output format {unknown[0]!r}; choose from {', '.join(FORMATS)}")
    out_dir = Path(out_dir)
    namespaces(base)  # a bad base fails before anything is written
    wanted = ["ttl"] + [f for f in FORMATS if f in formats and f != "ttl"]
    written: list[Path] = []
    for fmt in wanted:
        path = out_dir / FORMATS[fmt]
        if fmt in ("graphml", "gexf"):
            from .export import to_gexf, to_graphml

            data = (to_graphml if fmt == "graphml" else to_gexf)(g, base=base)
        else:
            data = serialize(g, fmt, base)
        with atomic_write(path, "wb") as fh:
            fh.write(data)
        written.append(path)
    return written
