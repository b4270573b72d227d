"""A persistent Oxigraph store: the embedded home for graphs that outgrow memory.

``kg build --store DIR`` writes the build into ``DIR`` (one named graph per
article plus one for entities, ontology and build, as ``kg.rdf.to_dataset``
lays them out) and ``kg query --store DIR`` runs SPARQL on it without
loading anything into memory.

The store's default graph holds the RDF merge of all its named graphs (each
distinct triple once), so the same ``.rq`` files give the same answers on
``graph.ttl`` and on a store, counts included: Oxigraph's "union default
graph" option would instead repeat a triple once per graph stating it.
``GRAPH ?g { ... }`` patterns still see the article graphs.

A build replaces the store's content: the new store is written beside the old
one and swapped in at the end, so a failed or interrupted build leaves the
previous store intact.  ``replace=False`` instead replaces only the graphs the
build has and keeps the others (several corpora in one store).
"""

from __future__ import annotations

import contextlib
import os
import re
import shutil
from collections.abc import Iterable, Iterator, Mapping
from pathlib import Path

import pyoxigraph as ox
import rdflib

from .errors import QueryError, StoreError
from .query import VARIABLE_NAME, QueryResult

__all__ = ["save_to_store", "query_store", "update_store", "is_store", "check_target", "as_dataset", "to_oxigraph", "to_rdflib"]

XSD_STRING = "http://www.w3.org/2001/XMLSchema#string"
RDF_LANG_STRING = "http://www.w3.org/1999/02/22-rdf-syntax-ns#langString"
#: Rebuilds the default graph as the merge of every named graph.
MERGE_INTO_DEFAULT = "INSERT { ?s ?p ?o } WHERE { GRAPH ?g { ?s ?p ?o } }"


# --------------------------------------------------------------------------- terms


def to_oxigraph(term) -> ox.NamedNode | ox.BlankNode | ox.Literal:
    """The pyoxigraph term of an rdflib term.

    >>> to_oxigraph(rdflib.Literal("Paris", lang="fr"))
    <Literal value=Paris language=fr>
    """
    if isinstance(term, rdflib.URIRef):
        return ox.NamedNode(str(term))
    if isinstance(term, rdflib.BNode):
        return ox.BlankNode(str(term))
    if isinstance(term, rdflib.Literal):
        if term.language:
            return ox.Literal(str(term), language=term.language)
        if term.datatype is not None:
            return ox.Literal(str(term), datatype=ox.NamedNode(str(term.datatype)))
        return ox.Literal(str(term))
    raise StoreError(f"cannot store RDF term {term!r} of type {type(term).__name__}")


def to_rdflib(term) -> rdflib.term.Identifier | None:
    """The rdflib term of a pyoxigraph term (``xsd:string`` literals become plain).

    >>> to_rdflib(ox.Literal("3", datatype=ox.NamedNode("http://www.w3.org/2001/XMLSchema#integer")))
    rdflib.term.Literal('3', datatype=rdflib.term.URIRef('http://www.w3.org/2001/XMLSchema#integer'))
    """
    if term is None:
        return None
    if isinstance(term, ox.NamedNode):
        return rdflib.URIRef(term.value)
    if isinstance(term, ox.BlankNode):
        return rdflib.BNode(term.value)
    if isinstance(term, ox.Literal):
        if term.language:
            return rdflib.Literal(term.value, lang=term.language)
        datatype = term.datatype.value
        if datatype in (XSD_STRING, RDF_LANG_STRING):
            return rdflib.Literal(term.value)
        return rdflib.Literal(term.value, datatype=rdflib.URIRef(datatype))
    return rdflib.Literal(str(term))  # RDF-star triple terms: kg writes none


# --------------------------------------------------------------------------- writing


