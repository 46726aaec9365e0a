"""The query page at ``/`` of ``hspkg serve``: YASGUI, served from the package, with the catalogue as examples.

YASGUI (``@zazuko/yasgui``, MIT) is vendored in ``static/yasgui`` with its licence;
the page loads nothing from anywhere else, so it works offline. Every catalogue
query is an example with its title, description and parameters; ``/?example=NAME``
opens one and runs it.
"""

from __future__ import annotations

import json

from . import catalogue
from .terms import PREFIXES

# The page may load and ask nothing but this server: the browser refuses anything else.
# (YASGUI sets inline styles on its elements, hence 'unsafe-inline' for styles only.)
POLICY = "default-src 'self'; script-src 'self'; style-src 'self' 'unsafe-inline'; img-src 'self' data:; connect-src 'self'; frame-ancestors 'none'"


def examples() -> dict[str, dict[str, object]]:
    """The catalogue as the page's examples: title, description, parameters and text.

    >>> examples()["members"]["params"][1]["name"]
    'year'
    """
    return {
        q.name: {
            "title": q.title,
            "description": q.description,
            "params": [{"name": p.name, "type": p.type, "default": p.default, "description": p.description} for p in q.params],
            "text": q.text,
        }
        for q in catalogue.queries().values()
    }


def _script_json(value: object) -> str:
    # "</" inside a script element would end it early; JSON allows "<\/" instead
    return json.dumps(value).replace("</", "<\\/")


def page() -> str:
    """The page's HTML.

    >>> '"universities-trusts"' in page()
    True
    """
    from .linkeddata import templates

    return (
        templates()
        .get_template("editor.html")
        .render(
            examples=examples(),
            examples_json=_script_json(examples()),
            prefixes_json=_script_json(PREFIXES),
        )
    )
