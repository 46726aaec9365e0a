"""One colour per kind of node, shared by every format that draws.

Organisations keep fixed colours across views; any other kind (the full view
has many) takes the next free colour of a qualitative palette, in the order of
the kinds' names, so each kind has its own colour and the same one every time.
"""

from __future__ import annotations

import colorsys
from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from functools import cache

COLOURS = {
    "university": "#4C72B0",
    "nhs-foundation-trust": "#2E8B57",
    "nhs-trust": "#8DCB9A",
    "ahsn": "#DD8452",
    "ahsc": "#C44E52",
    "ahsc+ahsn": "#8C564B",
    "organisation": "#A0A0A0",
}
# Further distinct colours (Kelly's and Tableau's, less those above), for kinds without their own.
EXTRA = (
    "#F3C300", "#875692", "#A1CAF1", "#BE0032", "#C2B280", "#848482", "#008856", "#E68FAC", "#0067A5", "#F99379",
    "#604E97", "#F6A600", "#B3446C", "#DCD300", "#882D17", "#8DB600", "#654522", "#E25822", "#2B3D26", "#17BECF",
    "#BCBD22", "#9467BD", "#FF9896", "#C5B0D5", "#7F7F7F", "#AEC7E8", "#98DF8A", "#FFBB78",
)  # fmt: skip
PARTNERSHIPS = ("ahsc", "ahsn", "ahsc+ahsn")


def colours(kinds: Iterable[str]) -> dict[str, str]:
    """A colour (``#RRGGBB``) for each kind: the fixed one, else the next unused extra colour.

    >>> colours(["university", "Source", "Agent"])
    {'Agent': '#F3C300', 'Source': '#875692', 'university': '#4C72B0'}
    """
    found = sorted(set(kinds))
    others = [k for k in found if k not in COLOURS]
    extra = dict(zip(others, further(len(others)), strict=True))
    return {k: COLOURS.get(k) or extra[k] for k in found}


def further(count: int) -> list[str]:
    """``count`` colours for kinds without their own: the extra palette, then as many more as needed.

    Past the extra palette (the full view with the research data has more kinds than it
    holds) colours are made by stepping round the hue circle by the golden angle at three
    lightnesses, keeping only those clearly apart from every colour already given (fixed
    ones included), so no two kinds share a colour and the same kinds get the same ones.

    >>> further(2)
    ['#F3C300', '#875692']
    >>> made = further(60)
    >>> len(set(made)) == 60 and not set(made) & set(COLOURS.values()) and made[:len(EXTRA)] == list(EXTRA)
    True
    """
    given = list(EXTRA[:count])
    taken = [rgb(c) for c in (*COLOURS.values(), *given)]
    step = 0
    while len(given) < count:
        hue = (step * 0.381966) % 1.0  # the golden angle as a fraction of the circle
        saturation, value = ((0.75, 0.55), (0.55, 0.85), (0.9, 0.75))[step % 3]
        step += 1
        red, green, blue = (round(255 * c) for c in colorsys.hsv_to_rgb(hue, saturation, value))
        # apart from every colour given: far enough at first, then (a very long list) merely different
        apart = 60 if step < 2000 else 1
        if all(sum((a - b) ** 2 for a, b in zip((red, green, blue), t, strict=True)) >= apart**2 for t in taken):
            given.append(f"#{red:02X}{green:02X}{blue:02X}")
            taken.append((red, green, blue))
    return given


def rgb(colour: str) -> tuple[int, int, int]:
    """``#RRGGBB`` as three numbers from 0 to 255.

    >>> rgb("#4C72B0")
    (76, 114, 176)
    """
    return int(colour[1:3], 16), int(colour[3:5], 16), int(colour[5:7], 16)


def is_partnership(kind: str) -> bool:
    """Whether a kind is that of a partnership (an AHSC, an AHSN, or both).

    >>> is_partnership("ahsc+ahsn"), is_partnership("university")
    (True, False)
    """
    return kind in PARTNERSHIPS


