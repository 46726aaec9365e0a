"""The commands that make, check and share the data: ``publish``, ``serve``, ``generate``, ``ingest`` and ``validate``.

Each reads its options, makes one API call and says what it did on stderr.
"""

from __future__ import annotations

import click

from .errors import InputError, ValidationFailed
from .options import Command, Seconds, add_option, data_option, later, load_graph, serve_options, store_options


@click.command(cls=Command, name="publish")
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


@click.command(cls=Command, name="serve")
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
    fair_after: float,
    max_connections: int,
    header_timeout: float,
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
    from .serve import serve
    from .sparql_requests import Options

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
        fair_after=fair_after,
        max_connections=max_connections,
        header_seconds=header_timeout,
        base_url=base_url,
    )
    serve(lambda: load(data or None, add=add), host, port, options)  # loaded once the address is free, then let go


@click.command(cls=Command, name="generate")
@click.option(
    "--triples",
    type=click.IntRange(min=1),
    help="About how many triples to write (10^7: --triples 10000000): sets the partnerships and organisations, ten members each.",
)
@click.option("--partnerships", type=click.IntRange(min=1), help="How many networks (with --organisations, instead of --triples).")
@click.option("--organisations", type=click.IntRange(min=2), help="How many universities and trusts (a tenth are universities).")
@click.option("--members-per", type=click.IntRange(min=2), default=10, show_default=True, help="Members of each network.")
@click.option("--seed", type=int, default=0, show_default=True, help="The same seed gives the same graph.")
@click.option("--output", "-o", metavar="FILE.ttl", required=True, help="The Turtle file to write.")
def generate_command(triples: int | None, partnerships: int | None, organisations: int | None, members_per: int, seed: int, output: str) -> None:
    """Write a synthetic partnership graph in the real ontology, for testing at scale.

    Everything generated lives under https://w3id.org/hspkg/synthetic/ and is named
    "Synthetic ...", so it can never be taken for real data.

    \b
    Examples:
      hspkg generate --triples 10000000 --seed 7 -o huge.ttl
      hspkg generate --partnerships 4000 --organisations 40000 --seed 7 -o big.ttl
      hspkg query universities-trusts --data big.ttl --store big.store --format csv
    """
    from .generate import generate, sized

    if triples is not None:
        if (partnerships, organisations) != (None, None):
            raise InputError("generate: give --triples or the sizes (--partnerships and --organisations), not both")
        if members_per != 10:
            raise InputError("generate: --triples sizes partnerships of ten members; give --partnerships and --organisations with --members-per")
        partnerships, organisations = sized(triples)
    elif partnerships is None or organisations is None:
        raise InputError("generate: give --triples N, or both --partnerships and --organisations")
    count = generate(output, partnerships, organisations, members_per, seed)
    click.echo(f"hspkg: wrote {count} triples to {output}", err=True)


@click.command(cls=Command, name="ingest")
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
        raise ValidationFailed(f"the ingested data would not conform to the shapes: {text.plural(len(report.violations), 'violation')}; nothing written")
    click.echo(f"hspkg: wrote {output}", err=True)


@click.command(cls=Command, name="validate")
@data_option
@add_option
@store_options
def validate_command(data: tuple[str, ...], add: tuple[str, ...], store: str | None, compact: bool) -> None:
    """Check the data: RDF syntax, then the SHACL shapes. Exit 0 if it conforms, 1 if not.

    \b
    Examples:
      hspkg validate
      hspkg validate --add my-additions.ttl
    """
    from . import text
    from .validate import validate  # pySHACL is slow to import; only this command needs it

    report = validate(load_graph(data, store, add, compact))
    click.echo(text.report(report), nl=False)
    if not report.conforms:
        raise ValidationFailed(f"the data does not conform to the shapes: {text.plural(len(report.violations), 'violation')}")


# What the options made late read from the modules that define them.


def _publish_timeout() -> float:
    from .remote import PUBLISH_TIMEOUT

    return PUBLISH_TIMEOUT


def _templates_in_order() -> str:
    from .ingest.registry import in_order

    return in_order()
