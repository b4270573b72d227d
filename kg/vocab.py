"""Namespaces of kg's RDF and the one function that mints its IRIs.

Standard vocabularies are used where they exist (schema.org, SKOS, PROV-O,
Dublin Core terms, NIF / Web Annotation through sub-properties); kg's own
ontology ``kgo:`` (``kg/data/ontology.ttl``) covers the rest.  Instances live
in one namespace ``kg:``, by default :data:`DEFAULT_BASE`, overridable with
``kg build --base IRI``.

Every instance IRI is ``<base><kind>-<slug>``: the local part after the base
is made only of letters, digits, ``_`` and ``-``, so that it is a valid
prefixed name in Turtle for every parser (rdflib, Oxigraph, rapper, riot) and
needs no escaping.

>>> ns = Namespaces()
>>> ns.entity("Person", "Emmanuel Macron")
'https://kg.example.org/id/person-Emmanuel_Macron'
"""

from __future__ import annotations

import hashlib
import re
import unicodedata
from dataclasses import dataclass

from .errors import KgError

__all__ = [
    "DEFAULT_BASE",
    "KGO",
    "RDF",
    "RDFS",
    "OWL",
    "XSD",
    "SKOS",
    "SCHEMA",
    "PROV",
    "DCTERMS",
    "NIF",
    "OA",
    "STANDARD_PREFIXES",
    "ENTITY_CLASSES",
    "FAMILY_PROPERTIES",
    "Namespaces",
    "slug",
    "mint",
    "check_base",
    "local_char",
]

#: Instance namespace used when ``--base`` is not given.
DEFAULT_BASE = "https://kg.example.org/id/"
#: kg's own ontology namespace.
KGO = "https://kg.example.org/ontology#"

RDF = "http://www.w3.org/1999/02/22-rdf-syntax-ns#"
RDFS = "http://www.w3.org/2000/01/rdf-schema#"
OWL = "http://www.w3.org/2002/07/owl#"
XSD = "http://www.w3.org/2001/XMLSchema#"
SKOS = "http://www.w3.org/2004/02/skos/core#"
SCHEMA = "http://schema.org/"
PROV = "http://www.w3.org/ns/prov#"
DCTERMS = "http://purl.org/dc/terms/"
NIF = "http://persistence.uni-leipzig.org/nlp2rdf/ontologies/nif-core#"
OA = "http://www.w3.org/ns/oa#"

#: Prefixes written at the top of every Turtle/TriG file (besides kg/kgo).
STANDARD_PREFIXES = {
    "dcterms": DCTERMS,
    "nif": NIF,
    "owl": OWL,
    "prov": PROV,
    "rdf": RDF,
    "rdfs": RDFS,
    "schema": SCHEMA,
    "skos": SKOS,
    "xsd": XSD,
}

#: kg.model entity type -> schema.org class.
ENTITY_CLASSES = {
    "Person": SCHEMA + "Person",
    "Organization": SCHEMA + "Organization",
    "Place": SCHEMA + "Place",
}

#: Relation family -> kgo property local name (the direct triple's predicate).
FAMILY_PROPERTIES = {
    "meets": "meets",
    "supports": "supports",
    "opposes": "opposes",
    "leads": "leads",
    "memberOf": "memberOf",
}

_MAX_SLUG = 80
#: Code point ranges that are letters in Turtle's PN_CHARS_BASE and in IRIs' ucschar.
_PN_RANGES = (
    (0xC0, 0xD6), (0xD8, 0xF6), (0xF8, 0x2FF), (0x370, 0x37D), (0x37F, 0x1FFF),
    (0x2070, 0x218F), (0x2C00, 0x2FEF), (0x3001, 0xD7FF), (0xF900, 0xFDCF),
    (0xFDF0, 0xFFEF), (0x10000, 0xEFFFD),
)
#: Characters an IRI may not hold (RDF 1.1 Turtle IRIREF).
IRI_FORBIDDEN = re.compile(r'[\x00-\x20<>"{}|^`\\]')


