"""kg.rdf / kg.vocab / kg.export: the RDF shape of DESIGN.md §3, on a hand-built graph."""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
from pathlib import Path

import networkx as nx
import pyoxigraph as ox
import pytest
import rdflib
from hypothesis import given, settings
from hypothesis import strategies as st
from rdflib import RDF, RDFS, Literal, URIRef
from rdflib.compare import graph_diff, isomorphic, to_isomorphic

from kg import rdf, vocab
from kg.errors import KgError, OutputError
from kg.graph import build_graph
from kg.model import Entity
from tests.rdf_sample import BUILD, DOC_A, DOC_B, ENTITIES, RELATIONS, TEXTS, sample_graph

DATA = Path(__file__).resolve().parent / "data"
GOLDEN = DATA / "rdf_golden.ttl"
ROOT = Path(__file__).resolve().parent.parent

KGO = rdflib.Namespace(vocab.KGO)
PROV = rdflib.Namespace(vocab.PROV)
SCHEMA = rdflib.Namespace(vocab.SCHEMA)
SKOS = rdflib.Namespace(vocab.SKOS)
DCTERMS = rdflib.Namespace(vocab.DCTERMS)
FAMILY_PROPS = {KGO[f] for f in ("meets", "supports", "opposes", "leads", "memberOf")}


@pytest.fixture(scope="module")
def graph():
    return sample_graph()


@pytest.fixture(scope="module")
def turtle(graph) -> bytes:
    return rdf.serialize(graph, "ttl")


@pytest.fixture(scope="module")
def rg(turtle) -> rdflib.Graph:
    return rdflib.Graph().parse(data=turtle.decode("utf-8"), format="turtle")


def _readable_diff(expected: rdflib.Graph, actual: rdflib.Graph) -> str:
    _, only_expected, only_actual = graph_diff(to_isomorphic(expected), to_isomorphic(actual))
    lines = ["only in golden file:"] + sorted(f"  {' '.join(t.n3() for t in tr)}" for tr in only_expected)
    lines += ["only in output:"] + sorted(f"  {' '.join(t.n3() for t in tr)}" for tr in only_actual)
    return "\n".join(lines)


def test_matches_golden_file(rg):
    """To refresh after an intended change: python -m tests.test_rdf (writes the golden file)."""
    golden = rdflib.Graph().parse(GOLDEN, format="turtle")
    assert isomorphic(golden, rg), _readable_diff(golden, rg)


def test_same_bytes_in_another_process_with_another_hash_seed(turtle, tmp_path):
    script = "import sys; from tests.rdf_sample import sample_graph; from kg.rdf import serialize; " \
             "sys.stdout.buffer.write(serialize(sample_graph(), 'ttl'))"
    env = {**os.environ, "PYTHONHASHSEED": "12345"}
    out = subprocess.run([sys.executable, "-c", script], cwd=ROOT, env=env, capture_output=True, check=True)
    assert out.stdout == turtle


def test_input_graph_is_left_alone(graph):
    before = (sorted(graph.nodes(data="entity")), sorted(graph.edges(keys=True)), dict(graph.graph))
    rdf.to_rdf(graph)
    rdf.to_dataset(graph)
    assert (sorted(graph.nodes(data="entity")), sorted(graph.edges(keys=True)), dict(graph.graph)) == before


def test_to_rdf_equals_the_turtle_written(graph, rg):
    assert isomorphic(rdf.to_rdf(graph), rg)


def test_no_blank_nodes(rg):
    assert not [t for t in rg if any(isinstance(x, rdflib.BNode) for x in t)]


def test_entities_typed_and_labelled(rg):
    macron = URIRef(vocab.DEFAULT_BASE + "person-Emmanuel_Macron")
    assert (macron, RDF.type, SCHEMA.Person) in rg
    assert rg.value(macron, RDFS.label) == Literal("Emmanuel Macron")
    assert set(rg.objects(macron, SKOS.altLabel)) == {Literal("Macron")}
    assert (macron, KGO.role, Literal("French President")) in rg
    lna = URIRef(vocab.DEFAULT_BASE + "organization-Libyan_National_Army")
    assert (lna, RDF.type, SCHEMA.Organization) in rg
    assert (URIRef(vocab.DEFAULT_BASE + "place-Paris"), RDF.type, SCHEMA.Place) in rg


