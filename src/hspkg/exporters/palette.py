"""One colour per kind of organisation, shared by every format that draws."""

from __future__ import annotations

COLOURS = {
    "university": "#4C72B0",
    "nhs-foundation-trust": "#55A868",
    "nhs-trust": "#8DCB9A",
    "ahsn": "#DD8452",
    "organisation": "#B0B0B0",
}
OTHER = "#C9C0D3"


def colour(kind: str) -> str:
    """The fill colour for a kind (``#RRGGBB``); kinds without one share a neutral colour.

    >>> colour("university"), colour("Source")
    ('#4C72B0', '#C9C0D3')
    """
    return COLOURS.get(kind, OTHER)
