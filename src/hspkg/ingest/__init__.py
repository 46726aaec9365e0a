"""Spreadsheets in: facts from CSV templates, matched to the graph, checked, written as sourced Turtle.

Each template is one module with its columns and how a row is read; the
registry (:mod:`hspkg.ingest.registry`) lists them in the order files are read,
whatever order they are given in, and a file's template is chosen from its
header row. A row is read in three steps: its cells by kind
(:mod:`~hspkg.ingest.cells`), its names checked against what is known
(:mod:`~hspkg.ingest.known`), its facts written as triples
(:mod:`~hspkg.ingest.writer`). Every row names its source; every problem is
reported with its file, line and column, and nothing is written unless there
are none and the result conforms to the shapes.

>>> sorted(TEMPLATES)[:3]
['agreements', 'areas', 'award-partners']
>>> blank("memberships")
'id,member,network,from_year,to_year,source,confidence,round\\r\\n'
"""

from __future__ import annotations

import csv
import io
import tempfile
from collections.abc import Iterable
from pathlib import Path
from typing import TYPE_CHECKING, cast

from pyoxigraph import RdfFormat, Triple, serialize

from ..atomic import atomic
from ..cells import risky
from ..errors import InputError
from ..fact_triples import ID
from ..graph import KnowledgeGraph, load, ontology_files
from ..terms import PREFIXES
from .cells import Cells
from .context import Context, Template
from .registry import TEMPLATES, stage
from .writer import Outcome

if TYPE_CHECKING:
    from ..validate import Report

# What one ingest reads at most. Every new fact is kept in memory until the shapes have
# checked them all with the graph (pySHACL, whose memory and time grow faster than the rows):
# 20,000 rows took over 12 minutes and 800 MB, and a 200 MB file took 12 GB. The shipped
# spreadsheets are a few hundred rows; larger data belongs in RDF, given with --data.
MAX_ROWS = 10_000
MAX_BYTES = 16 << 20


def template_for(header: Iterable[str]) -> tuple[Template, dict[str, str]]:
    """The template a header row belongs to, and how its columns are renamed (for the export's edges file).

    Of the templates whose required columns are all there, the one that knows
    the most of the header's columns wins.

    >>> template_for(["member", "network", "from_year", "source"])[0].name
    'memberships'
    >>> template_for(["source", "target", "start", "end", "sources"])[1]["target"]
    'network'
    """
    columns = {h.strip() for h in header}
    fits = []
    for template in TEMPLATES.values():
        rename = dict(template.aliases) if not template.required <= columns else {}
        renamed = {rename.get(c, c) for c in columns}
        if template.required <= renamed:
            fits.append((len(renamed & set(template.columns)), template.name, template, rename))
    if not fits:
        wanted = "; ".join(f"{t.name}: {', '.join(sorted(t.required))}" for t in TEMPLATES.values())
        raise InputError(f"not a template header; the templates need the columns of {wanted} ('hspkg ingest --template NAME' writes one)")
    _, _, template, rename = max(fits, key=lambda f: (f[0], f[1]))
    return template, rename


def blank(name: str) -> str:
    """A blank template: its header row, as CSV."""
    if name not in TEMPLATES:
        raise InputError(f"no such template; the templates are {', '.join(TEMPLATES)}", argument="template", value=name)
    stream = io.StringIO()
    csv.writer(stream).writerow(TEMPLATES[name].columns)
    return stream.getvalue()


def ingest(graph: KnowledgeGraph, files: Iterable[str | Path]) -> Outcome:
    """Read template CSV files, in the templates' order, against ``graph``.

    >>> from hspkg import load
    >>> ingest(load(), []).rows
    0
    """
    paths = [Path(f) for f in files]
    _bounded(paths)
    context = Context(graph)
    readable = []
    for path in paths:
        try:
            with path.open(newline="", encoding="utf-8-sig") as stream:
                header = next(csv.reader(stream), [])
            template, rename = template_for(header)
            readable.append((stage(template), str(path), path, template, rename))
        except FileNotFoundError:
            context.outcome.problems.append(f"{path}: no such file")
        except (UnicodeDecodeError, csv.Error, OSError) as e:
            context.outcome.problems.append(f"{path}: not a readable CSV file: {e}")
        except InputError as e:
            context.outcome.problems.append(f"{path}:1: header: {e}")
    for _, _, path, template, rename in sorted(readable, key=lambda r: r[:2]):
        _read(context, path, template, rename)
    context.finish()
    return context.outcome


