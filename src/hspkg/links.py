"""Which addresses a page may make clickable: absolute http(s) URLs only, one rule for every page hspkg writes.

Data given with ``--data`` or read from an endpoint may name any source URL;
a ``javascript:`` or ``data:`` one made into a link runs script when clicked.
:data:`WEB_LINK` is written so that Python's ``re`` and JavaScript's
``RegExp`` read it alike, so the pages' scripts apply the same rule.

>>> web_link("https://www.england.nhs.uk/ahsn/"), web_link("javascript:alert(1)"), web_link("HTTP://x.org/ a")
('https://www.england.nhs.uk/ahsn/', None, None)
"""

from __future__ import annotations

import re

# No whitespace or control character anywhere: browsers drop them while parsing a URL, so
# "java\tscript:" would become a scheme of its own.
WEB_LINK = r"https?://[^\s\x00-\x1f\x7f]+"
_WEB_LINK = re.compile(WEB_LINK, re.IGNORECASE)


def web_link(url: str) -> str | None:
    """``url`` if a page may link to it (an absolute http or https URL), else None."""
    return url if _WEB_LINK.fullmatch(url) else None