# A shape per kind, as Cytoscape.js, yEd and matplotlib name it: partnerships are polygons, members
# rounder or squarer shapes, so kinds differ by shape as well as colour (a grey print keeps them apart).
# Cytoscape.js shapes are all distinct; matplotlib has 15 filled markers, so the last two repeat one;
# yEd has 16 shapes, so the last repeats its kin nhs-foundation-trust's.
SHAPES: dict[str, tuple[str, str, str]] = {
    "university": ("ellipse", "ellipse", "o"),
    "nhs-foundation-trust": ("rectangle", "rectangle", "s"),
    "nhs-trust": ("triangle", "triangle", "^"),
    "organisation": ("diamond", "diamond", "D"),
    "ahsc": ("hexagon", "hexagon", "h"),
    "ahsn": ("octagon", "octagon", "8"),
    "ahsc+ahsn": ("star", "star6", "*"),
    # the NIHR research centres (issue 19) and the other kinds of member they brought
    "brc": ("pentagon", "trapezoid", "p"),
    "bru": ("heptagon", "trapezoid2", "H"),
    "arc": ("round-rectangle", "roundrectangle", "P"),
    "clahrc": ("rhomboid", "parallelogram", "d"),
    "charity": ("barrel", "rectangle3d", "v"),
    "company": ("tag", "fatarrow", ">"),
    "ccg": ("cut-rectangle", "fatarrow2", "<"),
    "icb": ("concave-hexagon", "star8", "X"),
    "local-authority": ("round-triangle", "star5", "^"),
    "nhs-foundation-trust+nhs-trust": ("round-diamond", "rectangle", "D"),
}
_ROUND = ("ellipse", "ellipse", "o")


def shape(kind: str) -> tuple[str, str, str]:
    """A kind's shape in Cytoscape.js, yEd and matplotlib; kinds without one (the full view's) are round.

    >>> shape("ahsc"), shape("Agent")
    (('hexagon', 'hexagon', 'h'), ('ellipse', 'ellipse', 'o'))
    """
    return SHAPES.get(kind, _ROUND)


@dataclass(frozen=True)
class Line:
    """How one family of relations is drawn, in each tool's own words."""

    family: str  # what the legend calls it
    colour: str
    width: float
    cytoscape: str  # line-style: solid, dashed, dotted
    arrow: str  # Cytoscape.js target-arrow-shape
    yed: str  # y:LineStyle type: line, dashed, dotted, dashed_dotted
    yed_arrow: str  # y:Arrows target
    matplotlib: str  # linestyle
    dashes: str  # SVG-style dash pattern, for the HTML legend ("" for a solid line)


LINES: dict[str, Line] = {
    "membership": Line("membership", "#8A8A8A", 1.2, "solid", "triangle", "line", "standard", "-", ""),
    "role": Line("host or lead role", "#3B3B3B", 2.6, "solid", "diamond", "line", "diamond", "-", ""),
    "change": Line("merger, acquisition, renaming", "#B5651D", 1.8, "dashed", "vee", "dashed", "delta", "--", "6 3"),
    "transfer": Line("transfer of services", "#7B4FA0", 1.8, "dashed", "tee", "dashed_dotted", "t_shape", "-.", "6 2 1 2"),
    "succession": Line("succession", "#1F77B4", 1.8, "dotted", "triangle-tee", "dotted", "white_delta", ":", "2 2"),
    "partnership": Line("partners in a partnership", "#9A9A9A", 1.2, "solid", "none", "line", "none", "-", ""),
    # a project partner shares a project with a network and is no member: dotted, as a looser tie
    "project": Line("project partner (not a member)", "#8A8A8A", 1.0, "dotted", "triangle", "dotted", "standard", ":", "2 3"),
    "statement": Line("statement", "#B0B0B0", 0.8, "solid", "triangle", "line", "standard", "-", ""),
}
_FAMILIES = {
    "membership": "membership", "host": "role", "lead": "role", "merger": "change", "acquisition": "change",
    "combination": "change", "renaming": "change", "transfer": "transfer", "succession": "succession",
    "partnership": "partnership", "project partner": "project",
}  # fmt: skip