def _read(context: Context, path: Path, template: Template, rename: dict[str, str]) -> None:
    try:
        with path.open(newline="", encoding="utf-8-sig") as stream:
            reader = csv.DictReader(stream)
            for row in reader:
                context.outcome.rows += 1
                if context.outcome.rows > MAX_ROWS:
                    raise InputError(f"{path}:{reader.line_num}: {TOO_MANY}")
                cells = {rename.get(k.strip(), k.strip()): (v or "").strip() for k, v in row.items() if k is not None}
                context.outcome.warnings.extend(formula_warnings(row, f"{path}:{reader.line_num}"))
                context.read(template, Cells(cells, f"{path}:{reader.line_num}"))
    except (UnicodeDecodeError, csv.Error) as e:
        context.outcome.problems.append(f"{path}: not a readable CSV file: {e}")


TOO_MANY = f"more than {MAX_ROWS} rows in one ingest, which holds every new fact to check them against the shapes; split the files, or give RDF with --data"


def _bounded(paths: list[Path]) -> None:
    """Refuse, before reading a row, files that together pass :data:`MAX_BYTES`."""
    total = 0
    for path in paths:
        try:
            total += path.stat().st_size
        except OSError:
            continue  # reported as unreadable when it is opened
        if total > MAX_BYTES:
            raise InputError(f"{path}: the files given pass {MAX_BYTES >> 20} MB together; ingest reads at most {MAX_ROWS} rows at a time, split them")


def problems(outcome: Outcome) -> str:
    """How many problems an ingest found, in words.

    >>> problems(Outcome(problems=["a.csv:2: date: ..."]))
    '1 problem'
    """
    count = len(outcome.problems)
    return f"{count} problem{'' if count == 1 else 's'}"


def formula_warnings(row: dict[str | None, str | None], where: str) -> list[str]:
    """A warning for each cell a spreadsheet would run as a formula (it is kept, and neutralised in CSV outputs).

    >>> formula_warnings({"name": "=HYPERLINK(1)", "year": "-5"}, "a.csv:2")
    ["a.csv:2: column name: '=HYPERLINK(1)' starts like a spreadsheet formula; CSV outputs write it with a leading ' (--exact-csv: as it is)"]
    """
    return [
        f"{where}: column {column.strip()}: {value[:40]!r} starts like a spreadsheet formula; CSV outputs write it with a leading ' (--exact-csv: as it is)"
        for column, value in row.items()
        if column is not None and isinstance(value, str) and risky(value)
    ]


def turtle(triples: Iterable[Triple]) -> bytes:
    """The triples as Turtle with our prefixes, each once, in a stable order."""
    unique = sorted(set(triples), key=str)
    short = {"o": "org/", "m": "membership/", "src": "source/", "t": "time/"}
    short |= {s: f"{s}/" for s in ("agent", "agreement", "area", "change", "designation", "disagreement", "event", "kind", "round", "status")}
    text = serialize(unique, format=RdfFormat.TURTLE, prefixes={**PREFIXES, **{k: ID + v for k, v in short.items()}})
    return cast(bytes, text)  # bytes when given no output


def write(graph: KnowledgeGraph, outcome: Outcome, output: str | Path) -> Report:
    """Check the new triples with the graph against the shapes; write them only if all conforms."""
    from ..validate import validate  # pySHACL is slow to import: only writing needs it

    if outcome.problems:
        raise InputError(f"{problems(outcome)}; nothing written")
    text = turtle(outcome.triples)
    with tempfile.TemporaryDirectory() as scratch:
        candidate = Path(scratch) / "ingested.ttl"
        candidate.write_bytes(text)
        data = [f for f in graph.files if f not in ontology_files() and f.resolve() != Path(output).resolve()]
        report = validate(load([*data, candidate]))
    if report.conforms:
        with atomic(output) as stream:
            stream.write(text)
    return report


__all__ = ["TEMPLATES", "Outcome", "blank", "ingest", "problems", "template_for", "turtle", "write"]
