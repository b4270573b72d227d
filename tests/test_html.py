"""kg.html without a browser: what the page embeds, what it links, where it writes."""

from __future__ import annotations

import importlib.util
import json
import os
import re
from html.parser import HTMLParser
from pathlib import Path

import pytest
from hypothesis import assume, given, settings
from hypothesis import strategies as st

from kg.errors import OutputError
from kg.graph import build_graph
from kg.html import page_data, render_html, script_json, write_html
from kg.model import Entity, Relation

_spec = importlib.util.spec_from_file_location("html_graphs", Path(__file__).parent / "data" / "html_graphs.py")
graphs = importlib.util.module_from_spec(_spec)
_spec.loader.exec_module(graphs)

#: Characters that end elements, open comments, break JavaScript strings or cannot be encoded.
_TRICKY = st.sampled_from(["<", ">", "&", "/", "!", "-", "\u2028", "\u2029", "\ud800", "\udfff", "\x00", '"', "\\"])


class _Tags(HTMLParser):
    """Start tags with their attributes, and the text of each <script>, as a browser tokenises them."""

    def __init__(self):
        super().__init__(convert_charrefs=True)
        self.tags: list[tuple[str, dict]] = []
        self.scripts: list[str] = []
        self._in_script = False
        self.title = ""
        self._in_title = False

    def handle_starttag(self, tag, attrs):
        self.tags.append((tag, dict(attrs)))
        self._in_script = tag == "script"
        self._in_title = tag == "title"
        if self._in_script:
            self.scripts.append("")

    def handle_endtag(self, tag):
        self._in_script = self._in_title = False

    def handle_data(self, data):
        if self._in_script:
            self.scripts[-1] += data
        if self._in_title:
            self.title += data


def parse(page: str) -> _Tags:
    parser = _Tags()
    parser.feed(page)
    parser.close()
    return parser


def embedded(page: str) -> dict:
    tags = parse(page)
    (i,) = [k for k, (tag, attrs) in enumerate(t for t in tags.tags if t[0] == "script") if attrs.get("type") == "application/json"]
    return json.loads(tags.scripts[i])


def snapshot(g):
    return (
        [(n, dict(d)) for n, d in g.nodes(data=True)],
        [(u, v, k, dict(d)) for u, v, k, d in g.edges(keys=True, data=True)],
        {k: (dict(v) if isinstance(v, dict) else v) for k, v in g.graph.items()},
    )


def test_page_loads_nothing_from_elsewhere():
    page = render_html(graphs.small_graph())
    tags = parse(page)
    names = [tag for tag, _ in tags.tags]
    assert "link" not in names and "iframe" not in names and "img" not in names
    for tag, attrs in tags.tags:
        assert "src" not in attrs, f"<{tag}> loads {attrs['src']}"
        assert not (tag != "a" and "href" in attrs)
    assert names.count("script") == 3  # the data, vis-network, the page's own script
    # not even a string inside the inlined scripts looks like a script tag
    assert len(re.findall(r"<script\b", page, re.I)) == len(re.findall(r"</script\b", page, re.I)) == 3
    assert "<!--" not in page
    assert "vis-network" in page and "@version 9.1.2" in page  # vis-network inlined, not linked
    assert "@import" not in page and not re.search(r"url\((?!\"?data:)", page)
    assert "cdn" not in page.lower().replace("cdnjs", "")  # no CDN reference of any kind
    assert "bootstrap" not in page.lower()


def test_write_html_writes_only_the_page(tmp_path, monkeypatch):
    cwd, out = tmp_path / "cwd", tmp_path / "out"
    cwd.mkdir()
    monkeypatch.chdir(cwd)
    target = out / "graph.html"
    assert write_html(graphs.small_graph(), target) == target
    assert os.listdir(out) == ["graph.html"]
    assert os.listdir(cwd) == []  # no lib/ folder, unlike pyvis's own writer
    assert embedded(target.read_text(encoding="utf-8"))["stats"]["entities"] == 4


