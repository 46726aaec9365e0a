"""Template ``sources``: a document facts come from, described once and cited by its id."""

from __future__ import annotations

from .context import Cells, Context, Template, is_url


def read(ctx: Context, row: Cells) -> None:
    key = row.ident("source_id", required=True)
    url, title, publisher = (row.text(c) for c in ("url", "title", "publisher"))
    if key is None:
        return
    if not is_url(url):
        row.problem("url", f"{url!r} is not an http(s) URL")
        return
    for column, value in (("title", title), ("publisher", publisher)):
        if not value:
            row.problem(column, "a source needs its title and publisher")
            return
    date = row.date("date")
    if url in ctx.known.sources and ctx.known.sources[url] != f"{ctx.known.sources.get(key, '')}":
        row.problem("url", f"{url} is already described as <{ctx.known.sources[url]}>: cite that id")
        return
    ctx.out.source(key, url, title, publisher, date or "")


TEMPLATE = Template(
    name="sources",
    description="a source document: its id (cited by the other templates), URL, title, publisher and date",
    columns=("source_id", "url", "title", "publisher", "date"),
    required=frozenset({"source_id", "url", "title", "publisher"}),
    read=read,
)
