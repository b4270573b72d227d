"""Incremental builds: per-document extraction results cached by content.

A result is reused only when the document's id and text hash, the spaCy
model (name and version) and kg's own code and data files are all unchanged,
so a stale result can never leak into a build.
"""

from __future__ import annotations

import hashlib
import pickle
import sqlite3
from functools import lru_cache
from importlib import resources
from pathlib import Path

from . import __version__
from .model import Document, DocumentInfo, DocResult

__all__ = ["CACHE_NAME", "ExtractionCache", "code_fingerprint", "model_version"]

CACHE_NAME = ".kg-cache.sqlite3"


@lru_cache(maxsize=1)
def code_fingerprint() -> str:
    """A hash of kg's version and every module and data file of the package."""
    digest = hashlib.sha256(__version__.encode())
    root = resources.files("kg")
    paths = sorted(p for p in Path(str(root)).rglob("*") if p.suffix in (".py", ".toml", ".ttl") and p.is_file())
    for path in paths:
        digest.update(path.relative_to(Path(str(root))).as_posix().encode())
        digest.update(path.read_bytes())
    return digest.hexdigest()[:16]


def model_version(model: str) -> str:
    """The installed version of a spaCy model package, or '' for a model given as a path."""
    import spacy

    try:
        return str(spacy.util.get_package_version(model) or "")
    except Exception:  # a model given as a path has no package version
        return ""


class ExtractionCache:
    """A small SQLite table of pickled ``DocResult`` records in the output folder."""

    def __init__(self, path: Path, fingerprint: str):
        self.path = path
        self.fingerprint = fingerprint
        self.db = sqlite3.connect(path)
        self.db.execute("CREATE TABLE IF NOT EXISTS results (key TEXT PRIMARY KEY, value BLOB)")
        self._pending = 0

    @classmethod
    def open(cls, out_dir: Path, model: str) -> ExtractionCache:
        out_dir.mkdir(parents=True, exist_ok=True)
        fingerprint = f"{code_fingerprint()}:{model}:{model_version(model)}"
        try:
            return cls(out_dir / CACHE_NAME, fingerprint)
        except sqlite3.DatabaseError:  # a corrupt cache is thrown away, never trusted
            (out_dir / CACHE_NAME).unlink(missing_ok=True)
            return cls(out_dir / CACHE_NAME, fingerprint)

    def _key(self, info) -> str:
        """Fingerprint, id, text hash and every metadata field: a changed title or URL is a miss."""
        fields = [self.fingerprint, info.id, info.path, info.title or "", info.sha256]
        fields += [f"{k}={v}" for k, v in info.metadata]
        return hashlib.sha256("\0".join(fields).encode("utf-8", "surrogatepass")).hexdigest()

    def get(self, document: Document) -> DocResult | None:
        row = self.db.execute(
            "SELECT value FROM results WHERE key = ?", (self._key(document.info()),)
        ).fetchone()
        if row is None:
            return None
        try:
            result = pickle.loads(row[0])
        except Exception:
            return None
        return result if isinstance(result, DocResult) else None

    def put(self, document: DocumentInfo, result: DocResult) -> None:
        """Store ``result``, extracted from ``document`` as read."""
        key = self._key(document)
        self.db.execute(
            "INSERT OR REPLACE INTO results (key, value) VALUES (?, ?)",
            (key, pickle.dumps(result, protocol=pickle.HIGHEST_PROTOCOL)),
        )
        self._pending += 1
        if self._pending >= 64:
            self.db.commit()
            self._pending = 0

    def close(self) -> None:
        self.db.commit()
        self.db.close()
