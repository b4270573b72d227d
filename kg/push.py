"""Load a build into any SPARQL 1.1 server through the Graph Store HTTP Protocol.

Every article is its own named graph (IRI = the document IRI) and the
entities, ontology and build record share one more, so pushing an article
again replaces exactly that article (``PUT`` replaces a graph) and leaves
everything else on the server alone.  The Graph Store Protocol streams each
graph as one N-Triples body, which avoids the size limits of ``INSERT DATA``
(Virtuoso refuses updates of more than about a thousand triples).

Endpoints (``--endpoint``) are Graph Store URLs, for example:

* Oxigraph server: ``http://127.0.0.1:7878/store``
* Virtuoso: ``http://127.0.0.1:8890/sparql-graph-crud-auth`` (user ``dba``;
  HTTP digest authentication)
* Fuseki: ``http://127.0.0.1:3030/DATASET/data``

Credentials come from the arguments or from ``$KG_PUSH_USER`` /
``$KG_PUSH_PASSWORD``; basic and digest authentication both work.
"""

from __future__ import annotations

import base64
import os
import time
import urllib.error
import urllib.parse
import urllib.request
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from pathlib import Path

import rdflib

from . import vocab
from .errors import EndpointError, InputError

__all__ = [
    "USER_ENV",
    "PASSWORD_ENV",
    "PushReport",
    "GraphStore",
    "push",
    "graphs_of",
    "split_by_document",
]

USER_ENV = "KG_PUSH_USER"
PASSWORD_ENV = "KG_PUSH_PASSWORD"
NTRIPLES = "application/n-triples"
#: A graph nobody has: asking for it makes a server state its authentication challenge.
PROBE_GRAPH = "urn:kg:authentication-probe"
#: What a build folder may hold, best first: datasets keep the named graphs.
DATASET_FILES = ("graph.trig", "graph.nq")
GRAPH_FILES = ("graph.ttl", "graph.nt")
RDF = rdflib.Namespace(vocab.RDF)
OWL = rdflib.Namespace(vocab.OWL)
PROV = rdflib.Namespace(vocab.PROV)
SCHEMA = rdflib.Namespace(vocab.SCHEMA)
HINT = (
    "give the Graph Store endpoint, e.g. http://HOST:7878/store (Oxigraph) or "
    "http://HOST:8890/sparql-graph-crud-auth (Virtuoso)"
)


@dataclass(frozen=True)
class PushReport:
    """What one push did."""

    endpoint: str
    graphs: int
    triples: int
    seconds: float

    def line(self) -> str:
        return (
            f"pushed {self.graphs} graphs ({self.triples} triples) to {self.endpoint} "
            f"in {self.seconds:.1f} s"
        )


