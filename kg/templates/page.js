/* kg: draw the knowledge graph embedded in #kg-data with vis-network.
 *
 * Every string from the articles is put into the page with text nodes
 * (textContent / createTextNode), never as markup; only http(s) URLs become links.
 */
(function () {
  "use strict";
  var timings = { start: performance.now() };
  var DATA = JSON.parse(document.getElementById("kg-data").textContent);
  var NODES = DATA.nodes, EDGES = DATA.edges, DOCS = DATA.docs;
  var N = NODES.length, E = EDGES.length;
  var BIG = N > 800;
  var $ = function (id) { return document.getElementById(id); };

  var typeStyle = {}, familyStyle = {};
  DATA.types.forEach(function (t) { typeStyle[t.name] = t; });
  DATA.families.forEach(function (f) { familyStyle[f.name] = f; });

  // Incident edges of every node, for the side panel.
  var incident = NODES.map(function () { return []; });
  EDGES.forEach(function (e, i) { incident[e.from].push(i); if (e.to !== e.from) incident[e.to].push(i); });

  /* ---------- DOM helpers: text only ---------- */
  function el(tag, attrs, children) {
    var node = document.createElement(tag);
    if (attrs) Object.keys(attrs).forEach(function (k) {
      if (k === "className") node.className = attrs[k];
      else if (k === "style") node.style.cssText = attrs[k];
      else node.setAttribute(k, attrs[k]);
    });
    (children || []).forEach(function (c) {
      if (c === null || c === undefined || c === false) return;
      node.appendChild(typeof c === "string" || typeof c === "number" ? document.createTextNode(String(c)) : c);
    });
    return node;
  }
  function isHttp(url) { return typeof url === "string" && /^https?:\/\/[^\s<>"']+$/i.test(url); }
  function docLink(d) {
    var doc = DOCS[d], text = doc.title || doc.id;
    var label = isHttp(doc.url)
      ? el("a", { href: doc.url, target: "_blank", rel: "noopener noreferrer" }, [text])
      : el("span", null, [text]);
    return el("span", { className: "doc" }, [label, doc.published ? " (" + doc.published + ")" : null]);
  }
  function tag(text, color) { return el("span", { className: "tag", style: "background:" + color }, [text]); }
  function actorLink(i) {
    var a = el("a", { className: "actor", role: "button", tabindex: "0" }, [NODES[i].label]);
    a.addEventListener("click", function () { focusNode(i); });
    return a;
  }
  function more(shown, total, brief) {
    if (total <= shown) return null;
    return el("p", { className: "hint" }, ["\u2026 and " + (total - shown) + " more" + (brief ? " (click to see all)" : "")]);
  }
  function dl(rows) {
    var list = el("dl");
    rows.forEach(function (r) {
      if (r[1] === null || r[1] === undefined || r[1] === "") return;
      list.appendChild(el("dt", null, [r[0]]));
      list.appendChild(el("dd", null, [r[1]]));
    });
    return list;
  }
  function joinList(items, limit) {
    if (!items.length) return null;
    var shown = items.slice(0, limit);
    return shown.join(", ") + (items.length > limit ? ", \u2026 (" + (items.length - limit) + " more)" : "");
  }

  /* ---------- details of a node or an edge ---------- */
  function nodeDetails(i, brief) {
    var n = NODES[i], t = typeStyle[n.type] || { color: "#666" };
    var box = el("div", { className: "details node-details", "data-node": String(i) }, [
      el("h3", null, [n.label, " ", tag(n.type, t.color)]),
      dl([
        ["Type", n.type],
        ["Also called", joinList(n.aliases, brief ? 6 : 1000)],
        ["Roles", joinList(n.roles, brief ? 4 : 1000)],
        ["Affiliations", joinList(n.affiliations, brief ? 4 : 1000)],
        ["Degree", n.degree + " relation" + (n.degree === 1 ? "" : "s") + ", " + n.statements + " statement" + (n.statements === 1 ? "" : "s")],
        ["Mentions", n.mentions ? String(n.mentions) : null],
      ]),
    ]);
    if (!brief && incident[i].length) {
      // Relations first, busiest first: they are what the panel is opened for.
      var rels = incident[i].slice().sort(function (a, b) { return EDGES[b].ev.length - EDGES[a].ev.length; });
      box.appendChild(el("strong", null, ["Relations (" + rels.length + ")"]));
      var ul = el("ul", { className: "relations" });
      rels.slice(0, 500).forEach(function (k) {
        var e = EDGES[k], other = e.from === i ? e.to : e.from, f = familyStyle[e.family] || { color: "#666" };
        var arrow = !e.directed ? "\u2014" : e.from === i ? "\u2192" : "\u2190";
        var open = el("a", { className: "actor", role: "button", tabindex: "0" }, [e.ev.length + " statement" + (e.ev.length === 1 ? "" : "s")]);
        open.addEventListener("click", function () { showPanel(edgeDetails(k, false)); network.selectEdges([k]); });
        ul.appendChild(el("li", null, [tag(e.family, f.color), " " + arrow + " ", actorLink(other), " (", open, ")"]));
      });
      box.appendChild(ul);
      box.appendChild(more(500, rels.length, false) || document.createTextNode(""));
    }
    if (n.docs.length) {
      var limit = brief ? 4 : 1000;
      var docs = el("ul", { className: "docs" }, n.docs.slice(0, limit).map(function (d) { return el("li", null, [docLink(d)]); }));
      if (brief) {
        box.appendChild(el("strong", null, ["Documents (" + n.docs.length + ")"]));
        box.appendChild(docs);
        box.appendChild(more(limit, n.docs.length, true) || document.createTextNode(""));
      } else {
        var fold = el("details", null, [el("summary", null, [el("strong", null, ["Documents (" + n.docs.length + ")"])]), docs, more(limit, n.docs.length, false)]);
        fold.open = n.docs.length <= 12;
        box.appendChild(fold);
      }
    }
    return box;
  }

  function sentence(ev) {
    var s = ev.s, span = el("span", { className: "sentence" });
    if (ev.t && ev.t[0] >= 0 && ev.t[1] <= s.length && ev.t[0] < ev.t[1]) {
      span.appendChild(document.createTextNode(s.slice(0, ev.t[0])));
      span.appendChild(el("mark", null, [s.slice(ev.t[0], ev.t[1])]));
      span.appendChild(document.createTextNode(s.slice(ev.t[1])));
    } else {
      span.appendChild(document.createTextNode(s));
    }
    return span;
  }

  function edgeDetails(k, brief) {
    var e = EDGES[k], f = familyStyle[e.family] || { color: "#666" };
    var box = el("div", { className: "details edge-details", "data-edge": String(k) }, [
      el("h3", null, [NODES[e.from].label, " ", tag(e.family, f.color), e.directed ? " \u2192 " : " ", NODES[e.to].label]),
      dl([
        ["Family", e.family + (e.directed ? "" : " (symmetric)")],
        ["PLOVER", e.plover.length ? e.plover.join(", ") : null],
        ["Statements", String(e.ev.length)],
        ["Sources", String(e.sources)],
        ["Certainty", e.hedged ? "hedged only" : null],
      ]),
    ]);
    var limit = brief ? 3 : e.ev.length;
    var list = el("ol", { className: "evidence-list" });
    e.ev.slice(0, limit).forEach(function (ev) {
      list.appendChild(el("li", { className: "evidence" }, [
        sentence(ev),
        ev.c === "hedged" ? el("span", { className: "hedged" }, ["hedged"]) : null,
        ev.p && e.plover.length > 1 ? el("span", { className: "hint" }, [" " + ev.p]) : null,
        el("span", { className: "source" }, ["\u2014 ", docLink(ev.d)]),
      ]));
    });
    box.appendChild(list);
    box.appendChild(more(limit, e.ev.length, brief) || document.createTextNode(""));
    return box;
  }

  /* ---------- the network ---------- */
  function nodeItem(n, i) {
    var t = typeStyle[n.type] || { color: "#666", shape: "dot" };
    var item = {
      id: i, label: n.label, shape: t.shape, size: n.size,
      color: { background: t.color, border: "#333", highlight: { background: t.color, border: "#000" }, hover: { background: t.color, border: "#000" } },
    };
    // Actors without relations take no part in the layout: they go in a grid below it (placeIsolated).
    if (!n.degree) { item.physics = false; item.x = 0; item.y = 0; }
    return item;
  }
  function edgeItem(e, i) {
    var f = familyStyle[e.family] || { color: "#666" };
    return {
      id: i, from: e.from, to: e.to, width: e.width, dashes: e.hedged,
      color: { color: f.color, highlight: f.color, hover: f.color, opacity: 0.85 },
      arrows: { to: { enabled: e.directed, scaleFactor: 0.6 } },
      smooth: e.bend ? { enabled: true, type: e.bend > 0 ? "curvedCW" : "curvedCCW", roundness: Math.abs(e.bend) } : false,
    };
  }
  timings.parsed = performance.now();
  var nodes = new vis.DataSet(NODES.map(nodeItem));
  var edges = new vis.DataSet(EDGES.map(edgeItem));
  var isolated = [], connected = [];
  NODES.forEach(function (n, i) { (n.degree ? connected : isolated).push(i); });
  var P = connected.length;  // nodes the physics lays out
  seedPositions();
  var iterations = P <= 300 ? 1000 : Math.max(120, Math.min(1000, Math.round(200000 / P)));
  var network = new vis.Network($("network"), { nodes: nodes, edges: edges }, {
    autoResize: true,
    nodes: {
      borderWidth: 1, font: { size: 14, color: "#222", strokeWidth: 3, strokeColor: "#fff" },
      scaling: { label: { drawThreshold: BIG ? 9 : 5 } },
    },
    edges: { smooth: false, selectionWidth: 1.5, hoverWidth: 1, arrowStrikethrough: false },
    physics: {
      solver: "forceAtlas2Based",
      forceAtlas2Based: P <= 300
        ? { gravitationalConstant: -120, centralGravity: 0.01, springLength: 170, springConstant: 0.06, damping: 0.5, avoidOverlap: 0.6 }
        : { gravitationalConstant: -60, centralGravity: 0.01, springLength: 110, springConstant: 0.08, damping: 0.5, avoidOverlap: 0.1 },
      stabilization: { enabled: P > 0, iterations: iterations, updateInterval: 25, fit: true },
      minVelocity: 1, timestep: 0.5,
    },
    layout: { improvedLayout: N <= 150, randomSeed: 7 },
    interaction: { hover: true, tooltipDelay: 100, hideEdgesOnDrag: BIG, hideEdgesOnZoom: BIG, keyboard: false },
  });

  timings.network = performance.now();

  /* A compact start, so the physics needs few iterations: each connected
   * component in its own disc (area proportional to its size), the discs packed
   * in rows, biggest first. vis-network's default start is one wide ring. */
  function seedPositions() {
    var parent = NODES.map(function (_, i) { return i; });
    function root(i) { while (parent[i] !== i) { parent[i] = parent[parent[i]]; i = parent[i]; } return i; }
    EDGES.forEach(function (e) { parent[root(e.from)] = root(e.to); });
    var members = {};
    connected.forEach(function (i) { var r = root(i); (members[r] = members[r] || []).push(i); });
    var comps = Object.keys(members).map(function (r) { return members[r]; }).sort(function (a, b) { return b.length - a.length; });
    var seed = 7;
    function random() {  // mulberry32: the same layout on every load
      seed = (seed + 0x6d2b79f5) | 0;
      var t = Math.imul(seed ^ (seed >>> 15), 1 | seed);
      t = (t + Math.imul(t ^ (t >>> 7), 61 | t)) ^ t;
      return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
    }
    var area = 0;
    comps.forEach(function (c) { area += 4 * (45 * Math.sqrt(c.length) + 30) * (45 * Math.sqrt(c.length) + 30); });
    var rowWidth = Math.max(Math.sqrt(area) * 1.1, 2 * (45 * Math.sqrt(comps.length ? comps[0].length : 1) + 30));
    var x = 0, y = 0, rowHeight = 0, updates = [];
    comps.forEach(function (c) {
      var r = 45 * Math.sqrt(c.length) + 30;
      if (x + 2 * r > rowWidth && x > 0) { x = 0; y += rowHeight; rowHeight = 0; }
      var cx = x + r, cy = y + r;
      c.forEach(function (i) {
        var a = 2 * Math.PI * random(), d = r * Math.sqrt(random());
        updates.push({ id: i, x: cx + d * Math.cos(a) - rowWidth / 2, y: cy + d * Math.sin(a) });
      });
      x += 2 * r;
      rowHeight = Math.max(rowHeight, 2 * r);
    });
    nodes.update(updates);
  }

  function placeIsolated() {
    if (!isolated.length) return;
    var minX = 0, maxX = 0, maxY = 0, gapX = 190, gapY = 80;  // room for a label of ~25 characters
    if (P) {
      var pos = network.getPositions(connected);
      minX = Infinity; maxX = -Infinity; maxY = -Infinity;
      connected.forEach(function (i) { var p = pos[i]; minX = Math.min(minX, p.x); maxX = Math.max(maxX, p.x); maxY = Math.max(maxY, p.y); });
    }
    var order = isolated.slice().sort(function (a, b) {
      var ta = DATA.types.findIndex(function (t) { return t.name === NODES[a].type; });
      var tb = DATA.types.findIndex(function (t) { return t.name === NODES[b].type; });
      return ta - tb || NODES[b].mentions - NODES[a].mentions || (NODES[a].label < NODES[b].label ? -1 : 1);
    });
    // About twice as wide as high, and at least as wide as the laid-out part.
    var cols = Math.max(1, Math.ceil(Math.sqrt(2 * order.length * gapY / gapX)), Math.floor((maxX - minX) / gapX) + 1);
    cols = Math.min(cols, order.length);
    var x0 = (minX + maxX) / 2 - (cols - 1) * gapX / 2, y0 = P ? maxY + 200 : 0;
    nodes.update(order.map(function (i, k) { return { id: i, x: x0 + (k % cols) * gapX, y: y0 + Math.floor(k / cols) * gapY }; }));
  }

  function ready() {
    if (document.body.dataset.state === "ready") return;
    placeIsolated();
    network.setOptions({ physics: { enabled: false } });  // stabilised: stop, so big graphs stay responsive
    network.fit();
    $("progress").textContent = "";
    timings.ready = performance.now();
    document.body.dataset.state = "ready";
  }
  network.on("stabilizationProgress", function (p) {
    $("progress").textContent = "Laying out " + N + " actors\u2026 " + Math.round(100 * p.iterations / p.total) + "%";
  });
  network.once("stabilizationIterationsDone", ready);
  network.once("stabilized", ready);
  if (P === 0) ready();
  if (N === 0) $("progress").textContent = "The graph is empty.";

  /* ---------- tooltip and side panel ---------- */
  var tip = $("tooltip"), wrap = $("network-wrap"), panel = $("panel");
  function showTip(content, pos) {
    tip.replaceChildren(content);
    tip.hidden = false;
    var x = pos.x + 14, y = pos.y + 14, w = tip.offsetWidth, h = tip.offsetHeight;
    if (x + w > wrap.clientWidth) x = Math.max(0, pos.x - w - 14);
    if (y + h > wrap.clientHeight) y = Math.max(0, wrap.clientHeight - h - 4);
    tip.style.left = x + "px";
    tip.style.top = y + "px";
  }
  function hideTip() { tip.hidden = true; tip.replaceChildren(); }
  function showPanel(content) {
    $("panel-body").replaceChildren(content);
    if (panel.hidden) { panel.hidden = false; network.redraw(); }
  }
  function closePanel() { panel.hidden = true; network.unselectAll(); network.redraw(); }
  $("panel-close").addEventListener("click", closePanel);
  // Links that act as buttons answer the keyboard too.
  document.addEventListener("keydown", function (ev) {
    if (ev.key === "Enter" && ev.target.classList && ev.target.classList.contains("actor")) ev.target.click();
    if (ev.key === "Escape" && !panel.hidden) closePanel();
  });
  network.on("hoverNode", function (p) { showTip(nodeDetails(p.node, true), p.pointer.DOM); });
  network.on("hoverEdge", function (p) { showTip(edgeDetails(p.edge, true), p.pointer.DOM); });
  network.on("blurNode", hideTip);
  network.on("blurEdge", hideTip);
  network.on("dragStart", hideTip);
  network.on("zoom", hideTip);
  network.on("click", function (p) {
    hideTip();
    if (p.nodes.length) showPanel(nodeDetails(p.nodes[0], false));
    else if (p.edges.length) showPanel(edgeDetails(p.edges[0], false));
  });

  /* ---------- search ---------- */
  var byName = {};
  NODES.forEach(function (n, i) {
    n.aliases.forEach(function (a) { var k = a.toLowerCase(); if (!(k in byName)) byName[k] = i; });
  });
  NODES.forEach(function (n, i) { byName[n.label.toLowerCase()] = i; });  // a canonical name beats an alias
  var names = $("names");
  NODES.map(function (n) { return n.label; }).sort().forEach(function (label) { names.appendChild(el("option", { value: label })); });

  function focusNode(i) {
    var status = $("search-status");
    if (nodes.get(i).hidden) {
      status.textContent = NODES[i].label + " is hidden by the current filters.";
      return false;
    }
    status.textContent = "";
    network.selectNodes([i]);
    network.focus(i, { scale: Math.max(network.getScale(), 1.2), animation: { duration: 400 } });
    showPanel(nodeDetails(i, false));
    return true;
  }
  function find(query) {
    var q = query.trim().toLowerCase();
    if (!q) return -1;
    if (q in byName) return byName[q];
    var best = -1;
    NODES.forEach(function (n, i) {
      if (n.label.toLowerCase().indexOf(q) >= 0 && (best < 0 || n.statements > NODES[best].statements)) best = i;
    });
    return best;
  }
  $("search-form").addEventListener("submit", function (ev) {
    ev.preventDefault();
    var i = find($("search").value);
    if (i < 0) $("search-status").textContent = "No actor matches \u201c" + $("search").value + "\u201d.";
    else focusNode(i);
  });

  /* ---------- legend and filters ---------- */
  var shown = { types: new Set(DATA.types.map(function (t) { return t.name; })), families: new Set(DATA.families.map(function (f) { return f.name; })), minEvidence: 1, hideIsolated: false };
  var nodeShown = NODES.map(function () { return true; }), edgeShown = EDGES.map(function () { return true; });
  var SVG = "http://www.w3.org/2000/svg";
  function svg(tagName, attrs, children) {
    var node = document.createElementNS(SVG, tagName);
    Object.keys(attrs).forEach(function (k) { node.setAttribute(k, attrs[k]); });
    (children || []).forEach(function (c) { node.appendChild(c); });
    return node;
  }
  function shapeSwatch(t) {
    var shape = t.shape === "square" ? svg("rect", { x: 2, y: 2, width: 12, height: 12 })
      : t.shape === "triangle" ? svg("polygon", { points: "8,1 15,14 1,14" })
      : t.shape === "diamond" ? svg("polygon", { points: "8,1 15,8 8,15 1,8" })
      : svg("circle", { cx: 8, cy: 8, r: 6.5 });
    shape.setAttribute("fill", t.color);
    shape.setAttribute("stroke", "#333");
    return svg("svg", { width: 16, height: 16, class: "swatch", "aria-hidden": "true" }, [shape]);
  }
  function lineSwatch(f) {
    var parts = [svg("line", { x1: 1, y1: 6, x2: f.directed ? 25 : 33, y2: 6, stroke: f.color, "stroke-width": 3 })];
    if (f.directed) parts.push(svg("path", { d: "M25 1 L33 6 L25 11 Z", fill: f.color }));
    return svg("svg", { width: 34, height: 12, class: "swatch", "aria-hidden": "true" }, parts);
  }
  function legendItem(kind, name, swatch, count) {
    var attrs = { type: "checkbox" };
    attrs["data-" + kind] = name;
    var box = el("input", attrs);
    box.checked = true;
    box.addEventListener("change", function () {
      var set = kind === "type" ? shown.types : shown.families;
      if (box.checked) set.add(name); else set.delete(name);
      applyFilters();
    });
    return el("li", null, [el("label", null, [box, swatch, name, el("span", { className: "count" }, ["(" + count + ")"])])]);
  }
  var typeCount = {}, familyCount = {}, maxEvidence = 1;
  NODES.forEach(function (n) { typeCount[n.type] = (typeCount[n.type] || 0) + 1; });
  EDGES.forEach(function (e) { familyCount[e.family] = (familyCount[e.family] || 0) + 1; maxEvidence = Math.max(maxEvidence, e.ev.length); });
  DATA.types.forEach(function (t) { $("legend-types").appendChild(legendItem("type", t.name, shapeSwatch(t), typeCount[t.name] || 0)); });
  DATA.families.forEach(function (f) {
    $("legend-families").appendChild(legendItem("family", f.name, lineSwatch(f), familyCount[f.name] || 0));
  });
  var slider = $("min-evidence");
  slider.max = String(maxEvidence);
  slider.disabled = maxEvidence < 2;
  slider.addEventListener("input", function () {
    shown.minEvidence = Number(slider.value);
    $("min-evidence-value").textContent = slider.value;
    applyFilters();
  });
  // "hide places" is a shortcut for the Place box of the legend; the two stay in step.
  var placeBox = document.querySelector('#legend-types input[data-type="Place"]');
  if (placeBox) {
    $("hide-places").addEventListener("change", function () {
      placeBox.checked = !this.checked;
      placeBox.dispatchEvent(new Event("change"));
    });
    placeBox.addEventListener("change", function () { $("hide-places").checked = !placeBox.checked; });
  } else {
    $("hide-places").disabled = true;
  }
  $("hide-isolated").addEventListener("change", function () { shown.hideIsolated = this.checked; applyFilters(); });
  $("fit").addEventListener("click", function () { network.fit({ animation: { duration: 300 } }); });

  function applyFilters() {
    var degree = new Int32Array(N), edgeUpdates = [], nodeUpdates = [], visibleNodes = 0, visibleEdges = 0;
    EDGES.forEach(function (e, i) {
      var on = shown.families.has(e.family) && e.ev.length >= shown.minEvidence &&
        shown.types.has(NODES[e.from].type) && shown.types.has(NODES[e.to].type);
      if (on) { degree[e.from]++; degree[e.to]++; visibleEdges++; }
      if (on !== edgeShown[i]) { edgeShown[i] = on; edgeUpdates.push({ id: i, hidden: !on }); }
    });
    NODES.forEach(function (n, i) {
      var on = shown.types.has(n.type) && !(shown.hideIsolated && degree[i] === 0);
      if (on) visibleNodes++;
      if (on !== nodeShown[i]) { nodeShown[i] = on; nodeUpdates.push({ id: i, hidden: !on }); }
    });
    if (edgeUpdates.length) edges.update(edgeUpdates);
    if (nodeUpdates.length) nodes.update(nodeUpdates);
    $("visible").textContent = "Showing " + visibleNodes + " of " + N + " actors and " + visibleEdges + " of " + E + " relations.";
    document.body.dataset.visibleNodes = String(visibleNodes);
    document.body.dataset.visibleEdges = String(visibleEdges);
    hideTip();
  }

  var st = DATA.stats;
  $("stats").textContent = st.entities + " actors, " + st.relations + " relations, " + st.statements + " statements from " + st.documents + " document" + (st.documents === 1 ? "" : "s") + ".";
  applyFilters();
  timings.controls = performance.now();

  // For tests, benchmarks and the curious: the page's objects.
  window.kg = { data: DATA, network: network, nodes: nodes, edges: edges, focusNode: focusNode, applyFilters: applyFilters, shown: shown, timings: timings };
})();