def as_dataset(source, base: str | None = None) -> rdflib.Dataset:
    """A kg graph (networkx) or rdflib graph as a dataset of named graphs.

    An ``rdflib.Dataset`` is returned as is; a kg graph goes through
    ``kg.rdf.to_dataset``; a plain ``rdflib.Graph`` becomes the default graph.
    """
    if isinstance(source, rdflib.Dataset):
        return source
    if isinstance(source, rdflib.Graph):
        ds = rdflib.Dataset()
        for triple in source:
            ds.add(triple)
        return ds
    from .rdf import to_dataset

    return to_dataset(source, base=base)


def _source_quads(source, base: str | None) -> Iterator[ox.Quad]:
    """The quads of ``source``; a kg graph takes the fast path of ``kg.rdf.quads``."""
    if isinstance(source, rdflib.Graph):
        return _quads(as_dataset(source))
    from .rdf import quads

    return (ox.Quad(*q) for q in quads(source, base, library="oxigraph"))


def _quads(dataset: rdflib.Dataset) -> Iterator[ox.Quad]:
    for s, p, o, g in dataset.quads((None, None, None, None)):
        if g is None or g == rdflib.graph.DATASET_DEFAULT_GRAPH_ID:
            graph = ox.DefaultGraph()
        else:
            graph = to_oxigraph(g.identifier if isinstance(g, rdflib.Graph) else g)
        yield ox.Quad(to_oxigraph(s), to_oxigraph(p), to_oxigraph(o), graph)


def is_store(path: str | os.PathLike) -> bool:
    """True when ``path`` is a folder holding an Oxigraph (RocksDB) store."""
    path = Path(path)
    return (path / "CURRENT").is_file() and any(path.glob("OPTIONS-*"))


def check_target(store_dir: Path) -> None:
    """Raise ``StoreError`` unless ``store_dir`` may receive a store (checked before a build starts)."""
    if store_dir.exists() and not store_dir.is_dir():
        raise StoreError(f"{store_dir}: not a folder; give --store a folder for the Oxigraph store")
    if store_dir.is_dir() and any(store_dir.iterdir()) and not is_store(store_dir):
        raise StoreError(
            f"{store_dir}: folder is not empty and is not an Oxigraph store; "
            "give --store an empty or new folder"
        )


@contextlib.contextmanager
def _open(store_dir: Path, read_only: bool = False) -> Iterator[ox.Store]:
    try:
        store = ox.Store.read_only(str(store_dir)) if read_only else ox.Store(str(store_dir))
    except OSError as exc:
        reason = str(exc)
        if "lock" in reason.lower():
            reason = "in use by another process (a build or a server); try again when it ends"
        raise StoreError(f"{store_dir}: cannot open the Oxigraph store: {reason}") from exc
    try:
        yield store
    finally:
        del store  # pyoxigraph closes a store (and releases its lock) when the last reference goes


def save_to_store(
    source,
    store_dir: str | os.PathLike,
    *,
    base: str | None = None,
    replace: bool = True,
) -> int:
    """Write ``source`` (a kg graph or an rdflib dataset) into the store at ``store_dir``.

    Returns the number of quads written.  With ``replace`` (the default) the
    store holds exactly this build afterwards; the new store is written
    beside the old one and swapped in at the end.  With ``replace=False``
    each named graph of ``source`` replaces the store's graph of that name
    and every other graph is kept.  Either way the default graph is then
    rebuilt as the merge of all named graphs.
    """
    store_dir = Path(store_dir)
    check_target(store_dir)
    quads = _source_quads(source, base)
    if not replace and store_dir.is_dir() and is_store(store_dir):
        return _merge(quads, store_dir)
    store_dir.parent.mkdir(parents=True, exist_ok=True)
    fresh = store_dir.with_name(f".{store_dir.name}.new-{os.getpid()}")
    old = store_dir.with_name(f".{store_dir.name}.old-{os.getpid()}")
    shutil.rmtree(fresh, ignore_errors=True)
    try:
        count = _write_fresh(fresh, quads)
        if store_dir.exists():
            os.replace(store_dir, old)
        os.replace(fresh, store_dir)
    except OSError as exc:
        raise StoreError(f"{store_dir}: cannot write the Oxigraph store: {exc}") from exc
    finally:
        shutil.rmtree(fresh, ignore_errors=True)
        shutil.rmtree(old, ignore_errors=True)
    return count


