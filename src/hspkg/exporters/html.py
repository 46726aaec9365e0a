"""One self-contained HTML page drawn by Cytoscape.js (MIT, shipped in ``vendor/`` with its licence, inlined).

Search by any name or identifier the command line knows (the same index as
:mod:`hspkg.names`: former names, identifiers, case and punctuation ignored,
candidates listed when several match), filters by kind and by partnership, zoom
and pan, a year slider the heading and counts follow, a legend of shapes and
line styles, and a side panel with the selected node's facts and clickable
sources. Works offline and on the base install (no numpy, no matplotlib): the
nodes stand where the layout put them, which left room for every name.
"""

from __future__ import annotations

import json
from html import escape
from importlib.resources import files
from typing import Any, BinaryIO

import networkx as nx

from ..links import WEB_LINK
from .cytoscape import elements
from .layout import FAMILY, FONT, GAP, LINE, WRAP, name_side, wrapped
from .palette import SHAPES, is_partnership, line, shape
from .picture import crowded, title

LICENCE_NOTE = (
    "Cytoscape.js: Copyright (c) 2016-2026, The Cytoscape Consortium. cytoscape-fcose: Copyright (c) 2018 - present, iVis-at-Bilkent. "
    "cose-base and layout-base: Copyright (c) 2019 - present, iVis@Bilkent. MIT licences (the full texts ship with hspkg)."
)
# inlined in this order: Cytoscape.js, then the fcose layout and the two libraries it is built on
SCRIPTS = ("cytoscape.min.js", "layout-base.js", "cose-base.js", "cytoscape-fcose.js")


def _vendored(name: str) -> str:
    return files(__package__).joinpath("vendor", name).read_text(encoding="utf-8")


def write(network: nx.Graph[str], stream: BinaryIO) -> None:
    """Write the page."""
    document = elements(network)
    for node in document["elements"]["nodes"]:
        node["data"]["display"] = wrapped(node["data"]["name"])
    document["names"] = network.graph.get("names", {})
    document["heading"] = title(network).rsplit(", ", 1)[0]
    document["legend"] = _legend(network)
    data = json.dumps(document, ensure_ascii=False, sort_keys=True).replace("<", "\\u003c")
    style = json.dumps(_style(network), sort_keys=True)
    heading = escape(title(network))
    page = PAGE.format(
        title=heading,
        data=data,
        style=style,
        cytoscape="\n".join(_vendored(name).replace("</script", "<\\/script") for name in SCRIPTS),
        script=SCRIPT.replace("__WRAP__", str(WRAP)).replace("WEB_LINK_PATTERN", json.dumps(WEB_LINK)),
        licence=escape(LICENCE_NOTE),
        note=f'<p id="note">{escape(crowded(network))}</p>' if crowded(network) else "",
    )
    stream.write(page.encode("utf-8"))


def _style(network: nx.Graph[str]) -> list[dict[str, Any]]:
    """The Cytoscape.js style: a shape per kind, a line style and arrow per relation, names sized as the layout sized them."""
    style: list[dict[str, Any]] = [
        {"selector": "node", "style": {
            "background-color": "data(colour)", "width": "data(size)", "height": "data(size)", "label": "data(display)",
            "font-size": FONT[False], "font-family": ", ".join(FAMILY) + ", sans-serif", "line-height": LINE, "text-wrap": "wrap", "text-max-width": 2000,
            "text-valign": "center", "text-halign": "right", "text-margin-x": GAP, "min-zoomed-font-size": 5,
            "text-background-color": "#ffffff", "text-background-opacity": 0.8, "border-width": 0.8, "border-color": "#333333"}},
        {"selector": "edge", "style": {"width": 1, "line-color": "#aaaaaa", "curve-style": "bezier", "arrow-scale": 1.1}},
    ]  # fmt: skip
    kinds = sorted({str(d.get("kind", "")) for _, d in network.nodes(data=True)})
    for kind in kinds:
        extra = {"font-size": FONT[True], "font-weight": "bold", "border-width": 1.5} if is_partnership(kind) else {}
        style.append({"selector": f'node[kind = "{kind}"]', "style": {"shape": shape(kind)[0], **extra}})
    if any(name_side(network, n) == "left" for n in network):
        style.append({"selector": 'node[kind = "university"]', "style": {"text-halign": "left", "text-margin-x": -GAP}})
    for relation in sorted({str(d.get("relation", "")) for *_, d in network.edges(data=True)}):
        drawn = line(relation)
        arrow = drawn.arrow if network.is_directed() else "none"
        style.append({"selector": f'edge[relation = "{relation}"]', "style": {
            "line-style": drawn.cytoscape, "line-color": drawn.colour, "width": drawn.width,
            "target-arrow-shape": arrow, "target-arrow-color": drawn.colour}})  # fmt: skip
    style += [
        {"selector": ":selected", "style": {"border-width": 4, "border-color": "#d62728", "line-color": "#d62728", "target-arrow-color": "#d62728"}},
        {"selector": ".faded", "style": {"opacity": 0.15}},
    ]
    return style


