"""The persistent Oxigraph store: writing a build, replacing it, querying it."""

from __future__ import annotations

from collections import Counter

import pytest
import rdflib
from rdflib import Literal, URIRef
from rdflib.namespace import RDF, RDFS

from kg.errors import QueryError, StoreError
from kg.store import inject_values, is_store, query_store, save_to_store, update_store

EX = rdflib.Namespace("http://example.org/")
G1, G2 = URIRef("http://example.org/doc/1"), URIRef("http://example.org/doc/2")
ENT = URIRef("http://example.org/entities")


def dataset(**extra) -> rdflib.Dataset:
    """Two article graphs and an entity graph, with the literal kinds kg writes."""
    ds = rdflib.Dataset()
    ents = ds.graph(ENT)
    ents.add((EX.macron, RDF.type, EX.Person))
    ents.add((EX.macron, RDFS.label, Literal("Emmanuel Macron")))
    ents.add((EX.scholz, RDF.type, EX.Person))
    ents.add((EX.scholz, RDFS.label, Literal("Olaf Scholz")))
    ents.add((EX.paris, RDFS.label, Literal("Paris", lang="fr")))
    one = ds.graph(G1)
    one.add((EX.macron, EX.meets, EX.scholz))
    one.add((EX.m1, EX.sentence, Literal('Macron met "Scholz" in Paris — à l’Élysée.')))
    one.add((EX.m1, EX.start, Literal(3, datatype=rdflib.XSD.integer)))
    one.add((G1, EX.published, Literal("2024-05-01T10:00:00Z", datatype=rdflib.XSD.dateTime)))
    two = ds.graph(G2)
    two.add((EX.scholz, EX.supports, EX.macron))
    two.add((EX.macron, EX.meets, EX.scholz))  # the same edge, stated again
    for name, triples in extra.items():
        g = ds.graph(URIRef(f"http://example.org/{name}"))
        for t in triples:
            g.add(t)
    return ds


def rows(result) -> set:
    return set(result.rows)


def test_save_returns_quads_and_makes_a_store(tmp_path):
    ds = dataset()
    n = save_to_store(ds, tmp_path / "store")
    assert n == len(list(ds.quads((None, None, None, None))))
    assert is_store(tmp_path / "store")


def test_queries_see_the_union_of_graphs_like_rdflib(tmp_path):
    ds = dataset()
    save_to_store(ds, tmp_path / "store")
    q = "SELECT ?s ?p ?o WHERE { ?s ?p ?o }"
    got = query_store(tmp_path / "store", q)
    ds.default_union = True
    expected = {tuple(r) for r in ds.query(q)}
    assert got.vars == ("s", "p", "o")
    assert rows(got) == expected  # literal kinds survive: lang, typed, plain unicode


def test_named_graphs_are_kept(tmp_path):
    save_to_store(dataset(), tmp_path / "store")
    got = query_store(
        tmp_path / "store",
        "SELECT ?g (COUNT(*) AS ?n) WHERE { GRAPH ?g { ?s ?p ?o } } GROUP BY ?g",
    )
    counts = {g: n.toPython() for g, n in got.rows}
    assert counts == {ENT: 5, G1: 4, G2: 2}


def test_ask_and_unbound_values(tmp_path):
    save_to_store(dataset(), tmp_path / "store")
    assert query_store(tmp_path / "store", "ASK { ?a <http://example.org/supports> ?b }").boolean is True
    assert query_store(tmp_path / "store", "ASK { ?a <http://example.org/opposes> ?b }").boolean is False
    got = query_store(
        tmp_path / "store",
        "SELECT ?p ?l WHERE { ?p a <http://example.org/Person> OPTIONAL { ?p <http://example.org/x> ?l } }",
    )
    assert sorted(got.rows) == [(EX.macron, None), (EX.scholz, None)]


def test_construct_gives_triples(tmp_path):
    save_to_store(dataset(), tmp_path / "store")
    got = query_store(tmp_path / "store", "CONSTRUCT { ?b ?p ?a } WHERE { ?a <http://example.org/supports> ?b . BIND(<http://example.org/backedBy> AS ?p) }")
    assert rows(got) == {(EX.macron, EX.backedBy, EX.scholz)}


