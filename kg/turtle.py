"""RDF terms for kg's writers, and kg's streaming Turtle / TriG writer.

:class:`Terms` makes the terms of one graph either as pyoxigraph or rdflib
objects or as Turtle / N-Triples text, so that :mod:`kg.rdf` generates its
triples once for every output.  :func:`write_turtle` groups text triples by
subject and predicate, in the order given, with a sorted prefix header: the
same triples always give the same bytes.
"""

from __future__ import annotations

import json
import re
from datetime import datetime, timezone

import pyoxigraph as ox
import rdflib

from . import vocab
from .errors import OutputError
from .vocab import RDF, XSD, Namespaces

__all__ = ["Terms", "write_turtle", "compact_jsonld", "clean_text", "decimal_text", "xsd_datetime"]


class Terms:
    """Builds terms of one RDF library and remembers which kgo: terms were used.

    ``library`` is ``"oxigraph"`` (pyoxigraph terms), ``"rdflib"`` (rdflib
    terms), ``"turtle"`` (terms as Turtle text, prefixed where the local
    part is safe for every parser, for :func:`write_turtle`) or
    ``"ntriples"`` (full ``<IRI>`` text).
    """

    def __init__(self, ns: Namespaces, library: str):
        self.ns = ns
        self.library = library
        if library == "oxigraph":
            self.iri = ox.NamedNode
            self._literal = ox.Literal
            self._typed = lambda value, dt: ox.Literal(value, datatype=dt)
            self._lang = lambda value, lang: ox.Literal(value, language=lang)
        elif library == "rdflib":
            self.iri = rdflib.URIRef
            self._literal = rdflib.Literal
            self._typed = lambda value, dt: rdflib.Literal(value, datatype=dt)
            self._lang = lambda value, lang: rdflib.Literal(value, lang=lang)
        elif library in ("turtle", "ntriples"):
            self._prefixes = (sorted(((iri, p) for p, iri in ns.prefixes.items()), key=lambda x: -len(x[0]))
                              if library == "turtle" else [])
            self._tokens: dict[str, str] = {}
            self.iri = self._token
            self._literal = _quote
            self._typed = lambda value, dt: f"{_quote(value)}^^{dt}"
            self._lang = lambda value, lang: f"{_quote(value)}@{lang}"
        else:  # pragma: no cover - internal
            raise ValueError(library)
        self._cache: dict[str, object] = {}
        self.used: set[str] = set()
        self.integer = self.iri(XSD + "integer")
        self.decimal = self.iri(XSD + "decimal")
        self.datetime = self.iri(XSD + "dateTime")
        self.date = self.iri(XSD + "date")
        self.anyuri = self.iri(XSD + "anyURI")

    def _token(self, iri: str) -> str:
        token = self._tokens.get(iri)
        if token is None:
            token = self._tokens[iri] = _turtle_iri(iri, self._prefixes)
        return token

    def u(self, iri: str):
        """A constant IRI (cached)."""
        term = self._cache.get(iri)
        if term is None:
            term = self._cache[iri] = self.iri(iri)
        return term

    def k(self, local: str):
        """A kgo: term; records that the graph uses it."""
        self.used.add(local)
        return self.u(self.ns.kgo + local)

    def text(self, value: str):
        return self._literal(clean_text(value))

    def int(self, value: int):
        if self.library == "turtle":
            return str(int(value))
        return self._typed(str(int(value)), self.integer)

    def dec(self, value: float):
        if self.library == "turtle":
            return decimal_text(value)
        return self._typed(decimal_text(value), self.decimal)

    def typed(self, value: str, datatype):
        return self._typed(clean_text(value), datatype)

    def lang(self, value: str, lang: str):
        return self._lang(clean_text(value), lang)


#: Local parts written as prefixed names: kg's minted names and ontology terms.
#: Anything else (dots, slashes, percent signs...) is written as a full <IRI>.


def _safe_local(local: str) -> bool:
    """True when ``local`` can follow ``prefix:`` unescaped in every Turtle parser."""
    if _ASCII_LOCAL.match(local):
        return True
    if not local or local[0] == "-" or "\u0300" <= local[0] <= "\u036f":
        return False
    return all(c in "_-" or vocab.local_char(c) for c in local)


_ASCII_LOCAL = re.compile(r"^[A-Za-z0-9_][A-Za-z0-9_-]*$")


def _turtle_iri(iri: str, prefixes: list[tuple[str, str]]) -> str:
    if vocab.IRI_FORBIDDEN.search(iri):
        raise OutputError(f"cannot write {iri!r} as an IRI: it holds a space, quote or control character")
    for space, prefix in prefixes:
        if iri.startswith(space):
            local = iri[len(space):]
            if _safe_local(local):
                return f"{prefix}:{local}"
            break
    return f"<{iri}>"


