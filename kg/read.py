"""Read articles from files and folders into ``Document`` records.

Supported: ``.txt``, ``.md``, ``.html``/``.htm`` and ``.jsonl`` (one article a
line: ``text`` and optional ``title``, ``url``, ``published``, ``publisher``).
A file that cannot be read is reported as a ``Skipped`` record naming the file
(and line) and the problem; reading goes on with the next one.
"""

from __future__ import annotations

import hashlib
import json
import os
import re
import unicodedata
from collections.abc import Iterable, Iterator
from dataclasses import dataclass, replace
from html.parser import HTMLParser
from pathlib import Path

from .errors import InputError
from .lock import LOCK_NAME
from .model import Document

__all__ = [
    "SUPPORTED_SUFFIXES",
    "Skipped",
    "read_sources",
    "read_file",
    "decode",
    "looks_english",
]

SUPPORTED_SUFFIXES = (".txt", ".md", ".html", ".htm", ".jsonl")
#: Formats people often drop in a corpus folder, with what to do about them.
UNSUPPORTED_HINTS = {
    ".pdf": "PDF is not supported; convert it to .txt first (e.g. pdftotext)",
    ".docx": "Word documents are not supported; save as .txt first",
    ".doc": "Word documents are not supported; save as .txt first",
    ".odt": "OpenDocument text is not supported; save as .txt first",
    ".rtf": "RTF is not supported; save as .txt first",
    ".json": "plain .json is not supported; use .jsonl, one article per line",
}
JSONL_FIELDS = ("url", "published", "publisher")
#: A folder holding kg's lock file is a kg output folder, never input.
OUTPUT_MARKER = LOCK_NAME
MAX_TITLE_CHARS = 200


@dataclass(frozen=True)
class Skipped:
    """An input that was not read, and why (a one-line message)."""

    path: str
    problem: str
    line: int | None = None

    def __str__(self) -> str:
        where = f"{self.path}:{self.line}" if self.line is not None else self.path
        return f"{where}: {self.problem}"

    @property
    def reason(self) -> str:
        """A short category of the problem, for the build summary."""
        for needle, reason in _REASONS:
            if needle in self.problem:
                return reason
        return "unreadable"


_REASONS = (
    ("empty document", "empty"),
    ("binary file", "binary"),
    ("not English", "not English"),
    ("not supported", "unsupported format"),
    ("unsupported file type", "unsupported format"),
    ("JSON", "broken JSON line"),
    ("no 'text' field", "no text field"),
    ("no such file", "missing"),
    ("more than once", "duplicate source"),
)


def _sha256(text: str) -> str:
    return hashlib.sha256(text.encode("utf-8", "surrogatepass")).hexdigest()


