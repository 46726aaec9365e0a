"""The ``hspkg`` command group: its own options (``--version``, ``--debug``, ``--quiet``) and its commands.

Each command reads its options, makes one API call and writes what it gives:
:mod:`hspkg.cli_query` holds those that ask the graph (``queries``, ``query``,
``export``), :mod:`hspkg.cli_data` those that make, check and share the data.
How a run ends (exit codes, errors worded as the options that caused them,
signals, a reader that goes away) is :mod:`hspkg.exits`'s job.
"""

from __future__ import annotations

from dataclasses import dataclass

import click

from . import cli_data, cli_query
from .options import Group
from .version import __version__

# Each command imports what it needs when it runs (the graph, the client, the server, the
# exporters): starting hspkg, for --version or a query, loads nothing else. Options whose
# choices or defaults live in those modules are made late (options.later).


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
    """What the group's options say about the whole run, kept on click's context for :func:`hspkg.exits.main`."""

    debug: bool = False


for command in (
    cli_query.queries_command,
    cli_query.query_command,
    cli_data.publish_command,
    cli_data.serve_command,
    cli_data.generate_command,
    cli_data.ingest_command,
    cli_data.validate_command,
    cli_query.export_command,
):
    cli.add_command(command)
