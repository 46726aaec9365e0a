"""The options several commands share (and the graph they name), the value types they need beyond click's own, and options made late.

An option whose definition needs a heavy module (the export formats, the
server's defaults, the ingest templates) is declared with :func:`later`: the
command makes it the first time its options are read, to parse its arguments
or show its help, so that starting ``hspkg`` imports only what the command run needs.
"""

from __future__ import annotations

import functools
import math
from collections.abc import Callable
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any, TypeVar, cast

import click

from .errors import InputError

if TYPE_CHECKING:
    from .graph import Graph, KnowledgeGraph

F = TypeVar("F", bound=Callable[..., Any])
Decorator = Callable[[Callable[..., Any]], Callable[..., Any]]  # what click.option returns


class _Later(click.Option):
    """Where an option made late stands among the command's options until it is made."""

    def __init__(self, make: Callable[[], Decorator]) -> None:
        super().__init__(["--later"], hidden=True, expose_value=False)
        self.make = make

    def made(self) -> list[click.Parameter]:
        def stand_in() -> None:
            pass

        self.make()(stand_in)
        return list(reversed(stand_in.__click_params__))  # type: ignore[attr-defined]  # click's decorators keep them there


def later(make: Callable[[], Decorator]) -> Callable[[F], F]:
    """Declare options that ``make`` returns (as a ``click.option`` decorator) without making them yet.

    ``make`` imports what the options need; it runs when the command's options are first read.
    """

    def declare(command: F) -> F:
        command.__click_params__ = [*getattr(command, "__click_params__", []), _Later(make)]  # type: ignore[attr-defined]
        return command

    return declare


class Command(click.Command):
    """A command whose options declared with :func:`later` are made the first time its options are read."""

    _params: list[click.Parameter]

    @property
    def params(self) -> list[click.Parameter]:
        if any(isinstance(p, _Later) for p in self._params):
            self._params = [made for p in self._params for made in (p.made() if isinstance(p, _Later) else [p])]
        return self._params

    @params.setter
    def params(self, value: list[click.Parameter]) -> None:
        self._params = value


class Group(click.Group):
    """The ``hspkg`` group: its commands are of the class above, so that they can declare options made late."""

    command_class = Command


class Seconds(click.ParamType):  # type: ignore[type-arg]
    """A finite number of seconds from ``minimum`` to ``maximum``: nan and inf are refused before anything is sent."""

    name = "seconds"

    def __init__(self, minimum: float, maximum: float = math.inf) -> None:
        self.minimum, self.maximum = minimum, maximum

    def convert(self, value: object, param: click.Parameter | None, ctx: click.Context | None) -> float:
        try:
            number = float(value)  # type: ignore[arg-type]
        except (TypeError, ValueError):
            self.fail(f"{value!r} is not a number of seconds", param, ctx)
        if not math.isfinite(number) or not self.minimum <= number <= self.maximum:
            most = f", at most {self.maximum:g}" if math.isfinite(self.maximum) else ""
            self.fail(f"{value!r}: give a finite number of seconds, at least {self.minimum:g}{most}", param, ctx)
        return number + 0.0  # -0 is 0


data_option = click.option(
    "--data",
    "data",
    multiple=True,
    metavar="PATH",
    help="An RDF file or folder to load instead of the shipped data (repeatable). The ontology is always loaded. "
    "To keep the shipped data and add your own, use --add.",
)
add_option = click.option(
    "--add",
    "add",
    multiple=True,
    metavar="PATH",
    help="An RDF file or folder to load as well as the shipped data (or --data): your own, such as hspkg ingest's output (repeatable).",
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
compact_option = click.option(
    "--compact",
    is_flag=True,
    help="With --store: compact the store once, as it is built or in place, and again whenever it is rebuilt "
    "(queries on a large one 1.7-3x faster; at 10^7 triples a fifth more build time and twice the disk).",
)


def store_options(command: F) -> F:
    """Add --store and --compact to ``command``."""
    return store_option(compact_option(command))


def load_graph(data: tuple[str, ...], store: str | None = None, add: tuple[str, ...] = (), compact: bool = False) -> KnowledgeGraph:
    """The embedded graph that --data (else the shipped data), --add, --store and --compact name."""
    from .graph import load

    return load(data or None, store, add, compact)


@dataclass(frozen=True)
class GraphSource:
    """The graph that --data, --add, --store, --compact, --endpoint and --timeout name, opened when the command is ready for it."""

    data: tuple[str, ...]
    add: tuple[str, ...]
    store: str | None
    compact: bool
    endpoint: str | None
    timeout: float

    def open(self) -> Graph:
        """--endpoint's graph (within --timeout), else the embedded one (see :func:`load_graph`)."""
        if self.endpoint and (self.data or self.store or self.compact or self.add):
            raise InputError("--endpoint with --data, --add, --store or --compact: a remote endpoint has its own data; give one or the other")
        if self.endpoint:
            from .remote import connect

            return connect(self.endpoint, self.timeout)
        return load_graph(self.data, self.store, self.add, self.compact)


def graph_options(command: F) -> F:
    """Add --data, --add, --store, --compact, --endpoint and --timeout to ``command``, which takes them as one ``source``: a :class:`GraphSource`."""

    @functools.wraps(command)
    def given(
        *args: Any, data: tuple[str, ...], add: tuple[str, ...], store: str | None, compact: bool, endpoint: str | None, timeout: float, **kwargs: Any
    ) -> Any:
        return command(*args, source=GraphSource(data, add, store, compact, endpoint, timeout), **kwargs)

    declared: Callable[..., Any] = given
    for option in reversed((data_option, add_option, store_options, endpoint_option, timeout_option)):
        declared = option(declared)
    return cast(F, declared)


def serve_options() -> Decorator:
    """The options of ``hspkg serve``: where it listens, and the limits of what it answers (its defaults are the server's)."""
    from .sparql_requests import Options

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
            "--fair-after",
            # at most a minute: a request waits at most the bound and then the queries ahead of it (a bound of
            # hours would leave a request waiting as long as newer ones keep coming)
            type=Seconds(minimum=0, maximum=60),
            default=Options.fair_after,
            show_default=True,
            metavar="SECONDS",
            help="Serve waiting requests newest first, so that a new one is answered at once under load, "
            "but any that has waited this long first, oldest first (0: first come, first served; at most 60).",
        ),
        click.option(
            "--max-connections",
            type=click.IntRange(1, 100_000),
            default=Options.max_connections,
            show_default=True,
            help="Open connections at once (503 past it); a request's headers must hold under 64 KiB (431 past it).",
        ),
        click.option(
            "--header-timeout",
            type=Seconds(minimum=1),
            default=Options.header_seconds,
            show_default=True,
            metavar="SECONDS",
            help="How long a request's line and headers may take to arrive (408 past it).",
        ),
        click.option(
            "--base-url", metavar="URL", help="The server's public address, given in VoID as the endpoint's and the dump's (default: http://HOST:PORT/)."
        ),
    ]

    def declare(command: Callable[..., Any]) -> Callable[..., Any]:
        for option in reversed(options):
            command = option(command)
        return command

    return declare
