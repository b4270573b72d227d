"""SPARQL queries over a written graph, a persistent store or an endpoint.

>>> from rdflib import Literal
>>> print(format_result(QueryResult(vars=("name",), rows=((Literal("Haftar"),),)), "table"), end="")
name
------
Haftar
(1 row)
"""

from __future__ import annotations

import csv
import io
import json
import re
from collections.abc import Mapping
from dataclasses import dataclass, field
from pathlib import Path

import rdflib
from rdflib.term import BNode, Literal, URIRef, Variable

from .errors import InputError, QueryError
from .vocab import DEFAULT_BASE, KGO, STANDARD_PREFIXES

__all__ = ["QueryResult", "run_query", "format_result", "read_query", "bind_value", "FORMATS"]

#: Output formats of :func:`format_result`.
FORMATS = ("table", "csv", "tsv", "json")

_XSD_STRING = rdflib.XSD.string
#: A SPARQL variable name as ``--param`` accepts it.
VARIABLE_NAME = re.compile(r"^[A-Za-z_][A-Za-z0-9_]*$")
_UPDATE = re.compile(r"^\s*(INSERT|DELETE|LOAD|CLEAR|CREATE|DROP|COPY|MOVE|ADD|WITH)\b", re.I)
_PROLOGUE = re.compile(r"^(\s+|#[^\n]*|(PREFIX\s+[^\s:]*:\s*<[^>]*>)|(BASE\s*<[^>]*>))", re.I)


@dataclass(frozen=True)
class QueryResult:
    """The answer to one SPARQL query, whatever ran it.

    ``vars`` are the projected variable names (without ``?``); each row is a
    tuple of rdflib terms (``URIRef``, ``Literal``, ``BNode``) or ``None`` for
    an unbound variable, in ``vars`` order.  An ASK query has no vars and no
    rows and sets ``boolean``.  CONSTRUCT / DESCRIBE give rows of
    ``(subject, predicate, object)``.
    """

    vars: tuple[str, ...] = ()
    rows: tuple[tuple, ...] = field(default_factory=tuple)
    boolean: bool | None = None

    def __len__(self) -> int:
        return len(self.rows)


# --------------------------------------------------------------------------- running


def read_query(query: str) -> tuple[str, str]:
    """(text, name for messages) of a query given as a ``.rq`` path or as SPARQL text."""
    candidate = query.strip()
    if "\n" not in candidate and re.search(r"\.(rq|sparql)$", candidate, re.I):
        path = Path(candidate)
        if not path.is_file():
            raise QueryError(f"{candidate}: no such query file")
        return path.read_text(encoding="utf-8-sig"), candidate
    return query, "query"


def bind_value(value) -> rdflib.term.Identifier:
    """A ``--param`` value as an RDF term: ``<...>`` or an ``http(s):``/``urn:`` string
    gives an IRI, anything else a plain literal; rdflib terms pass through."""
    if isinstance(value, rdflib.term.Identifier):
        return value
    text = str(value)
    stripped = text.strip()
    if stripped.startswith("<") and stripped.endswith(">"):
        return _iri(stripped[1:-1])
    if re.match(r"^(https?|urn):\S+$", stripped):
        return _iri(stripped)
    return Literal(text)


def _iri(text: str) -> URIRef:
    if not text or re.search(r'[\x00-\x20<>"{}|^`\\]', text):
        raise QueryError(f"{text!r} is not a valid IRI")
    return URIRef(text)


def _bindings(text: str, params: Mapping[str, object] | None) -> dict[str, rdflib.term.Identifier]:
    out = {}
    for name, value in (params or {}).items():
        name = str(name).lstrip("?$")
        if not VARIABLE_NAME.match(name):
            raise QueryError(f"--param {name!r}: not a SPARQL variable name (letters, digits, _)")
        if not re.search(rf"[?$]{re.escape(name)}\b", text):
            raise QueryError(f"--param {name}: the query has no variable ?{name}")
        out[name] = bind_value(value)
    return out


def _is_update(text: str) -> bool:
    rest = text
    while True:
        m = _PROLOGUE.match(rest)
        if not m or not m.group(0):
            break
        rest = rest[m.end():]
    return bool(_UPDATE.match(rest))


def _location(text: str, exc: Exception) -> str:
    """'line L, column C: message' for a parse error of ``text``."""
    lineno = getattr(exc, "lineno", None)
    col = getattr(exc, "col", None)
    message = str(getattr(exc, "msg", "") or exc)
    found = re.search(r"found '([^']*)'", str(exc))
    if lineno is None:
        m = re.search(r"Unknown namespace prefix : (\S+)", str(exc))
        if m:
            message = f"unknown prefix {m.group(1)}: (add a PREFIX line)"
            hit = re.search(rf"(?<![\w:<]){re.escape(m.group(1))}:", text)
            if hit:
                lineno = text.count("\n", 0, hit.start()) + 1
                col = hit.start() - (text.rfind("\n", 0, hit.start()) + 1) + 1
    if lineno is None:
        return message
    if found and "found" not in message:
        message += f", found {found.group(1)!r}"
    return f"line {lineno}, column {col}: {message}"


