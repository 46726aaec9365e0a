"""The options several commands share, and the value types they need beyond click's own."""

from __future__ import annotations

import math
from collections.abc import Callable

import click

from .serve import Options


class Seconds(click.ParamType):  # type: ignore[type-arg]
    """A finite number of seconds, at least ``minimum``: nan and inf are refused before anything is sent."""

    name = "seconds"

    def __init__(self, minimum: float) -> None:
        self.minimum = minimum

    def convert(self, value: object, param: click.Parameter | None, ctx: click.Context | None) -> float:
        try:
            number = float(value)  # type: ignore[arg-type]
        except (TypeError, ValueError):
            self.fail(f"{value!r} is not a number of seconds", param, ctx)
        if not math.isfinite(number) or number < self.minimum:
            self.fail(f"{value!r}: give a finite number of seconds, at least {self.minimum:g}", param, ctx)
        return number


data_option = click.option(
    "--data",
    "data",
    multiple=True,
    metavar="PATH",
    help="An RDF file or folder to load instead of the shipped data (repeatable). The ontology is always loaded.",
)
endpoint_option = click.option(
    "--endpoint", metavar="URL", help="Query this SPARQL endpoint instead of the embedded graph (credentials: HSPKG_AUTH=USER:PASSWORD)."
)
timeout_option = click.option(
    "--timeout", type=Seconds(minimum=0.1), default=30.0, show_default=True, metavar="SECONDS", help="How long the whole call to the endpoint may take."
)
exact_csv_option = click.option(
    "--exact-csv",
    is_flag=True,
    help="Write CSV cells exactly. By default a cell starting with = + - @ tab or CR (not a number) gets a leading ' "
    "so that spreadsheets show it as text instead of running it as a formula.",
)
store_option = click.option("--store", metavar="DIR", help="Keep the loaded graph in DIR (an Oxigraph store) and reuse it while the data files are unchanged.")


def serve_options(command: Callable[..., None]) -> Callable[..., None]:
    """The options of ``hspkg serve``: where it listens, and the limits of what it answers."""
    options = [
        click.option("--host", default="127.0.0.1", show_default=True, help="The address to listen on."),
        click.option("--port", type=click.IntRange(1, 65535), default=7878, show_default=True, help="The port to listen on."),
        click.option(
            "--timeout",
            type=Seconds(minimum=1),
            default=30.0,
            show_default=True,
            metavar="SECONDS",
            help="The time limit of one query; past it, the query is killed.",
        ),
        click.option(
            "--workers", type=click.IntRange(1, 64), default=Options.workers, show_default=True, help="Queries answered at once, each in its own process."
        ),
        click.option(
            "--max-body", type=click.IntRange(min=1), default=Options.max_body, show_default=True, metavar="BYTES", help="The largest request (413 past it)."
        ),
        click.option(
            "--max-result", type=click.IntRange(min=1), default=Options.max_result, show_default=True, metavar="BYTES", help="The largest answer (413 past it)."
        ),
        click.option(
            "--allow-service", is_flag=True, help="Let queries use SERVICE, which makes this server send HTTP requests to the addresses a query names."
        ),
        click.option("--cors", "cors", multiple=True, metavar="ORIGIN", help="Let browser pages from ORIGIN (or *) query the endpoint (repeatable)."),
        click.option("--on-disk", is_flag=True, help="Workers read an on-disk store, not the graph in memory (the default up to 250,000 triples)."),
        click.option(
            "--queue", type=click.IntRange(0, 10_000), default=Options.queue, show_default=True, help="Requests that may wait for a busy worker (503 past it)."
        ),
        click.option(
            "--max-connections",
            type=click.IntRange(1, 100_000),
            default=Options.max_connections,
            show_default=True,
            help="Open connections at once (503 past it); a request's headers must arrive within 10 s and hold under 64 KiB.",
        ),
        click.option(
            "--base-url", metavar="URL", help="The server's public address, given in VoID as the endpoint's and the dump's (default: http://HOST:PORT/)."
        ),
    ]
    for option in reversed(options):
        command = option(command)
    return command
