"""The build's glue: splitting long texts, caching, locking, staging outputs."""

from __future__ import annotations

import pytest

from kg import pipeline
from kg.cache import ExtractionCache
from kg.errors import BuildLocked, NothingBuilt
from kg.lock import build_lock
from kg.model import Document, DocResult, DocumentInfo, Evidence, LocalEntity, Relation
from kg.pipeline import _shift, split_text

from .conftest import SEEDS


@pytest.mark.parametrize(
    "text, limit",
    [
        ("word " * 100, 37),
        ("para one.\n\npara two is longer.\n\nthree", 16),
        ("x" * 95, 10),  # no separator at all: hard cuts
        ("short", 100),
    ],
)
def test_split_text_covers_the_text_in_order(text, limit):
    parts = split_text(text, limit)
    assert "".join(p for _, p in parts) == text
    assert all(len(p) <= limit for _, p in parts)
    assert all(text[o : o + len(p)] == p for o, p in parts)


def test_split_text_prefers_paragraph_boundaries():
    text = "a" * 40 + "\n\n" + "b" * 40 + " " + "c" * 10
    assert split_text(text, 60)[0][1] == "a" * 40 + "\n\n"


def _ev(start):
    return Evidence("d", "s", start, start + 1, "t", start, start + 1, "meet")


def test_shift_moves_offsets_and_entity_keys():
    result = DocResult(
        document=DocumentInfo("d", "d", None, "0", 10),
        entities=(LocalEntity("d", 0, "A", "Person"), LocalEntity("d", 1, "B", "Person")),
        relations=(Relation("d#0", "meets", "d#1", _ev(3)),),
    )
    moved = _shift(result, offset=100, index_base=5)
    assert [e.key for e in moved.entities] == ["d#5", "d#6"]
    rel = moved.relations[0]
    assert (rel.subject, rel.object) == ("d#5", "d#6")
    assert (rel.evidence.start, rel.evidence.trigger_start) == (103, 103)


def _doc(text="The minister met the envoy.", doc_id="a.txt"):
    import hashlib

    return Document(doc_id, doc_id, None, hashlib.sha256(text.encode()).hexdigest(), len(text), (), text)


def test_cache_returns_results_only_for_the_same_text(tmp_path):
    cache = ExtractionCache.open(tmp_path, "some_model")
    doc = _doc()
    result = DocResult(document=doc.info(), words=5)
    cache.put(doc.info(), result)
    assert cache.get(doc) == result
    assert cache.get(_doc("The envoy met the minister.")) is None
    cache.close()
    other_model = ExtractionCache.open(tmp_path, "other_model")
    assert other_model.get(doc) is None
    other_model.close()


def test_a_corrupt_cache_is_discarded(tmp_path):
    from kg.cache import CACHE_NAME

    (tmp_path / CACHE_NAME).write_bytes(b"not a database" * 100)
    cache = ExtractionCache.open(tmp_path, "m")
    try:
        assert cache.get(_doc()) is None
    except Exception as exc:  # pragma: no cover - the failure we guard against
        pytest.fail(f"corrupt cache raised {exc!r}")
    finally:
        cache.close()


def test_a_second_build_into_the_same_folder_is_refused(tmp_path):
    with build_lock(tmp_path):
        with pytest.raises(BuildLocked, match="another kg build"):
            with build_lock(tmp_path):
                pass
    with build_lock(tmp_path):  # released
        pass


def test_nothing_to_build_raises(tmp_path):
    (tmp_path / "empty.txt").write_text("")
    with pytest.raises(NothingBuilt, match="empty document"):
        pipeline.build([tmp_path], tmp_path / "out", jobs=1, progress=False)


@pytest.mark.model
def test_long_text_is_read_in_parts_with_document_offsets(monkeypatch):
    text = (SEEDS / "000_61cfb1e70bb17560.txt").read_text(encoding="utf-8")
    monkeypatch.setattr(pipeline, "CHUNK_CHARS", 800)
    [whole] = pipeline.extract_batch([_doc(text, "a")])
    assert any("read in" in w and "parts" in w for w in whole.warnings)
    assert len({e.key for e in whole.entities}) == len(whole.entities)
    for rel in whole.relations:
        ev = rel.evidence
        assert text[ev.start : ev.end] == ev.sentence
        assert text[ev.trigger_start : ev.trigger_end] == ev.trigger


@pytest.mark.model
def test_same_input_gives_byte_identical_turtle(tmp_path, monkeypatch):
    monkeypatch.setenv("SOURCE_DATE_EPOCH", "1558569600")
    outputs = []
    for run in ("a", "b"):
        pipeline.build([SEEDS], tmp_path / run, jobs=1, progress=False, use_cache=run == "b", html=False)
        outputs.append((tmp_path / run / "graph.ttl").read_bytes())
    assert outputs[0] == outputs[1]
    assert b"2019-05-23T00:00:00Z" in outputs[0]


