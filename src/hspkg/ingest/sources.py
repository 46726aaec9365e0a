"""Template ``sources``: a document facts come from, described once and cited by its id."""

from __future__ import annotations

from .context import Context, Row, Template, is_url


def read(ctx: Context, row: Row, where: str) -> None:
    key = ctx.ident(row, "source_id", where, required=True)
    url, title, publisher = (row.get(c, "").strip() for c in ("url", "title", "publisher"))
    if key is None:
        return
    if not is_url(url):
        ctx.problem(where, "url", f"{url!r} is not an http(s) URL")
        return
    for column, value in (("title", title), ("publisher", publisher)):
        if not value:
            ctx.problem(where, column, "a source needs its title and publisher")
            return
    date = ctx.date(row, "date", where)
    if url in ctx.sources and ctx.sources[url] != f"{ctx.sources.get(key, '')}":
        ctx.problem(where, "url", f"{url} is already described as <{ctx.sources[url]}>: cite that id")
        return
    ctx.describe_source(key, url, title, publisher, date or "")


TEMPLATE = Template(
    name="sources",
    order=0,
    description="a source document: its id (cited by the other templates), URL, title, publisher and date",
    columns=("source_id", "url", "title", "publisher", "date"),
    required=frozenset({"source_id", "url", "title", "publisher"}),
    read=read,
)
