"""kg.query and queries/*.rq: rdflib and Oxigraph agree, params are bound safely, errors are located."""

from __future__ import annotations

import csv
import io
import json
import re
import shutil
import urllib.parse
from collections import Counter
from http.server import BaseHTTPRequestHandler
from pathlib import Path

import pyoxigraph as ox
import pytest
import rdflib
from rdflib import Literal, URIRef
from rdflib.query import Result

from kg import rdf
from kg.errors import QueryError
from kg.query import QueryResult, bind_value, format_result, run_query
from tests.rdf_sample import sample_graph
from tests.servers import serve_in_thread

ROOT = Path(__file__).resolve().parent.parent
QUERIES = sorted((ROOT / "queries").glob("*.rq"))
#: Parameters a query is also run with on the sample graph (each must still give rows).
PARAMS = {
    "who-met-whom.rq": {"name": "macron"},
    "supporters-and-opponents.rq": {"name": "MACRON"},
    "statements-about.rq": {"name": "Haftar"},
    "document-entities.rq": {"document": "news/b.txt"},
}


@pytest.fixture(scope="module")
def graph_file(tmp_path_factory) -> Path:
    out = tmp_path_factory.mktemp("query")
    return rdf.write_outputs(sample_graph(), out, formats=("ttl", "trig"))[0]


@pytest.fixture(scope="module")
def rg(graph_file) -> rdflib.Graph:
    return rdflib.Graph().parse(graph_file)


@pytest.fixture(scope="module")
def oxi(graph_file) -> ox.Store:
    store = ox.Store()
    store.load(path=str(graph_file), format=ox.RdfFormat.TURTLE)
    return store


def _value(term) -> str | None:
    """One comparable form of a term from either engine (numbers by value)."""
    if term is None:
        return None
    if isinstance(term, ox.NamedNode):
        return f"<{term.value}>"
    if isinstance(term, ox.Literal):
        datatype = term.datatype.value
        term = Literal(term.value, lang=term.language,
                       datatype=None if term.language or datatype.endswith("#string") else datatype)
    if isinstance(term, Literal) and term.datatype is not None and str(term.datatype).endswith("#string"):
        term = Literal(str(term))
    if isinstance(term, Literal) and isinstance(term.toPython(), (int, float)):
        return repr(float(term.toPython()))
    return term.n3()


def _oxigraph_rows(store: ox.Store, query: Path, params: dict) -> Counter:
    from kg.store import inject_values

    text = inject_values(query.read_text(encoding="utf-8"), {k: bind_value(v) for k, v in params.items()})
    solutions = store.query(text)
    names = [v.value for v in solutions.variables]
    return Counter(tuple(_value(s[n]) for n in names) for s in solutions)


def _rdflib_rows(result: QueryResult) -> Counter:
    return Counter(tuple(_value(t) for t in row) for row in result.rows)


def test_there_are_the_queries_design_asks_for():
    names = {q.name for q in QUERIES}
    assert {"who-met-whom.rq", "supporters-and-opponents.rq", "statements-about.rq",
            "document-entities.rq", "most-connected.rq"} <= names


@pytest.mark.parametrize("query", QUERIES, ids=lambda q: q.name)
def test_query_has_a_comment_and_declares_every_prefix_it_uses(query):
    text = query.read_text(encoding="utf-8")
    assert text.startswith("# ")
    declared = set(re.findall(r"^PREFIX\s+(\w*):", text, re.M))
    body = "\n".join(line for line in text.splitlines() if not line.startswith(("#", "PREFIX")))
    body = re.sub(r'"[^"]*"|<[^>]*>', "", body)
    used = set(re.findall(r"(?<![\w?$])([a-z]\w*):\w", body))
    assert used <= declared, used - declared


@pytest.mark.parametrize("query", QUERIES, ids=lambda q: q.name)
def test_query_gives_the_same_rows_in_rdflib_and_oxigraph(query, rg, oxi):
    for params in ({}, PARAMS.get(query.name, {})):
        result = run_query(str(query), graph=rg, params=params)
        assert result.rows, f"{query.name} {params} gives no rows"
        assert _rdflib_rows(result) == _oxigraph_rows(oxi, query, params), params


@pytest.mark.model
@pytest.mark.parametrize("query", QUERIES, ids=lambda q: q.name)
def test_query_gives_rows_on_the_seeds_in_both_engines(query, seeds_build):
    path = seeds_build / "graph.ttl"
    result = run_query(str(query), graph=path)
    assert result.rows
    store = ox.Store()
    store.load(path=str(path), format=ox.RdfFormat.TURTLE)
    assert _rdflib_rows(result) == _oxigraph_rows(store, query, {})


