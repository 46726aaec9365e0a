"""One self-contained HTML page drawn by Cytoscape.js (MIT, shipped in ``vendor/`` with its licence, inlined).

Search by any name or identifier the command line knows (the same index as
:mod:`hspkg.name_matching`: former names, identifiers, case and punctuation ignored,
candidates listed when several match), filters by programme (each in its
colour; one programme alone drawn on its own layout), by kind and by partnership, zoom
and pan, a year slider the heading and counts follow, a legend of shapes and
line styles, and a side panel with the selected node's facts and clickable
sources. Works offline and on the base install (no numpy, no matplotlib): the
nodes stand where the layout put them, which left room for every name.
"""

from __future__ import annotations

import json
from collections import Counter
from html import escape
from importlib.resources import files
from typing import Any, BinaryIO

import networkx as nx

from ..links import WEB_LINK
from .cytoscape import elements
from .labels import FAMILY, FONT, GAP, LINE, WRAP, name_side, wrapped
from .palette import PROGRAMMES, SHAPES, is_partnership, line, programme_colour, programmes, shape
from .picture import crowded, title
from .style import by_programme, readable

LICENCE_NOTE = (
    "Cytoscape.js: Copyright (c) 2016-2026, The Cytoscape Consortium. cytoscape-fcose: Copyright (c) 2018 - present, iVis-at-Bilkent. "
    "cose-base and layout-base: Copyright (c) 2019 - present, iVis@Bilkent. MIT licences (the full texts ship with hspkg)."
)
# inlined in this order: Cytoscape.js, then the fcose layout and the two libraries it is built on
SCRIPTS = ("cytoscape.min.js", "layout-base.js", "cose-base.js", "cytoscape-fcose.js")
READABLE = 9.0  # pixels: the smallest name a reader is asked to read
SEVERAL = programme_colour("a; b")  # the colour of a link of several programmes (palette.programme_colour)


def _vendored(name: str) -> str:
    return files(__package__).joinpath("vendor", name).read_text(encoding="utf-8")


def _script() -> str:
    """The page's own script (``view.js`` beside this module): search, filters, slider, legend, panel."""
    return files(__package__).joinpath("view.js").read_text(encoding="utf-8")


def write(network: nx.Graph[str], stream: BinaryIO) -> None:
    """Write the page."""
    document = elements(network)
    for node in document["elements"]["nodes"]:
        node["data"]["display"] = wrapped(node["data"]["name"])
    document["names"] = network.graph.get("names", {})
    document["heading"] = title(network).rsplit(", ", 1)[0]
    document["legend"] = _legend(network)
    document.update(_programmes(network))
    data = json.dumps(document, ensure_ascii=False, sort_keys=True).replace("<", "\\u003c")
    style = json.dumps(_style(network), sort_keys=True)
    heading = escape(title(network))
    page = PAGE.format(
        title=heading,
        data=data,
        style=style,
        cytoscape="\n".join(_vendored(name).replace("</script", "<\\/script") for name in SCRIPTS),
        script=_script().replace("__WRAP__", str(WRAP)).replace("WEB_LINK_PATTERN", json.dumps(WEB_LINK)),
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
    if network.graph.get("view") == "partners" and any(name_side(network, n) == "left" for n in network):  # only the partners view's
        style.append({"selector": 'node[kind = "university"]', "style": {"text-halign": "left", "text-margin-x": -GAP}})
    for relation in sorted({str(d.get("relation", "")) for *_, d in network.edges(data=True)}):
        drawn = line(relation)
        arrow = drawn.arrow if network.is_directed() else "none"
        style.append({"selector": f'edge[relation = "{relation}"]', "style": {
            "line-style": drawn.cytoscape, "line-color": drawn.colour, "width": drawn.width,
            "target-arrow-shape": arrow, "target-arrow-color": drawn.colour}})  # fmt: skip
    # a link of a programme in the programme's colour (style.styled gives it); its relation keeps its width, dashes and arrow
    style.append({"selector": "edge[colour]", "style": {"line-color": "data(colour)", "target-arrow-color": "data(colour)"}})
    style += [
        {"selector": ":selected", "style": {"border-width": 4, "border-color": "#d62728", "line-color": "#d62728", "target-arrow-color": "#d62728"}},
        {"selector": ".faded", "style": {"opacity": 0.15}},
    ]
    return style


def _programmes(network: nx.Graph[str]) -> dict[str, Any]:
    """The programme filter: each programme's name, colour and number of partnerships, where each programme's
    nodes go when it is shown alone, and which programmes the page opens on.

    All of them when the whole drawing's names can be read at the default zoom (a national view, a year
    before the research programmes grew); else the first programme alone, drawn on its own, which a reader
    then adds to (the memberships view of every programme has ~280 nodes: its names would be ~6 px).
    """
    found = programmes("; ".join(str(d.get("programme") or d.get("programmes") or "") for *_, d in network.edges(data=True)))
    if not found:
        return {"programmes": [], "layouts": {}, "opening": []}
    counted = Counter(p for _, d in network.nodes(data=True) for p in programmes(d.get("programme")))  # one pass, not one a programme
    partnerships = {p: counted[p] for p in found}
    listed = [{"programme": p, "name": PROGRAMMES.get(p, (p, ""))[0], "colour": programme_colour(p), "partnerships": partnerships[p]} for p in found]
    opening = found if readable(network) >= READABLE else found[:1]
    # a link of several programmes (two organisations that share partnerships of each) has a colour of its own
    links = [str(d.get("programme") or d.get("programmes") or "") for *_, d in network.edges(data=True)]
    several = any(len(programmes(value)) > 1 and programme_colour(value) == SEVERAL for value in links)
    if several:
        listed.append({"programme": "", "name": "several programmes", "colour": SEVERAL, "partnerships": 0})
    return {"programmes": listed, "layouts": by_programme(network), "opening": opening}


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
#kinds label, #programmes label {{ margin-right: .6rem; white-space: nowrap; }}
#programmes {{ font-weight: 600; }} #programmes .count {{ font-weight: normal; color: #666; }}
#subset {{ color: #7a4b00; font-size: 13px; margin: .3rem 0; }} #subset:empty {{ display: none; }}
header .break {{ flex-basis: 100%; height: 0; }} #partnership {{ max-width: 16rem; }}
#kinds-box[open] {{ flex-basis: 100%; }}
.swatch {{ display: inline-block; width: 1.6em; height: .35em; vertical-align: middle; border-radius: .1em; }}
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
<button id="fit" type="button">Fit</button>
<button id="relayout" type="button" title="Arrange what is shown with fcose, a force layout that keeps names apart">Lay out again</button>
<details id="kinds-box"><summary>Kinds</summary><span id="kinds"></span></details>
<span class="break"></span>
<span id="programmes" role="group" aria-label="Programmes"></span>
<label>Partnership <select id="partnership"><option value="">all</option></select></label>
<label>Year <input id="year" type="range" step="1"> <span id="shown"></span></label>
<span id="counts"></span>
</header>
<div id="network"></div>
<aside>{note}<p id="subset"></p>
<div id="panel"><p>Select a node or a link to see its facts and sources; find one by name or identifier above. Scroll to zoom, drag to pan.</p></div>
<h2>Key</h2><div id="legend"></div></aside>
<script type="application/json" id="elements">{data}</script>
<script type="application/json" id="style">{style}</script>
<script>{cytoscape}</script>
<script>{script}</script>
<footer hidden>{licence}</footer>
</body></html>
"""
