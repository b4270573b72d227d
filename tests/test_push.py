"""kg push: the Graph Store Protocol client, against a fake server and two real ones.

The real servers (Oxigraph's and Virtuoso) run on 127.0.0.1, one per kind
for the whole session; their tests skip when the binary is missing, unless
CI is set.
"""

from __future__ import annotations

import base64
import http.server
from collections.abc import Iterator

import pytest
import rdflib
from rdflib.compare import isomorphic

from kg.errors import EndpointError, KgError
from kg.push import GraphStore, graphs_of, push, split_by_document
from kg.rdf import COMMON_GRAPH, namespaces, to_dataset, to_rdf, write_outputs

from .conftest import ROOT
from .rdf_sample import sample_graph
from .servers import (
    find_oxigraph,
    find_virtuoso,
    free_port,
    oxigraph_server,
    require,
    select,
    serve_in_thread,
    virtuoso_server,
)


def named(ds: rdflib.Dataset) -> dict[str, rdflib.Graph]:
    return {str(c.identifier): c for c in ds.graphs() if len(c)}


def quads(ds: rdflib.Dataset) -> set[tuple]:
    return {(s, p, o, str(c.identifier)) for c in ds.graphs() for s, p, o in c}


# --------------------------------------------------------------------------- what is pushed


def test_split_of_graph_ttl_gives_the_dataset_of_the_build():
    g = sample_graph()
    assert quads(split_by_document(to_rdf(g))) == quads(to_dataset(g))


def test_one_graph_per_article_plus_common():
    g = sample_graph()
    ns = namespaces()
    names = [name for name, _ in graphs_of(g)]
    docs = sorted(ns.document(d) for d in g.graph["documents"])
    assert sorted(names) == sorted(docs + [ns.graph(COMMON_GRAPH)])


@pytest.mark.parametrize("fmt", ["ttl", "trig"])
def test_a_build_folder_is_read_back_as_its_dataset(tmp_path, fmt):
    g = sample_graph()
    write_outputs(g, tmp_path, formats=("ttl", fmt))
    pushed = {name: graph for name, graph in graphs_of(tmp_path)}
    expected = named(to_dataset(g))
    assert pushed.keys() == expected.keys()
    for name, graph in expected.items():
        assert isomorphic(pushed[name], graph), name


def test_missing_build_is_a_clear_error(tmp_path):
    with pytest.raises(KgError, match="run 'kg build' first"):
        push(tmp_path, "http://127.0.0.1:9/store")


# --------------------------------------------------------------------------- a fake server


class _Recorder(http.server.BaseHTTPRequestHandler):
    """Accepts PUT with basic auth ``kg:s3cret``; 405 on /sparql; records requests."""

    requests: list = []
    refused = 0

    def do_PUT(self):  # noqa: N802 - http.server's naming
        if self.path.startswith("/sparql"):
            self.send_response(405)
            self.end_headers()
            self.wfile.write(b"Method Not Allowed")
            return
        expected = "Basic " + base64.b64encode(b"kg:s3cret").decode()
        if self.headers.get("Authorization") != expected:
            type(self).refused += 1
            self.send_response(401)
            self.send_header("WWW-Authenticate", 'Basic realm="test"')
            self.end_headers()
            return
        body = self.rfile.read(int(self.headers["Content-Length"]))
        type(self).requests.append((self.path, self.headers["Content-Type"], body))
        self.send_response(201)
        self.end_headers()

    def log_message(self, *args):
        pass


@pytest.fixture
def fake_server() -> Iterator[str]:
    _Recorder.requests = []
    _Recorder.refused = 0
    with serve_in_thread(_Recorder) as base:
        yield base


def test_push_puts_each_graph_as_ntriples(fake_server, monkeypatch):
    monkeypatch.setenv("KG_PUSH_USER", "kg")
    monkeypatch.setenv("KG_PUSH_PASSWORD", "s3cret")
    g = sample_graph()
    report = push(g, f"{fake_server}/store")
    expected = named(to_dataset(g))
    assert report.graphs == len(expected) == len(_Recorder.requests)
    assert report.triples == sum(len(x) for x in expected.values())
    client = GraphStore(f"{fake_server}/store")
    for name, graph in expected.items():
        path, content_type, body = next(r for r in _Recorder.requests if r[0] == client.url_for(name)[len(fake_server):])
        assert content_type.startswith("application/n-triples")
        assert isomorphic(rdflib.Graph().parse(data=body.decode("utf-8"), format="nt"), graph)
    assert _Recorder.refused == 1  # credentials go up front once the challenge is known


def test_refused_credentials_say_how_to_give_them(fake_server):
    with pytest.raises(EndpointError, match=r"HTTP 401.*--user/--password"):
        push(sample_graph(), f"{fake_server}/store", user="kg", password="wrong")


def test_a_query_endpoint_is_not_a_graph_store(fake_server):
    with pytest.raises(EndpointError, match=r"HTTP 405.*Graph Store endpoint"):
        push(sample_graph(), f"{fake_server}/sparql", user="kg", password="s3cret")