def _prepare(text: str, name: str):
    from rdflib.plugins.sparql import prepareQuery
    from rdflib.plugins.sparql.processor import prepareUpdate

    update = _is_update(text)
    try:
        return (prepareUpdate(text) if update else prepareQuery(text)), update
    except Exception as exc:  # pyparsing.ParseException, and plain Exception for bad prefixes
        kind = "SPARQL update" if update else "SPARQL query"
        raise QueryError(f"{name}: malformed {kind}: {_location(text, exc)}") from None


def _load_graph(graph: Path | rdflib.Graph) -> rdflib.Graph:
    if isinstance(graph, rdflib.Graph):
        return graph
    from .load import parse_rdf

    try:
        parsed = parse_rdf(graph)
    except InputError as exc:
        raise QueryError(str(exc)) from None
    if isinstance(parsed, rdflib.Dataset):
        parsed.default_union = True
    return parsed


def run_query(
    query: str,
    *,
    graph: Path | rdflib.Graph | None = None,
    store: Path | None = None,
    endpoint: str | None = None,
    params: Mapping[str, object] | None = None,
    allow_update: bool = False,
) -> QueryResult:
    """Run a SPARQL query (a ``.rq`` path or the text itself) and return its result.

    Exactly one of ``graph`` (a Turtle / TriG / N-Triples / JSON-LD file, or
    an rdflib graph), ``store`` (a folder made by ``kg build --store``) or
    ``endpoint`` (a SPARQL endpoint URL) says where.  ``params`` bind
    variables before evaluation (never pasted into the text): ``{"name":
    "Haftar"}`` binds ``?name`` to the literal "Haftar", ``"<http://...>"``
    binds an IRI.  SPARQL Update is refused unless ``allow_update``; on a
    graph file an allowed update rewrites the file.
    """
    targets = [t for t in (graph, store, endpoint) if t is not None]
    if len(targets) != 1:
        raise QueryError("give exactly one of a graph file, --store or --endpoint")
    text, name = read_query(query)
    if not text.strip():
        raise QueryError(f"{name}: empty query")
    bindings = _bindings(text, params)
    prepared, update = _prepare(text, name)
    if update and not allow_update:
        raise QueryError(f"{name}: SPARQL Update is refused; pass --allow-update to change the graph")
    if update and bindings:
        raise QueryError(f"{name}: --param works with queries, not updates")
    if store is not None:
        return _run_store(store, text, bindings, update)
    if endpoint is not None:
        return _run_endpoint(endpoint, text, bindings, update, name)
    target = _load_graph(graph)
    if update:
        target.update(prepared)
        if not isinstance(graph, rdflib.Graph):
            _write_back(target, Path(graph))
        return QueryResult()
    try:
        result = target.query(prepared, initBindings={Variable(k): v for k, v in bindings.items()})
        return _from_rdflib(result)
    except QueryError:
        raise
    except Exception as exc:  # evaluation errors surface as many types in rdflib
        raise QueryError(f"{name}: query failed: {exc}") from None


def _write_back(graph: rdflib.Graph, path: Path) -> None:
    from .io import atomic_write
    from .load import rdf_format

    fmt, _, _ = rdf_format(path)
    with atomic_write(path, "wb") as fh:
        fh.write(graph.serialize(format=fmt, encoding="utf-8"))


def _run_store(store: Path, text: str, bindings: dict, update: bool) -> QueryResult:
    from . import store as kg_store

    if update:
        kg_store.update_store(Path(store), text)
        return QueryResult()
    return kg_store.query_store(Path(store), text, bindings)


def _run_endpoint(endpoint: str, text: str, bindings: dict, update: bool, name: str) -> QueryResult:
    from rdflib.plugins.stores.sparqlstore import SPARQLStore, SPARQLUpdateStore

    if not re.match(r"^https?://", endpoint):
        raise QueryError(f"--endpoint {endpoint!r} is not an http(s) URL")
    if bindings:
        # SPARQLStore appends initBindings as a trailing VALUES, which filters
        # inside the WHERE group never see; open the group with them instead.
        from .store import inject_values

        text = inject_values(text, bindings)
    try:
        if update:
            store = SPARQLUpdateStore(query_endpoint=endpoint, update_endpoint=endpoint)
            store.update(text)
            return QueryResult()
        store = SPARQLStore(endpoint, returnFormat="json")
        return _from_rdflib(rdflib.Graph(store=store).query(text))
    except QueryError:
        raise
    except Exception as exc:  # urllib / HTTP / result parsing errors
        cause = exc
        while cause.__context__ is not None and not isinstance(cause, OSError):
            cause = cause.__context__  # rdflib wraps "connection refused" in a generic message
        reason = getattr(cause, "reason", None) or cause if isinstance(cause, OSError) else exc
        reason = getattr(reason, "strerror", None) or reason
        raise QueryError(f"{name}: query to {endpoint} failed: {reason}") from None