def _legend(network: nx.Graph[str]) -> dict[str, list[dict[str, str]]]:
    """What the legend lists: the view's kinds (shape and colour) and relations (line and arrow)."""
    kinds = sorted({(str(d.get("kind", "")), str(d.get("colour", ""))) for _, d in network.nodes(data=True)}, key=lambda k: (k[0] not in SHAPES, k[0]))
    families: dict[str, dict[str, str]] = {}
    for relation in sorted({str(d.get("relation", "")) for *_, d in network.edges(data=True)}):
        drawn = line(relation)
        entry = families.setdefault(
            drawn.family, {"name": drawn.family, "colour": drawn.colour, "dashes": drawn.dashes, "width": str(drawn.width), "relations": ""}
        )
        entry["relations"] = ", ".join(filter(None, [entry["relations"], relation]))
    return {
        "kinds": [{"kind": k, "colour": c, "shape": shape(k)[0]} for k, c in kinds],
        "lines": list(families.values()),
    }


PAGE = """<!doctype html>
<html lang="en"><head><meta charset="utf-8"><title>{title}</title>
<meta name="viewport" content="width=device-width, initial-scale=1">
<style>
* {{ box-sizing: border-box; }}
body {{ font: 14px system-ui, sans-serif; margin: 0; color: #222; display: grid; overflow: hidden;
  grid-template-columns: 1fr 300px; grid-template-rows: auto 1fr; height: 100vh; }}
header {{ grid-column: 1 / 3; padding: .4rem 1rem; border-bottom: 1px solid #ddd; display: flex; flex-wrap: wrap; gap: .3rem 1.2rem; align-items: center; }}
header h1 {{ font-size: 1.05rem; margin: 0; }}
#network {{ min-height: 300px; min-width: 0; }}
#legend {{ font-size: 13px; line-height: 1.6; border-top: 1px solid #eee; }}
#legend svg {{ vertical-align: middle; margin-right: .3rem; }}
aside {{ border-left: 1px solid #ddd; padding: .5rem 1rem; overflow: auto; }}
aside h2 {{ font-size: 1rem; margin: .3rem 0; }}
aside dl {{ display: grid; grid-template-columns: max-content 1fr; gap: .1rem .6rem; margin: .3rem 0; }}
aside dt {{ color: #666; }} aside dd {{ margin: 0; overflow-wrap: anywhere; }}
aside li {{ margin: .2rem 0; overflow-wrap: anywhere; }}
#candidates button {{ font: inherit; text-align: left; background: none; border: 0; color: #0645ad; text-decoration: underline; cursor: pointer; padding: 0; }}
#kinds label {{ margin-right: .6rem; white-space: nowrap; }}
#found {{ color: #a33; min-width: 6rem; }}
#note {{ background: #fff4d6; border: 1px solid #e8c766; padding: .4rem .6rem; font-size: 13px; }}
.key {{ display: inline-block; width: .8em; height: .8em; border: 1px solid #333; border-radius: 50%; vertical-align: middle; }}
input[type=search] {{ width: 16rem; }}
footer {{ font-size: 11px; color: #777; margin-top: 1rem; }}
</style></head>
<body>
<header>
<h1 id="heading">{title}</h1>
<label>Find <input id="search" type="search" placeholder="name, former name, ODS, ROR, Wikidata…" autocomplete="off"></label>
<span id="found" role="status"></span>
<label>Partnership <select id="partnership"><option value="">all</option></select></label>
<label>Year <input id="year" type="range" step="1"> <span id="shown"></span></label>
<span id="counts"></span>
<span id="kinds"></span>
<button id="fit" type="button">Fit</button>
<button id="relayout" type="button" title="Arrange what is shown with fcose, a force layout that keeps names apart">Lay out again</button>
</header>
<div id="network"></div>
<aside>{note}
<div id="panel"><p>Select a node or a link to see its facts and sources; find one by name or identifier above. Scroll to zoom, drag to pan.</p></div>
<h2>Key</h2><div id="legend"></div></aside>
<script type="application/json" id="elements">{data}</script>
<script type="application/json" id="style">{style}</script>
<script>{cytoscape}</script>
<script>{script}</script>
<footer hidden>{licence}</footer>
</body></html>
"""