def test_unreachable_server_is_one_line():
    url = f"http://127.0.0.1:{free_port()}/store"
    with pytest.raises(EndpointError, match="connection refused") as info:
        push(sample_graph(), url)
    assert "\n" not in str(info.value) and url in str(info.value)


@pytest.mark.parametrize("url", ["localhost:7878/store", "ftp://example.org/", "store"])
def test_not_an_http_url(url):
    with pytest.raises(EndpointError, match="not an http"):
        push(sample_graph(), url)


# --------------------------------------------------------------------------- real servers


def test_a_missing_server_skips_unless_ci(monkeypatch):
    monkeypatch.delenv("CI", raising=False)
    with pytest.raises(pytest.skip.Exception):
        require(None, "Virtuoso")
    monkeypatch.setenv("CI", "true")
    with pytest.raises(pytest.fail.Exception, match="CI is set"):
        require(None, "Virtuoso")
    assert require("/usr/bin/virtuoso-t", "Virtuoso") == "/usr/bin/virtuoso-t"


@pytest.fixture(scope="session")
def oxigraph(tmp_path_factory):
    binary = require(find_oxigraph(), "Oxigraph's server (pip install oxigraph)")
    with oxigraph_server(tmp_path_factory.mktemp("oxigraph"), binary) as server:
        yield server


@pytest.fixture(scope="session")
def virtuoso(tmp_path_factory):
    binary = require(find_virtuoso(), "Virtuoso (apt-get install virtuoso-opensource)")
    with virtuoso_server(tmp_path_factory.mktemp("virtuoso"), binary) as server:
        yield server


@pytest.fixture(params=["oxigraph", "virtuoso"])
def server(request):
    return request.getfixturevalue(request.param)


#: Questions asked of the local graph and of the server; answers must match.
QUESTIONS = {
    "meetings": """
        PREFIX kgo: <https://kg.example.org/ontology#>
        PREFIX rdfs: <http://www.w3.org/2000/01/rdf-schema#>
        SELECT DISTINCT ?a ?b WHERE { ?x kgo:meets ?y . ?x rdfs:label ?a . ?y rdfs:label ?b }""",
    "evidence": """
        PREFIX kgo: <https://kg.example.org/ontology#>
        PREFIX rdf: <http://www.w3.org/1999/02/22-rdf-syntax-ns#>
        PREFIX prov: <http://www.w3.org/ns/prov#>
        SELECT DISTINCT ?p ?sentence ?start ?end ?doc ?certainty WHERE {
          ?m rdf:predicate ?p ; kgo:sentence ?sentence ; kgo:start ?start ; kgo:end ?end ;
             kgo:certainty ?certainty ; prov:wasDerivedFrom ?doc }""",
    "documents": """
        PREFIX schema: <http://schema.org/>
        SELECT DISTINCT ?doc ?p ?v WHERE { ?doc a schema:NewsArticle ; ?p ?v }""",
    "names": """
        PREFIX rdfs: <http://www.w3.org/2000/01/rdf-schema#>
        PREFIX skos: <http://www.w3.org/2004/02/skos/core#>
        SELECT DISTINCT ?e ?name WHERE { { ?e rdfs:label ?name } UNION { ?e skos:altLabel ?name } }""",
    "triples": "SELECT (COUNT(*) AS ?n) WHERE { SELECT DISTINCT ?s ?p ?o WHERE { ?s ?p ?o } }",
}


def local_answers(graph: rdflib.Graph, query: str) -> set[tuple]:
    return {tuple(row) for row in graph.query(query)}


def value(term):
    """A term compared by value: servers write numbers in canonical form
    (Oxigraph and Virtuoso both turn ``"1.0"^^xsd:decimal`` into ``"1"``)."""
    if isinstance(term, rdflib.Literal):
        return (term.toPython(), term.datatype, term.language)
    return term


def as_python(rows) -> set[tuple]:
    return {tuple(value(t) for t in row) for row in rows}


def distinct_triples(server, graphs: tuple[str, ...]) -> int:
    ((n,),) = select(server, QUESTIONS["triples"], default_graphs=graphs)
    return int(n)


def same_graph(a: rdflib.Graph, b: rdflib.Graph) -> bool:
    """kg writes no blank nodes, so graphs are equal when their triples are, by value."""
    return as_python(a) == as_python(b) and len(a) == len(b)


@pytest.mark.server
def test_round_trip_through_server(server):
    g = sample_graph()
    report = push(g, server.store_url, user=server.user, password=server.password)
    expected = named(to_dataset(g))
    assert report.graphs == len(expected)
    client = GraphStore(server.store_url, server.user, server.password)
    for name, graph in expected.items():
        assert same_graph(client.get(name), graph), f"{server.kind} changed graph {name}"
    local = to_rdf(g)
    graphs = tuple(expected)
    for label, query in QUESTIONS.items():
        remote = select(server, query, default_graphs=graphs)
        assert as_python(remote) == as_python(local_answers(local, query)), f"{server.kind}: {label}"
    assert distinct_triples(server, graphs) == len(local)