_ESCAPES = {0x22: '\\"', 0x5C: "\\\\", 0x0A: "\\n", 0x0D: "\\r", 0x09: "\\t", 0x08: "\\b", 0x0C: "\\f"}
_ESCAPES.update({c: f"\\u{c:04X}" for c in range(0x20) if c not in _ESCAPES})
_ESCAPES[0x7F] = "\\u007F"
_NEEDS_ESCAPE = re.compile('[\x00-\x1f"\\\\\x7f]')


def _quote(value: str) -> str:
    """A Turtle/N-Triples string literal: only quotes, backslashes and controls escaped."""
    if _NEEDS_ESCAPE.search(value):
        value = value.translate(_ESCAPES)
    return f'"{value}"'


_SURROGATE = re.compile("[\ud800-\udfff]")


def clean_text(value: str) -> str:
    """Text as a literal can hold it: lone surrogates (undecodable bytes) become U+FFFD."""
    try:
        value.encode("utf-8")
    except UnicodeEncodeError:
        value = _SURROGATE.sub("\ufffd", value)
    return value


def decimal_text(value: float) -> str:
    text = f"{float(value):.4f}".rstrip("0")
    return text + "0" if text.endswith(".") else text


_XSD_DATETIME = re.compile(r"^-?\d{4,}-\d\d-\d\dT\d\d:\d\d:\d\d(\.\d+)?(Z|[+-]\d\d:\d\d)?$")


def xsd_datetime(value: str) -> str | None:
    """An ISO 8601 time as an xsd:dateTime lexical form, or None.

    A value already in xsd:dateTime form is kept as it is (so that it reads
    back unchanged); another ISO form is normalised, UTC when it has no zone.
    """
    value = value.strip()
    try:
        moment = datetime.fromisoformat(value.replace("Z", "+00:00"))
    except ValueError:
        return None
    if _XSD_DATETIME.match(value):
        return value
    if moment.tzinfo is None:
        moment = moment.replace(tzinfo=timezone.utc)
    return moment.isoformat().replace("+00:00", "Z")



def write_turtle(items: list[tuple], ns: Namespaces, trig: bool = False) -> bytes:
    """kg's streaming Turtle / TriG writer over terms already in Turtle syntax.

    Consecutive triples of one subject share it (``;``), of one predicate
    share both (``,``); a blank line separates subjects; in TriG, consecutive
    quads of one graph share a ``GRAPH { ... }`` block.  The input order is
    the output order, so the same graph always gives the same bytes.
    """
    out = ["".join(f"@prefix {p}: <{iri}> .\n" for p, iri in sorted(ns.prefixes.items()))]
    append = out.append
    indent = "\t" if trig else ""
    subject = predicate = graph = None
    for item in items:
        s, p, o = item[0], item[1], item[2]
        if p == "rdf:type":
            p = "a"
        if trig and item[3] != graph:
            if subject is not None:
                append(" .\n}\n")
            graph = item[3]
            append(f"\n{graph} {{\n")
            subject = None
        if s != subject:
            if subject is not None:
                append(" .\n")
            append(f"\n{indent}{s} {p} {o}")
            subject, predicate = s, p
        elif p != predicate:
            append(f" ;\n{indent}\t{p} {o}")
            predicate = p
        else:
            append(f" , {o}")
    if subject is not None:
        append(" .\n}\n" if trig else " .\n")
    return "".join(out).encode("utf-8")


def compact_jsonld(expanded: bytes, ns: Namespaces) -> bytes:
    """Oxigraph's expanded JSON-LD, with a prefix @context and compact IRIs, indented."""
    prefixes = sorted(ns.prefixes.items(), key=lambda item: -len(item[1]))

    def compact(iri: str) -> str:
        for prefix, space in prefixes:
            if iri.startswith(space) and len(iri) > len(space) and ":" not in iri[len(space):]:
                return f"{prefix}:{iri[len(space):]}"
        return iri

    nodes = []
    for node in json.loads(expanded):
        out = {"@id": compact(node["@id"])}
        for key, values in node.items():
            if key == "@id":
                continue
            if key == RDF + "type":
                out["@type"] = [compact(v["@id"]) for v in values]
                continue
            items = []
            for value in values:
                if "@id" in value:
                    items.append({"@id": compact(value["@id"])})
                elif "@type" in value:
                    items.append({"@value": value["@value"], "@type": compact(value["@type"])})
                else:
                    items.append(value)
            out[compact(key)] = items
        nodes.append(out)
    document = {"@context": dict(sorted(ns.prefixes.items())), "@graph": nodes}
    return (json.dumps(document, ensure_ascii=False, indent=1) + "\n").encode("utf-8")
