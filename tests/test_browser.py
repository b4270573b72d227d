"""The HTML page in a real browser: Debian's headless Chromium driven by Playwright.

Every request that is not a ``file:`` URL is refused and recorded; a page
passes only if it made none, logged no console error, opened no dialog and
drew every node of its graph. Skipped when /usr/bin/chromium is missing,
unless CI is set (then the browser is required).
"""

from __future__ import annotations

import importlib.util
import os
from pathlib import Path

import pytest

from kg.html import write_html

pytestmark = pytest.mark.browser

CHROMIUM = "/usr/bin/chromium"
FLAGS = [
    "--no-sandbox",
    "--disable-gpu",
    "--disable-quic",
    "--no-first-run",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
]

_spec = importlib.util.spec_from_file_location("html_graphs", Path(__file__).parent / "data" / "html_graphs.py")
graphs = importlib.util.module_from_spec(_spec)
_spec.loader.exec_module(graphs)


def _unavailable(reason: str):
    if os.environ.get("CI", "").lower() in ("1", "true", "yes"):
        pytest.fail(f"CI is set but {reason}")
    pytest.skip(reason)


@pytest.fixture(scope="module")
def browser():
    """One headless Chromium for the module; Playwright gives it a fresh temporary profile."""
    if not Path(CHROMIUM).exists():
        _unavailable(f"{CHROMIUM} is missing")
    try:
        from playwright.sync_api import sync_playwright
    except ImportError:
        _unavailable("playwright is not installed")
    with sync_playwright() as p:
        b = p.chromium.launch(executable_path=CHROMIUM, headless=True, args=FLAGS)
        yield b
        b.close()


class OfflinePage:
    """A page opened from file:// with every other request refused and every error recorded."""

    def __init__(self, browser, path: Path):
        self.requests: list[str] = []  # every non-file request the page made
        self.refused: list[str] = []  # ... and that the route refused
        self.errors: list[str] = []
        self.dialogs: list[str] = []
        self.context = browser.new_context(viewport={"width": 1200, "height": 800})
        self.context.route("**/*", self._route)
        self.page = self.context.new_page()
        self.page.on("request", lambda r: None if r.url.startswith("file:") else self.requests.append(r.url))
        self.page.on("console", lambda m: self.errors.append(m.text) if m.type == "error" else None)
        self.page.on("pageerror", lambda e: self.errors.append(str(e)))
        self.page.on("dialog", self._dialog)
        self.page.goto(path.resolve().as_uri(), wait_until="load")

    def _route(self, route):
        if route.request.url.startswith("file:"):
            route.continue_()
        else:
            self.refused.append(route.request.url)
            route.abort()

    def _dialog(self, dialog):
        self.dialogs.append(dialog.message)
        dialog.dismiss()

    def wait_ready(self, timeout_ms: int = 60_000):  # generous: the test machine is shared
        self.page.wait_for_selector("body[data-state=ready]", state="attached", timeout=timeout_ms)
        return self

    def drawn(self) -> dict:
        return self.page.evaluate(
            """() => ({
                nodes: kg.network.body.nodeIndices.length,
                edges: kg.network.body.edgeIndices.length,
                positioned: Object.values(kg.network.getPositions()).filter(p => isFinite(p.x) && isFinite(p.y)).length,
                hiddenNodes: kg.nodes.get({filter: n => n.hidden}).length,
                hiddenEdges: kg.edges.get({filter: e => e.hidden}).length,
            })"""
        )

    def visible(self) -> tuple[int, int]:
        body = self.page.locator("body")
        return int(body.get_attribute("data-visible-nodes")), int(body.get_attribute("data-visible-edges"))

    def hover_edge(self, index: int) -> None:
        """Move the mouse onto edge ``index`` until its tooltip shows."""
        for frac in (0.5, 0.4, 0.6, 0.3, 0.7):
            point = self.page.evaluate(
                """([k, frac]) => {
                    // vis-network's own geometry of the drawn (maybe curved) line
                    const p = kg.network.canvasToDOM(kg.network.body.edges[k].edgeType.getPoint(frac));
                    const r = document.getElementById('network').getBoundingClientRect();
                    return {x: r.left + p.x, y: r.top + p.y};
                }""",
                [index, frac],
            )
            self.page.mouse.move(5, 5)
            self.page.mouse.move(point["x"], point["y"], steps=4)
            try:
                self.page.wait_for_selector(f"#tooltip .edge-details[data-edge='{index}']", timeout=2_000)
                return
            except Exception:
                continue
        raise AssertionError(f"no tooltip for edge {index}")

    def hover_node(self, index: int) -> None:
        point = self.page.evaluate(
            """(i) => {
                const p = kg.network.canvasToDOM(kg.network.getPositions([i])[i]);
                const r = document.getElementById('network').getBoundingClientRect();
                return {x: r.left + p.x, y: r.top + p.y};
            }""",
            index,
        )
        self.page.mouse.move(5, 5)
        self.page.mouse.move(point["x"], point["y"], steps=4)
        self.page.wait_for_selector(f"#tooltip .node-details[data-node='{index}']", timeout=5_000)

    def assert_clean(self):
        assert self.requests == [] and self.refused == [], "requests left the page"
        assert self.errors == [], "console errors"
        assert self.dialogs == [], "a dialog opened: injected script ran"

    def close(self):
        self.context.close()


