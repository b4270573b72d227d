"""SPARQL queries over a written graph, a persistent store or an endpoint."""

from __future__ import annotations

from dataclasses import dataclass, field

__all__ = ["QueryResult"]


@dataclass(frozen=True)
class QueryResult:
    """The answer to one SPARQL query, whatever ran it.

    ``vars`` are the projected variable names (without ``?``); each row is a
    tuple of rdflib terms (``URIRef``, ``Literal``, ``BNode``) or ``None`` for
    an unbound variable, in ``vars`` order.  An ASK query has no vars and no
    rows and sets ``boolean``.
    """

    vars: tuple[str, ...] = ()
    rows: tuple[tuple, ...] = field(default_factory=tuple)
    boolean: bool | None = None

    def __len__(self) -> int:
        return len(self.rows)
