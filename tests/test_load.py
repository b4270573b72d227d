"""kg.load: a graph kg wrote reads back into the same networkx graph."""

from __future__ import annotations

import networkx as nx
import pytest

from kg import rdf
from kg.errors import InputError
from kg.load import load_graph
from tests.rdf_sample import sample_graph


def _snapshot(g: nx.MultiDiGraph):
    nodes = sorted((n, d["entity"]) for n, d in g.nodes(data=True))
    edges = sorted((u, v, k, d["family"], d["relations"]) for u, v, k, d in g.edges(keys=True, data=True))
    return nodes, edges, g.graph["documents"], g.graph["build"]


@pytest.mark.parametrize("fmt", ["ttl", "trig", "nt", "jsonld"])
def test_round_trip(tmp_path, fmt):
    g = sample_graph()
    paths = rdf.write_outputs(g, tmp_path, formats=(fmt,))
    loaded = load_graph(paths[-1])
    expected, actual = _snapshot(g), _snapshot(loaded)
    assert actual[0] == expected[0]
    assert actual[1] == expected[1]
    assert actual[2] == expected[2]
    assert actual[3] == expected[3]


def test_round_trip_with_another_base(tmp_path):
    g = sample_graph()
    path = rdf.write_outputs(g, tmp_path, base="https://news.example.net/kg/")[0]
    assert _snapshot(load_graph(path)) == _snapshot(g)


def test_written_again_gives_the_same_bytes(tmp_path):
    first = rdf.write_outputs(sample_graph(), tmp_path / "a")[0]
    second = rdf.write_outputs(load_graph(first), tmp_path / "b")[0]
    assert first.read_bytes() == second.read_bytes()


def test_missing_and_broken_files(tmp_path):
    with pytest.raises(InputError, match="no such graph file"):
        load_graph(tmp_path / "graph.ttl")
    broken = tmp_path / "broken.ttl"
    broken.write_text("@prefix kg: <https://x.org/> .\nkg:a kg:b \"unterminated .\n", encoding="utf-8")
    with pytest.raises(InputError, match="broken.ttl"):
        load_graph(broken)
    with pytest.raises(InputError, match="unknown RDF file type"):
        load_graph(tmp_path / "graph.xml")


def test_mention_of_an_undescribed_entity_is_reported(tmp_path):
    path = rdf.write_outputs(sample_graph(), tmp_path)[0]
    text = path.read_text(encoding="utf-8")
    text = text.replace("kg:person-Jean_JJ_O_Neil_Smith a schema:Person", "kg:person-Jean_JJ_O_Neil_Smith a kg:Nothing")
    path.write_text(text, encoding="utf-8")
    with pytest.raises(InputError, match="not described"):
        load_graph(path)


@pytest.mark.model
def test_seeds_round_trip(seeds_build, tmp_path):
    path = seeds_build / "graph.ttl"
    again = rdf.write_outputs(load_graph(path), tmp_path)[0]
    assert again.read_bytes() == path.read_bytes()