def test_graph_is_left_as_it_was(tmp_path):
    g = graphs.hostile_graph()
    before = snapshot(g)
    write_html(g, tmp_path / "graph.html")
    assert snapshot(g) == before


def test_every_node_and_parallel_edge_is_embedded():
    g = graphs.small_graph()
    data = page_data(g)
    assert len(data["nodes"]) == g.number_of_nodes() == 4
    assert len(data["edges"]) == g.number_of_edges() == 4
    names = [n["label"] for n in data["nodes"]]
    pairs = [(names[e["from"]], e["family"], names[e["to"]]) for e in data["edges"]]
    # meets, supports and opposes between the same two people all survive
    assert {p for p in pairs if "United Nations" not in p} == {
        ("Ann Smith", "meets", "Bob Jones"),
        ("Ann Smith", "supports", "Bob Jones"),
        ("Bob Jones", "opposes", "Ann Smith"),
    }
    # and fan out instead of being drawn on top of each other
    between = [e for e in data["edges"] if {names[e["from"]], names[e["to"]]} == {"Ann Smith", "Bob Jones"}]
    geometric = [e["bend"] if names[e["from"]] == "Ann Smith" else -e["bend"] for e in between]
    assert len(set(geometric)) == 3


def test_visual_encoding():
    data = page_data(graphs.small_graph())
    edges = {e["family"]: e for e in data["edges"]}
    assert edges["meets"]["directed"] is False and edges["supports"]["directed"] is True
    assert edges["opposes"]["hedged"] is True and edges["supports"]["hedged"] is False
    assert edges["meets"]["sources"] == 2 and edges["supports"]["sources"] == 1
    assert edges["meets"]["width"] > edges["supports"]["width"]
    assert edges["meets"]["plover"] == ["CONSULT"]
    nodes = {n["label"]: n for n in data["nodes"]}
    assert nodes["Bob Jones"]["size"] > nodes["United Nations"]["size"] > nodes["Paris"]["size"]
    assert nodes["Bob Jones"]["degree"] == 4 and nodes["Paris"]["degree"] == 0
    assert nodes["Ann Smith"]["aliases"] == ["Smith"] and nodes["Ann Smith"]["roles"] == ["Foreign Minister"]
    type_colors = [t["color"] for t in data["types"]]
    family_colors = [f["color"] for f in data["families"]]
    assert len(set(type_colors)) == 3 and len(set(family_colors)) == 5
    assert len({t["shape"] for t in data["types"]}) == 3


def test_trigger_offsets_are_in_javascript_units():
    data = page_data(graphs.hostile_graph())
    (ev,) = [e["ev"][0] for e in data["edges"] if e["family"] == "meets"]
    assert ev["s"] == graphs.HOSTILE_SENTENCE
    start, end = ev["t"]
    utf16 = ev["s"].encode("utf-16-le")
    assert utf16[2 * start : 2 * end].decode("utf-16-le") == graphs.HOSTILE_TRIGGER
    assert start == ev["s"].index(graphs.HOSTILE_TRIGGER) + 1  # the emoji is two UTF-16 units


def test_only_http_urls_are_kept_for_links():
    docs = {d["id"]: d for d in page_data(graphs.small_graph())["docs"]}
    assert docs["a.txt"]["url"] == "https://example.org/a?x=1&y=2"
    assert docs["b.txt"]["url"] is None  # javascript:
    hostile = {d["id"]: d for d in page_data(graphs.hostile_graph())["docs"]}
    assert hostile["evil.txt"]["url"] is None
    assert hostile["ok.txt"]["url"] is None  # a quote in the URL


