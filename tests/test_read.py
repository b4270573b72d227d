"""Reading articles: formats, ids, and one clear line per unreadable input."""

from __future__ import annotations

import json

import pytest

from kg.model import Document
from kg.read import Skipped, decode, looks_english, read_sources

from .conftest import DATA, SEEDS

HOSTILE = DATA / "hostile"


def _read(*sources):
    items = list(read_sources(sources))
    docs = {i.id: i for i in items if isinstance(i, Document)}
    skipped = [i for i in items if isinstance(i, Skipped)]
    return docs, skipped


def test_seed_ids_are_relative_paths_and_text_is_verbatim():
    docs, skipped = _read(SEEDS)
    assert not skipped
    assert sorted(docs) == sorted(p.name for p in SEEDS.glob("*.txt"))
    for doc in docs.values():
        assert doc.text == (SEEDS / doc.path).read_text(encoding="utf-8")
        assert doc.chars == len(doc.text)


def test_title_is_a_headline_standing_above_a_blank_line(tmp_path):
    (tmp_path / "a.txt").write_text("Leaders meet in Rome\n\nThe leaders met on Monday.\n")
    (tmp_path / "b.txt").write_text("The leaders met on Monday. They talked.\nMore text follows here.\n")
    docs, _ = _read(tmp_path)
    assert docs["a.txt"].title == "Leaders meet in Rome"
    assert docs["b.txt"].title is None


def test_several_sources_prefix_ids_with_the_folder_name(tmp_path):
    for name in ("one", "two"):
        (tmp_path / name).mkdir()
        (tmp_path / name / "a.txt").write_text(f"The minister met the envoy in {name}.\n")
    docs, _ = _read(tmp_path / "one", tmp_path / "two")
    assert set(docs) == {"one/a.txt", "two/a.txt"}
    assert {d.path for d in docs.values()} == {"a.txt"}


def test_colliding_ids_get_a_content_hash_suffix(tmp_path):
    (tmp_path / "x").mkdir()
    (tmp_path / "y" / "x").mkdir(parents=True)
    (tmp_path / "x" / "a.txt").write_text("The minister met the envoy on Monday.\n")
    (tmp_path / "y" / "x" / "a.txt").write_text("The envoy met the minister on Tuesday.\n")
    docs, _ = _read(tmp_path / "x", tmp_path / "y" / "x")
    assert len(docs) == 2
    assert "x/a.txt" in docs
    other = next(i for i in docs if i != "x/a.txt")
    assert other.startswith("x/a.txt~") and len(other) == len("x/a.txt~") + 8


@pytest.mark.parametrize(
    "name, problem",
    [
        ("empty.txt", "empty document"),
        ("blank.txt", "empty document"),
        ("binary.txt", "binary file"),
        ("arabic.txt", "not English"),
        ("report.pdf", "PDF is not supported"),
    ],
)
def test_bad_files_are_skipped_with_a_reason(name, problem):
    _, skipped = _read(HOSTILE / name)
    assert len(skipped) == 1
    assert skipped[0].path.endswith(name)
    assert problem in skipped[0].problem
    assert skipped[0].reason != "unreadable"
    assert "\n" not in str(skipped[0])


def test_jsonl_lines_are_documents_and_bad_lines_are_named():
    docs, skipped = _read(HOSTILE / "feed.jsonl")
    assert list(docs) == ["feed.jsonl#1"]
    doc = docs["feed.jsonl#1"]
    assert doc.title.startswith("<script>")  # kept verbatim here; writers escape it
    assert doc.get("url") == "javascript:alert(1)"
    assert [(s.line, s.problem.split(":")[0]) for s in skipped] == [(2, "broken JSON"), (3, "no 'text' field (a string) in this line")]
    assert str(skipped[0]).startswith(f"{HOSTILE / 'feed.jsonl'}:2: ")


