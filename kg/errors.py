"""Every error kg raises on purpose, with messages that say how to fix it.

The CLI turns a ``KgError`` into a one-line ``Error: ...`` and exit code 1;
usage errors exit 2 (decided only in ``kg.cli``).
"""

from __future__ import annotations

__all__ = [
    "KgError",
    "InputError",
    "ModelNotFound",
    "QueryError",
    "OutputError",
    "BuildLocked",
    "NothingBuilt",
    "EndpointError",
    "ClusterError",
    "StoreError",
    "LexiconError",
]


class KgError(Exception):
    """Base class of kg's own errors."""


class InputError(KgError):
    """A document could not be read; names the file (and line)."""

    def __init__(self, path: str, problem: str, line: int | None = None):
        self.path, self.problem, self.line = path, problem, line
        where = f"{path}:{line}" if line is not None else path
        super().__init__(f"{where}: {problem}")


class ModelNotFound(KgError):
    """No spaCy English pipeline is installed."""


class QueryError(KgError):
    """A SPARQL query is malformed, refused or failed."""


class OutputError(KgError):
    """An output could not be written."""


class BuildLocked(OutputError):
    """Another build is writing into the same output folder."""


class NothingBuilt(KgError):
    """No document could be read, so no graph was written."""


class EndpointError(KgError):
    """A SPARQL server could not be reached, refused a request or failed."""


class ClusterError(KgError):
    """A Dask cluster could not be reached or started."""


class StoreError(KgError):
    """A persistent Oxigraph store could not be opened, read or written."""


class LexiconError(KgError):
    """A lexicon data file (``kg/data/relations.toml``) is malformed; names the file and entry."""