def _write_fresh(folder: Path, quads: Iterable[ox.Quad]) -> int:
    """Bulk-load ``quads`` into a new store; the store is closed when this returns."""
    count = 0

    def counted() -> Iterator[ox.Quad]:
        nonlocal count
        for quad in quads:
            count += 1
            yield quad

    with _open(folder) as store:
        store.bulk_extend(counted())
        store.update(MERGE_INTO_DEFAULT)
        store.flush()
    return count


def _merge(quads: Iterable[ox.Quad], store_dir: Path) -> int:
    quads = list(quads)
    graphs = {q.graph_name for q in quads}
    clear = " ".join(
        "CLEAR DEFAULT ;" if isinstance(g, ox.DefaultGraph) else f"CLEAR SILENT GRAPH {g} ;"
        for g in graphs
    )
    with _open(store_dir) as store:
        try:
            store.update(f"{clear} CLEAR DEFAULT")
            store.extend(quads)
            store.update(MERGE_INTO_DEFAULT)
        except OSError as exc:
            raise StoreError(f"{store_dir}: cannot write the Oxigraph store: {exc}") from exc
    return len(quads)


# --------------------------------------------------------------------------- querying


def _binding_term(name: str, value) -> str:
    """The SPARQL text of one bound value: ``<iri>`` for IRIs, else a literal."""
    if isinstance(value, str) and not isinstance(value, rdflib.term.Identifier):
        text = value.strip()
        if text.startswith("<") and text.endswith(">"):
            value = rdflib.URIRef(text[1:-1])
        else:
            value = rdflib.Literal(value)
    if isinstance(value, rdflib.URIRef):
        try:
            return str(ox.NamedNode(str(value)))
        except ValueError as exc:
            raise QueryError(f"--param {name}: {str(value)!r} is not a valid IRI: {exc}") from None
    if isinstance(value, rdflib.Literal):
        return str(to_oxigraph(value))
    if isinstance(value, (ox.NamedNode, ox.Literal)):
        return str(value)
    raise QueryError(f"--param {name}: cannot bind a {type(value).__name__}")


_FORM = re.compile(r"\b(SELECT|ASK|CONSTRUCT|DESCRIBE)\b", re.IGNORECASE)


def _skip(query: str, i: int) -> int:
    """Index after the comment, string or IRI starting at ``query[i]`` (else ``i``)."""
    ch = query[i]
    if ch == "#":
        end = query.find("\n", i)
        return len(query) if end < 0 else end
    if ch in "\"'":
        quote = ch * 3 if query.startswith(ch * 3, i) else ch
        j = i + len(quote)
        while j < len(query):
            if query[j] == "\\":
                j += 2
                continue
            if query.startswith(quote, j):
                return j + len(quote)
            j += 1
        return len(query)
    if ch == "<":
        m = re.compile(r"<[^<>\"{}|^`\\\s]*>").match(query, i)
        if m:
            return m.end()
    return i


def _code_positions(query: str) -> Iterator[int]:
    """Indices of characters outside comments, strings and IRIs."""
    i = 0
    while i < len(query):
        j = _skip(query, i)
        if j != i:
            i = j
            continue
        yield i
        i += 1