def test_every_direct_triple_has_a_statement_and_back(rg):
    direct = [(s, p, o) for s, p, o in rg if p in FAMILY_PROPS]
    assert len(direct) == 7  # 6 edges, meets twice
    for s, p, o in direct:
        found = [m for m in rg.subjects(RDF.predicate, p)
                 if (rg.value(m, RDF.subject), rg.value(m, RDF.object)) in {(s, o), (o, s) if p == KGO.meets else None}]
        assert found, (s, p, o)
    for m in rg.subjects(RDF.type, KGO.RelationMention):
        assert (m, RDF.type, RDF.Statement) in rg
        triple = (rg.value(m, RDF.subject), rg.value(m, RDF.predicate), rg.value(m, RDF.object))
        assert triple in rg


def test_meets_is_written_both_ways_and_mentions_keep_the_sentence_direction(rg):
    macron = URIRef(vocab.DEFAULT_BASE + "person-Emmanuel_Macron")
    haftar = URIRef(vocab.DEFAULT_BASE + "person-Khalifa_Haftar")
    assert (macron, KGO.meets, haftar) in rg and (haftar, KGO.meets, macron) in rg
    directions = {(rg.value(m, RDF.subject), rg.value(m, RDF.object))
                  for m in rg.subjects(RDF.predicate, KGO.meets)}
    assert directions == {(macron, haftar), (haftar, macron)}


def test_statement_sentences_are_verbatim_at_their_offsets(rg):
    mentions = list(rg.subjects(RDF.type, KGO.RelationMention))
    assert len(mentions) == len(RELATIONS)
    for m in mentions:
        doc = rg.value(m, PROV.wasDerivedFrom)
        text = TEXTS[str(rg.value(doc, DCTERMS.identifier))]
        start, end = int(rg.value(m, KGO.start)), int(rg.value(m, KGO.end))
        assert text[start:end] == str(rg.value(m, KGO.sentence))
        ts, te = int(rg.value(m, KGO.triggerStart)), int(rg.value(m, KGO.triggerEnd))
        assert text[ts:te] == str(rg.value(m, KGO.trigger))
        assert str(rg.value(m, KGO.certainty)) in {"asserted", "hedged"}
        assert (m, PROV.wasGeneratedBy, URIRef(vocab.DEFAULT_BASE + "build")) in rg


def test_finer_type_is_a_plover_sub_property_of_the_family(rg):
    types = {rg.value(m, KGO.eventType) for m in rg.subjects(RDF.predicate, KGO.meets)}
    assert types == {KGO.ploverConsult}
    assert (KGO.ploverConsult, RDFS.subPropertyOf, KGO.meets) in rg
    assert (KGO.ploverAccuse, RDFS.subPropertyOf, KGO.opposes) in rg


def test_every_kgo_term_used_is_labelled_and_commented_in_the_graph(rg):
    used = set()
    for s, p, o in rg:
        for term in (p, o) if p != RDFS.subPropertyOf else (p,):
            if isinstance(term, URIRef) and str(term).startswith(vocab.KGO):
                used.add(term)
    assert KGO.RelationMention in used and KGO.sentence in used
    for term in used:
        assert rg.value(term, RDFS.label) is not None, term
        assert rg.value(term, RDFS.comment) is not None, term
    assert (KGO.meets, RDF.type, rdflib.OWL.SymmetricProperty) in rg


def test_documents_and_build(rg):
    doc = URIRef(vocab.DEFAULT_BASE + "doc-news_a_txt")
    assert {SCHEMA.NewsArticle, PROV.Entity} <= set(rg.objects(doc, RDF.type))
    assert rg.value(doc, KGO.sha256) == Literal(DOC_A.sha256)
    assert rg.value(doc, KGO.path) == Literal("rdf_doc_a.txt")
    assert rg.value(doc, DCTERMS.title) == Literal(DOC_A.title)
    assert rg.value(doc, DCTERMS.publisher) == Literal("France 24")
    assert rg.value(doc, DCTERMS.issued).toPython().isoformat() == "2019-05-22"
    assert (doc, KGO.metadata, Literal("encoding: utf-8")) in rg
    build = URIRef(vocab.DEFAULT_BASE + "build")
    assert (build, RDF.type, PROV.Activity) in rg
    assert str(rg.value(build, PROV.startedAtTime)) == BUILD.started
    agent = rg.value(build, PROV.wasAssociatedWith)
    assert str(rg.value(agent, SCHEMA.softwareVersion)) == BUILD.version