def relation(attributes: Mapping[str, object]) -> str:
    """What an edge says in a word or two: ``membership``, ``host``, ``lead``, ``project partner``, a kind of change,
    ``partnership``, or (the full view) its predicate.

    >>> relation({"label": "member of"}), relation({"label": "member of", "role": "host"}), relation({"label": "merger"})
    ('membership', 'host', 'merger')
    >>> relation({"label": "partners with"}), relation({"label": "org:member"}), relation({"label": "hosted by"})
    ('partnership', 'org:member', 'host')
    >>> relation({"label": "project partner of", "role": "project-partner"})
    'project partner'
    """
    label = str(attributes.get("relation") or attributes.get("label") or "")
    role = str(attributes.get("role") or "").casefold()
    if label == "member of":
        return role if role in ("host", "lead") else "membership"
    if label == "partners with":
        return "partnership"
    if label == "project partner of":
        return "project partner"
    words = label.casefold()
    if words in ("host", "hosts", "hosted by", "hsp:hostedby"):
        return "host"
    if words in ("lead", "leads", "led by"):
        return "lead"
    if "succe" in words:
        return "succession"
    return label


def line(relation: str) -> Line:
    """How an edge of this relation is drawn (a predicate of the full view: a plain statement).

    >>> line("merger").yed, line("lead").family, line("org:member").family
    ('dashed', 'host or lead role', 'statement')
    """
    return LINES[_FAMILIES.get(relation, "statement")]


# The programmes a partnership belongs to (the views' ``programme``: skos:notation of ontology/programmes.ttl),
# in the order the legend and the HTML filter list them: a short name and a colour. A partnership's node and
# its links take its programme's colour; a programme and its successor are hues of one family (BRU → BRC
# purples, CLAHRC → ARC teals), each apart from the members' kinds (universities blue, trusts green).
PROGRAMMES: dict[str, tuple[str, str]] = {
    "ahsc": ("AHSC", "#C44E52"),
    "ahsn": ("AHSN", "#DD8452"),
    "nihr-brc": ("NIHR BRC", "#5E3C99"),
    "nihr-bru": ("NIHR BRU", "#A483CF"),
    "nihr-clahrc": ("NIHR CLAHRC", "#35B7C4"),
    "nihr-arc": ("NIHR ARC", "#0B6E75"),
}
# a research centre's kind is drawn in its programme's colour
CENTRES = {"brc": "nihr-brc", "bru": "nihr-bru", "clahrc": "nihr-clahrc", "arc": "nihr-arc"}
COLOURS.update({kind: PROGRAMMES[programme][1] for kind, programme in CENTRES.items()})


def programmes(value: object) -> list[str]:
    """The programmes a ``programme`` attribute names: one (``ahsn``), a partnership of two (``ahsc+ahsn``) or a list (``a; b``).

    >>> programmes("ahsc+ahsn"), programmes("nihr-brc; nihr-bru"), programmes(None)
    (['ahsc', 'ahsn'], ['nihr-brc', 'nihr-bru'], [])
    """
    return list(_programmes(str(value or "")))


@cache
def _programmes(value: str) -> tuple[str, ...]:
    """Read once per value: a view has a handful of them, on tens of thousands of nodes and edges at 10^6 triples."""
    found = [p for part in value.split(";") for p in part.strip().split("+") if p]
    return tuple(sorted(set(found), key=lambda p: (list(PROGRAMMES).index(p) if p in PROGRAMMES else len(PROGRAMMES), p)))


def programme_colour(value: object) -> str | None:
    """The colour of a link of these programmes: the programme's own, an AHSC that is also an AHSN's, else a dark grey (several).

    >>> programme_colour("nihr-arc"), programme_colour("ahsc+ahsn"), programme_colour(""), programme_colour("a; b")
    ('#0B6E75', '#8C564B', None, '#555555')
    """
    found = programmes(value)
    if not found:
        return None
    if len(found) == 1:
        return PROGRAMMES[found[0]][1] if found[0] in PROGRAMMES else "#555555"
    return COLOURS.get("+".join(found), "#555555")