def inject_values(query: str, bindings: Mapping[str, object]) -> str:
    """Bind variables by opening the query's WHERE group with ``VALUES`` clauses.

    Unlike pyoxigraph's substitutions this also binds variables the query does
    not project (``?actor`` in "who supports ?actor").

    >>> inject_values("SELECT ?s WHERE { ?s ?p ?o }", {"o": "x"})
    'SELECT ?s WHERE { VALUES ?o { "x" } ?s ?p ?o }'
    """
    if not bindings:
        return query
    clauses = []
    for name, value in bindings.items():
        name = str(name).lstrip("?$")
        if not VARIABLE_NAME.match(name):
            raise QueryError(f"--param {name!r}: not a SPARQL variable name")
        clauses.append(f"VALUES ?{name} {{ {_binding_term(name, value)} }}")
    positions = list(_code_positions(query))
    text = "".join(query[i] for i in positions)
    form = _FORM.search(text)
    if form is None:
        raise QueryError("parameters need a SELECT, ASK, CONSTRUCT or DESCRIBE query")
    skip_groups = 0
    if form.group(1).upper() == "CONSTRUCT" and not re.match(r"\s*WHERE\b", text[form.end():], re.I):
        skip_groups = 1  # the first group is the template
    depth = 0
    for k, i in enumerate(positions):
        if k < form.end():
            continue
        ch = query[i]
        if ch == "{":
            if depth == 0 and skip_groups == 0:
                return f"{query[: i + 1]} {' '.join(clauses)}{query[i + 1:]}"
            depth += 1
        elif ch == "}":
            depth -= 1
            if depth == 0:
                skip_groups -= 1
    raise QueryError("parameters need a query with a WHERE clause")


def query_store(
    store_dir: str | os.PathLike,
    query: str,
    bindings: Mapping[str, object] | None = None,
) -> QueryResult:
    """Run a SPARQL query (read only) on the store at ``store_dir``.

    ``bindings`` maps variable names to values: rdflib terms, or strings
    (``"<iri>"`` for an IRI, anything else a plain literal).  The default
    graph is the merge of every graph in the store.
    """
    store_dir = Path(store_dir)
    if not store_dir.is_dir() or not is_store(store_dir):
        raise StoreError(f"{store_dir}: no Oxigraph store here; make one with 'kg build --store {store_dir}'")
    query = inject_values(query, bindings or {})
    with _open(store_dir, read_only=True) as store:
        try:
            result = store.query(query)
            return _result(result)
        except SyntaxError as exc:
            raise QueryError(f"SPARQL syntax error: {exc}") from None
        except (OSError, RuntimeError, ValueError, TypeError) as exc:
            raise QueryError(f"query failed on {store_dir}: {exc}") from None


def update_store(store_dir: str | os.PathLike, update: str) -> None:
    """Run a SPARQL Update on the store (``kg query --store DIR --allow-update``).

    The update runs as written, in one transaction: patterns without
    ``GRAPH`` act on the default graph (the merged view queries see),
    ``GRAPH <doc>`` on an article's graph.  The next ``kg build --store``
    replaces everything.
    """
    store_dir = Path(store_dir)
    if not store_dir.is_dir() or not is_store(store_dir):
        raise StoreError(f"{store_dir}: no Oxigraph store here; make one with 'kg build --store {store_dir}'")
    with _open(store_dir) as store:
        try:
            store.update(update)
            store.flush()
        except SyntaxError as exc:
            raise QueryError(f"SPARQL syntax error: {exc}") from None
        except (OSError, RuntimeError, ValueError) as exc:
            raise QueryError(f"update failed on {store_dir}: {exc}") from None


def _result(result) -> QueryResult:
    if isinstance(result, ox.QueryBoolean):
        return QueryResult(boolean=bool(result))
    if isinstance(result, ox.QuerySolutions):
        names = tuple(v.value for v in result.variables)
        rows = tuple(tuple(to_rdflib(solution[i]) for i in range(len(names))) for solution in result)
        return QueryResult(vars=names, rows=rows)
    rows = tuple((to_rdflib(t.subject), to_rdflib(t.predicate), to_rdflib(t.object)) for t in result)
    return QueryResult(vars=("subject", "predicate", "object"), rows=rows)
