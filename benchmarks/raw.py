"""The yardstick of start-up: raw pyoxigraph loading RDF files and running one query file, as a whole process.

No hspkg import: this is what the same load and query cost without hspkg's command line
(and without its RDFS closure). Prints the number of rows.

    python benchmarks/raw.py QUERY.rq FILE.ttl [FILE.ttl ...]
"""

import sys
from pathlib import Path

import pyoxigraph

FORMATS = {".ttl": pyoxigraph.RdfFormat.TURTLE, ".nt": pyoxigraph.RdfFormat.N_TRIPLES}

if __name__ == "__main__":
    query, *files = sys.argv[1:]
    store = pyoxigraph.Store()
    for name in files:
        path = Path(name)
        for file in sorted(path.rglob("*.ttl")) if path.is_dir() else [path]:
            store.bulk_load(path=str(file), format=FORMATS[file.suffix])
    print(sum(1 for _ in store.query(Path(query).read_text())))  # type: ignore[union-attr]