def test_jsonl_metadata_fields_are_kept(tmp_path):
    line = {"id": "a1", "text": "The minister met the envoy.", "title": "T", "url": "https://x.org/1",
            "published": "2019-05-22", "publisher": "Example News", "ignored": {"x": 1}}
    (tmp_path / "f.jsonl").write_text(json.dumps(line) + "\n")
    docs, _ = _read(tmp_path / "f.jsonl")
    doc = docs["f.jsonl#a1"]
    assert dict(doc.metadata) == {"url": "https://x.org/1", "published": "2019-05-22", "publisher": "Example News"}


def test_utf8_bom_is_removed_and_latin1_falls_back_with_a_note():
    docs, _ = _read(HOSTILE / "bom.txt", HOSTILE / "latin1.txt")
    assert not docs["bom.txt"].text.startswith("\ufeff")
    latin = docs["latin1.txt"]
    assert latin.text.startswith("François")
    assert "read as cp1252" in latin.get("encoding-note")


def test_decode_rejects_nul_bytes():
    from kg.errors import InputError

    with pytest.raises(InputError, match="binary"):
        decode(b"abc\x00def", "f.txt")


def test_html_text_drops_scripts_and_keeps_paragraphs(tmp_path):
    (tmp_path / "p.html").write_text(
        "<html><head><title>Talks &amp; more</title><script>var x = 'The minister';</script></head>"
        "<body><p>The minister met the envoy.</p><p>They talked for an hour about the war.</p></body></html>"
    )
    docs, _ = _read(tmp_path / "p.html")
    doc = docs["p.html"]
    assert doc.title == "Talks & more"
    assert doc.text == "The minister met the envoy.\n\nThey talked for an hour about the war."


def test_missing_source_is_reported_not_raised(tmp_path):
    _, skipped = _read(tmp_path / "nope")
    assert skipped and skipped[0].problem == "no such file or folder"


def test_english_detector():
    assert looks_english("The minister said that the talks with the envoy were going well.")
    assert not looks_english("Der Minister sagte, dass die Gespräche mit dem Gesandten gut verlaufen seien und man weiter verhandle.")
    assert not looks_english("Le ministre a dit que les discussions avec l'envoyé se passent bien et qu'elles continuent.")
    # a short wire item made of names has no function word, yet is English
    assert looks_english("Palestinian leader Yasser Arafat met UN envoy Terje Roed-Larsen in Ramallah Tuesday.")


def test_jsonl_lines_end_at_newlines_only(tmp_path):
    text = "The minister met the envoy.\u2028They talked about trade and the war in the north."
    (tmp_path / "f.jsonl").write_text(json.dumps({"text": text}, ensure_ascii=False) + "\n", encoding="utf-8")
    docs, skipped = _read(tmp_path / "f.jsonl")
    assert not skipped
    assert docs["f.jsonl#1"].text == text


def test_a_kg_output_folder_inside_a_source_is_not_read(tmp_path):
    (tmp_path / "a.txt").write_text("The minister met the envoy on Monday.\n")
    out = tmp_path / "out"
    out.mkdir()
    (out / ".kg-build.lock").write_text("")
    (out / "graph.html").write_text("<html><body><p>The minister met the envoy.</p></body></html>")
    docs, _ = _read(tmp_path)
    assert list(docs) == ["a.txt"]


def test_a_source_given_twice_is_read_once(tmp_path):
    (tmp_path / "a.txt").write_text("The minister met the envoy on Monday.\n")
    docs, skipped = _read(tmp_path, tmp_path)
    assert len(docs) == 1
    assert [s.reason for s in skipped] == ["duplicate source"]


def test_colliding_ids_stay_unique_however_many(tmp_path):
    for name in ("x", "y/x", "z/x"):
        (tmp_path / name).mkdir(parents=True)
        (tmp_path / name / "a.txt").write_text("The minister met the envoy on Monday.\n")
    docs, _ = _read(tmp_path / "x", tmp_path / "y" / "x", tmp_path / "z" / "x")
    assert len(docs) == 3
