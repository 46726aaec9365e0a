"""One colour per kind of node, shared by every format that draws.

Organisations keep fixed colours across views; any other kind (the full view
has many) takes the next free colour of a qualitative palette, in the order of
the kinds' names, so each kind has its own colour and the same one every time.
"""

from __future__ import annotations

from collections.abc import Iterable

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
    extra = {k: EXTRA[i % len(EXTRA)] for i, k in enumerate(others)}
    return {k: COLOURS.get(k) or extra[k] for k in found}


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
