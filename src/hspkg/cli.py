"""The ``hspkg`` commands: each command reads its options, makes one API call, renders.

How a run ends (exit codes, errors worded as the options that caused them,
signals, a reader that goes away) is :mod:`hspkg.exits`'s job.
"""

from __future__ import annotations

import sys
from dataclasses import dataclass
from typing import TYPE_CHECKING

import click

from .errors import InputError, ValidationFailed
from .options import Group, Seconds, add_option, data_option, endpoint_option, exact_csv_option, later, serve_options, store_option, timeout_option
from .version import __version__

if TYPE_CHECKING:
    from .graph import Graph, KnowledgeGraph

# Each command imports what it needs when it runs (the graph, the client, the server, the
# exporters): starting hspkg, for --version or a query, loads nothing else. Options whose
# choices or defaults live in those modules are made late (options.later).


def _load(data: tuple[str, ...], store: str | None = None, add: tuple[str, ...] = ()) -> KnowledgeGraph:
    from .graph import load

    return load(data or None, store, add)


def _graph(data: tuple[str, ...], store: str | None = None, endpoint: str | None = None, timeout: float = 30.0, add: tuple[str, ...] = ()) -> Graph:
    if endpoint and (data or store or add):
        raise InputError("--endpoint with --data, --add or --store: a remote endpoint has its own data; give one or the other")
    if endpoint:
        from .remote import connect

        return connect(endpoint, timeout)
    return _load(data, store, add)


@click.group(cls=Group, context_settings={"help_option_names": ["-h", "--help"], "max_content_width": 100})
@click.version_option(__version__, "--version", prog_name="hspkg", message="%(prog)s %(version)s")
@click.option("--debug", is_flag=True, help="Show the full traceback of an error.")
@click.option("--quiet", "-q", is_flag=True, help="No progress bars (they show only on a terminal anyway).")
@click.pass_context
def cli(context: click.Context, debug: bool, quiet: bool) -> None:
    """A knowledge graph of UK health-science partnerships, queried with SPARQL.

    \b
    Examples:
      hspkg query universities-trusts
      hspkg query members --param year=2010 --format csv
      hspkg export --format graphml -o partners.graphml
    """
    from . import progress

    context.ensure_object(Run).debug = debug
    progress.enabled = not quiet


@dataclass
class Run:
    """What the group's options say about the whole run, kept on click's context for :func:`main`."""

    debug: bool = False


@cli.command("queries")
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


@cli.command("query")
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
    from .render import default_format, render

    if name and not file:
        query = catalogue.get(name)
    elif file and not name:
        query = catalogue.from_file(file)
    else:
        raise InputError("query: give a query NAME or --file QUERY.rq, not both or neither ('hspkg queries' lists the names)")
    values = _parse_params(params)
    graph = _graph(data, store, endpoint, timeout, add)
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


@cli.command("publish")
@click.argument("store")
@click.option("--graph", "graph_iri", metavar="IRI", help="The named graph to replace; default: the store's default graph.")
@data_option
@add_option
@later(
    lambda: click.option(
        "--timeout",
        type=Seconds(minimum=0.1),
        default=_publish_timeout(),
        show_default=True,
        metavar="SECONDS",
        help="How long the whole upload may take.",
    )
)
def publish_command(store: str, graph_iri: str | None, data: tuple[str, ...], add: tuple[str, ...], timeout: float) -> None:
    """Replace a graph in a triple store with ours, inferences included (Graph Store Protocol PUT).

    Credentials come from HSPKG_AUTH=USER:PASSWORD, sent as basic authentication, or digest
    with HSPKG_AUTH_SCHEME=digest.

    \b
    Examples:
      hspkg publish http://127.0.0.1:7878/store
      hspkg publish http://127.0.0.1:7878/store --graph https://w3id.org/hspkg/graph --add mine.ttl
      HSPKG_AUTH=dba:dba HSPKG_AUTH_SCHEME=digest hspkg publish http://127.0.0.1:8890/sparql-graph-crud-auth --graph https://w3id.org/hspkg/graph
    """
    from .graph import load
    from .remote import http_url, publish

    http_url(store, "the store")  # checked before the data is loaded, as publish checks everything before sending
    count = publish(load(data or None, add=add), store, graph_iri, timeout)
    click.echo(f"published {count} triples to {store} ({'graph <' + graph_iri + '>' if graph_iri else 'default graph'})", err=True)


