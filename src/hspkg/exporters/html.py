"""One self-contained HTML page: the network as SVG, facts on hover, a year slider. No network needed."""

from __future__ import annotations

from html import escape
from typing import BinaryIO

import networkx as nx

from .layout import positions
from .palette import colour

WIDTH, HEIGHT, MARGIN, RIGHT = 1400, 850, 60, 280
LABEL = 38  # characters of a name shown beside its node; the tooltip has it whole

SCRIPT = """
"use strict";
const slider = document.getElementById("year");
const shown = document.getElementById("shown");
function at(year) {
  shown.textContent = year >= Number(slider.max) ? "all years" : "as of " + year;
  for (const el of document.querySelectorAll("[data-start]")) {
    const start = Number(el.dataset.start), end = el.dataset.end ? Number(el.dataset.end) : Infinity;
    el.style.display = start <= year && year <= end ? "" : "none";
  }
}
if (slider) { slider.addEventListener("input", () => at(Number(slider.value))); at(Number(slider.value)); }
document.body.dataset.ready = "yes";
"""


def write(network: nx.Graph[str], stream: BinaryIO) -> None:
    """Write the page: nodes coloured by kind and named, every fact in a hover tooltip."""
    where = {n: (MARGIN + x * (WIDTH - MARGIN - RIGHT), MARGIN + y * (HEIGHT - 2 * MARGIN)) for n, (x, y) in positions(network, columns=4).items()}
    starts = _first_years(network)
    years = sorted({y for y in starts.values()} | {d["start"] for *_, d in network.edges(data=True) if "start" in d})
    parts = [_edge(where[u], where[v], d) for u, v, d in network.edges(data=True)]
    parts += [_node(n, where[n], d, starts.get(n)) for n, d in network.nodes(data=True)]
    slider = (
        f'<label>Year <input id="year" type="range" min="{years[0]}" max="{years[-1] + 1}" value="{years[-1] + 1}" step="1"></label> <span id="shown"></span>'
        if years
        else ""
    )
    kinds = sorted({str(d.get("kind", "")) for _, d in network.nodes(data=True)})
    legend = " ".join(f'<span class="key" style="background:{colour(k)}"></span>{escape(k)}' for k in kinds if k)
    page = f"""<!doctype html>
<html lang="en"><head><meta charset="utf-8"><title>hspkg network</title>
<style>
body {{ font: 14px system-ui, sans-serif; margin: 1rem; color: #222; }}
svg {{ border: 1px solid #ddd; background: #fff; }}
.node text {{ font-size: 11px; pointer-events: none; }}
.node circle {{ stroke: #333; stroke-width: .6; cursor: help; }}
.edge line {{ stroke: #999; stroke-width: 1.2; }}
.edge:hover line {{ stroke: #d33; stroke-width: 3; }}
.key {{ display: inline-block; width: .9em; height: .9em; margin: 0 .3em 0 1em; vertical-align: middle; border: 1px solid #333; }}
</style></head>
<body>
<h1>UK health-science partnerships</h1>
<p>{network.number_of_nodes()} organisations, {network.number_of_edges()} links. Hover over a node or a link for its facts and sources. {slider}</p>
<p>{legend}</p>
<svg xmlns="http://www.w3.org/2000/svg" width="{WIDTH}" height="{HEIGHT}" viewBox="0 0 {WIDTH} {HEIGHT}">
{chr(10).join(parts)}
</svg>
<script>{SCRIPT}</script>
</body></html>
"""
    stream.write(page.encode("utf-8"))


def _first_years(network: nx.Graph[str]) -> dict[str, int]:
    first: dict[str, int] = {}
    for u, v, d in network.edges(data=True):
        if "start" in d:
            for n in (u, v):
                first[n] = min(first.get(n, d["start"]), d["start"])
    return first


def _facts(data: dict[str, object]) -> str:
    return "\n".join(f"{k}: {v}" for k, v in data.items() if v not in (None, ""))


def _edge(a: tuple[float, float], b: tuple[float, float], data: dict[str, object]) -> str:
    timing = f' data-start="{data["start"]}"' if "start" in data else ""
    timing += f' data-end="{data["end"]}"' if "end" in data else ""
    return f'<g class="edge"{timing}><line x1="{a[0]:.1f}" y1="{a[1]:.1f}" x2="{b[0]:.1f}" y2="{b[1]:.1f}"/><title>{escape(_facts(data))}</title></g>'


def _node(name: str, at: tuple[float, float], data: dict[str, object], first: int | None) -> str:
    timing = f' data-start="{first}"' if first is not None else ""
    name_shown = str(data.get("label", name))
    label = escape(name_shown if len(name_shown) <= LABEL else name_shown[: LABEL - 1] + "…")
    return (
        f'<g class="node"{timing}><circle cx="{at[0]:.1f}" cy="{at[1]:.1f}" r="9" fill="{colour(str(data.get("kind", "")))}"/>'
        f'<text x="{at[0] + 12:.1f}" y="{at[1] + 4:.1f}">{label}</text>'
        f"<title>{escape(_facts({'id': name, **data}))}</title></g>"
    )
