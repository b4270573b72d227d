"""The graph as one self-contained, offline HTML page (a vis-network drawing).

The page inlines the vis-network build that pyvis ships, our own stylesheet and
script (``kg/templates/``) and the graph itself as a JSON block, so it opens from
``file://`` with the network cut: nothing is loaded from anywhere else.

pyvis is used for its copy of vis-network only. Its own templates link
Bootstrap and a CDN even with ``cdn_resources="in_line"``, ``from_nx`` mutates
its input and ``show``/``write_html`` copy a ``lib/`` folder into the working
directory; :func:`write_html` does none of that.

Everything that comes from the articles (names, sentences, titles, URLs)
reaches the page as JSON data in a ``<script type="application/json">`` block
with ``<``, ``>``, ``&`` and the JavaScript line separators escaped, and is put
into the document by the page's script as text nodes, never as markup. Only
``http(s)`` URLs become links.
"""

from __future__ import annotations

import html
import importlib.util
import json
import math
import re
from collections import Counter, defaultdict
from functools import lru_cache
from importlib import resources
from pathlib import Path

import networkx as nx

from .errors import OutputError
from .io import atomic_write
from .model import ENTITY_TYPES, FAMILIES, HEDGED, SYMMETRIC_FAMILIES, Entity

__all__ = ["write_html", "render_html", "page_data", "script_json", "TYPE_STYLES", "FAMILY_STYLES"]

#: Colour and vis-network shape of each entity type (shapes draw the label below).
TYPE_STYLES: dict[str, dict[str, str]] = {
    "Person": {"color": "#4c78a8", "shape": "dot"},
    "Organization": {"color": "#f58518", "shape": "square"},
    "Place": {"color": "#8f9aa3", "shape": "triangle"},
}
#: Colour of each relation family; symmetric families are drawn without arrows.
FAMILY_STYLES: dict[str, dict[str, str]] = {
    "meets": {"color": "#6f5bd5"},
    "supports": {"color": "#2f9e44"},
    "opposes": {"color": "#d62728"},
    "leads": {"color": "#8c564b"},
    "memberOf": {"color": "#d45fb1"},
}
_FALLBACK_COLOR = "#666666"
_VIS_JS = ("lib/vis-9.1.2/vis-network.min.js", "templates/lib/vis-9.1.2/vis-network.min.js")
_HTTP_URL = re.compile(r"https?://[^\s<>\"']+\Z", re.IGNORECASE)
_LONE_SURROGATE = re.compile("[\ud800-\udfff]")


def write_html(g: nx.MultiDiGraph, path: str | Path, *, title: str | None = None) -> Path:
    """Write the graph as an offline HTML page at ``path`` (atomically); return the path.

    ``g`` is left as it was and nothing but ``path`` is written (no ``lib/``
    folder anywhere).

    >>> import tempfile
    >>> from kg.graph import build_graph
    >>> from kg.model import Entity
    >>> g = build_graph([Entity("Person:Ann", "Ann", "Person")], [])
    >>> with tempfile.TemporaryDirectory() as d:
    ...     out = write_html(g, Path(d) / "graph.html", title="Ann's world")
    ...     "Ann&#x27;s world" in out.read_text(encoding="utf-8")
    True
    """
    path = Path(path)
    page = render_html(g, title=title)
    with atomic_write(path) as fh:
        fh.write(page)
    return path


def render_html(g: nx.MultiDiGraph, *, title: str | None = None) -> str:
    """The whole page as a string (see :func:`write_html`)."""
    data = page_data(g, title=title)
    template = _asset("page.html")
    parts = {
        "@@TITLE@@": html.escape(_LONE_SURROGATE.sub("\ufffd", data["title"])),
        "@@STYLE@@": _asset("page.css"),
        "@@DATA@@": script_json(data),
        "@@VIS@@": _vis_network_js(),
        "@@SCRIPT@@": _asset("page.js"),
    }
    # One pass, so that nothing substituted is ever scanned for placeholders again.
    return re.sub("|".join(map(re.escape, parts)), lambda m: parts[m.group(0)], template)


def script_json(value) -> str:
    """JSON that is safe inside a ``<script>`` element.

    ``<``, ``>`` and ``&`` only ever occur inside JSON strings, where their
    ``\\uXXXX`` escapes mean the same thing, so ``</script>`` or ``<!--`` in
    the data can never end or confuse the element.

    >>> script_json({"name": "</script><b>"})
    '{"name":"\\\\u003c/script\\\\u003e\\\\u003cb\\\\u003e"}'
    """
    text = json.dumps(value, ensure_ascii=False, separators=(",", ":"), allow_nan=False)
    # Lone surrogates (which UTF-8 cannot encode) travel as escapes too.
    return re.sub("[<>&\u2028\u2029\ud800-\udfff]", lambda m: f"\\u{ord(m.group(0)):04x}", text)