@cli.command("serve")
@later(serve_options)
@data_option
@add_option
def serve_command(
    host: str,
    port: int,
    timeout: float,
    workers: int,
    max_body: int,
    max_result: int,
    allow_service: bool,
    cors: tuple[str, ...],
    on_disk: bool,
    queue: int,
    max_connections: int,
    base_url: str | None,
    data: tuple[str, ...],
    add: tuple[str, ...],
) -> None:
    """Serve the graph as a read-only SPARQL endpoint at /sparql, with a query page at / and /health.

    \b
    Examples:
      hspkg serve
      hspkg serve --port 8000 --add mine.ttl --timeout 10
      hspkg serve --cors https://yasgui.triply.cc
      curl -H 'Accept: text/csv' --data-urlencode 'query=SELECT * { ?s ?p ?o } LIMIT 3' http://127.0.0.1:7878/sparql
    """
    from .graph import load
    from .remote import http_url
    from .serve import Options, serve

    if base_url is not None:
        http_url(base_url, "--base-url")
    options = Options(
        timeout=timeout,
        workers=workers,
        max_body=max_body,
        max_result=max_result,
        allow_service=allow_service,
        cors=cors,
        on_disk=on_disk,
        queue=queue,
        max_connections=max_connections,
        base_url=base_url,
    )
    serve(lambda: load(data or None, add=add), host, port, options)  # loaded once the address is free, then let go


@cli.command("generate")
@click.option("--partnerships", type=click.IntRange(min=1), required=True, help="How many networks.")
@click.option("--organisations", type=click.IntRange(min=2), required=True, help="How many universities and trusts (a tenth are universities).")
@click.option("--members-per", type=click.IntRange(min=2), default=10, show_default=True, help="Members of each network.")
@click.option("--seed", type=int, default=0, show_default=True, help="The same seed gives the same graph.")
@click.option("--output", "-o", metavar="FILE.ttl", required=True, help="The Turtle file to write.")
def generate_command(partnerships: int, organisations: int, members_per: int, seed: int, output: str) -> None:
    """Write a synthetic partnership graph in the real ontology, for testing at scale.

    Everything generated lives under https://w3id.org/hspkg/synthetic/ and is named
    "Synthetic ...", so it can never be taken for real data.

    \b
    Examples:
      hspkg generate --partnerships 4000 --organisations 40000 --seed 7 -o big.ttl
      hspkg query universities-trusts --data big.ttl --store big.store --format csv
    """
    from .generate import generate

    count = generate(output, partnerships, organisations, members_per, seed)
    click.echo(f"hspkg: wrote {count} triples to {output}", err=True)