def test_cache_misses_when_only_the_metadata_changed(tmp_path):
    from dataclasses import replace

    cache = ExtractionCache.open(tmp_path, "m")
    doc = _doc()
    cache.put(doc.info(), DocResult(document=doc.info()))
    assert cache.get(doc) is not None
    assert cache.get(replace(doc, title="A new title")) is None
    assert cache.get(replace(doc, metadata=(("url", "https://example.org/new"),))) is None
    cache.close()


def test_a_bad_store_folder_is_refused_before_any_work(tmp_path):
    from kg.errors import StoreError

    store = tmp_path / "store"
    store.mkdir()
    (store / "keep.txt").write_text("not a store")
    with pytest.raises(StoreError, match="not empty"):
        pipeline.build([SEEDS], tmp_path / "out", jobs=1, progress=False, store=store)
    assert not (tmp_path / "out" / "graph.ttl").exists()


@pytest.mark.model
def test_outputs_an_earlier_build_wrote_but_this_one_did_not_are_removed(tmp_path):
    out = tmp_path / "out"
    pipeline.build([SEEDS], out, jobs=1, progress=False, formats=("ttl", "nt"))
    assert (out / "graph.nt").exists() and (out / "graph.html").exists()
    pipeline.build([SEEDS], out, jobs=1, progress=False, html=False)
    assert (out / "graph.ttl").exists()
    assert not (out / "graph.nt").exists() and not (out / "graph.html").exists()


def _named_relations(result):
    names = {e.key: e.name for e in result.entities}
    return {(names[r.subject], r.family, names[r.object]) for r in result.relations}


@pytest.mark.model
@pytest.mark.parametrize("text,expected", [
    # the parser cuts "Pakistan" off as a sentence of its own after the headline: the title keeps its country
    ("Musharraf meets Pope John Paul\n\nPakistan President General Pervez Musharraf met Pope John Paul II, who "
     "urged him to adopt a spirit of dialogue.\n", ("Pervez Musharraf", "leads", "Pakistan")),
    # a dateline's country is followed by the text's own demonym, which is no part of the dateline
    ("Georgian president calls for conference\n\nTBILISI, Georgia Georgian President Mikhail Saakashvili "
     "appealed to world leaders Tuesday to convene a conference.\n", ("Mikhail Saakashvili", "leads", "Georgia")),
])
def test_a_title_keeps_its_country_where_the_parse_or_a_dateline_cuts_it_off(text, expected):
    [result] = pipeline.extract_batch([_doc(text, "a")])
    assert expected in _named_relations(result)


@pytest.mark.model
def test_ties_one_side_seeks_are_not_yet_the_other_sides():
    # a state both are in ("Blair's feud with Brown") is each one's; what one side only seeks is its own
    text = "The United States will seek better ties with Venezuela. Tony Blair's feud with Gordon Brown deepened.\n"
    [result] = pipeline.extract_batch([_doc(text, "a")])
    found = _named_relations(result)
    assert ("United States", "supports", "Venezuela") in found
    assert ("Venezuela", "supports", "United States") not in found
    assert {("Tony Blair", "opposes", "Gordon Brown"), ("Gordon Brown", "opposes", "Tony Blair")} <= found


@pytest.mark.model
def test_wanting_a_thing_to_end_is_no_demand_on_whatever_it_stands_for():
    # "it" is the embargo; resolved to the country before it, "wanted it to end" had read as a demand on Britain
    text = "Britain has been more cautious on the embargo, but Mr Straw said he also wanted it to end.\n"
    [result] = pipeline.extract_batch([_doc(text, "a")])
    assert not [r for r in _named_relations(result) if r[1] == "opposes"]


@pytest.mark.model
def test_a_dateline_cut_off_before_a_title_is_no_owner_of_it():
    text = ("Putin rules out inquiry\n\nLONDON President Vladimir Putin of Russia has ruled out a public inquiry "
            "into the Beslan school siege, two British newspapers said Tuesday.\n")
    [result] = pipeline.extract_batch([_doc(text, "a")])
    assert not any(f == "leads" and o.upper() == "LONDON" for _, f, o in _named_relations(result))


@pytest.mark.model
def test_a_body_the_tagger_cut_in_two_gives_no_membership_of_a_part():
    text = "Mark Serwotka, from the Public and Commercial Services union said there should be a strike.\n"
    (result,) = pipeline.extract_batch([_doc(text, "t.txt")])
    names = {e.key: e.name for e in result.entities}
    assert "Mark Serwotka" in names.values()
    assert not [r for r in result.relations if r.family == "memberOf"
                and names[r.object] in ("Commercial Services", "Public")]


@pytest.mark.model
def test_character_references_are_read_written_out_with_evidence_in_the_text_as_read():
    from kg.pipeline import extract_batch

    text = "Venezuela #39;s President Hugo Chavez met Fidel Castro in Havana on Monday.\n"
    (result,) = extract_batch([_doc(text, "ag.txt")])
    names = {e.key: e.name for e in result.entities}
    found = {(names[r.subject], r.family, names[r.object]) for r in result.relations}
    assert ("Hugo Chavez", "leads", "Venezuela") in found
    assert result.relations
    for r in result.relations:
        ev = r.evidence
        assert text[ev.start:ev.end] == ev.sentence
        assert text[ev.trigger_start:ev.trigger_end] == ev.trigger