def page_data(g: nx.MultiDiGraph, *, title: str | None = None) -> dict:
    """What the page's script draws: plain JSON-ready data, read from ``g`` only."""
    documents = g.graph.get("documents") or {}
    doc_index: dict[str, int] = {}
    docs: list[dict] = []

    def doc_ref(doc_id: str) -> int:
        if doc_id not in doc_index:
            info = documents.get(doc_id)
            doc_index[doc_id] = len(docs)
            docs.append(
                {
                    "id": doc_id,
                    "title": (info.title if info is not None else None) or None,
                    "url": _http_url(info.get("url") if info is not None else None),
                    "published": info.get("published") if info is not None else None,
                }
            )
        return doc_index[doc_id]

    for doc_id in documents:
        doc_ref(doc_id)

    node_index = {node: i for i, node in enumerate(g.nodes)}
    statements: Counter = Counter()
    for u, v, rel_data in g.edges(data=True):
        n = len(rel_data.get("relations", ()))
        statements[u] += n
        statements[v] += n

    nodes = []
    for node, attrs in g.nodes(data=True):
        entity = attrs.get("entity")
        if not isinstance(entity, Entity):
            raise OutputError(f"graph node {node!r} has no Entity record; build the graph with kg.graph.build_graph")
        nodes.append(
            {
                "key": str(node),
                "label": entity.name,
                "type": entity.type,
                "aliases": list(entity.aliases),
                "roles": list(entity.roles),
                "affiliations": list(entity.affiliations),
                "docs": [doc_ref(d) for d in entity.documents],
                "mentions": entity.mention_count,
                "degree": g.degree(node),
                "statements": statements[node],
                "size": round(10 + 5 * math.log2(1 + statements[node]), 1),
            }
        )

    edges = []
    bends = _bends(g)
    for u, v, key, attrs in g.edges(keys=True, data=True):
        family = attrs.get("family", key)
        relations = attrs.get("relations", ())
        evidence = []
        for relation in relations:
            ev = relation.evidence
            evidence.append(
                {
                    "d": doc_ref(ev.doc_id),
                    "s": ev.sentence,
                    "t": _trigger_span(ev.sentence, ev.trigger, ev.trigger_start - ev.start),
                    "c": ev.certainty,
                    "p": ev.plover,
                }
            )
        sources = len({ev["d"] for ev in evidence})
        edges.append(
            {
                "from": node_index[u],
                "to": node_index[v],
                "family": family,
                "directed": family not in SYMMETRIC_FAMILIES,
                "hedged": bool(relations) and all(r.evidence.certainty == HEDGED for r in relations),
                "sources": sources,
                "plover": sorted({r.evidence.plover for r in relations if r.evidence.plover}),
                "width": round(min(1.5 + 1.5 * math.log2(max(sources, 1)), 9.0), 2),
                "bend": bends[(u, v, key)],
                "ev": evidence,
            }
        )

    types = list(ENTITY_TYPES) + sorted({n["type"] for n in nodes} - set(ENTITY_TYPES))
    families = list(FAMILIES) + sorted({e["family"] for e in edges} - set(FAMILIES))
    n_statements = sum(len(e["ev"]) for e in edges)
    return {
        "title": title if title is not None else "kg knowledge graph",
        "stats": {
            "documents": len(documents),
            "entities": len(nodes),
            "relations": len(edges),
            "statements": n_statements,
        },
        "types": [{"name": t, **TYPE_STYLES.get(t, {"color": _FALLBACK_COLOR, "shape": "diamond"})} for t in types],
        "families": [
            {
                "name": f,
                "color": FAMILY_STYLES.get(f, {}).get("color", _FALLBACK_COLOR),
                "directed": f not in SYMMETRIC_FAMILIES,
            }
            for f in families
        ],
        "docs": docs,
        "nodes": nodes,
        "edges": edges,
    }


def _http_url(url: str | None) -> str | None:
    """The URL if it is an absolute http(s) URL, else None (so it never becomes a link)."""
    if url and _HTTP_URL.match(url.strip()):
        return url.strip()
    return None


def _utf16_len(text: str) -> int:
    return len(text.encode("utf-16-le", "surrogatepass")) // 2


def _trigger_span(sentence: str, trigger: str, start: int) -> list[int] | None:
    """[start, end) of the trigger in the sentence, in JavaScript (UTF-16) units."""
    if not trigger:
        return None
    if not (0 <= start and sentence[start : start + len(trigger)] == trigger):
        start = sentence.find(trigger)
        if start < 0:
            return None
    begin = _utf16_len(sentence[:start])
    return [begin, begin + _utf16_len(trigger)]


def _bends(g: nx.MultiDiGraph) -> dict[tuple, float]:
    """A signed curvature per edge so that parallel edges between two nodes fan out."""
    pairs: dict[tuple, list[tuple]] = defaultdict(list)
    for u, v, key in g.edges(keys=True):
        pairs[tuple(sorted((str(u), str(v))))].append((u, v, key))
    bends = {}
    for (low, _high), group in pairs.items():
        group.sort(key=lambda e: (str(e[2]), str(e[0])))
        for i, (u, v, key) in enumerate(group):
            offset = (i - (len(group) - 1) / 2) * 0.25
            # The sign is taken as seen from the lower node, so reverse edges fan too.
            bends[(u, v, key)] = round(offset if str(u) == low else -offset, 3)
    return bends


@lru_cache(maxsize=None)
def _asset(name: str) -> str:
    return resources.files("kg").joinpath("templates", name).read_text(encoding="utf-8")


@lru_cache(maxsize=1)
def _vis_network_js() -> str:
    # Locate pyvis without importing it (its package imports IPython and jinja2).
    spec = importlib.util.find_spec("pyvis")
    roots = [Path(p) for p in (spec.submodule_search_locations or [])] if spec else []
    for candidate in (root / name for root in roots for name in _VIS_JS):
        if candidate.is_file():
            text = candidate.read_text(encoding="utf-8")
            # Inlined script text must never end (or seem to open) an element: "<script" and
            # "<!--" occur only inside string or regex literals, where \x3c means "<" too.
            return re.sub(r"<(?=/?script|!--)", r"\\x3c", text, flags=re.IGNORECASE)
    raise OutputError("pyvis's copy of vis-network.min.js was not found; reinstall pyvis (pip install pyvis==0.3.2)")