@cli.command("ingest")
@click.argument("files", nargs=-1, metavar="FILE.csv...")
@click.option("--output", "-o", metavar="FILE", help="The Turtle file to write (required unless --dry-run); with --template, the CSV file.")
@click.option("--dry-run", is_flag=True, help="Check the rows and report; write nothing.")
@later(
    lambda: click.option(
        "--template", metavar="NAME", help=f"Write the blank template NAME (its header row) instead. The templates, in the order read: {_templates_in_order()}."
    )
)
@data_option
@add_option
def ingest_command(files: tuple[str, ...], output: str | None, dry_run: bool, template: str | None, data: tuple[str, ...], add: tuple[str, ...]) -> None:
    """Turn spreadsheets into sourced triples, one template for each kind of fact (see --template).

    A file's template is known from its header row, and files are read in the templates' order
    (as --template lists them) whatever order they are given in. Names are matched to the graph (the shipped data, or --data) by
    identifier, then by name with case and punctuation ignored (your earlier additions too, with --add); near misses and every bad row are
    reported, and nothing is written unless all rows are good and the result conforms to the shapes.

    \b
    Examples:
      hspkg ingest --template memberships -o my-memberships.csv
      hspkg ingest my-organisations.csv my-memberships.csv -o mine.ttl
      hspkg query members --add mine.ttl                     # the shipped data and yours
    """
    from . import text
    from .atomic import atomic
    from .graph import load
    from .ingest import blank, ingest, problems  # pySHACL, for the check before writing, loads only here
    from .ingest import write as write_ingested

    if template:
        header = blank(template)
        if output:
            with atomic(output) as stream:
                stream.write(header.encode("utf-8"))
        else:
            click.echo(header, nl=False)
        return
    if not files:
        raise InputError("ingest: give the CSV files to read, or --template NAME for a blank one")
    if not (output or dry_run):
        raise InputError("ingest: give -o FILE.ttl, or --dry-run to only check")
    graph = load(data or None, add=add)
    outcome = ingest(graph, files)
    for problem in outcome.problems:
        click.echo(problem, err=True)
    for warning in outcome.warnings:
        click.echo(f"warning: {warning}", err=True)
    if outcome.problems:  # the problems are the news: no summary of facts beside them ("1 row: nothing new")
        raise InputError(f"{problems(outcome)} in {', '.join(files)}; nothing written")
    click.echo(f"hspkg: {text.summary(outcome)}", err=True)
    if dry_run or not output:
        return
    report = write_ingested(graph, outcome, output)
    if not report.conforms:
        click.echo(text.report(report), nl=False)
        raise ValidationFailed(f"the ingested data would not conform to the shapes: {len(report.violations)} violations; nothing written")
    click.echo(f"hspkg: wrote {output}", err=True)


@cli.command("validate")
@data_option
@add_option
@store_option
def validate_command(data: tuple[str, ...], add: tuple[str, ...], store: str | None) -> None:
    """Check the data: RDF syntax, then the SHACL shapes. Exit 0 if it conforms, 1 if not.

    \b
    Examples:
      hspkg validate
      hspkg validate --add my-additions.ttl
    """
    from . import text
    from .validate import validate  # pySHACL is slow to import; only this command needs it

    report = validate(_load(data, store, add))
    click.echo(text.report(report), nl=False)
    if not report.conforms:
        raise ValidationFailed(f"the data does not conform to the shapes: {len(report.violations)} violations")


@cli.command("export")
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
    from .exporters import export  # networkx and the writers load only when exporting

    year = None if as_of is None else _year(as_of, "--as-of")
    graph = _graph(data, store, endpoint, timeout, add)
    written = export(graph, format, output, view=view, as_of=year, flavour=flavour, keep_unlinked=keep_unlinked, exact_csv=exact_csv)
    if [str(p) for p in written] != [output]:  # files named from -o (CSV's parts, a site's index): say which
        click.echo(f"hspkg: wrote {' and '.join(str(p) for p in written)}", err=True)


def _year(value: str, option: str) -> int:
    from .dates import YEAR_HINT, parse_year

    try:
        return parse_year(value)
    except ValueError:
        raise InputError(f"{option} {value!r}: not a year ({YEAR_HINT})") from None


# What the options made late read from the modules that define it.


def _result_formats() -> list[str]:
    from .formats import RESULTS, names

    return names(RESULTS)


def _publish_timeout() -> float:
    from .remote import PUBLISH_TIMEOUT

    return PUBLISH_TIMEOUT


def _templates_in_order() -> str:
    from .ingest.registry import in_order

    return in_order()


def _export_formats() -> list[str]:
    from .formats import EXPORT, names

    return names(EXPORT)


def _flavours() -> list[str]:
    from .formats import EXPORT, formats

    return [name for format in formats(EXPORT) for name, _ in format.flavours]


def _views() -> list[str]:
    from .views import VIEWS

    return list(VIEWS)