def test_bindings_reach_variables_the_query_does_not_project(tmp_path):
    save_to_store(dataset(), tmp_path / "store")
    q = "SELECT ?a WHERE { ?a ?family ?b }"
    got = query_store(tmp_path / "store", q, {"b": f"<{EX.macron}>", "family": EX.supports})
    assert rows(got) == {(EX.scholz,)}
    got = query_store(tmp_path / "store", "SELECT ?p WHERE { ?p <http://www.w3.org/2000/01/rdf-schema#label> ?name }",
                      {"name": "Olaf Scholz"})
    assert rows(got) == {(EX.scholz,)}


@pytest.mark.parametrize(
    "value",
    ['x" } } DELETE WHERE { ?s ?p ?o } #', "Olaf Scholz\\", "line\nbreak"],
    ids=["quote-injection", "backslash", "newline"],
)
def test_literal_bindings_are_escaped(tmp_path, value):
    save_to_store(dataset(), tmp_path / "store")
    got = query_store(tmp_path / "store", "SELECT ?p WHERE { ?p ?q ?name }", {"name": value})
    assert got.rows == ()
    assert len(query_store(tmp_path / "store", "SELECT * WHERE { ?s ?p ?o }")) == 10


def test_bad_iri_and_bad_name_are_refused(tmp_path):
    save_to_store(dataset(), tmp_path / "store")
    with pytest.raises(QueryError, match="not a valid IRI"):
        query_store(tmp_path / "store", "SELECT ?p WHERE { ?p ?q ?o }", {"o": "<http://x> . ?a ?b <y>"})
    with pytest.raises(QueryError, match="not a SPARQL variable"):
        query_store(tmp_path / "store", "SELECT ?p WHERE { ?p ?q ?o }", {"o x": "1"})


@pytest.mark.parametrize(
    ("query", "expected"),
    [
        ("SELECT * WHERE { ?s ?p ?o }", "SELECT * WHERE { VALUES ?o { <http://e/x> } ?s ?p ?o }"),
        (
            "# a { in a comment\nPREFIX ex: <http://e/{x}>\nSELECT (\"{\" AS ?b) { ?s ?p ?o }",
            "# a { in a comment\nPREFIX ex: <http://e/{x}>\nSELECT (\"{\" AS ?b) { VALUES ?o { <http://e/x> } ?s ?p ?o }",
        ),
        (
            "CONSTRUCT { ?s ?p ?o } WHERE { ?s ?p ?o }",
            "CONSTRUCT { ?s ?p ?o } WHERE { VALUES ?o { <http://e/x> } ?s ?p ?o }",
        ),
        ("CONSTRUCT WHERE { ?s ?p ?o }", "CONSTRUCT WHERE { VALUES ?o { <http://e/x> } ?s ?p ?o }"),
        ("ASK { ?s ?p ?o }", "ASK { VALUES ?o { <http://e/x> } ?s ?p ?o }"),
    ],
    ids=["select", "braces-in-comment-iri-string", "construct-template", "construct-where", "ask"],
)
def test_inject_values_opens_the_where_group(query, expected):
    assert inject_values(query, {"o": "<http://e/x>"}) == expected


def test_syntax_errors_and_updates_are_query_errors(tmp_path):
    save_to_store(dataset(), tmp_path / "store")
    with pytest.raises(QueryError, match="syntax"):
        query_store(tmp_path / "store", "SELEKT * WHERE { ?s ?p ?o }")
    with pytest.raises(QueryError):
        query_store(tmp_path / "store", "DELETE WHERE { ?s ?p ?o }")
    assert len(query_store(tmp_path / "store", "SELECT * WHERE { ?s ?p ?o }")) == 10


def test_a_new_build_replaces_the_store(tmp_path):
    store = tmp_path / "store"
    save_to_store(dataset(old=[(EX.a, EX.b, EX.c)]), store)
    save_to_store(dataset(), store)
    assert query_store(store, "ASK { GRAPH <http://example.org/old> { ?s ?p ?o } }").boolean is False
    assert sorted(p.name for p in tmp_path.iterdir()) == ["store"]  # no temporary folders left


