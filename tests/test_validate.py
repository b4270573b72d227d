"""kg.validate: the SHACL shapes accept what kg writes and catch what DESIGN.md §3 forbids."""

from __future__ import annotations

import pytest
import rdflib
from rdflib import RDF, RDFS, Literal

from kg import rdf, vocab
from kg.errors import InputError
from kg.validate import shapes_graph, validate
from tests.rdf_sample import sample_graph

KGO = rdflib.Namespace(vocab.KGO)
PROV = rdflib.Namespace(vocab.PROV)
SCHEMA = rdflib.Namespace(vocab.SCHEMA)
KG = rdflib.Namespace(vocab.DEFAULT_BASE)
MACRON, HAFTAR = KG["person-Emmanuel_Macron"], KG["person-Khalifa_Haftar"]


@pytest.fixture(scope="module")
def good() -> rdflib.Graph:
    return rdf.to_rdf(sample_graph())


def _copy(g: rdflib.Graph) -> rdflib.Graph:
    out = rdflib.Graph()
    for t in g:
        out.add(t)
    return out


def _mention(g, predicate):
    return next(iter(sorted(g.subjects(RDF.predicate, predicate))))


def test_shapes_parse_and_cover_the_main_classes():
    shapes = shapes_graph()
    SH = rdflib.Namespace("http://www.w3.org/ns/shacl#")
    targets = set(shapes.objects(None, SH.targetClass))
    assert {SCHEMA.Person, SCHEMA.Organization, SCHEMA.Place, KGO.RelationMention, SCHEMA.NewsArticle} <= targets


def test_sample_graph_conforms(good, tmp_path):
    conforms, report = validate(good)
    assert conforms, report
    paths = rdf.write_outputs(sample_graph(), tmp_path, formats=("ttl", "trig", "nt"))
    for path in paths:
        conforms, report = validate(path)
        assert conforms, (path.name, report)


def test_graph_with_another_base_conforms():
    conforms, report = validate(rdf.to_rdf(sample_graph(), base="https://news.example.net/kg/"))
    assert conforms, report


def test_meets_stated_in_one_direction_conforms():
    from kg.graph import build_graph
    from tests.rdf_sample import BUILD, DOC_A, DOC_B, ENTITIES, RELATIONS

    one_way = [r for r in RELATIONS if not (r.family == "meets" and r.evidence.doc_id == DOC_B.id)]
    g = rdf.to_rdf(build_graph(ENTITIES, one_way, [DOC_A.info(), DOC_B.info()], BUILD))
    assert (MACRON, KGO.meets, HAFTAR) in g and (HAFTAR, KGO.meets, MACRON) in g
    conforms, report = validate(g)
    assert conforms, report


def _drop_direct(g):
    g.remove((MACRON, KGO.meets, HAFTAR))


def _meets_one_way(g):
    m = _mention(g, KGO.meets)
    s, o = g.value(m, RDF.subject), g.value(m, RDF.object)
    g.remove((o, KGO.meets, s))
    for other in list(g.subjects(RDF.predicate, KGO.meets)):  # keep only mentions s -> o
        if g.value(other, RDF.subject) != s:
            g.remove((other, RDF.predicate, KGO.meets))
            g.add((other, RDF.predicate, KGO.supports))
            g.add((g.value(other, RDF.subject), KGO.supports, g.value(other, RDF.object)))


def _unbacked_direct(g):
    g.add((MACRON, KGO.opposes, HAFTAR))


def _unbacked_meets(g):
    paris = KG["place-Paris"]
    g.add((MACRON, KGO.meets, paris))
    g.add((paris, KGO.meets, MACRON))


def _wrong_sentence(g):
    m = _mention(g, KGO.supports)
    g.set((m, KGO.sentence, Literal(str(g.value(m, KGO.sentence)) + " (edited)")))


def _trigger_outside(g):
    m = _mention(g, KGO.supports)
    g.set((m, KGO.triggerStart, Literal(0)))
    g.set((m, KGO.triggerEnd, Literal(len(str(g.value(m, KGO.trigger))))))


def _bad_certainty(g):
    g.set((_mention(g, KGO.opposes), KGO.certainty, Literal("maybe")))


def _no_document(g):
    g.remove((_mention(g, KGO.leads), PROV.wasDerivedFrom, None))


def _offset_past_the_end(g):
    doc = KG["doc-news_b_txt"]
    g.set((doc, KGO.characters, Literal(10)))


def _unlabelled_term(g):
    g.remove((KGO.sentence, RDFS.label, None))


def _blank_entity(g):
    node = rdflib.BNode()
    g.add((node, RDF.type, SCHEMA.Person))
    g.add((node, RDFS.label, Literal("Anonymous")))
    g.add((node, rdflib.URIRef(vocab.DCTERMS + "identifier"), Literal("Person:Anonymous")))


def _two_labels(g):
    g.add((MACRON, RDFS.label, Literal("Manu")))


def _no_build_time(g):
    g.remove((KG["build"], PROV.startedAtTime, None))


def _bad_sha(g):
    g.set((KG["doc-news_a_txt"], KGO.sha256, Literal("abc")))


@pytest.mark.parametrize(
    "damage, message",
    [
        (_drop_direct, "not a direct triple of the graph"),
        (_meets_one_way, "kgo:meets is not written in both directions"),
        (_unbacked_direct, "direct triple has no relation mention"),
        (_unbacked_meets, "kgo:meets triple has no relation mention in either direction"),
        (_wrong_sentence, "is not as long as its offsets say"),
        (_trigger_outside, "its trigger is not inside it"),
        (_bad_certainty, "not in list"),
        (_no_document, "prov:wasDerivedFrom"),
        (_offset_past_the_end, "go past the end of its document"),
        (_unlabelled_term, "ontology#sentence is used but not labelled"),
        (_blank_entity, "Node Kind sh:IRI"),
        (_two_labels, "More than 1 values"),
        (_no_build_time, "prov:startedAtTime"),
        (_bad_sha, "does not match pattern"),
    ],
    ids=lambda f: f.__name__.strip("_") if callable(f) else "",
)
def test_shapes_catch(good, damage, message):
    g = _copy(good)
    damage(g)
    conforms, report = validate(g)
    assert not conforms, f"{damage.__name__} was not caught"
    assert message in report, report


def test_missing_file_is_an_input_error(tmp_path):
    with pytest.raises(InputError, match="no such graph file"):
        validate(tmp_path / "graph.ttl")


def test_cli_validate_exit_codes(tmp_path, good):
    from click.testing import CliRunner

    from kg.cli import main

    path = rdf.write_outputs(sample_graph(), tmp_path)[0]
    ok = CliRunner().invoke(main, ["validate", str(path)])
    assert ok.exit_code == 0 and "Conforms: True" in ok.output
    broken = _copy(good)
    _unbacked_direct(broken)
    bad_path = tmp_path / "broken.ttl"
    broken.serialize(bad_path, format="turtle")
    bad = CliRunner().invoke(main, ["validate", str(bad_path)])
    assert bad.exit_code == 1 and "does not conform" in bad.output


@pytest.mark.model
def test_seeds_graph_conforms(seeds_build):
    conforms, report = validate(seeds_build / "graph.ttl")
    assert conforms, report