def decode(data: bytes, path: str) -> tuple[str, str | None]:
    """Decode bytes: UTF-8 (with or without BOM), else cp1252, else latin-1.

    Returns the text and a warning when a fallback was used. Raises
    ``InputError`` for binary content.
    """
    head = data[:8192]
    if b"\x00" in head:
        raise InputError(path, "binary file (contains NUL bytes), not text")
    try:
        return data.decode("utf-8-sig"), None
    except UnicodeDecodeError as exc:
        first_bad = exc.start
    for encoding in ("cp1252", "latin-1"):
        try:
            text = data.decode(encoding)
        except UnicodeDecodeError:
            continue
        controls = sum(1 for ch in text[:8192] if unicodedata.category(ch) == "Cc" and ch not in "\r\n\t\f")
        if controls > max(8, len(text[:8192]) // 50):
            raise InputError(path, "binary file (mostly control bytes), not text")
        return text, f"not valid UTF-8 (byte {first_bad}); read as {encoding}"
    raise InputError(path, "cannot decode text")  # pragma: no cover - latin-1 decodes anything


_WORD = re.compile(r"[^\W\d_]+", re.UNICODE)
_ENGLISH_FUNCTION_WORDS = frozenset(
    "the of and to a in is that for on was with he it as at by from his be are were has have had not "
    "but this they an which said will who its their been would or after".split()
)


#: Function words of the other languages news most often comes in (German, French, Spanish, Italian,
#: Portuguese, Dutch), none of them an English word.
_FOREIGN_FUNCTION_WORDS = frozenset(
    "der die das und ist nicht mit dem den ein eine sich auf für von zu wird sind auch dass "
    "le la les et est une des du pour pas que qui dans sur avec ce sont aux "
    "el los las y es del por para con una que su se lo al como más "
    "il di che non per della sono gli nel alla anche "
    "os das não em uma com para mais "
    "het een van en niet zijn voor met ook wordt".split()
) - frozenset("a an to in on at is was die met den van con lo al os per pour mit".split())  # English words too


def looks_english(text: str) -> bool:
    """A cheap check that ``text`` is English prose (script, then English against foreign function words).

    A short item made mostly of names ("Palestinian leader Yasser Arafat met UN envoy Terje
    Roed-Larsen") has no function word at all: it is turned away only for a foreign script or
    for foreign function words outnumbering English ones.
    """
    words = _WORD.findall(text[:20000])
    if len(words) < 8:
        return True  # too short to tell; let it through
    latin = sum(1 for w in words if w.isascii())
    if latin < 0.5 * len(words):
        return False
    lower = [w.lower() for w in words]
    hits = sum(1 for w in lower if w in _ENGLISH_FUNCTION_WORDS)
    if hits >= 0.08 * len(words):
        return True
    foreign = sum(1 for w in lower if w in _FOREIGN_FUNCTION_WORDS)
    return foreign <= hits or foreign < 0.08 * len(words)


def _guess_title(text: str) -> str | None:
    """The first line, when it stands alone above a blank line and reads as a headline."""
    stripped = text.lstrip()
    first, sep, rest = stripped.partition("\n")
    first = first.strip()
    if not first or len(first) > MAX_TITLE_CHARS or not sep:
        return None
    if first[-1] in ".!?:;,\"”’" and not rest.startswith("\n"):
        return None
    return first if rest.startswith(("\n", "\r\n")) or first[-1] not in ".!?" else None


def _markdown_title(text: str) -> str | None:
    for line in text.splitlines():
        if line.startswith("# "):
            return line[2:].strip() or None
        if line.strip():
            break
    return _guess_title(text)


class _HTMLText(HTMLParser):
    """Visible text of an HTML page, paragraph breaks kept, scripts dropped."""

    BLOCK = {"p", "div", "br", "li", "h1", "h2", "h3", "h4", "h5", "h6", "tr", "section", "article", "blockquote"}
    SKIP = {"script", "style", "noscript", "template", "head"}

    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.parts: list[str] = []
        self.title_parts: list[str] = []
        self._skip = 0
        self._in_title = False

    def handle_starttag(self, tag, attrs):
        if tag == "title":
            self._in_title = True
        elif tag in self.SKIP:
            self._skip += 1
        elif tag in self.BLOCK:
            self.parts.append("\n\n")

    def handle_endtag(self, tag):
        if tag == "title":
            self._in_title = False
        elif tag in self.SKIP:
            self._skip = max(0, self._skip - 1)
        elif tag in self.BLOCK:
            self.parts.append("\n\n")

    def handle_data(self, data):
        if self._in_title:
            self.title_parts.append(data)
        elif not self._skip:
            self.parts.append(data)


def _html_to_text(markup: str) -> tuple[str, str | None]:
    parser = _HTMLText()
    parser.feed(markup)
    parser.close()
    text = "".join(parser.parts)
    text = re.sub(r"[ \t\r\f\v]+", " ", text)
    text = re.sub(r" *\n[ \n]*\n *", "\n\n", text).strip()
    title = " ".join("".join(parser.title_parts).split()) or None
    return text, title


def _document(doc_id: str, path: str, text: str, title: str | None, metadata: dict[str, str]) -> Document:
    return Document(
        id=doc_id,
        path=path,
        title=title,
        sha256=_sha256(text),
        chars=len(text),
        metadata=tuple(sorted((k, str(v)) for k, v in metadata.items() if v not in (None, ""))),
        text=text,
    )


def _check_text(text: str) -> str | None:
    """The problem with a decoded text, or None when it is fine to process."""
    if not text.strip():
        return "empty document (no text)"
    if not looks_english(text):
        return "not English text (kg's model reads English only)"
    return None


def read_file(path: Path, doc_id: str, rel_path: str) -> Iterator[Document | Skipped]:
    """Yield the documents of one file (several for ``.jsonl``), or ``Skipped``."""
    shown = str(path)
    suffix = path.suffix.lower()
    if suffix in UNSUPPORTED_HINTS:
        yield Skipped(shown, UNSUPPORTED_HINTS[suffix])
        return
    if suffix not in SUPPORTED_SUFFIXES:
        yield Skipped(shown, f"unsupported file type {suffix or '(none)'!r}; kg reads {', '.join(SUPPORTED_SUFFIXES)}")
        return
    if suffix == ".jsonl":
        yield from _read_jsonl(path, shown, doc_id, rel_path)
        return
    try:
        data = path.read_bytes()
    except OSError as exc:
        yield Skipped(shown, f"cannot read: {exc.strerror or exc}")
        return
    try:
        text, warning = decode(data, shown)
    except InputError as exc:
        yield Skipped(shown, exc.problem)
        return
    meta: dict[str, str] = {}
    if warning:
        meta["encoding-note"] = warning
    if suffix in (".html", ".htm"):
        text, title = _html_to_text(text)
    elif suffix == ".md":
        title = _markdown_title(text)
    else:
        title = _guess_title(text)
    problem = _check_text(text)
    if problem:
        yield Skipped(shown, problem)
        return
    yield _document(doc_id, rel_path, text, title, meta)


def _jsonl_lines(path: Path, shown: str) -> Iterator[tuple[int, str | None, str | None]]:
    """(line number, decoded line or None, problem or encoding note), one line in memory at a time.

    Lines end at ``\n`` only: U+2028 and friends are legal inside JSON strings.
    """
    with path.open("rb") as fh:
        for lineno, raw in enumerate(fh, start=1):
            try:
                line, note = decode(raw, shown)
            except InputError as exc:
                yield lineno, None, exc.problem
                continue
            yield lineno, line, note


def _read_jsonl(path: Path, shown: str, doc_id: str, rel_path: str) -> Iterator[Document | Skipped]:
    try:
        for lineno, line, note in _jsonl_lines(path, shown):
            if line is None:
                yield Skipped(shown, note or "cannot decode line", lineno)
            elif line.strip():
                meta = {"encoding-note": note} if note else {}
                yield _jsonl_record(line, lineno, shown, doc_id, rel_path, meta)
    except OSError as exc:
        yield Skipped(shown, f"cannot read: {exc.strerror or exc}")


def _jsonl_record(
    line: str, lineno: int, shown: str, doc_id: str, rel_path: str, meta: dict[str, str]
) -> Document | Skipped:
    """The document of one ``.jsonl`` line, or why it was skipped."""
    try:
        record = json.loads(line)
    except json.JSONDecodeError as exc:
        return Skipped(shown, f"broken JSON: {exc.msg} (column {exc.colno})", lineno)
    if not isinstance(record, dict):
        return Skipped(shown, "line is not a JSON object", lineno)
    body = record.get("text")
    if not isinstance(body, str):
        return Skipped(shown, "no 'text' field (a string) in this line", lineno)
    problem = _check_text(body)
    if problem:
        return Skipped(shown, problem, lineno)
    title = record.get("title")
    for key in JSONL_FIELDS:
        value = record.get(key)
        if isinstance(value, (str, int, float)) and str(value).strip():
            meta[key] = str(value)
    ident = record.get("id")
    suffix = str(ident) if isinstance(ident, (str, int)) and str(ident).strip() else str(lineno)
    return _document(
        f"{doc_id}#{suffix}",
        f"{rel_path}#{suffix}",
        body,
        title if isinstance(title, str) and title.strip() else None,
        meta,
    )


def _walk(root: Path) -> Iterator[Path]:
    for dirpath, dirnames, filenames in os.walk(root):
        # hidden folders, and kg's own output folders (they hold its lock file), are not input
        dirnames[:] = sorted(
            d for d in dirnames if not d.startswith(".") and not (Path(dirpath) / d / OUTPUT_MARKER).exists()
        )
        for name in sorted(filenames):
            if not name.startswith("."):
                yield Path(dirpath) / name


def read_sources(sources: Iterable[str | os.PathLike]) -> Iterator[Document | Skipped]:
    """Yield every document found in ``sources`` (files or folders), in a stable order.

    A document's id is its path relative to the folder it was found in,
    prefixed by that folder's name when several sources are given; an id
    seen before gets a short content-hash suffix.
    """
    sources = [Path(s) for s in sources]
    prefixed = len(sources) > 1
    seen: set[str] = set()
    given: set[Path] = set()
    for source in sources:
        if not source.exists():
            yield Skipped(str(source), "no such file or folder")
            continue
        if source.resolve() in given:
            yield Skipped(str(source), "source given more than once; read once")
            continue
        given.add(source.resolve())
        if source.is_dir():
            files = [(p, p.relative_to(source).as_posix()) for p in _walk(source)]
            prefix = (source.resolve().name or "source") + "/" if prefixed else ""
        else:
            files = [(source, source.name)]
            prefix = ""
        for path, rel in files:
            for item in read_file(path, prefix + rel, rel):
                if isinstance(item, Document):
                    if item.id in seen:
                        unique, n = f"{item.id}~{item.sha256[:8]}", 1
                        while unique in seen:
                            n += 1
                            unique = f"{item.id}~{item.sha256[:8]}-{n}"
                        item = replace(item, id=unique)
                    seen.add(item.id)
                yield item
