"""Open kg's HTML page offline in headless Chromium and measure how long it takes to draw.

Usage::

    # build a corpus first (kg build), then check the page it wrote
    python bench/html_render.py /path/to/corpus --out /tmp/bbc-out
    # or check a page that already exists (and save a screenshot of it)
    python bench/html_render.py --html /tmp/bbc-out/graph.html --screenshot docs/screenshot.png

Every request that is not a file:// URL is refused and reported. Prints the
load and layout times, the number of nodes and edges drawn against the number
embedded in the page, blocked requests and console errors; exits 1 when the
page did not draw every node, made a request, logged an error or was slower
than --budget seconds.

Needs Debian's chromium (/usr/bin/chromium) and Playwright for Python; no
browser download.
"""

from __future__ import annotations

import argparse
import sys
import tempfile
import time
from pathlib import Path

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


def _hover_busiest_edge(page) -> None:
    """Point at the edge with the most statements so the screenshot shows its evidence tooltip."""
    point = page.evaluate(
        """() => {
            const edges = kg.data.edges;
            if (!edges.length) return null;
            let k = 0;
            edges.forEach((e, i) => { if (e.ev.length > edges[k].ev.length) k = i; });
            const p = kg.network.canvasToDOM(kg.network.body.edges[k].edgeType.getPoint(0.5));
            const r = document.getElementById('network').getBoundingClientRect();
            return {x: r.left + p.x, y: r.top + p.y};
        }"""
    )
    if point:
        page.mouse.move(point["x"] - 30, point["y"] - 30)
        page.mouse.move(point["x"], point["y"], steps=5)
        page.wait_for_timeout(500)


def render(
    page_path: Path, *, timeout: float = 120.0, screenshot: Path | None = None, show_edge: bool = False, size=(1400, 900)
) -> dict:
    """Open ``page_path`` offline; return what was measured."""
    from playwright.sync_api import sync_playwright

    url = page_path.resolve().as_uri()
    requests, errors = [], []
    with tempfile.TemporaryDirectory(prefix="kg-chromium-") as profile, sync_playwright() as p:
        context = p.chromium.launch_persistent_context(
            profile, executable_path=CHROMIUM, headless=True, args=FLAGS, viewport={"width": size[0], "height": size[1]}
        )
        try:
            context.route("**/*", lambda route: route.continue_() if route.request.url.startswith("file:") else route.abort())
            page = context.new_page()
            page.on("request", lambda r: None if r.url.startswith("file:") else requests.append(r.url))
            page.on("console", lambda m: errors.append(m.text) if m.type == "error" else None)
            page.on("pageerror", lambda e: errors.append(str(e)))
            page.on("dialog", lambda d: (errors.append(f"dialog: {d.message}"), d.dismiss()))
            start = time.perf_counter()
            page.goto(url, wait_until="load", timeout=timeout * 1000)
            loaded = time.perf_counter() - start
            page.wait_for_selector("body[data-state=ready]", timeout=timeout * 1000, state="attached")
            drawn = time.perf_counter() - start
            counts = page.evaluate(
                """() => ({
                    nodes: kg.network.body.nodeIndices.length,
                    edges: kg.network.body.edgeIndices.length,
                    dataNodes: kg.data.nodes.length,
                    dataEdges: kg.data.edges.length,
                    timings: kg.timings,
                    legend: document.querySelectorAll('#legend-types li, #legend-families li').length,
                })"""
            )
            # Responsiveness once laid out: time a redraw after a zoom.
            t = time.perf_counter()
            page.evaluate("() => { kg.network.moveTo({scale: kg.network.getScale() * 1.5}); kg.network.redraw(); }")
            page.evaluate("() => new Promise(r => requestAnimationFrame(() => requestAnimationFrame(r)))")
            redraw = time.perf_counter() - t
            if screenshot is not None:
                screenshot.parent.mkdir(parents=True, exist_ok=True)
                page.evaluate("() => kg.network.fit()")
                page.wait_for_timeout(300)
                if show_edge:
                    _hover_busiest_edge(page)
                page.screenshot(path=str(screenshot))
        finally:
            context.close()
    return {
        "bytes": page_path.stat().st_size,
        "loaded_s": round(loaded, 2),
        "drawn_s": round(drawn, 2),
        "redraw_s": round(redraw, 3),
        **counts,
        "requests": requests,
        "errors": errors,
    }


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("sources", nargs="*", type=Path, help="article folders to build first (kg build)")
    parser.add_argument("--out", type=Path, help="build output folder (default: a temporary folder)")
    parser.add_argument("--html", type=Path, help="an existing page to check instead of building")
    parser.add_argument("--screenshot", type=Path, help="save a PNG of the drawn page here")
    parser.add_argument("--show-edge", action="store_true", help="screenshot with the busiest edge's tooltip open")
    parser.add_argument("--budget", type=float, default=20.0, help="seconds the page may take to draw (default 20)")
    args = parser.parse_args(argv)
    if args.html is None and not args.sources:
        parser.error("give article folders to build, or --html PAGE")

    page = args.html
    if page is None:
        from kg.pipeline import build

        out = args.out or Path(tempfile.mkdtemp(prefix="kg-html-bench-"))
        t = time.perf_counter()
        build(list(args.sources), out, progress=True)
        print(f"built {', '.join(map(str, args.sources))} into {out} in {time.perf_counter() - t:.1f} s")
        page = out / "graph.html"

    result = render(page, screenshot=args.screenshot, show_edge=args.show_edge, timeout=max(args.budget * 3, 60))
    for key, value in result.items():
        print(f"{key:>10}: {value}")
    ok = (
        result["nodes"] == result["dataNodes"]
        and result["edges"] == result["dataEdges"]
        and not result["requests"]
        and not result["errors"]
        and result["drawn_s"] <= args.budget
    )
    print("OK" if ok else "FAILED")
    return 0 if ok else 1


if __name__ == "__main__":
    sys.exit(main())