class GraphStore:
    """A small Graph Store HTTP Protocol client (urllib only).

    >>> GraphStore("http://127.0.0.1:7878/store").url_for("http://ex.org/g")
    'http://127.0.0.1:7878/store?graph=http%3A%2F%2Fex.org%2Fg'
    >>> GraphStore("http://127.0.0.1:7878/store").url_for(None)
    'http://127.0.0.1:7878/store?default'
    """

    def __init__(
        self,
        endpoint: str,
        user: str | None = None,
        password: str | None = None,
        timeout: float = 120.0,
    ):
        parts = urllib.parse.urlsplit(endpoint)
        if parts.scheme not in ("http", "https") or not parts.netloc:
            raise EndpointError(f"{endpoint!r} is not an http(s) URL; {HINT}")
        self.endpoint = endpoint
        self.timeout = timeout
        self._user, self._password = user, password or ""
        self._challenge: tuple[str, dict] | None = None
        self._digest: urllib.request.HTTPDigestAuthHandler | None = None
        if user is not None:
            passwords = urllib.request.HTTPPasswordMgrWithDefaultRealm()
            passwords.add_password(None, endpoint, user, self._password)
            self._digest = urllib.request.HTTPDigestAuthHandler(passwords)
        self._opener = urllib.request.build_opener()

    def url_for(self, graph: str | None) -> str:
        sep = "&" if "?" in self.endpoint else "?"
        if graph is None:
            return f"{self.endpoint}{sep}default"
        return f"{self.endpoint}{sep}{urllib.parse.urlencode({'graph': graph})}"

    # Authentication is sent up front once the server's challenge is known:
    # Virtuoso answers an unauthenticated PUT with 401 and closes the
    # connection before reading the body, so a large graph sent without
    # credentials fails with a broken pipe instead of a retry.

    def _authorize(self, request: urllib.request.Request) -> None:
        if self._challenge is None:
            return
        scheme, challenge = self._challenge
        if scheme == "digest":
            value = self._digest.get_authorization(request, challenge)
            if value:
                request.add_unredirected_header("Authorization", f"Digest {value}")
        else:
            token = base64.b64encode(f"{self._user}:{self._password}".encode()).decode("ascii")
            request.add_unredirected_header("Authorization", f"Basic {token}")

    def _learn(self, exc: urllib.error.HTTPError) -> bool:
        """Remember the server's authentication challenge; False when there is none to answer."""
        if self._user is None:
            return False
        for header in exc.headers.get_all("WWW-Authenticate") or []:
            scheme, _, rest = header.strip().partition(" ")
            if scheme.lower() == "digest":
                items = urllib.request.parse_http_list(rest)
                self._challenge = ("digest", urllib.request.parse_keqv_list(items))
                return True
            if scheme.lower() == "basic":
                self._challenge = ("basic", {})
                return True
        return False

    def _probe(self) -> None:
        """A body-less request that makes the server state its challenge, if it has one."""
        request = urllib.request.Request(self.url_for(PROBE_GRAPH), method="GET", headers={"Accept": NTRIPLES})
        try:
            with self._opener.open(request, timeout=self.timeout) as response:
                response.read()
        except urllib.error.HTTPError as exc:
            if exc.code == 401:
                self._learn(exc)
        except (urllib.error.URLError, OSError) as exc:
            reason = exc.reason if isinstance(exc, urllib.error.URLError) else exc
            raise EndpointError(f"cannot reach {self.endpoint}: {_reason(reason)}") from None

    def _request(self, method: str, graph: str | None, body: bytes | None = None,
                 headers: dict[str, str] | None = None) -> tuple[int, bytes]:
        url = self.url_for(graph)
        if self._user is not None and self._challenge is None and body:
            self._probe()
        for attempt in range(2):
            request = urllib.request.Request(url, data=body, method=method, headers=headers or {})
            self._authorize(request)
            try:
                with self._opener.open(request, timeout=self.timeout) as response:
                    return response.status, response.read()
            except urllib.error.HTTPError as exc:
                if exc.code == 401 and attempt == 0 and self._learn(exc):
                    continue  # first contact, or a stale nonce: answer the challenge
                if method == "GET" and exc.code == 404:
                    return 404, b""
                raise EndpointError(_refusal(self.endpoint, method, exc)) from None
            except (urllib.error.URLError, OSError) as exc:
                reason = exc.reason if isinstance(exc, urllib.error.URLError) else exc
                if attempt == 0 and self._user is not None and isinstance(reason, _CUT_OFF):
                    self._challenge = None  # the server hung up on stale credentials: ask again
                    self._probe()
                    continue
                raise EndpointError(f"cannot reach {self.endpoint}: {_reason(reason)}") from None
        raise EndpointError(f"{self.endpoint} keeps refusing the credentials; check --user/--password")

    def put(self, graph: str | None, ntriples: bytes) -> None:
        """Replace ``graph`` (``None``: the default graph) with the N-Triples ``ntriples``."""
        self._request("PUT", graph, ntriples, {"Content-Type": f"{NTRIPLES}; charset=utf-8"})

    def get(self, graph: str | None) -> rdflib.Graph:
        """The triples of ``graph`` on the server (empty when it does not exist)."""
        status, body = self._request("GET", graph, None, {"Accept": NTRIPLES})
        g = rdflib.Graph()
        if status != 404 and body.strip():
            g.parse(data=body.decode("utf-8"), format="nt")
        return g

    def delete(self, graph: str | None) -> None:
        self._request("DELETE", graph)