SCRIPT = r"""
"use strict";
const doc = JSON.parse(document.getElementById("elements").textContent);
const directed = doc.directed;
const cy = cytoscape({
  container: document.getElementById("network"),
  elements: doc.elements,
  layout: { name: "preset", fit: true, padding: 20 },
  minZoom: 0.05, maxZoom: 6, wheelSensitivity: 0.3,
  style: JSON.parse(document.getElementById("style").textContent),
});
const $ = (id) => document.getElementById(id);
const text = (value) => document.createTextNode(String(value));
const SVG = "http://www.w3.org/2000/svg";

// the legend: each kind's shape and colour, each relation's line and arrow
function svg(width, height, ...children) {
  const box = document.createElementNS(SVG, "svg");
  box.setAttribute("width", width); box.setAttribute("height", height);
  box.append(...children);
  return box;
}
function drawn(tag, attributes) {
  const element = document.createElementNS(SVG, tag);
  for (const [k, v] of Object.entries(attributes)) element.setAttribute(k, v);
  return element;
}
const POLYGONS = { rectangle: "1,1 13,1 13,13 1,13", triangle: "7,1 13,13 1,13", diamond: "7,0 14,7 7,14 0,7",
  hexagon: "3.5,1 10.5,1 14,7 10.5,13 3.5,13 0,7", octagon: "4,0 10,0 14,4 14,10 10,14 4,14 0,10 0,4",
  star: "7,0 8.8,5 14,5 9.8,8.2 11.4,13.6 7,10.4 2.6,13.6 4.2,8.2 0,5 5.2,5" };
for (const { kind, colour, shape } of doc.legend.kinds) {
  const style = { fill: colour, stroke: "#333" };
  const mark = POLYGONS[shape] ? drawn("polygon", { points: POLYGONS[shape], ...style }) : drawn("circle", { cx: 7, cy: 7, r: 6, ...style });
  const row = document.createElement("div");
  row.className = "kind";
  row.append(svg(14, 14, mark), text(kind));
  $("legend").append(row);
}
for (const { name, colour, dashes, width, relations } of doc.legend.lines) {
  const rule = drawn("line", { x1: 1, y1: 6, x2: directed ? 26 : 34, y2: 6, stroke: colour, "stroke-width": width, "stroke-dasharray": dashes });
  const tip = directed ? drawn("polygon", { points: "26,1 35,6 26,11", fill: colour }) : drawn("g", {});
  const row = document.createElement("div");
  row.className = "line";
  row.title = relations;
  row.append(svg(36, 12, rule, tip), text(name));
  $("legend").append(row);
}

// kinds, with their colours
const kinds = new Map();
cy.nodes().forEach((n) => kinds.set(n.data("kind"), n.data("colour")));
for (const [kind, colour] of [...kinds].sort()) {
  const label = document.createElement("label");
  const box = Object.assign(document.createElement("input"), { type: "checkbox", checked: true, value: kind });
  const key = Object.assign(document.createElement("span"), { className: "key" });
  key.style.background = colour;
  label.append(box, " ", key, " ", text(kind));
  $("kinds").append(label);
}
// partnerships: nodes whose kind is ahsc, ahsn or both
const partnerships = cy.nodes().filter((n) => /^(ahsc|ahsn)/.test(n.data("kind") || ""));
partnerships.sort((a, b) => a.data("label").localeCompare(b.data("label"))).forEach((n) => {
  $("partnership").append(Object.assign(document.createElement("option"), { value: n.id(), textContent: n.data("label") }));
});
// years: from the first start to the last, then "all years"
const years = cy.elements().map((e) => e.data("start")).filter((y) => Number.isInteger(y));
const slider = $("year");
if (years.length) {
  slider.min = Math.min(...years); slider.max = Math.max(...years) + 1; slider.value = slider.max;
} else { slider.disabled = true; }
const all = () => slider.disabled || Number(slider.value) > Math.max(...years);
const during = (e, year) => {
  const start = e.data("start"), end = e.data("end");
  return (start === undefined || start <= year) && (end === undefined || end >= year);
};

// names valid in a year: a node's "names" attribute lists its dated names, "Name (2012–2021); Other (2021–)"
const WRAP = __WRAP__;
const wrap = (name) => {
  const lines = [];
  for (const word of name.split(" ")) {
    if (lines.length && (lines[lines.length - 1] + " " + word).length <= WRAP) lines[lines.length - 1] += " " + word;
    else lines.push(word);
  }
  return lines.join("\n");
};
const dated = new Map();
cy.nodes().forEach((n) => {
  const spans = String(n.data("names") || "").split("; ").map((entry) => /^(.*) \((\d*)–(\d*)\)$/.exec(entry)).filter(Boolean);
  if (spans.length) dated.set(n.id(), spans.map(([, name, begin, end]) => ({ name, begin: begin ? Number(begin) : null, end: end ? Number(end) : null })));
});
function nameIn(node, year) {
  const spans = dated.get(node.id());
  if (!spans || year === null) return node.data("label");
  const valid = spans.filter((s) => (s.begin === null || s.begin <= year) && (s.end === null || s.end > year)).map((s) => s.name).sort();
  return valid.length ? valid[0] : node.data("label");
}

function apply() {
  const year = Number(slider.value);
  $("shown").textContent = all() ? "all years" : String(year);
  cy.batch(() => dated.forEach((_, id) => {
    const node = cy.getElementById(id);
    node.data("display", wrap(nameIn(node, all() ? null : year)));
  }));
  // the heading says what is drawn: the export's own year, or the slider's
  $("heading").textContent = all() ? document.title : `${doc.heading}, as of ${year}`;
  const wanted = new Set([...document.querySelectorAll("#kinds input:checked")].map((b) => b.value));
  const chosen = $("partnership").value;
  const around = chosen ? cy.getElementById(chosen).closedNeighborhood().nodes() : null;
  cy.batch(() => {
    cy.nodes().forEach((n) => {
      let on = wanted.has(n.data("kind")) && (!around || around.contains(n));
      if (on && !all()) on = during(n, year) && (n.data("start") !== undefined || !/^(ahsc|ahsn)/.test(n.data("kind")));
      n.style("display", on ? "element" : "none");
    });
    cy.edges().forEach((e) => {
      let on = e.source().style("display") === "element" && e.target().style("display") === "element";
      if (on && !all()) on = e.data("start") !== undefined && during(e, year);
      e.style("display", on ? "element" : "none");
    });
    if (!all()) {  // as of a year, an organisation no link joins is not drawn; partnerships are
      cy.nodes().forEach((n) => {
        const linked = n.connectedEdges().filter((e) => e.style("display") === "element").length > 0;
        if (n.style("display") === "element" && !/^(ahsc|ahsn)/.test(n.data("kind")) && !linked) n.style("display", "none");
      });
    }
  });
  const nodes = cy.nodes().filter((n) => n.style("display") === "element").length;
  const links = cy.edges().filter((e) => e.style("display") === "element").length;
  $("counts").textContent = `${nodes} nodes, ${links} links shown`;
  document.body.dataset.nodes = nodes; document.body.dataset.links = links;
}

// hspkg.links.WEB_LINK: only http(s) addresses become links; a javascript: or data: source stays text
const webLink = (url) => new RegExp("^(?:" + WEB_LINK_PATTERN + ")$", "i").test(String(url));
const linkOrText = (url) => webLink(url)
  ? Object.assign(document.createElement("a"), { href: url, textContent: url, target: "_blank", rel: "noopener" })
  : text(url);

function sourcesList(value) {
  const list = document.createElement("ul");
  for (const url of String(value || "").split(/\s+/).filter(Boolean)) {
    const item = document.createElement("li");
    item.append(linkOrText(url)); list.append(item);
  }
  return list;
}

function facts(data, skip) {
  const dl = document.createElement("dl");
  for (const key of Object.keys(data).sort()) {
    if (skip.has(key)) continue;
    const dt = document.createElement("dt"), dd = document.createElement("dd");
    dt.textContent = key;
    dd.append(linkOrText(String(data[key])));
    dl.append(dt, dd);
  }
  return dl;
}

const HIDDEN = new Set(["label", "name", "id", "value", "x", "y", "r", "g", "b", "size", "colour", "sources", "source", "target"]);
function show(element) {
  const panel = $("panel");
  panel.replaceChildren();
  const heading = document.createElement("h2");
  if (element.isNode()) {
    heading.textContent = element.data("label");
    panel.append(heading, facts(element.data(), HIDDEN));
    const links = document.createElement("h2");
    links.textContent = "Links";
    const list = document.createElement("ul");
    list.id = "links";
    element.connectedEdges().sort((a, b) => (a.data("start") || 0) - (b.data("start") || 0)).forEach((e) => {
      const other = e.source().same(element) ? e.target() : e.source();
      const item = document.createElement("li");
      const when = e.data("start") !== undefined ? ` from ${e.data("start")}` + (e.data("basis") === "seen" ? " (seen then)" : "") : "";
      const until = e.data("end") !== undefined ? ` to ${e.data("end")}` : "";
      item.append(text(`${e.data("label")} ${other.data("label")}${when}${until}`), sourcesList(e.data("sources")));
      list.append(item);
    });
    panel.append(links, list);
  } else {
    heading.textContent = `${element.source().data("label")} → ${element.target().data("label")}`;
    panel.append(heading, facts(element.data(), HIDDEN));
  }
  const sources = document.createElement("h2");
  sources.textContent = "Sources";
  const all = new Set(String(element.data("sources") || "").split(/\s+/).filter(Boolean));
  if (element.isNode()) element.connectedEdges().forEach((e) => String(e.data("sources") || "").split(/\s+/).filter(Boolean).forEach((s) => all.add(s)));
  const list = sourcesList([...all].sort().join(" "));
  list.id = "sources";
  panel.append(sources, list);
}

// Finding an organisation by what people call it, by the rules of hspkg.names (the command line's):
// exact names, former names, identifiers (bare ROR and Wikidata ids too) and IRIs first; then the
// same with case, spaces and punctuation ignored; then names that contain what was typed; then near misses.
const normalise = (name) => name.toLowerCase().replace(/[^\p{L}\p{N}]+/gu, "");
const exactIndex = new Map(), looseIndex = new Map();
const remember = (index, key, id) => { if (!index.has(key)) index.set(key, new Set()); index.get(key).add(id); };
cy.nodes().forEach((n) => {
  const known = [n.id(), n.data("label"), ...(doc.names[n.id()] || [])];
  for (const f of ["ods", "ror", "wikidata", "ukprn"]) if (n.data(f) !== undefined) known.push(String(n.data(f)));
  for (const name of known) {
    remember(exactIndex, name, n.id());
    if (!/^[a-z][a-z0-9+.-]*:\S*$/i.test(name) && normalise(name)) remember(looseIndex, normalise(name), n.id());
  }
});
function exactForms(text) {
  const forms = [text];
  const ror = /^(?:https?:\/\/)?(?:ror\.org\/)?(0[a-z0-9]{6}\d{2})$/i.exec(text);
  const wikidata = /^(?:https?:\/\/(?:www\.)?wikidata\.org\/(?:entity|wiki)\/)?(Q\d+)$/i.exec(text);
  if (ror) forms.push("https://ror.org/" + ror[1].toLowerCase());
  if (wikidata) forms.push("http://www.wikidata.org/entity/" + wikidata[1].toUpperCase());
  return forms;
}
function distance(a, b) {  // Levenshtein, for near misses
  let row = Array.from({ length: b.length + 1 }, (_, i) => i);
  for (let i = 1; i <= a.length; i++) {
    const next = [i];
    for (let j = 1; j <= b.length; j++) next.push(Math.min(row[j] + 1, next[j - 1] + 1, row[j - 1] + (a[i - 1] === b[j - 1] ? 0 : 1)));
    row = next;
  }
  return row[b.length];
}
function find(query) {
  const typed = query.trim();
  if (!typed) return { ids: [], how: "" };
  for (const form of exactForms(typed)) if (exactIndex.has(form)) return { ids: [...exactIndex.get(form)], how: "exact" };
  const key = normalise(typed);
  if (!key) return { ids: [], how: "none" };
  if (looseIndex.has(key)) return { ids: [...looseIndex.get(key)], how: "exact" };
  const containing = new Set();
  if (key.length >= 2) for (const [name, ids] of looseIndex) if (name.includes(key)) ids.forEach((id) => containing.add(id));
  if (containing.size) return { ids: [...containing], how: "contains" };
  const near = new Set();
  for (const [name, ids] of looseIndex) if (1 - distance(key, name) / Math.max(key.length, name.length) >= 0.8) ids.forEach((id) => near.add(id));
  return { ids: [...near], how: near.size ? "near" : "none" };
}

let pending = null;
function focusOn(node) {
  cy.elements().unselect();
  node.select();
  show(node);
  cy.stop(true);  // never a queue of animations: the last search wins at once
  cy.animate({ center: { eles: node }, zoom: Math.max(cy.zoom(), 1.2) }, { duration: 150, queue: false });
}
function candidates(ids, how) {
  const panel = $("panel");
  panel.replaceChildren();
  const heading = document.createElement("h2");
  heading.textContent = how === "near" ? `No exact match; ${ids.length} near` : `${ids.length} organisations match`;
  const list = document.createElement("ul");
  list.id = "candidates";
  cy.collection(ids.map((id) => cy.getElementById(id))).sort((a, b) => a.data("label").localeCompare(b.data("label"))).forEach((n) => {
    const item = document.createElement("li");
    const pick = Object.assign(document.createElement("button"), { type: "button", textContent: n.data("label") });
    pick.addEventListener("click", () => focusOn(n));
    item.append(pick); list.append(item);
  });
  panel.append(heading, list);
}
function search() {
  const { ids, how } = find($("search").value);
  const found = $("found");
  if (!how) { found.textContent = ""; return; }
  if (!ids.length) {
    found.textContent = "no match";
    cy.elements().unselect();
    return;
  }
  if (ids.length === 1 && how !== "near") {
    found.textContent = how === "exact" ? "" : "1 match";
    focusOn(cy.getElementById(ids[0]));
    return;
  }
  found.textContent = how === "near" ? "no match; near misses listed" : `${ids.length} matches`;
  cy.elements().unselect();
  candidates(ids, how);
}

$("search").addEventListener("input", () => { clearTimeout(pending); pending = setTimeout(search, 120); });
$("search").addEventListener("keydown", (event) => { if (event.key === "Enter") { clearTimeout(pending); search(); } });
cy.on("tap", "node, edge", (event) => show(event.target));
slider.addEventListener("input", apply);
$("partnership").addEventListener("change", () => { apply(); cy.stop(true); cy.fit(cy.elements(":visible"), 20); });
$("kinds").addEventListener("change", apply);
$("fit").addEventListener("click", () => { cy.stop(true); cy.fit(cy.elements(":visible"), 20); });
// fcose (vendored) on what is shown, from where it stands: for a partnership or a year picked out
if (typeof cytoscapeFcose === "function") cytoscape.use(cytoscapeFcose);
$("relayout").addEventListener("click", () => {
  cy.stop(true);
  const shown = cy.elements(":visible");
  const layout = shown.layout({ name: "fcose", quality: "proof", randomize: false, animate: false, fit: true, padding: 20,
    nodeDimensionsIncludeLabels: true, nodeSeparation: 60, idealEdgeLength: 80, nodeRepulsion: 9000, packComponents: true });
  layout.one("layoutstop", () => { document.body.dataset.laidOut = String(Number(document.body.dataset.laidOut || 0) + 1); });
  layout.run();
});
apply();
// the header's controls, added above, may have taken room from the drawing; and until the reader
// zooms or pans, a resized window shows the whole drawing again
let moved = false, fitting = false;
cy.on("viewport", () => { if (!fitting) moved = true; });
function refit() { fitting = true; cy.resize(); cy.fit(cy.elements(":visible"), 20); fitting = false; }
refit();
window.addEventListener("resize", () => { if (!moved) refit(); });
window.hspkg = { cy, apply, find };
document.body.dataset.ready = "yes";
"""
