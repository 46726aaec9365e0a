"""One self-contained HTML page drawn by Cytoscape.js (MIT, shipped in ``vendor/`` with its licence, inlined).

Search by name or identifier, filters by kind and by partnership, zoom and pan,
a year slider whose counts follow it, and a side panel with the selected node's
facts and clickable sources. Works offline and on the base install (no numpy,
no matplotlib): the nodes stand where the layout put them.
"""

from __future__ import annotations

import json
from html import escape
from importlib.resources import files
from typing import BinaryIO

import networkx as nx

from ..links import WEB_LINK
from .cytoscape import elements
from .picture import title

LICENCE_NOTE = "Cytoscape.js: Copyright (c) 2016-2026, The Cytoscape Consortium. MIT licence (the full text ships with hspkg)."


def _vendored(name: str) -> str:
    return files(__package__).joinpath("vendor", name).read_text(encoding="utf-8")


def write(network: nx.Graph[str], stream: BinaryIO) -> None:
    """Write the page."""
    data = json.dumps(elements(network), ensure_ascii=False, sort_keys=True).replace("<", "\\u003c")
    heading = escape(title(network))
    page = PAGE.format(
        title=heading,
        data=data,
        cytoscape=_vendored("cytoscape.min.js").replace("</script", "<\\/script"),
        script=SCRIPT.replace("WEB_LINK_PATTERN", json.dumps(WEB_LINK)),
        licence=escape(LICENCE_NOTE),
    )
    stream.write(page.encode("utf-8"))


PAGE = """<!doctype html>
<html lang="en"><head><meta charset="utf-8"><title>{title}</title>
<meta name="viewport" content="width=device-width, initial-scale=1">
<style>
* {{ box-sizing: border-box; }}
body {{ font: 14px system-ui, sans-serif; margin: 0; color: #222; display: grid; overflow: hidden;
  grid-template-columns: 1fr 340px; grid-template-rows: auto 1fr; height: 100vh; }}
header {{ grid-column: 1 / 3; padding: .5rem 1rem; border-bottom: 1px solid #ddd; display: flex; flex-wrap: wrap; gap: .4rem 1.2rem; align-items: center; }}
header h1 {{ font-size: 1.05rem; margin: 0; }}
#network {{ min-height: 300px; min-width: 0; }}
aside {{ border-left: 1px solid #ddd; padding: .5rem 1rem; overflow: auto; }}
aside h2 {{ font-size: 1rem; margin: .3rem 0; }}
aside dl {{ display: grid; grid-template-columns: max-content 1fr; gap: .1rem .6rem; margin: .3rem 0; }}
aside dt {{ color: #666; }} aside dd {{ margin: 0; overflow-wrap: anywhere; }}
aside li {{ margin: .2rem 0; overflow-wrap: anywhere; }}
#kinds label {{ margin-right: .6rem; white-space: nowrap; }}
.key {{ display: inline-block; width: .8em; height: .8em; border: 1px solid #333; border-radius: 50%; vertical-align: middle; }}
input[type=search] {{ width: 16rem; }}
footer {{ font-size: 11px; color: #777; margin-top: 1rem; }}
</style></head>
<body>
<header>
<h1>{title}</h1>
<label>Find <input id="search" type="search" placeholder="name, ODS, ROR, Wikidata…" autocomplete="off"></label>
<label>Partnership <select id="partnership"><option value="">all</option></select></label>
<label>Year <input id="year" type="range" step="1"> <span id="shown"></span></label>
<span id="counts"></span>
<span id="kinds"></span>
<button id="fit" type="button">Fit</button>
</header>
<div id="network"></div>
<aside id="panel"><p>Select a node or a link to see its facts and sources; find one by name or identifier above. Scroll to zoom, drag to pan.</p></aside>
<script type="application/json" id="elements">{data}</script>
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
  layout: { name: "preset", fit: true, padding: 30 },
  minZoom: 0.05, maxZoom: 6, wheelSensitivity: 0.3,
  style: [
    { selector: "node", style: {
      "background-color": "data(colour)", "width": "data(size)", "height": "data(size)", "label": "data(label)",
      "font-size": 9, "text-wrap": "wrap", "text-max-width": 160, "text-valign": "center", "text-halign": "right",
      "text-margin-x": 4, "min-zoomed-font-size": 7, "border-width": 0.6, "border-color": "#333" } },
    { selector: "edge", style: {
      "width": 1, "line-color": "#aaa", "curve-style": "bezier", "target-arrow-color": "#999",
      "target-arrow-shape": directed ? "triangle" : "none", "arrow-scale": 0.7 } },
    { selector: ":selected", style: { "border-width": 3, "border-color": "#d62728", "line-color": "#d62728", "target-arrow-color": "#d62728" } },
    { selector: ".faded", style: { "opacity": 0.15 } },
  ],
});
const $ = (id) => document.getElementById(id);
const text = (value) => document.createTextNode(String(value));

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

function apply() {
  const year = Number(slider.value);
  $("shown").textContent = all() ? "all years" : String(year);
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

function find(query) {
  const q = query.trim().toLowerCase();
  if (!q) return null;
  const fields = ["label", "ods", "ror", "wikidata", "ukprn", "iri"];
  const matches = cy.nodes().filter((n) => fields.some((f) => String(n.data(f) || "").toLowerCase().includes(q)));
  if (!matches.length) return null;
  const exact = matches.filter((n) => fields.some((f) => String(n.data(f) || "").toLowerCase() === q));
  return (exact.length ? exact : matches).sort((a, b) => a.data("label").length - b.data("label").length)[0];
}

$("search").addEventListener("input", (event) => {
  const found = find(event.target.value);
  cy.elements().unselect();
  if (!found) return;
  found.select();
  show(found);
  cy.animate({ center: { eles: found }, zoom: Math.max(cy.zoom(), 1.2) }, { duration: 200 });
});
cy.on("tap", "node, edge", (event) => show(event.target));
slider.addEventListener("input", apply);
$("partnership").addEventListener("change", () => { apply(); cy.fit(cy.elements(":visible"), 30); });
$("kinds").addEventListener("change", apply);
$("fit").addEventListener("click", () => cy.fit(cy.elements(":visible"), 30));
apply();
window.hspkg = { cy, apply };
document.body.dataset.ready = "yes";
"""