def test_hostile_text_never_becomes_markup():
    g = graphs.hostile_graph()
    page = render_html(g, title=graphs.HOSTILE_TITLE)
    tags = parse(page)
    names = [tag for tag, _ in tags.tags]
    assert names.count("script") == 3 and names.count("title") == 1
    assert "img" not in names and "b" not in names and "i" not in names and "u" not in names
    assert all(not any(k.startswith("on") for k in attrs) for _, attrs in tags.tags)
    assert tags.title == graphs.HOSTILE_TITLE  # shown as text
    data = embedded(page)  # the JSON block is whole: nothing ended the <script> early
    assert {n["label"] for n in data["nodes"]} == {graphs.SCRIPT_NAME, graphs.IMG_NAME, "Plain Name"}
    assert any(ev["s"] == graphs.HOSTILE_SENTENCE for e in data["edges"] for ev in e["ev"])
    assert {d["title"] for d in data["docs"]} == {graphs.HOSTILE_TITLE, "<b>bold</b> title"}
    data_block = tags.scripts[0]
    for raw in ("<", ">", "\u2028"):
        assert raw not in data_block


def test_default_and_custom_titles():
    g = graphs.small_graph()
    assert parse(render_html(g)).title == "kg knowledge graph"
    assert parse(render_html(g, title="Politics & <more>")).title == "Politics & <more>"
    assert "Politics &amp; &lt;more&gt;" in render_html(g, title="Politics & <more>")


def test_empty_graph(tmp_path):
    page = write_html(build_graph([], []), tmp_path / "empty.html").read_text(encoding="utf-8")
    data = embedded(page)
    assert data["nodes"] == [] and data["edges"] == [] and data["stats"]["documents"] == 0


def test_failure_leaves_the_previous_page(tmp_path):
    target = tmp_path / "graph.html"
    target.write_text("previous", encoding="utf-8")
    g = build_graph([Entity("Person:A", "A", "Person")], [])
    g.add_node("stray")  # a node without an Entity record
    with pytest.raises(OutputError, match="stray"):
        write_html(g, target)
    assert target.read_text(encoding="utf-8") == "previous"
    assert os.listdir(tmp_path) == ["graph.html"]


def test_unwritable_path_raises_output_error(tmp_path):
    blocker = tmp_path / "file"
    blocker.write_text("", encoding="utf-8")
    with pytest.raises(OutputError):
        write_html(graphs.small_graph(), blocker / "graph.html")


@given(st.text(_TRICKY | st.characters()))  # lone surrogates included
def test_script_json_round_trips_and_cannot_close_a_script(text):
    encoded = script_json({"t": text})
    assert json.loads(encoded) == {"t": text}
    encoded.encode("utf-8")  # writable as UTF-8 whatever the text
    assert "<" not in encoded and ">" not in encoded and "\u2028" not in encoded and "\u2029" not in encoded


@settings(max_examples=40, deadline=None)
@given(name=st.text(_TRICKY | st.characters(), min_size=1), sentence=st.text(_TRICKY | st.characters(), min_size=1), title=st.text(_TRICKY | st.characters()))
def test_any_text_stays_data(name, sentence, title):
    assume(name != "Zed")
    ann, other = Entity(f"Person:{name}", name, "Person", documents=("d",)), Entity("Person:Zed", "Zed", "Person")
    relation = Relation(ann.id, "meets", other.id, graphs.evidence("d", sentence + " met", "met"))
    from kg.model import DocumentInfo

    g = build_graph([ann, other], [relation], [DocumentInfo("d", "d", title, "0" * 64, 1)])
    page = render_html(g, title=title)
    page.encode("utf-8")
    tags = parse(page)
    assert [tag for tag, _ in tags.tags if tag in ("script", "title", "img", "a", "iframe")] == ["title", "script", "script", "script"]
    data = embedded(page)
    assert {n["label"] for n in data["nodes"]} == {name, "Zed"}
    assert data["edges"][0]["ev"][0]["s"] == sentence + " met"
    assert data["docs"][0]["title"] == (title or None) and data["title"] == title


def test_trigger_offsets_survive_lone_surrogates():
    from kg.html import _trigger_span

    # a lone surrogate (from a broken input) is one UTF-16 unit, as in JavaScript
    assert _trigger_span("a\ud800 met b", "met", 3) == [3, 6]