def test_who_supports_or_opposes_an_actor_by_alias_or_iri(rg):
    query = str(ROOT / "queries" / "supporters-and-opponents.rq")
    by_alias = run_query(query, graph=rg, params={"name": "macron"})
    by_iri = run_query(query, graph=rg, params={"actor": "<https://kg.example.org/id/person-Emmanuel_Macron>"})
    by_url = run_query(query, graph=rg, params={"actor": "https://kg.example.org/id/person-Emmanuel_Macron"})
    who = {(str(r[0]), str(r[1])) for r in by_alias.rows}
    assert who == {("Jean \"JJ\" O'Neil/Smith", "supports"), ("Ségolène Royal", "opposes")}
    assert by_alias.rows == by_iri.rows == by_url.rows
    assert not run_query(query, graph=rg, params={"name": "Nobody"}).rows


def test_params_are_bound_not_pasted(rg):
    query = "SELECT ?l WHERE { ?s <http://www.w3.org/2000/01/rdf-schema#label> ?l . FILTER(?l = ?name) }"
    hostile = 'x" ) } SELECT * WHERE { ?a ?b ?c } #'
    assert run_query(query, graph=rg, params={"name": hostile}).rows == ()
    assert run_query(query, graph=rg, params={"name": "Paris"}).rows == ((Literal("Paris"),),)


def test_bind_value():
    assert bind_value("<http://x.org/a>") == URIRef("http://x.org/a")
    assert bind_value("https://x.org/a") == URIRef("https://x.org/a")
    assert bind_value("Haftar") == Literal("Haftar")
    assert bind_value("http is a protocol") == Literal("http is a protocol")
    with pytest.raises(QueryError, match="not a valid IRI"):
        bind_value("<http://x.org/a b>")


def test_param_for_a_variable_the_query_lacks_is_an_error(rg):
    with pytest.raises(QueryError, match=r"no variable \?actor"):
        run_query("SELECT ?s WHERE { ?s ?p ?o }", graph=rg, params={"actor": "x"})
    with pytest.raises(QueryError, match="not a SPARQL variable"):
        run_query("SELECT ?s WHERE { ?s ?p ?o }", graph=rg, params={"a-b": "x"})


@pytest.mark.parametrize(
    "query, where",
    [
        ("SELECT ?s\nWHERE {\n  ?s ?p ?o .\n  FILTER(?o = )\n}", "line 4"),
        ("PREFIX a: <http://a/>\nSELEC ?x WHERE { ?x ?y ?z }", "line 2, column 1"),
        ("SELECT ?s WHERE {\n  ?s foo:bar ?o }", "line 2, column 6: unknown prefix foo:"),
    ],
    ids=["bad-filter", "typo", "unknown-prefix"],
)
def test_malformed_query_names_line_and_column(rg, query, where):
    with pytest.raises(QueryError, match="malformed SPARQL query") as info:
        run_query(query, graph=rg)
    assert where in str(info.value)
    assert "\n" not in str(info.value)


def test_query_file_names_itself_in_errors(rg, tmp_path):
    bad = tmp_path / "bad.rq"
    bad.write_text("SELECT WHERE {", encoding="utf-8")
    with pytest.raises(QueryError, match=r"bad\.rq: malformed"):
        run_query(str(bad), graph=rg)
    with pytest.raises(QueryError, match="no such query file"):
        run_query(str(tmp_path / "missing.rq"), graph=rg)


def test_update_is_refused_unless_allowed(graph_file, tmp_path):
    update = "PREFIX rdfs: <http://www.w3.org/2000/01/rdf-schema#>\n" \
             "INSERT DATA { <http://x.org/a> rdfs:label \"added\" }"
    copy = tmp_path / "graph.ttl"
    shutil.copy(graph_file, copy)
    before = copy.read_bytes()
    with pytest.raises(QueryError, match="Update is refused"):
        run_query(update, graph=copy)
    assert copy.read_bytes() == before
    run_query(update, graph=copy, allow_update=True)
    assert (URIRef("http://x.org/a"), None, Literal("added")) in rdflib.Graph().parse(copy)


def test_trig_file_is_queried_as_the_union_of_its_graphs(graph_file, rg):
    query = str(ROOT / "queries" / "who-met-whom.rq")
    from_trig = run_query(query, graph=graph_file.with_suffix(".trig"))
    assert _rdflib_rows(from_trig) == _rdflib_rows(run_query(query, graph=rg))


def test_missing_graph_file(tmp_path):
    with pytest.raises(QueryError, match="no such graph file"):
        run_query("SELECT * WHERE { ?s ?p ?o }", graph=tmp_path / "nothing.ttl")


def test_store_gives_the_same_rows(tmp_path, rg):
    from kg.store import save_to_store

    save_to_store(sample_graph(), tmp_path / "store")
    for query in QUERIES:
        params = PARAMS.get(query.name, {})
        from_store = run_query(str(query), store=tmp_path / "store", params=params)
        assert _rdflib_rows(from_store) == _rdflib_rows(run_query(str(query), graph=rg, params=params)), query.name


# --------------------------------------------------------------------------- endpoint