@pytest.mark.server
def test_pushing_an_article_again_replaces_it(server, tmp_path):
    base = f"http://repush.example/{server.kind}/"
    g = sample_graph()
    push(g, server.store_url, user=server.user, password=server.password, base=base)
    first = named(to_dataset(g, base=base))
    # Rebuild with one article's statements gone, and push only that article.
    doc = sorted(g.graph["documents"])[0]
    smaller = g.copy()
    for u, v, k, data in list(smaller.edges(keys=True, data=True)):
        kept = tuple(r for r in data["relations"] if r.evidence.doc_id != doc)
        if kept:
            smaller.edges[u, v, k]["relations"] = kept
        else:
            smaller.remove_edge(u, v, k)
    second = named(to_dataset(smaller, base=base))
    doc_iri = namespaces(base).document(doc)
    article = rdflib.Dataset()
    for s, p, o in second[doc_iri]:
        article.graph(rdflib.URIRef(doc_iri)).add((s, p, o))
    push(article, server.store_url, user=server.user, password=server.password)
    client = GraphStore(server.store_url, server.user, server.password)
    assert len(second[doc_iri]) < len(first[doc_iri])
    assert same_graph(client.get(doc_iri), second[doc_iri])
    for name in first:
        if name != doc_iri:
            assert same_graph(client.get(name), first[name]), f"{name} was touched"


@pytest.mark.server
def test_virtuoso_refuses_a_wrong_password(virtuoso):
    with pytest.raises(EndpointError, match="HTTP 401"):
        push(sample_graph(), virtuoso.store_url, user="dba", password="not-the-password")


@pytest.mark.server
def test_a_large_graph_passes_virtuoso_digest_auth(virtuoso):
    """Virtuoso answers an unauthenticated PUT with 401 and hangs up before reading
    the body: a large first request must not be sent without credentials."""
    big = rdflib.Dataset()
    g = big.graph(rdflib.URIRef("http://large.example/graph"))
    for i in range(30_000):
        g.add((rdflib.URIRef(f"http://large.example/s{i}"), rdflib.RDFS.label, rdflib.Literal(f"name {i} " * 4)))
    report = push(big, virtuoso.store_url, user=virtuoso.user, password=virtuoso.password)
    assert report.triples == 30_000
    client = GraphStore(virtuoso.store_url, virtuoso.user, virtuoso.password)
    assert len(client.get("http://large.example/graph")) == 30_000


@pytest.mark.server
@pytest.mark.model
def test_seeds_round_trip(server, seeds_build):
    """The seeds build, pushed from its folder: same triples, same answers."""
    report = push(seeds_build, server.store_url, user=server.user, password=server.password)
    local = rdflib.Graph().parse(seeds_build / "graph.ttl")
    expected = named(split_by_document(local))
    assert report.graphs == len(expected) >= 3
    graphs = tuple(expected)
    assert distinct_triples(server, graphs) == len(local)
    queries = dict(QUESTIONS)
    for path in sorted((ROOT / "queries").glob("*.rq")):
        queries[path.name] = path.read_text(encoding="utf-8")
    for label, query in queries.items():
        if "SELECT" not in query.upper():
            continue
        remote = select(server, query, default_graphs=graphs)
        assert as_python(remote) == as_python(local_answers(local, query)), f"{server.kind}: {label}"


# --------------------------------------------------------------------------- the command


def test_kg_push_command(fake_server, tmp_path):
    from click.testing import CliRunner

    from kg.cli import main

    write_outputs(sample_graph(), tmp_path)
    runner = CliRunner()
    result = runner.invoke(main, ["push", str(tmp_path), "--endpoint", f"{fake_server}/store"],
                           env={"KG_PUSH_USER": "kg", "KG_PUSH_PASSWORD": "s3cret"})
    assert result.exit_code == 0, result.output
    assert result.output.startswith(f"pushed {len(_Recorder.requests)} graphs")
    result = runner.invoke(main, ["push", str(tmp_path), "--endpoint", f"http://127.0.0.1:{free_port()}/store"])
    assert result.exit_code == 1
    assert result.output.count("\n") == 1 and result.output.startswith("Error: cannot reach")
    result = runner.invoke(main, ["push", str(tmp_path)])
    assert result.exit_code == 2  # --endpoint is required


def test_a_stale_trig_is_not_pushed(tmp_path):
    """graph.trig left by an earlier build with --format trig loses to a newer graph.ttl."""
    import os

    g = sample_graph()
    write_outputs(g, tmp_path, formats=("ttl", "trig"))
    old = os.stat(tmp_path / "graph.trig").st_mtime
    os.utime(tmp_path / "graph.trig", (old - 60, old - 60))
    smaller = g.copy()
    smaller.remove_edge(*next(iter(smaller.edges(keys=True))))
    write_outputs(smaller, tmp_path)  # graph.ttl only
    pushed = {name: graph for name, graph in graphs_of(tmp_path)}
    assert quads_of(pushed) == quads(to_dataset(smaller))


def quads_of(graphs: dict) -> set[tuple]:
    return {(s, p, o, name) for name, graph in graphs.items() for s, p, o in graph}
