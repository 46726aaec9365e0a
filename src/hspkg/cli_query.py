"""The commands that ask the graph and write what it answers: ``queries``, ``query`` and ``export``.

Each reads its options, makes one API call and writes the answer: the query
command chooses the results format (:func:`default_format`) and writes with it.
"""

from __future__ import annotations

import sys
from typing import TYPE_CHECKING, BinaryIO

import click

from .errors import InputError
from .options import Command, add_option, data_option, endpoint_option, exact_csv_option, later, open_graph, store_option, timeout_option

if TYPE_CHECKING:
    from .results import Results


@click.command(cls=Command, name="queries")
@click.option("--verbose", "-v", is_flag=True, help="Add each query's description and what its parameters mean.")
def queries_command(verbose: bool) -> None:
    """List the catalogue of queries, one a line, with their parameters.

    \b
    Examples:
      hspkg queries
      hspkg queries --verbose
    """
    from . import catalogue, text

    click.echo(text.listing(catalogue.queries().values(), verbose), nl=False)


@click.command(cls=Command, name="query")
@click.argument("name", required=False)
@click.option("--file", "file", metavar="QUERY.rq", help="Run your own SPARQL query from this file instead of a catalogue query.")
@click.option("--param", "-p", "params", multiple=True, metavar="NAME=VALUE", help="A query parameter (repeatable); see 'hspkg queries'.")
@later(
    lambda: click.option(
        "--format",
        "-f",
        "format",
        type=click.Choice(_result_formats()),
        help='table to read; csv for spreadsheets; json, xml, tsv: W3C SPARQL results for SPARQL tools (tsv keeps <IRI> and "literal"). '
        "Default: from -o's extension (an unknown one is refused), else table on a terminal, else csv.",
    )
)
@click.option("--output", "-o", metavar="FILE", help="Write the results to FILE instead of standard output.")
@click.option("--allow-service", is_flag=True, help="Let the query use SERVICE, which sends HTTP requests to the addresses it names.")
@exact_csv_option
@data_option
@add_option
@store_option
@endpoint_option
@timeout_option
def query_command(
    name: str | None,
    file: str | None,
    params: tuple[str, ...],
    format: str | None,
    output: str | None,
    allow_service: bool,
    exact_csv: bool,
    data: tuple[str, ...],
    add: tuple[str, ...],
    store: str | None,
    endpoint: str | None,
    timeout: float,
) -> None:
    """Run a catalogue query by NAME, or your own with --file.

    \b
    Examples:
      hspkg query universities-trusts --format csv
      hspkg query members --param year=2010
      hspkg query networks-of --param organisation="UCL Partners"
      hspkg query members --add mine.ttl                     # the shipped data and yours
      hspkg query --file my-question.rq -o answer.json
      hspkg query members --endpoint http://127.0.0.1:7878/query --timeout 10
    """
    from . import catalogue

    if name and not file:
        query = catalogue.get(name)
    elif file and not name:
        query = catalogue.from_file(file)
    else:
        raise InputError("query: give a query NAME or --file QUERY.rq, not both or neither ('hspkg queries' lists the names)")
    values = _parse_params(params)
    graph = open_graph(data, store, endpoint, timeout, add)
    graph.allow_service = allow_service
    results = graph.query(query, **values)
    format = format or default_format(output, sys.stdout.isatty())
    if output:
        from .atomic import atomic

        with atomic(output) as stream:
            render(results, format, stream, exact_csv)
    else:
        render(results, format, sys.stdout.buffer, exact_csv)
        sys.stdout.flush()


def _parse_params(params: tuple[str, ...]) -> dict[str, str]:
    values: dict[str, str] = {}
    for param in params:
        name, sep, value = param.partition("=")
        if not sep or not name.strip():
            raise InputError(f"--param {param!r}: write it as NAME=VALUE, such as --param year=2010")
        if name.strip() in values:
            raise InputError(f"--param {name.strip()} is given twice")
        values[name.strip()] = value
    return values


def default_format(output: str | None, terminal: bool) -> str:
    """The format when none is asked for: from -o's extension, else table on a terminal, else CSV.

    >>> default_format("out.tsv", terminal=True), default_format(None, True), default_format(None, False)
    ('tsv', 'table', 'csv')
    """
    from .formats import RESULTS, for_output

    found = for_output(RESULTS, output) if output else None  # an unknown extension is bad input
    if found:
        return found.name
    return "table" if terminal and not output else "csv"