class _Endpoint(BaseHTTPRequestHandler):
    """A minimal SPARQL 1.1 protocol endpoint over an rdflib graph (GET and POST)."""

    graph: rdflib.Graph

    def _answer(self, query: str) -> None:
        result = self.graph.query(query)
        body = result.serialize(format="json")
        self.send_response(200)
        self.send_header("Content-Type", "application/sparql-results+json")
        self.send_header("Content-Length", str(len(body)))
        self.end_headers()
        self.wfile.write(body)

    def do_GET(self):  # noqa: N802 - http.server's naming
        query = urllib.parse.parse_qs(urllib.parse.urlsplit(self.path).query)["query"][0]
        self._answer(query)

    def do_POST(self):  # noqa: N802
        data = self.rfile.read(int(self.headers["Content-Length"])).decode("utf-8")
        if self.headers.get("Content-Type", "").startswith("application/sparql-query"):
            self._answer(data)
        else:
            self._answer(urllib.parse.parse_qs(data)["query"][0])

    def log_message(self, *args):
        pass


@pytest.fixture()
def endpoint(rg):
    with serve_in_thread(type("Handler", (_Endpoint,), {"graph": rg})) as base:
        yield f"{base}/sparql"


def test_endpoint_gives_the_same_rows(endpoint, rg):
    for query in QUERIES:
        params = PARAMS.get(query.name, {})
        remote = run_query(str(query), endpoint=endpoint, params=params)
        assert _rdflib_rows(remote) == _rdflib_rows(run_query(str(query), graph=rg, params=params)), query.name


def test_unreachable_endpoint_is_a_query_error():
    with pytest.raises(QueryError, match="failed"):
        run_query("SELECT * WHERE { ?s ?p ?o }", endpoint="http://127.0.0.1:9/sparql")


# --------------------------------------------------------------------------- formats

ROWS = QueryResult(
    vars=("who", "n", "label"),
    rows=(
        (URIRef("https://kg.example.org/id/person-A"), Literal(3), Literal('say "hi", ok', lang="en")),
        (URIRef("http://x.org/b"), None, Literal("tab\there\nnew line")),
    ),
)


def test_json_is_sparql_results_json():
    text = format_result(ROWS, "json")
    parsed = Result.parse(io.StringIO(text), format="json")
    assert [str(v) for v in parsed.vars] == list(ROWS.vars)
    assert [tuple(r) for r in parsed] == list(ROWS.rows)
    assert json.loads(format_result(QueryResult(boolean=True), "json")) == {"head": {}, "boolean": True}


def test_csv_round_trips_values():
    rows = list(csv.reader(io.StringIO(format_result(ROWS, "csv"), newline="")))
    assert rows[0] == ["who", "n", "label"]
    assert rows[1] == ["https://kg.example.org/id/person-A", "3", 'say "hi", ok']
    assert rows[2] == ["http://x.org/b", "", "tab\there\nnew line"]


def test_tsv_is_sparql_results_tsv():
    text = format_result(ROWS, "tsv")
    assert text.splitlines()[0] == "?who\t?n\t?label"
    parsed = Result.parse(io.StringIO(text), format="tsv")
    assert [tuple(r) for r in parsed] == list(ROWS.rows)


def test_table_is_readable():
    text = format_result(ROWS, "table")
    lines = text.splitlines()
    assert lines[0].split() == ["who", "n", "label"]
    assert "kg:person-A" in lines[2]
    assert "tab here new line" in lines[3]  # control characters never break the table
    assert lines[-1] == "(2 rows)"
    assert format_result(QueryResult(boolean=False), "table") == "no\n"


def test_unknown_format():
    with pytest.raises(QueryError, match="table, csv, tsv, json"):
        format_result(ROWS, "xml")


def test_cli_query_with_param(graph_file):
    from click.testing import CliRunner

    from kg.cli import main

    query = str(ROOT / "queries" / "supporters-and-opponents.rq")
    result = CliRunner().invoke(main, ["query", query, "--graph", str(graph_file), "--param", "name=Haftar",
                                       "--format", "csv"])
    assert result.exit_code == 0, result.output
    assert result.output.splitlines()[0] == "who,stance,whom,certainty,sentence,document"
    bad = CliRunner().invoke(main, ["query", "SELECT ?x WHERE {", "--graph", str(graph_file)])
    assert bad.exit_code == 1 and "line 1" in bad.output


@pytest.mark.server
def test_oxigraph_server_endpoint_gives_the_same_rows(tmp_path, graph_file, rg):
    import urllib.request

    from tests.servers import find_oxigraph, oxigraph_server, require

    binary = require(find_oxigraph(), "Oxigraph's server (pip install oxigraph)")
    with oxigraph_server(tmp_path / "oxigraph", binary) as server:
        upload = urllib.request.Request(f"{server.store_url}?default", data=graph_file.read_bytes(), method="POST",
                                        headers={"Content-Type": "text/turtle"})
        with urllib.request.urlopen(upload, timeout=60) as response:
            assert response.status in (200, 201, 204)
        for query in QUERIES:
            params = PARAMS.get(query.name, {})
            remote = run_query(str(query), endpoint=server.query_url, params=params)
            local = run_query(str(query), graph=rg, params=params)
            assert _rdflib_rows(remote) == _rdflib_rows(local), query.name