def test_colliding_names_get_distinct_iris(rg):
    iris = {str(rg.value(predicate=DCTERMS.identifier, object=Literal(e.id))) for e in ENTITIES}
    assert len(iris) == len(ENTITIES)
    plain = vocab.DEFAULT_BASE + "organization-A_B"
    assert plain in iris and any(i.startswith(plain + "_") for i in iris)


def test_turtle_is_prefixed_and_loads_in_oxigraph(turtle, rg):
    text = turtle.decode("utf-8")
    assert "@prefix kg: <https://kg.example.org/id/> ." in text
    assert "kg:person-Emmanuel_Macron a schema:Person" in text
    assert "\\/" not in text  # no escaped local names: every parser reads them
    assert len(list(ox.parse(turtle, format=ox.RdfFormat.TURTLE))) == len(rg)


def _rapper() -> str | None:
    found = shutil.which("rapper")
    if found is None and not os.environ.get("CI"):
        pytest.skip("rapper (Debian raptor2-utils) is not installed")
    assert found, "CI must install raptor2-utils (rapper)"
    return found


def _rapper_check(path: Path, syntax: str) -> int:
    proc = subprocess.run([_rapper(), "-i", syntax, "-c", str(path)], capture_output=True, text=True, timeout=120)
    assert proc.returncode == 0, proc.stderr
    assert "warning" not in proc.stderr.lower() and "error" not in proc.stderr.lower(), proc.stderr
    return int(proc.stderr.split("returned")[1].split()[0])


def test_rapper_parses_turtle_and_trig_without_warning(graph, tmp_path, rg):
    paths = rdf.write_outputs(graph, tmp_path, formats=("ttl", "trig"))
    assert _rapper_check(paths[0], "turtle") == len(rg)
    assert _rapper_check(paths[1], "trig") >= len(rg)


HOSTILE = ["a\x00b\x01c\x7f", "tab\there", 'back\\slash "q" \'s', "line\nbreak\r", "\u2028sep\u2029",
           "\U0001F600 emoji \U0001D518", "\u03a9\u2248\u00e7\u221a", "\ufeffbom", "x\u0301y", "   ", "x" * 300]


def test_rapper_reads_hostile_names(tmp_path):
    g = build_graph([Entity(f"Person:{n}", n, "Person", aliases=(n + "/alias",)) for n in HOSTILE], [])
    paths = rdf.write_outputs(g, tmp_path, formats=("nt", "trig"))
    expected = len(rdf.to_rdf(g))
    assert _rapper_check(paths[0], "turtle") == expected
    assert _rapper_check(paths[1], "ntriples") == expected
    assert _rapper_check(paths[2], "trig") == expected


@pytest.mark.model
def test_rapper_parses_the_seeds_graph(seeds_build):
    path = seeds_build / "graph.ttl"
    assert _rapper_check(path, "turtle") == len(rdflib.Graph().parse(path))


def test_all_formats_hold_the_same_triples(graph, tmp_path, rg):
    paths = rdf.write_outputs(graph, tmp_path, formats=("nt", "jsonld", "trig", "graphml", "gexf"))
    assert [p.name for p in paths] == ["graph.ttl", "graph.nt", "graph.jsonld", "graph.trig",
                                       "graph.graphml", "graph.gexf"]
    assert isomorphic(rdflib.Graph().parse(tmp_path / "graph.nt", format="nt"), rg)
    assert isomorphic(rdflib.Graph().parse(tmp_path / "graph.jsonld", format="json-ld"), rg)
    assert len(list(ox.parse(path=str(tmp_path / "graph.jsonld")))) == len(rg)
    again = tmp_path / "again"
    rdf.write_outputs(graph, again, formats=("nt", "jsonld", "trig", "graphml", "gexf"))
    for path in paths:
        assert path.read_bytes() == (again / path.name).read_bytes(), path.name
    assert not list(tmp_path.glob(".*.tmp"))


