"""The records that travel between pipeline stages.

Every stage boundary is one frozen dataclass; spaCy objects never leave
``kg.relations`` (see DESIGN.md §1)::

    read      -> Document
    mentions  -> Mention                     (per document, in a worker)
    resolve   -> LocalEntity (per document), then Entity (across documents)
    relations -> Relation(Evidence)          (subjects/objects are entity keys)
    graph     -> networkx.MultiDiGraph of Entity nodes and Relation edges

Offsets are always character offsets into ``Document.text`` as read (after
decoding, before any normalisation), end exclusive.
"""

from __future__ import annotations

from dataclasses import dataclass, field, replace

__all__ = [
    "PERSON",
    "ORGANIZATION",
    "PLACE",
    "ENTITY_TYPES",
    "FAMILIES",
    "SYMMETRIC_FAMILIES",
    "ASSERTED",
    "HEDGED",
    "Document",
    "DocumentInfo",
    "Mention",
    "LocalEntity",
    "Entity",
    "Evidence",
    "Relation",
    "DocResult",
    "BuildInfo",
]

PERSON = "Person"
ORGANIZATION = "Organization"
PLACE = "Place"
ENTITY_TYPES = (PERSON, ORGANIZATION, PLACE)

#: Relation families, in the order they are listed to users.
FAMILIES = ("meets", "supports", "opposes", "leads", "memberOf")
SYMMETRIC_FAMILIES = frozenset({"meets"})

ASSERTED = "asserted"
HEDGED = "hedged"


@dataclass(frozen=True)
class DocumentInfo:
    """What the graph keeps of a document: everything but its text."""

    id: str
    path: str  # relative to the input root it was found in, "/"-separated
    title: str | None
    sha256: str  # of the decoded text, UTF-8 encoded
    chars: int
    #: Sorted (key, value) pairs: url, published, publisher, credit, encoding, ...
    metadata: tuple[tuple[str, str], ...] = ()

    def get(self, key: str, default: str | None = None) -> str | None:
        for k, v in self.metadata:
            if k == key:
                return v
        return default


@dataclass(frozen=True)
class Document(DocumentInfo):
    """A decoded input article."""

    text: str = ""

    def info(self) -> DocumentInfo:
        return DocumentInfo(
            id=self.id,
            path=self.path,
            title=self.title,
            sha256=self.sha256,
            chars=self.chars,
            metadata=self.metadata,
        )


@dataclass(frozen=True)
class Mention:
    """One reference to an actor in one document.

    ``start``/``end`` cover the *cleaned* name ("Macron" inside "Macron's"),
    so ``document.text[start:end] == text``.  ``name`` is the normalised
    surface form used for resolution (whitespace folded, curly quotes
    straightened, honorific removed).
    """

    doc_id: str
    start: int
    end: int
    text: str
    name: str
    type: str | None  # PERSON / ORGANIZATION / PLACE as this mention suggests
    label: str  # spaCy NER label, or PRON / TITLE / ACRONYM for references
    sent_start: int
    sent_end: int
    kind: str = "name"  # name | acronym | title | pronoun | group | office (a country a title's holder leads)
    honorific: str | None = None  # "Mr", "Sir", ...
    role: str | None = None  # "French President"
    affiliation: str | None = None  # name the role mentions: "France", "UN"
    entity: int = -1  # LocalEntity.index after within-document resolution


@dataclass(frozen=True)
class LocalEntity:
    """One actor within one document: a cluster of that document's mentions."""

    doc_id: str
    index: int
    name: str  # the fullest name the document uses
    type: str
    aliases: tuple[str, ...] = ()  # every other surface form, sorted
    roles: tuple[str, ...] = ()
    affiliations: tuple[str, ...] = ()
    #: (spaCy label, count) pairs over the cluster's named mentions, sorted
    labels: tuple[tuple[str, int], ...] = ()
    mention_count: int = 0
    honorifics: tuple[str, ...] = ()

    @property
    def key(self) -> str:
        """Identifier relations use before cross-document resolution."""
        return f"{self.doc_id}#{self.index}"


@dataclass(frozen=True)
class Entity:
    """One real-world actor across the whole corpus (a graph node)."""

    id: str  # stable key, f"{type}:{name}"; IRIs are minted from (type, name)
    name: str
    type: str
    aliases: tuple[str, ...] = ()
    roles: tuple[str, ...] = ()
    affiliations: tuple[str, ...] = ()
    documents: tuple[str, ...] = ()
    mention_count: int = 0


@dataclass(frozen=True)
class Evidence:
    """Where and how one statement of a relation is made."""

    doc_id: str
    sentence: str  # == document.text[start:end]
    start: int
    end: int
    trigger: str  # == document.text[trigger_start:trigger_end]
    trigger_start: int
    trigger_end: int
    lemma: str  # lexicon entry that fired: "meet", "hold talks", "back"
    certainty: str = ASSERTED  # ASSERTED | HEDGED
    plover: str | None = None  # CONSULT, SUPPORT, REJECT, ...
    confidence: float = 1.0
    frame: str = ""  # which rule found it: "svo", "passive", "compound", ...
    subject_text: str = ""  # the argument as written in the sentence
    object_text: str = ""


@dataclass(frozen=True)
class Relation:
    """A directed statement ``subject family object`` with its evidence.

    Before cross-document resolution, subject and object are
    ``LocalEntity.key`` values; afterwards they are ``Entity.id`` values.
    """

    subject: str
    family: str
    object: str
    evidence: Evidence

    def remap(self, mapping: dict[str, str]) -> Relation:
        return replace(self, subject=mapping[self.subject], object=mapping[self.object])


@dataclass(frozen=True)
class DocResult:
    """Everything kg keeps from one document after per-document extraction.

    Small and picklable: this is what worker processes return and what the
    incremental cache stores.
    """

    document: DocumentInfo
    entities: tuple[LocalEntity, ...] = ()
    relations: tuple[Relation, ...] = ()
    words: int = 0
    warnings: tuple[str, ...] = ()


@dataclass(frozen=True)
class BuildInfo:
    """The build as a PROV activity."""

    version: str
    model: str
    started: str  # ISO 8601 UTC
    ended: str
    sources: tuple[str, ...] = field(default_factory=tuple)