_CUT_OFF = (BrokenPipeError, ConnectionResetError)


def _reason(reason: object) -> str:
    if isinstance(reason, ConnectionRefusedError):
        return "connection refused (is the server running?)"
    if isinstance(reason, TimeoutError):
        return "timed out"
    return str(getattr(reason, "strerror", None) or reason)


def _refusal(endpoint: str, method: str, exc: urllib.error.HTTPError) -> str:
    try:
        detail = exc.read(400).decode("utf-8", "replace")
    except Exception:  # the body is only a hint
        detail = ""
    detail = " ".join(detail.split())[:200]
    what = f"{endpoint} refused {method} (HTTP {exc.code}"
    what += f": {detail})" if detail else ")"
    if exc.code in (401, 403):
        return f"{what}; give credentials with --user/--password or ${USER_ENV}/${PASSWORD_ENV}"
    if exc.code in (404, 405, 501):
        return f"{what}; is it a Graph Store endpoint? {HINT}"
    return what


def graphs_of(source, base: str | None = None) -> Iterator[tuple[str | None, rdflib.Graph]]:
    """The ``(graph IRI, triples)`` pairs to push; ``None`` is the default graph.

    ``source`` is a kg graph (networkx), an ``rdflib.Dataset``, an
    ``rdflib.Graph``, an RDF file or a build folder (``graph.trig`` /
    ``graph.nq`` when present, else ``graph.ttl`` split into one graph per
    article).  Empty graphs are skipped.
    """
    dataset = _as_dataset(source, base)
    for context in sorted(dataset.graphs(), key=lambda c: str(c.identifier)):
        if len(context) == 0:
            continue
        ident = context.identifier
        if ident == rdflib.graph.DATASET_DEFAULT_GRAPH_ID:
            yield None, context
        else:
            yield str(ident), context


def _as_dataset(source, base: str | None) -> rdflib.Dataset:
    if isinstance(source, rdflib.Dataset):
        return source
    if isinstance(source, rdflib.Graph):
        return _split(source)
    if isinstance(source, (str, os.PathLike)):
        return _load(Path(source))
    from .rdf import to_dataset  # a networkx graph from kg.graph

    return to_dataset(source, base=base)


def _load(path: Path) -> rdflib.Dataset:
    if path.is_dir():
        path = _build_file(path)
    if not path.is_file():
        raise InputError(str(path), "no such file; run 'kg build' first or name a .ttl/.trig/.nq file")
    fmt = rdflib.util.guess_format(str(path))
    if fmt is None:
        raise InputError(str(path), "unknown RDF format; use .ttl, .nt, .trig or .nq")
    try:
        if fmt in ("trig", "nquads"):
            ds = rdflib.Dataset()
            ds.parse(path, format=fmt)
            return ds
        g = rdflib.Graph()
        g.parse(path, format=fmt)
    except Exception as exc:  # rdflib raises many parser exception types
        raise InputError(str(path), f"cannot parse as {fmt}: {' '.join(str(exc).split())[:300]}") from None
    return _split(g)


def _build_file(folder: Path) -> Path:
    """The file of a build folder to push: a dataset file unless it is older than graph.ttl
    (left over from an earlier build with ``--format trig``)."""
    found = [folder / name for name in DATASET_FILES + GRAPH_FILES if (folder / name).is_file()]
    if not found:
        raise InputError(str(folder), "no graph.trig, graph.nq or graph.ttl here; run 'kg build' first")
    graphs = [p for p in found if p.name in GRAPH_FILES]
    newest_graph = max((p.stat().st_mtime for p in graphs), default=0.0)
    for candidate in found:
        if candidate.name in GRAPH_FILES or candidate.stat().st_mtime >= newest_graph:
            return candidate
    return found[0]