def test_trig_has_one_named_graph_per_document(graph, tmp_path, rg):
    path = rdf.write_outputs(graph, tmp_path, formats=("trig",))[1]
    text = path.read_text(encoding="utf-8")
    assert "kg:doc-news_a_txt {" in text and "kg:graph-common {" in text
    ds = rdflib.Dataset().parse(path, format="trig")
    names = {str(g.identifier) for g in ds.graphs() if len(g)}
    doc_a, doc_b = (vocab.DEFAULT_BASE + "doc-news_a_txt", vocab.DEFAULT_BASE + "doc-news_b_txt")
    assert names == {doc_a, doc_b, vocab.DEFAULT_BASE + "graph-common"}
    for name in (doc_a, doc_b):
        g = ds.graph(URIRef(name))
        mentions = set(g.subjects(RDF.type, KGO.RelationMention))
        assert mentions and {g.value(m, PROV.wasDerivedFrom) for m in mentions} == {URIRef(name)}
        for m in mentions:  # the direct triple each supports sits in the same graph
            assert (g.value(m, RDF.subject), g.value(m, RDF.predicate), g.value(m, RDF.object)) in g
    common = ds.graph(URIRef(vocab.DEFAULT_BASE + "graph-common"))
    assert not set(common.subjects(RDF.type, KGO.RelationMention))
    assert set(common.subjects(RDF.type, SCHEMA.Person))
    union = rdflib.Graph()
    for s, p, o, _ in ds.quads((None, None, None, None)):
        union.add((s, p, o))
    assert isomorphic(union, rg)
    assert isomorphic(union, _union(rdf.to_dataset(graph)))


def _union(ds: rdflib.Dataset) -> rdflib.Graph:
    g = rdflib.Graph()
    for s, p, o, _ in ds.quads((None, None, None, None)):
        g.add((s, p, o))
    return g


def test_base_changes_both_namespaces(graph):
    g = rdf.to_rdf(graph, base="https://news.example.net/kg/")
    subjects = {str(s) for s in g.subjects(RDF.type, SCHEMA.Person)}
    assert "https://news.example.net/kg/id/person-Emmanuel_Macron" in subjects
    ontology = rdflib.Namespace("https://news.example.net/kg/ontology#")
    assert len(set(g.subjects(RDF.type, ontology.RelationMention))) == len(RELATIONS)
    assert not [t for t in g if any(str(x).startswith("https://kg.example.org/") for x in t)]


@pytest.mark.parametrize("base", ["not an iri", "https://x.org/a b/", "https://x.org/no-slash", "<https://x.org/>"])
def test_bad_base_is_refused(graph, base):
    with pytest.raises(KgError, match="base"):
        rdf.to_rdf(graph, base=base)


def test_unknown_format_is_refused(graph, tmp_path):
    with pytest.raises(OutputError, match="choose from"):
        rdf.write_outputs(graph, tmp_path, formats=("ttl", "rdfxml"))


def test_graphml_and_gexf_load_in_networkx(graph, tmp_path):
    rdf.write_outputs(graph, tmp_path, formats=("graphml", "gexf"))
    for reader, name in ((nx.read_graphml, "graph.graphml"), (nx.read_gexf, "graph.gexf")):
        flat = reader(tmp_path / name)
        assert flat.number_of_nodes() == graph.number_of_nodes()
        assert flat.number_of_edges() == graph.number_of_edges()
        families = sorted(d["family"] for _, _, d in flat.edges(data=True))
        assert families == sorted(d["family"] for _, _, d in graph.edges(data=True))
        assert flat.nodes["Person:Emmanuel Macron"]["label"] == "Emmanuel Macron"
    assert b"lastmodifieddate=\"2026-01-02\"" in (tmp_path / "graph.gexf").read_bytes()


def test_an_empty_graph_still_writes_the_ontology_header(tmp_path):
    path = rdf.write_outputs(build_graph([], []), tmp_path)[0]
    g = rdflib.Graph().parse(path)
    assert (URIRef(vocab.KGO.rstrip("#")), RDF.type, rdflib.OWL.Ontology) in g


def test_unknown_plover_type_is_still_labelled():
    from dataclasses import replace

    rel = replace(RELATIONS[0], evidence=replace(RELATIONS[0].evidence, plover="NEWTYPE"))
    g = rdf.to_rdf(build_graph(ENTITIES, [rel], [DOC_A.info(), DOC_B.info()], BUILD))
    term = KGO.ploverNewtype
    assert (None, KGO.eventType, term) in g
    assert g.value(term, RDFS.label) is not None and g.value(term, RDFS.comment) is not None


