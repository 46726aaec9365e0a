"""The templates and the order files are read in, stated once; the listings of them (help, README) are made from here.

Files are read stage by stage, so that what a row names exists before it is
named: sources, then organisations, their names and identifiers, then rounds,
then what happens in them. Templates of one stage are read in their files'
name order.

>>> [t.name for t in ORDER[4]]
['rounds', 'programmes']
>>> stage(TEMPLATES["award-partners"]) > stage(TEMPLATES["awards"])
True
"""

from __future__ import annotations

from . import (
    agreements,
    alternative_names,
    areas,
    award_partners,
    awards,
    changes,
    conflicts,
    designations,
    identifiers,
    memberships,
    network_roles,
    organisations,
    programmes,
    rounds,
    sources,
)
from .context import Template

ORDER: tuple[tuple[Template, ...], ...] = (
    (sources.TEMPLATE,),
    (organisations.TEMPLATE,),
    (alternative_names.TEMPLATE,),
    (identifiers.TEMPLATE,),
    (rounds.TEMPLATE, programmes.TEMPLATE),
    (designations.TEMPLATE, awards.TEMPLATE),  # an award's round first; its partners after it
    (memberships.TEMPLATE, award_partners.TEMPLATE, network_roles.TEMPLATE),
    (agreements.TEMPLATE,),
    (changes.TEMPLATE,),  # after the memberships a change ends
    (areas.TEMPLATE,),
    (conflicts.TEMPLATE,),  # last: a conflict's claims are facts of every other template
)
TEMPLATES: dict[str, Template] = {template.name: template for stage in ORDER for template in stage}


def stage(template: Template) -> int:
    """The stage a template is read at (its index in :data:`ORDER`)."""
    return next(n for n, templates in enumerate(ORDER) if template.name in {t.name for t in templates})


def in_order() -> str:
    """The templates in the order files are read, for ``hspkg ingest --help``.

    >>> in_order()[:60]
    'sources; organisations; names; identifiers; rounds, programm'
    """
    return "; ".join(", ".join(t.name for t in templates) for templates in ORDER)


def markdown() -> str:
    """The README's table of templates: each one's name, what a row of it says, and its columns (the required ones first)."""
    lines = ["| template | one row is | columns (the required ones first) |", "| --- | --- | --- |"]
    for template in TEMPLATES.values():
        notes = dict(template.notes)
        columns = [f"{c} ({notes[c]})" if c in notes else c for c in sorted(template.columns, key=lambda c: c not in template.required)]
        lines.append(f"| {template.name} | {template.description} | {', '.join(columns)} |")
    return "\n".join(lines) + "\n"


__all__ = ["ORDER", "TEMPLATES", "in_order", "markdown", "stage"]