def test_merge_replaces_only_the_graphs_given(tmp_path):
    store = tmp_path / "store"
    save_to_store(dataset(), store)
    update = rdflib.Dataset()
    update.graph(G2).add((EX.scholz, EX.opposes, EX.macron))
    save_to_store(update, store, replace=False)
    got = query_store(store, "SELECT ?s ?p ?o WHERE { GRAPH <http://example.org/doc/2> { ?s ?p ?o } }")
    assert rows(got) == {(EX.scholz, EX.opposes, EX.macron)}
    assert query_store(store, "ASK { GRAPH <http://example.org/doc/1> { ?a <http://example.org/meets> ?b } }").boolean


def test_refuses_a_folder_that_is_not_a_store(tmp_path):
    folder = tmp_path / "documents"
    folder.mkdir()
    (folder / "thesis.txt").write_text("precious")
    with pytest.raises(StoreError, match="not an Oxigraph store"):
        save_to_store(dataset(), folder)
    assert (folder / "thesis.txt").read_text() == "precious"
    with pytest.raises(StoreError, match="no Oxigraph store"):
        query_store(folder, "ASK {}")
    with pytest.raises(StoreError, match="not a folder"):
        save_to_store(dataset(), folder / "thesis.txt")


def test_a_failed_write_keeps_the_previous_store(tmp_path):
    store = tmp_path / "store"
    save_to_store(dataset(), store)
    bad = rdflib.Dataset()
    bad.graph(G1).add((EX.a, EX.b, EX.c))
    bad.graph(G1).add((EX.a, EX.b, rdflib.term.Variable("v")))  # not storable
    with pytest.raises(StoreError):
        save_to_store(bad, store)
    assert len(query_store(store, "SELECT * WHERE { ?s ?p ?o }")) == 10
    assert sorted(p.name for p in tmp_path.iterdir()) == ["store"]


def test_update_acts_on_the_store(tmp_path):
    store = tmp_path / "store"
    save_to_store(dataset(), store)
    update_store(store, "DELETE WHERE { GRAPH <http://example.org/doc/2> { ?s <http://example.org/supports> ?o } }")
    assert query_store(store, "ASK { GRAPH ?g { ?s <http://example.org/supports> ?o } }").boolean is False
    update_store(store, "INSERT DATA { <http://example.org/a> <http://example.org/b> 'c' }")
    assert query_store(store, "ASK { <http://example.org/a> <http://example.org/b> 'c' }").boolean is True
    with pytest.raises(QueryError, match="syntax"):
        update_store(store, "INSERT DATTA { }")


@pytest.mark.model
def test_build_with_store_answers_like_graph_ttl(tmp_path):
    """kg build --store, then every shipped query: same rows from the store as from graph.ttl."""
    from kg.pipeline import build
    from kg.query import run_query

    from .conftest import ROOT, SEEDS

    out, store = tmp_path / "out", tmp_path / "store"
    build([SEEDS], out, jobs=1, progress=False, use_cache=False, html=False, store=store)
    graph = rdflib.Graph().parse(out / "graph.ttl")
    count = "SELECT (COUNT(*) AS ?n) WHERE { ?s ?p ?o }"
    assert int(query_store(store, count).rows[0][0]) == len(graph)
    queries = sorted((ROOT / "queries").glob("*.rq"))
    assert queries
    for path in queries:
        with_name = [{"name": "Macron"}] if "?name" in path.read_text(encoding="utf-8") else []
        for params in [{}, *with_name]:
            local = run_query(str(path), graph=graph, params=params)
            stored = run_query(str(path), store=store, params=params)
            assert stored.vars == local.vars, path.name
            assert Counter(map(_values, stored.rows)) == Counter(map(_values, local.rows)), path.name


def _values(row) -> tuple:
    """A row compared by value: Oxigraph writes numbers in canonical form ("1.0" -> "1")."""
    return tuple((t.toPython(), t.datatype, t.language) if isinstance(t, Literal) else t for t in row)