def local_char(c: str) -> bool:
    """True for a character kept as is in a local name: ASCII letters and
    digits, and non-ASCII letters, marks and digits that Turtle's PN_CHARS
    and IRIs' ucschar both allow (never the first character: kinds come first)."""
    if c.isascii():
        return c.isalnum()
    if unicodedata.category(c)[0] not in "LMN":
        return False
    o = ord(c)
    return 0x300 <= o <= 0x36F or any(lo <= o <= hi for lo, hi in _PN_RANGES)


def slug(text: str, max_length: int = _MAX_SLUG) -> str:
    """A name as an IRI-safe, Turtle-safe local name part (letters, digits, ``_``).

    Names are NFKC-normalised; letters and digits are kept (IRIs allow
    non-ASCII letters), every run of anything else becomes one ``_``;
    a name too long, or with no letter or digit at all, gets a short hash of
    the full name so that distinct names stay distinct.

    >>> slug("Macron's \\"party\\" / En Marche!")
    'Macron_s_party_En_Marche'
    >>> slug("Élysée")
    'Élysée'
    """
    normal = unicodedata.normalize("NFKC", text)
    out = "".join(c if local_char(c) else "_" for c in normal)
    out = re.sub(r"_+", "_", out).strip("_")
    if not out or len(out) > max_length:
        digest = hashlib.sha1(normal.encode("utf-8")).hexdigest()[:10]
        out = (out[: max_length - 11].rstrip("_") + "_" + digest) if out else digest
    return out


def check_base(base: str, example: str = DEFAULT_BASE) -> str:
    """Validate a namespace IRI given by the user; return it."""
    if not re.match(r"^[A-Za-z][A-Za-z0-9+.-]*:", base) or IRI_FORBIDDEN.search(base):
        raise KgError(f"--base {base!r} is not an absolute IRI; give one like {example!r}")
    if base[-1] not in "/#":
        raise KgError(f"--base {base!r} must end with {'/' if example.endswith('/') else '/ or #'}, e.g. {example!r}")
    return base


def mint(base: str, kind: str, name: str, taken: dict[str, str] | None = None, key: str | None = None) -> str:
    """THE function that mints kg's instance IRIs: ``<base><kind>-<slug(name)>``.

    ``taken`` maps IRIs already given out to the key they were given to; a
    different ``key`` that would get the same IRI gets a suffix made from a
    hash of its key, so minting the same key again gives the same IRI.  The
    first key minted keeps the plain IRI: callers mint in a fixed (sorted) order.
    """
    iri = f"{base}{kind}-{slug(name)}"
    if taken is None:
        return iri
    key = name if key is None else key
    owner = taken.get(iri)
    if owner is not None and owner != key:
        iri = f"{iri}_{hashlib.sha1(key.encode('utf-8')).hexdigest()[:8]}"
    taken.setdefault(iri, key)
    return iri


@dataclass(frozen=True)
class Namespaces:
    """The instance namespace of one graph, and the IRIs minted in it."""

    base: str = DEFAULT_BASE
    kgo: str = KGO

    def __post_init__(self) -> None:
        check_base(self.base)
        check_base(self.kgo)

    @property
    def prefixes(self) -> dict[str, str]:
        return {"kg": self.base, "kgo": self.kgo, **STANDARD_PREFIXES}

    def term(self, local: str) -> str:
        """A kgo: ontology term."""
        return self.kgo + local

    def entity(self, type_: str, name: str, taken: dict[str, str] | None = None, key: str | None = None) -> str:
        return mint(self.base, type_.lower(), name, taken, key)

    def document(self, doc_id: str, taken: dict[str, str] | None = None) -> str:
        return mint(self.base, "doc", doc_id, taken)

    def statement(self, key: str) -> str:
        """A relation mention: one per statement in the text, keyed by its content."""
        return f"{self.base}stmt-{hashlib.sha1(key.encode('utf-8')).hexdigest()[:16]}"

    def build(self) -> str:
        return f"{self.base}build"

    def agent(self, version: str) -> str:
        """The software that made the graph: ``kg:software-kg_<version>``."""
        return mint(self.base, "software", f"kg {version}")

    def graph(self, name: str) -> str:
        """A named graph that is not a document's (``kg:graph-entities``)."""
        return mint(self.base, "graph", name)
