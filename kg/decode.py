"""The text the model reads, with character references written out, mapped back to the text as read.

Wire copy often carries HTML character references into plain text: "Harrah&#39;s", "&quot;fair&quot;", or
the AG News form with the ampersand lost, "Harrah #39;s Entertainment", " quot;fair quot;".  The tagger cuts
names there ("Harrah" and "s Entertainment").  :func:`model_text` gives the text with those references written
out (and stray inline tags such as "<b>" dropped) for the model to read, with each character's span in the
original, so that evidence offsets and sentences still point into the document text as read (DESIGN.md:
offsets are into the text before any normalisation).
"""

from __future__ import annotations

import html
import re
from dataclasses import dataclass

__all__ = ["ModelText", "model_text"]

#: "&#39;", "&#x27;", "&quot;", "&amp;"; AG News's " #39;" and " quot;" (the ampersand lost, a space left);
#: inline tags once their brackets are written out ("&lt;b&gt;" -> "<b>"), dropped.
_REFERENCE = re.compile(
    r"&(?:#[0-9]{2,5}|#[xX][0-9a-fA-F]{2,4}|[A-Za-z]{2,8});"
    r"| #[0-9]{2,5};"
    r"| (?:quot|amp|lt|gt);"
)
_TAG = re.compile(r"</?[A-Za-z]{1,10}\s*/?>")


@dataclass(frozen=True)
class ModelText:
    """``text`` for the model; ``starts[i]``/``ends[i]``: the span in the original of its character ``i``."""

    text: str
    starts: tuple[int, ...] | None = None  # None: the original itself
    ends: tuple[int, ...] | None = None

    def span(self, start: int, end: int) -> tuple[int, int]:
        """The original span of the model text's ``[start, end)``."""
        if self.starts is None:
            return start, end
        if end <= start:
            at = self.starts[start] if start < len(self.starts) else (self.ends[-1] if self.ends else 0)
            return at, at
        return self.starts[start], self.ends[end - 1]


def _written_out(reference: str) -> str | None:
    """The characters a reference stands for, or None when it is no reference ("&nbsp" alone, "&foo;")."""
    body = reference.strip()
    if not body.startswith("&"):
        body = "&" + body
    out = html.unescape(body)
    if out == body:
        return None
    return out.replace("\u00a0", " ")


def model_text(text: str) -> ModelText:
    """The text the model reads, and where each of its characters came from."""
    if "&" not in text and "#" not in text and " quot;" not in text:
        return ModelText(text)
    pieces: list[str] = []
    starts: list[int] = []
    ends: list[int] = []
    pos = 0

    def keep(upto: int) -> None:
        nonlocal pos
        pieces.append(text[pos:upto])
        starts.extend(range(pos, upto))
        ends.extend(range(pos + 1, upto + 1))
        pos = upto

    changed = False
    for match in _REFERENCE.finditer(text):
        written = _written_out(match.group())
        if written is None:
            continue
        keep(match.start())
        pieces.append(written)
        starts.extend([match.start()] * len(written))
        ends.extend([match.end()] * len(written))
        pos = match.end()
        changed = True
    keep(len(text))
    if not changed:
        return ModelText(text)
    decoded = "".join(pieces)
    # tags the references spelled out ("&lt;b&gt;Kidnappers&lt;/b&gt;"): no words of the article
    kept = [True] * len(decoded)
    for match in _TAG.finditer(decoded):
        for k in range(match.start(), match.end()):
            kept[k] = False
    if not all(kept):
        decoded = "".join(ch for ch, k in zip(decoded, kept) if k)
        starts = [s for s, k in zip(starts, kept) if k]
        ends = [e for e, k in zip(ends, kept) if k]
    return ModelText(decoded, tuple(starts), tuple(ends))