def _split(g: rdflib.Graph) -> rdflib.Dataset:
    if isinstance(g, rdflib.Dataset):
        return g
    return split_by_document(g)


def split_by_document(g: rdflib.Graph) -> rdflib.Dataset:
    """A written kg graph (``graph.ttl``) cut into the named graphs of ``kg.rdf.to_dataset``.

    Each ``schema:NewsArticle`` gets a graph named by its IRI with its own
    triples, the relation mentions derived from it and the direct triples
    they state (both directions for a symmetric property); everything else
    (entities, ontology, build) goes to ``kg:graph-common``.
    """
    documents = sorted(set(g.subjects(RDF.type, SCHEMA.NewsArticle)))
    symmetric = set(g.subjects(RDF.type, OWL.SymmetricProperty))
    ds = rdflib.Dataset()
    for prefix, namespace in g.namespaces():
        ds.bind(prefix, namespace, override=True, replace=True)
    placed: set = set()
    direct: set = set()
    for doc in documents:
        target = ds.graph(doc)
        for triple in g.triples((doc, None, None)):
            target.add(triple)
        for mention in sorted(set(g.subjects(PROV.wasDerivedFrom, doc))):
            placed.add(mention)
            for triple in g.triples((mention, None, None)):
                target.add(triple)
            s, p, o = (g.value(mention, RDF[k]) for k in ("subject", "predicate", "object"))
            if None in (s, p, o):
                continue
            for triple in [(s, p, o)] + ([(o, p, s)] if p in symmetric else []):
                if triple in g:
                    target.add(triple)
                    direct.add(triple)
    placed.update(documents)
    common = ds.graph(rdflib.URIRef(_common_graph(g, documents)))
    for triple in g:
        if triple[0] not in placed and triple not in direct:
            common.add(triple)
    return ds


def _common_graph(g: rdflib.Graph, documents: list) -> str:
    from .rdf import COMMON_GRAPH
    from .vocab import Namespaces

    base = dict(g.namespaces()).get("kg")
    if base is None and documents:
        doc = str(documents[0])
        base = doc[: doc.rfind("doc-")]  # minted as <base>doc-<slug>; a slug has no "-"
    return Namespaces(base=str(base)).graph(COMMON_GRAPH) if base else Namespaces().graph(COMMON_GRAPH)


def push(
    source,
    endpoint: str,
    *,
    user: str | None = None,
    password: str | None = None,
    base: str | None = None,
    timeout: float = 120.0,
    progress: Callable[[int], None] | None = None,
) -> PushReport:
    """PUT every named graph of ``source`` (see ``graphs_of``) to the Graph Store ``endpoint``.

    Credentials default to ``$KG_PUSH_USER`` / ``$KG_PUSH_PASSWORD``.  Raises
    ``EndpointError`` with a one-line reason when the server is unreachable
    or refuses a request.
    """
    user = user if user is not None else os.environ.get(USER_ENV) or None
    password = password if password is not None else os.environ.get(PASSWORD_ENV)
    client = GraphStore(endpoint, user, password, timeout)
    t0 = time.perf_counter()
    graphs = triples = 0
    for name, graph in graphs_of(source, base):
        client.put(name, _ntriples(graph))
        graphs += 1
        triples += len(graph)
        if progress is not None:
            progress(graphs)
    return PushReport(endpoint, graphs, triples, time.perf_counter() - t0)


def _ntriples(graph: rdflib.Graph) -> bytes:
    plain = rdflib.Graph()
    for triple in graph:
        plain.add(triple)
    return plain.serialize(format="nt", encoding="utf-8")