def test_text_with_lone_surrogates_is_written(tmp_path):
    bad = Entity("Person:X\udcff", "X\udcff", "Person")
    path = rdf.write_outputs(build_graph([bad], []), tmp_path)[0]
    labels = {str(o) for o in rdflib.Graph().parse(path).objects(None, RDFS.label)}
    assert "X\ufffd" in labels


# --------------------------------------------------------------------------- minting IRIs


def test_mint_examples():
    ns = vocab.Namespaces()
    assert ns.entity("Person", "Emmanuel Macron") == "https://kg.example.org/id/person-Emmanuel_Macron"
    assert ns.entity("Organization", "Libya's \"GNA\" / Tripoli") == \
        "https://kg.example.org/id/organization-Libya_s_GNA_Tripoli"
    assert ns.entity("Place", "Élysée") == "https://kg.example.org/id/place-Élysée"
    long = ns.entity("Person", "x" * 500)
    assert len(long) < 140
    assert long != ns.entity("Person", "x" * 499)


def test_mint_suffix_comes_from_the_key_and_minting_again_gives_the_same_iri():
    taken: dict[str, str] = {}
    a = vocab.mint("https://x.org/", "person", "A B", taken, key="Person:A B")
    b = vocab.mint("https://x.org/", "person", "A.B", taken, key="Person:A.B")
    assert a == "https://x.org/person-A_B" and b.startswith(a + "_") and b != a
    assert vocab.mint("https://x.org/", "person", "A.B", taken, key="Person:A.B") == b
    assert vocab.mint("https://x.org/", "person", "A B", taken, key="Person:A B") == a
    other: dict[str, str] = {a: "Person:A B"}
    assert vocab.mint("https://x.org/", "person", "A.B", other, key="Person:A.B") == b


_TTL_PREFIX = "@prefix kg: <https://kg.example.org/id/> .\n"


@settings(max_examples=150, deadline=None)
@given(st.text(min_size=0, max_size=300))
def test_any_name_mints_a_prefixed_name_every_parser_reads(name):
    iri = vocab.Namespaces().entity("Person", name)
    local = iri[len(vocab.DEFAULT_BASE):]
    text = f"{_TTL_PREFIX}kg:{local} a kg:x .\n"
    parsed = rdflib.Graph().parse(data=text, format="turtle")
    assert {str(s) for s in parsed.subjects()} == {iri}
    (triple,) = ox.parse(text.encode("utf-8"), format=ox.RdfFormat.TURTLE)
    assert triple.subject.value == iri
    assert len(local) <= 100


@settings(max_examples=50, deadline=None)
@given(st.lists(st.text(min_size=1, max_size=20, alphabet=" ./'\"aAbB-_é"), min_size=1, max_size=12, unique=True))
def test_distinct_keys_never_share_an_iri(names):
    taken: dict[str, str] = {}
    iris = [vocab.mint("https://x.org/", "person", n, taken, key=n) for n in sorted(names)]
    assert len(set(iris)) == len(names)


if __name__ == "__main__":  # refresh the golden file after an intended change
    GOLDEN.write_bytes(rdf.serialize(sample_graph(), "ttl"))
    print(f"wrote {GOLDEN}")


@settings(max_examples=60, deadline=None)
@given(st.text(min_size=1, max_size=60), st.text(max_size=60))
def test_any_text_is_written_as_a_literal_every_parser_reads(name, alias):
    entity = Entity(f"Person:{name}", name, "Person", aliases=(alias,) if alias else ())
    graph = build_graph([entity], [])
    written = rdf.serialize(graph, "ttl")
    parsed = rdflib.Graph().parse(data=written.decode("utf-8"), format="turtle")
    assert isomorphic(parsed, rdf.to_rdf(graph))
    assert len(list(ox.parse(written, format=ox.RdfFormat.TURTLE))) == len(parsed)
    nt = rdf.serialize(graph, "nt")
    assert isomorphic(rdflib.Graph().parse(data=nt.decode("utf-8"), format="nt"), parsed)


def test_cli_refuses_a_bad_base_before_building(tmp_path):
    from click.testing import CliRunner

    from kg.cli import main

    result = CliRunner().invoke(main, ["build", str(tmp_path), "--out", str(tmp_path / "out"), "--base", "nope"])
    assert result.exit_code == 1
    assert "--base 'nope' is not an absolute IRI" in result.output
    assert not (tmp_path / "out").exists()