@pytest.fixture
def open_page(browser):
    pages = []

    def opener(path: Path) -> OfflinePage:
        pages.append(OfflinePage(browser, path))
        return pages[-1]

    yield opener
    for page in pages:
        page.close()


def test_the_harness_catches_a_request(open_page, tmp_path):
    # The refusal must be real, or the other tests prove nothing.
    leaky = tmp_path / "leaky.html"
    leaky.write_text('<!DOCTYPE html><img src="https://example.org/pixel.png"><script>console.error("boom")</script>')
    page = open_page(leaky)
    page.page.wait_for_timeout(200)
    assert page.requests == page.refused == ["https://example.org/pixel.png"]
    assert "boom" in page.errors


def test_small_page_draws_every_node_offline(open_page, tmp_path):
    g = graphs.small_graph()
    page = open_page(write_html(g, tmp_path / "graph.html", title="Small world")).wait_ready()
    drawn = page.drawn()
    assert drawn["nodes"] == drawn["positioned"] == g.number_of_nodes()
    assert drawn["edges"] == g.number_of_edges()
    assert drawn["hiddenNodes"] == drawn["hiddenEdges"] == 0
    assert page.page.title() == "Small world"
    # the layout stabilised and then stopped: nothing moves any more
    before = page.page.evaluate("() => kg.network.getPositions()")
    page.page.wait_for_timeout(400)
    assert page.page.evaluate("() => kg.network.getPositions()") == before
    # what vis-network was asked to draw: arrows, dashes, colours by family
    drawn_edges = {e["family"]: e for e in page.page.evaluate(
        "() => kg.data.edges.map((e, i) => Object.assign({family: e.family}, kg.network.body.edges[i].options))")}
    assert drawn_edges["meets"]["arrows"]["to"]["enabled"] is False
    assert drawn_edges["supports"]["arrows"]["to"]["enabled"] is True
    assert drawn_edges["opposes"]["dashes"] is True and drawn_edges["supports"]["dashes"] is False
    assert len({e["color"]["color"] for e in drawn_edges.values()}) == 4
    legend = page.page.locator("#legend-types li, #legend-families li")
    assert legend.count() == 3 + 5
    assert page.page.locator("#legend-families li").first.inner_text().startswith("meets")
    page.assert_clean()


def test_tooltips_show_escaped_evidence_and_sources(open_page, tmp_path):
    g = graphs.hostile_graph()
    page = open_page(write_html(g, tmp_path / "graph.html", title=graphs.HOSTILE_TITLE)).wait_ready()
    p = page.page
    assert p.title() == graphs.HOSTILE_TITLE
    assert page.drawn()["nodes"] == 3
    meets = next(i for i, e in enumerate(p.evaluate("() => kg.data.edges")) if e["family"] == "meets")
    page.hover_edge(meets)
    sentence = p.locator("#tooltip .sentence")
    assert sentence.evaluate("s => s.textContent") == graphs.HOSTILE_SENTENCE
    assert sentence.locator("mark").inner_text() == graphs.HOSTILE_TRIGGER
    assert "&lt;/script&gt;&lt;script&gt;alert(1)&lt;/script&gt;" in sentence.inner_html()
    assert p.locator("#tooltip img, #tooltip script, #tooltip b").count() == 0
    source = p.locator("#tooltip .source")
    assert graphs.HOSTILE_TITLE in source.inner_text()
    assert source.locator("a").count() == 0  # javascript: never becomes a link
    heading = p.locator("#tooltip h3").inner_text()
    assert graphs.SCRIPT_NAME in heading and graphs.IMG_NAME in heading

    script_person = next(i for i, n in enumerate(p.evaluate("() => kg.data.nodes")) if n["label"] == graphs.SCRIPT_NAME)
    page.hover_node(script_person)
    tip = p.locator("#tooltip").inner_text()
    assert graphs.SCRIPT_NAME in tip and "<i>alias</i>" in tip and "<u>role</u>" in tip
    assert p.locator("#tooltip i, #tooltip u, #tooltip img").count() == 0
    page.assert_clean()