def render(results: Results, format: str, output: BinaryIO, exact_csv: bool = False) -> None:
    """Write ``results`` to ``output`` (a binary stream) in ``format``.

    CSV is the W3C SPARQL results CSV with formula-like cells neutralised for
    spreadsheets (:mod:`hspkg.cells`), unless ``exact_csv``.
    """
    from .formats import RESULTS, Options, get
    from .writers import writer_for

    writer_for(get(RESULTS, format))(results, [output], Options(exact_csv=exact_csv))


@click.command(cls=Command, name="export")
@later(
    lambda: click.option(
        "--format",
        "-f",
        "format",
        type=click.Choice(_export_formats()),
        help="A network drawn from --view (cytoscape: Cytoscape.js elements, .cyjs; json: node-link for d3 and networkx; "
        "csv: a nodes and an edges file), or the whole graph (turtle, ntriples, jsonld). Default: from -o's extension, else graphml.",
    )
)
@click.option("--output", "-o", metavar="FILE", required=True, help="The file to write (for csv: a folder, or a prefix for NAME-nodes.csv and NAME-edges.csv).")
@later(
    lambda: click.option(
        "--view",
        type=click.Choice(sorted(_views())),
        default="memberships",
        show_default=True,
        help="What the network shows: memberships, university-trust partners, or every resource.",
    )
)
@click.option(
    "--as-of",
    "as_of",
    metavar="YEAR",
    help="The network as it was in YEAR: partnerships designated by then, organisations that existed, memberships in force.",
)
@click.option("--keep-unlinked", "keep_unlinked", is_flag=True, help="Keep organisations no edge links (by default only partnerships may stand alone).")
@later(
    lambda: click.option(
        "--flavour", type=click.Choice(_flavours()), help="GraphML for yEd: adds yFiles node and edge graphics (names, colours, positions, arrows)."
    )
)
@exact_csv_option
@data_option
@add_option
@store_option
@endpoint_option
@timeout_option
def export_command(
    format: str | None,
    output: str,
    view: str,
    as_of: str | None,
    keep_unlinked: bool,
    flavour: str | None,
    exact_csv: bool,
    data: tuple[str, ...],
    add: tuple[str, ...],
    store: str | None,
    endpoint: str | None,
    timeout: float,
) -> None:
    """Export the network for Gephi, Gephi Lite, Cytoscape, yEd, d3, spreadsheets, or another triple store.

    \b
    Examples:
      hspkg export --format graphml -o partners.graphml
      hspkg export --format graphml --flavour yed -o for-yed.graphml
      hspkg export --format gexf -o growing.gexf                 # Gephi's timeline, year by year
      hspkg export --view partners --format csv -o partners/     # nodes.csv and edges.csv
      hspkg export --format html -o network.html --as-of 2011
      hspkg export --format cytoscape -o network.cyjs            # Cytoscape.js, Cytoscape desktop
      hspkg export --format turtle -o everything.ttl
    """
    from .export import export  # networkx and the writers load only when exporting

    year = None if as_of is None else _year(as_of, "--as-of")
    graph = open_graph(data, store, endpoint, timeout, add)
    written = export(graph, format, output, view=view, as_of=year, flavour=flavour, keep_unlinked=keep_unlinked, exact_csv=exact_csv)
    if [str(p) for p in written] != [output]:  # files named from -o (CSV's parts, a site's index): say which
        click.echo(f"hspkg: wrote {' and '.join(str(p) for p in written)}", err=True)


def _year(value: str, option: str) -> int:
    from .dates import YEAR_HINT, parse_year

    try:
        return parse_year(value)
    except ValueError:
        raise InputError(f"{option} {value!r}: not a year ({YEAR_HINT})") from None


# What the options made late read from the modules that define them.


def _result_formats() -> list[str]:
    from .formats import RESULTS, names

    return names(RESULTS)


def _export_formats() -> list[str]:
    from .formats import EXPORT, names

    return names(EXPORT)


def _flavours() -> list[str]:
    from .formats import EXPORT, formats

    return [name for format in formats(EXPORT) for name, _ in format.flavours]


def _views() -> list[str]:
    from .views import VIEWS

    return list(VIEWS)
