"""The text the model reads: character references written out, every character traced to the text as read."""

from __future__ import annotations

import pytest

from kg.decode import model_text


@pytest.mark.parametrize("raw,read", [
    ("Harrah&#39;s Entertainment", "Harrah's Entertainment"),
    ("Harrah #39;s Entertainment", "Harrah's Entertainment"),  # AG News: the ampersand lost, a space left
    ("He called it  quot;fair quot;.", 'He called it "fair".'),
    ("AT&amp;T and &lt;b&gt;Kidnappers&lt;/b&gt; in Iraq", "AT&T and Kidnappers in Iraq"),
    ("fianc&#233;e", "fianc\u00e9e"),
])
def test_references_are_written_out(raw, read):
    assert model_text(raw).text == read


@pytest.mark.parametrize("raw", ["AT&T is fine", "Rank #1; no", "Tom & Jerry", "&unknownentity; stays", "plain"])
def test_text_without_references_is_read_as_it_is(raw):
    view = model_text(raw)
    assert view.text == raw
    assert view.span(0, len(raw)) == (0, len(raw))


def test_every_span_maps_back_to_the_text_as_read():
    raw = "Venezuela #39;s President Hugo Chavez said  quot;no quot; to AT&amp;T."
    view = model_text(raw)
    name = view.text.index("Hugo Chavez")
    start, end = view.span(name, name + len("Hugo Chavez"))
    assert raw[start:end] == "Hugo Chavez"
    # a span that begins or ends inside a written-out reference takes the whole reference
    quote = view.text.index('"no"')
    start, end = view.span(quote, quote + 4)
    assert raw[start:end] == " quot;no quot;"
    start, end = view.span(0, len(view.text))
    assert (start, end) == (0, len(raw))
