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

// programmes: each in its colour in the key, and a box each to show or hide its partnerships and links
const programmesOf = (value) => String(value || "").split("; ").flatMap((p) => p.split("+")).filter(Boolean);
const inProgrammes = new Map();  // element id -> the programmes it belongs to (a node: those of its links)
cy.elements().forEach((e) => inProgrammes.set(e.id(), programmesOf(e.isNode() ? e.data("programmes") || e.data("programme") : e.data("programme") || e.data("programmes"))));
const boxes = doc.programmes.filter((p) => p.programme);  // those a reader ticks
if (doc.programmes.length) {
  const heading = document.createElement("div");
  heading.className = "programmes-key";
  heading.textContent = "Programmes (links and centres in their colour)";
  $("legend").prepend(heading);
  let after = heading;
  for (const { programme, name, colour } of doc.programmes) {
    const row = document.createElement("div");
    row.className = "programme";
    row.append(svg(36, 12, drawn("line", { x1: 1, y1: 6, x2: 34, y2: 6, stroke: colour, "stroke-width": 3 })), text(name));
    after.after(row); after = row;
    if (!programme) continue;  // "several programmes": a colour in the key, not a box to tick
    const label = document.createElement("label");
    const box = Object.assign(document.createElement("input"), { type: "checkbox", checked: doc.opening.includes(programme), value: programme });
    const swatch = Object.assign(document.createElement("span"), { className: "swatch" });
    swatch.style.background = colour;
    const count = Object.assign(document.createElement("span"), { className: "count" });
    count.dataset.programme = programme;
    label.title = `${name}: show or hide its partnerships and their links`;
    label.append(box, " ", swatch, " ", text(name), " ", count);
    $("programmes").append(label);
  }
}
const ticked = () => new Set([...document.querySelectorAll("#programmes input:checked")].map((b) => b.value));
// an element of a programme that is not ticked is hidden; one of no programme (a merger) follows its ends
const inTicked = (e, wanted) => !doc.programmes.length || (inProgrammes.get(e.id()).length
  ? inProgrammes.get(e.id()).some((p) => wanted.has(p))
  : e.isEdge() || wanted.size === boxes.length);

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
// partnerships: nodes whose kind is ahsc, ahsn or both, and the research centres (their programme is their own)
const partnerships = cy.nodes().filter((n) => /^(ahsc|ahsn)/.test(n.data("kind") || "") || n.data("programme") !== undefined);
// listed under their programme where the view has programmes (an AHSC that is also an AHSN under the first)
const groups = new Map(doc.programmes.filter((p) => p.programme).map((p) => [p.programme, Object.assign(document.createElement("optgroup"), { label: p.name })]));
partnerships.sort((a, b) => a.data("label").localeCompare(b.data("label"))).forEach((n) => {
  const option = Object.assign(document.createElement("option"), { value: n.id(), textContent: n.data("label") });
  const group = groups.get(programmesOf(n.data("programme"))[0]);
  (group || $("partnership")).append(option);
});
for (const group of groups.values()) if (group.children.length) $("partnership").append(group);
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
  const programmes = ticked();
  const around = chosen ? cy.getElementById(chosen).closedNeighborhood().nodes() : null;
  cy.batch(() => {
    cy.nodes().forEach((n) => {
      // a partnership picked out shows all of its links, whatever programmes are ticked
      let on = wanted.has(n.data("kind")) && (around ? around.contains(n) : inTicked(n, programmes));
      if (on && !all()) on = during(n, year) && (n.data("start") !== undefined || !/^(ahsc|ahsn)/.test(n.data("kind")));
      n.style("display", on ? "element" : "none");
    });
    cy.edges().forEach((e) => {
      let on = e.source().style("display") === "element" && e.target().style("display") === "element" && (chosen !== "" || inTicked(e, programmes));
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
  for (const count of document.querySelectorAll("#programmes .count")) {
    const shown = cy.edges().filter((e) => e.style("display") === "element" && inProgrammes.get(e.id()).includes(count.dataset.programme)).length;
    const all = cy.edges().filter((e) => inProgrammes.get(e.id()).includes(count.dataset.programme)).length;
    count.textContent = shown === all ? `${all}` : `${shown} of ${all}`;
  }
  const left = boxes.length - programmes.size;
  $("subset").textContent = doc.programmes.length && left && !chosen
    ? `${cy.nodes().length - cy.nodes().filter((n) => inTicked(n, programmes)).length} organisations of ${left} more programme${left > 1 ? "s" : ""} not shown: tick to add them`
    : "";
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

const HIDDEN = new Set(["label", "name", "display", "id", "value", "x", "y", "r", "g", "b", "size", "colour", "sources", "source", "target"]);
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
      // the role its sources give (host, partner, project partner...), where it is more than a plain membership
      const role = e.data("role") ? ` (${String(e.data("role")).replace(/-/g, " ")})` : "";
      item.append(text(`${e.data("label")}${role} ${other.data("label")}${when}${until}`), sourcesList(e.data("sources")));
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

// Finding an organisation by what people call it, by the rules of hspkg.name_matching (the command line's):
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
// where nodes stand: one programme alone on its own layout (names as large as a national view's), else the whole drawing's
const home = new Map(cy.nodes().map((n) => [n.id(), { ...n.position() }]));
function place() {
  const programmes = [...ticked()];
  const own = programmes.length === 1 && !$("partnership").value ? doc.layouts[programmes[0]] : null;
  cy.batch(() => cy.nodes().forEach((n) => {
    const at = own && own[n.id()];
    n.position(at ? { x: at[0], y: at[1] } : home.get(n.id()));
  }));
}
// a node found but hidden by the programmes: its programmes are ticked, so that it is shown where it stands
function reveal(node) {
  if (node.style("display") === "element" || inTicked(node, ticked())) return;  // shown, or hidden by the year or a kind
  const boxes = [...document.querySelectorAll("#programmes input")];
  for (const box of boxes) if (inProgrammes.get(node.id()).includes(box.value) || !inProgrammes.get(node.id()).length) box.checked = true;
  apply(); place();
}
function focusOn(node) {
  reveal(node);
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
$("partnership").addEventListener("change", () => { apply(); place(); cy.stop(true); cy.fit(cy.elements(":visible"), 20); });
$("programmes").addEventListener("change", () => { apply(); place(); cy.stop(true); cy.fit(cy.elements(":visible"), 20); });
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
place();
// the header's controls, added above, may have taken room from the drawing; and until the reader
// zooms or pans, a resized window shows the whole drawing again
let moved = false, fitting = false;
cy.on("viewport", () => { if (!fitting) moved = true; });
function refit() { fitting = true; cy.resize(); cy.fit(cy.elements(":visible"), 20); fitting = false; }
refit();
window.addEventListener("resize", () => { if (!moved) refit(); });
window.hspkg = { cy, apply, find, place };
document.body.dataset.ready = "yes";