def _from_rdflib(result) -> QueryResult:
    if result.type == "ASK":
        return QueryResult(boolean=bool(result.askAnswer))
    if result.type == "SELECT":
        names = tuple(str(v) for v in result.vars or ())
        return QueryResult(vars=names, rows=tuple(tuple(row) for row in result))
    return QueryResult(vars=("subject", "predicate", "object"), rows=tuple(tuple(t) for t in result))


# --------------------------------------------------------------------------- formatting


def format_result(result: QueryResult, fmt: str = "table") -> str:
    """Render a result as ``table`` (for people), ``csv`` / ``tsv`` (SPARQL 1.1
    CSV/TSV results) or ``json`` (SPARQL 1.1 Query Results JSON)."""
    if fmt == "json":
        return _json(result)
    if fmt == "csv":
        return _csv(result)
    if fmt == "tsv":
        return _tsv(result)
    if fmt == "table":
        return _table(result)
    raise QueryError(f"unknown result format {fmt!r}; choose from {', '.join(FORMATS)}")


def _json_term(term) -> dict:
    if isinstance(term, URIRef):
        return {"type": "uri", "value": str(term)}
    if isinstance(term, BNode):
        return {"type": "bnode", "value": str(term)}
    out = {"type": "literal", "value": str(term)}
    if isinstance(term, Literal):
        if term.language:
            out["xml:lang"] = term.language
        elif term.datatype is not None and term.datatype != _XSD_STRING:
            out["datatype"] = str(term.datatype)
    return out


def _json(result: QueryResult) -> str:
    if result.boolean is not None:
        document = {"head": {}, "boolean": result.boolean}
    else:
        bindings = [
            {var: _json_term(term) for var, term in zip(result.vars, row) if term is not None}
            for row in result.rows
        ]
        document = {"head": {"vars": list(result.vars)}, "results": {"bindings": bindings}}
    return json.dumps(document, ensure_ascii=False, indent=2) + "\n"


def _plain(term) -> str:
    if term is None:
        return ""
    if isinstance(term, BNode):
        return f"_:{term}"
    return str(term)


def _csv(result: QueryResult) -> str:
    buffer = io.StringIO()
    writer = csv.writer(buffer, lineterminator="\r\n")
    if result.boolean is not None:
        writer.writerows([["boolean"], ["true" if result.boolean else "false"]])
    else:
        writer.writerow(result.vars)
        writer.writerows([_plain(t) for t in row] for row in result.rows)
    return buffer.getvalue()


_TSV_ESCAPES = str.maketrans({"\\": "\\\\", '"': '\\"', "\n": "\\n", "\r": "\\r", "\t": "\\t"})


def _tsv_term(term) -> str:
    """A term in N-Triples syntax: never a raw tab or line break."""
    if term is None:
        return ""
    if isinstance(term, URIRef):
        return f"<{term}>"
    if isinstance(term, BNode):
        return f"_:{term}"
    text = f'"{str(term).translate(_TSV_ESCAPES)}"'
    if isinstance(term, Literal) and term.language:
        return f"{text}@{term.language}"
    if isinstance(term, Literal) and term.datatype is not None and term.datatype != _XSD_STRING:
        return f"{text}^^<{term.datatype}>"
    return text


def _tsv(result: QueryResult) -> str:
    if result.boolean is not None:
        return "?boolean\n" + ("true" if result.boolean else "false") + "\n"
    lines = ["\t".join(f"?{v}" for v in result.vars)]
    lines += ["\t".join(_tsv_term(t) for t in row) for row in result.rows]
    return "\n".join(lines) + "\n"


_DISPLAY_PREFIXES = sorted(
    {"kg": DEFAULT_BASE, "kgo": KGO, **STANDARD_PREFIXES}.items(), key=lambda item: -len(item[1])
)
_MAX_CELL = 100


def _cell(term) -> str:
    if term is None:
        return ""
    if isinstance(term, URIRef):
        text = str(term)
        for prefix, space in _DISPLAY_PREFIXES:
            if text.startswith(space) and len(text) > len(space):
                text = f"{prefix}:{text[len(space):]}"
                break
    else:
        text = _plain(term)
    text = re.sub(r"\s+", " ", text)
    return text if len(text) <= _MAX_CELL else text[: _MAX_CELL - 1] + "…"


def _table(result: QueryResult) -> str:
    if result.boolean is not None:
        return ("yes" if result.boolean else "no") + "\n"
    header = list(result.vars)
    rows = [[_cell(t) for t in row] for row in result.rows]
    widths = [max([len(h)] + [len(r[i]) for r in rows]) for i, h in enumerate(header)]
    lines = ["  ".join(h.ljust(w) for h, w in zip(header, widths)).rstrip(),
             "  ".join("-" * w for w in widths)]
    lines += ["  ".join(c.ljust(w) for c, w in zip(r, widths)).rstrip() for r in rows]
    lines.append(f"({len(rows)} row{'s' if len(rows) != 1 else ''})")
    return "\n".join(lines) + "\n"