def test_node_tooltip_and_panel(open_page, tmp_path):
    page = open_page(write_html(graphs.small_graph(), tmp_path / "graph.html")).wait_ready()
    p = page.page
    labels = [n["label"] for n in p.evaluate("() => kg.data.nodes")]
    ann = labels.index("Ann Smith")
    page.hover_node(ann)
    tip = p.locator("#tooltip")
    text = tip.inner_text()
    assert "Person" in text and "Smith" in text and "Foreign Minister" in text
    assert "3 relations, 4 statements" in text  # meets (2), supports, opposes
    links = tip.locator("a")
    assert links.count() == 1 and links.first.get_attribute("href") == "https://example.org/a?x=1&y=2"
    assert links.first.inner_text() == "Talks in Paris"
    assert "b.txt" in text  # a document without a title is named by its id, not linked

    meets = next(i for i, e in enumerate(p.evaluate("() => kg.data.edges")) if e["family"] == "meets")
    page.hover_edge(meets)
    p.mouse.down()
    p.mouse.up()
    p.wait_for_selector(f"#panel:not([hidden]) .edge-details[data-edge='{meets}']")
    assert p.locator("#panel .evidence").count() == 2
    assert p.locator("#panel .evidence mark").all_inner_texts() == ["met", "held talks"]
    page.assert_clean()


def test_filters_slider_and_search(open_page, tmp_path):
    page = open_page(write_html(graphs.small_graph(), tmp_path / "graph.html")).wait_ready()
    p = page.page
    assert page.visible() == (4, 4)
    p.uncheck("input[data-family=meets]")
    assert page.visible() == (4, 3) and page.drawn()["hiddenEdges"] == 1
    p.check("input[data-family=meets]")
    p.uncheck("input[data-type=Place]")
    assert page.visible() == (3, 4) and page.drawn()["hiddenNodes"] == 1
    assert p.is_checked("#hide-places")  # the shortcut follows the legend box ...
    p.check("input[data-type=Place]")
    assert not p.is_checked("#hide-places")
    p.check("#hide-places")  # ... and drives it
    assert page.visible() == (3, 4) and not p.is_checked("input[data-type=Place]")
    p.uncheck("#hide-places")
    p.check("#hide-isolated")
    assert page.visible() == (3, 4)  # Paris has no relation
    p.evaluate("() => { const s = document.getElementById('min-evidence'); s.value = '2'; s.dispatchEvent(new Event('input')); }")
    assert page.visible() == (2, 1)  # only the meeting has two statements
    assert p.locator("#min-evidence-value").inner_text() == "2"

    p.fill("#search", "united nations")
    p.press("#search", "Enter")
    assert "hidden by the current filters" in p.locator("#search-status").inner_text()
    p.fill("#search", "jones")  # an alias
    p.press("#search", "Enter")
    bob = [n["label"] for n in p.evaluate("() => kg.data.nodes")].index("Bob Jones")
    assert p.evaluate("() => kg.network.getSelectedNodes()") == [bob]
    p.wait_for_selector(f"#panel:not([hidden]) .node-details[data-node='{bob}']")
    p.fill("#search", "nobody at all")
    p.press("#search", "Enter")
    assert "No actor matches" in p.locator("#search-status").inner_text()
    page.assert_clean()


def test_empty_graph_page(open_page, tmp_path):
    from kg.graph import build_graph

    page = open_page(write_html(build_graph([], []), tmp_path / "graph.html")).wait_ready()
    assert page.drawn()["nodes"] == 0
    page.assert_clean()


def test_seeds_page(open_page, seeds_build):
    page = open_page(seeds_build / "graph.html").wait_ready()
    drawn = page.drawn()
    expected = page.page.evaluate("() => [kg.data.nodes.length, kg.data.edges.length]")
    assert expected[0] > 0
    assert [drawn["nodes"], drawn["edges"]] == expected
    assert drawn["positioned"] == expected[0]
    # and the page draws exactly the actors the Turtle of the same build describes
    import rdflib

    ttl = rdflib.Graph().parse(seeds_build / "graph.ttl")
    schema = rdflib.Namespace("http://schema.org/")
    typed = {s for t in ("Person", "Organization", "Place") for s in ttl.subjects(rdflib.RDF.type, schema[t])}
    assert drawn["nodes"] == len(typed)
    assert page.page.locator("#legend-types li").count() == 3
    page.assert_clean()
