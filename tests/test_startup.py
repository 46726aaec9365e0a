"""Start-up imports only what the command needs: each case runs in a fresh Python, as a user's command does.

These fail when someone adds an eager import (a server, exporter or ingest module,
or a slow library) to a module that every start loads.
"""

from __future__ import annotations

import json
import subprocess
import sys

import pytest

# Never loaded unless the command needs them: the server and its event loop, the
# exporters and networkx, ingest, pySHACL and rdflib, and importlib.metadata (the
# version is a constant), nor tempfile (with random, shutil, bz2 and lzma) for a command that writes no file.
HEAVY = ("hspkg.serve", "hspkg.supervise", "hspkg.worker", "hspkg.exporters", "hspkg.ingest", "hspkg.validate", "asyncio", "networkx", "pyshacl", "rdflib")
AT_EVERY_START = ("importlib.metadata", "tqdm", "tempfile")  # tempfile: only a command that writes a file needs it


def imported(code: str, *args: str) -> list[str]:
    """The modules loaded by running ``code`` in a fresh interpreter (from outside the checkout)."""
    probe = f"import json, sys\n{code}\nprint(json.dumps(sorted(sys.modules)))"
    done = subprocess.run([sys.executable, "-c", probe, *args], capture_output=True, text=True, timeout=60, cwd="/")
    assert done.returncode == 0, done.stderr
    return list(json.loads(done.stdout.splitlines()[-1]))


def loaded(modules: list[str], names: tuple[str, ...]) -> list[str]:
    return [m for m in modules if any(m == n or m.startswith(n + ".") for n in names)]


def test_version_imports_at_most_ten_hspkg_modules_as_importtime_counts_them(executable):
    done = subprocess.run([sys.executable, "-X", "importtime", executable, "--version"], capture_output=True, text=True, timeout=60, cwd="/")
    assert done.returncode == 0 and done.stdout.startswith("hspkg "), done.stderr
    modules = [line.split("|")[-1].strip() for line in done.stderr.splitlines() if line.startswith("import time:")]
    ours = [m for m in modules if m == "hspkg" or m.startswith("hspkg.")]
    assert 0 < len(ours) <= 10, ours
    assert not loaded(modules, HEAVY + AT_EVERY_START + ("pyoxigraph",)), modules


def test_importing_the_package_imports_nothing_else_of_it():
    modules = imported("import hspkg")
    assert loaded(modules, ("hspkg",)) == ["hspkg"]


def test_the_library_loads_and_queries_without_a_server_exporter_or_ingest_module():
    modules = imported("import hspkg\nassert len(hspkg.load().query('ahsns')) > 0")
    assert not loaded(modules, HEAVY + AT_EVERY_START)


@pytest.mark.parametrize(
    "args",
    [
        ["query", "universities-trusts", "--format", "csv"],
        ["queries"],
        ["query", "--help"],
    ],
)
def test_a_query_command_imports_only_what_it_needs(args):
    modules = imported("from hspkg.exits import main\nassert main(sys.argv[1:]) == 0", *args)
    assert not loaded(modules, HEAVY + AT_EVERY_START)


def test_the_commands_that_need_them_still_find_their_modules(executable):
    """The lazy options still make their choices: export lists its formats, serve shows its defaults."""
    export = subprocess.run([executable, "export", "--help"], capture_output=True, text=True, timeout=60)
    assert "[graphml|gexf|" in export.stdout
    bad = subprocess.run([executable, "export", "--format", "nope", "-o", "x"], capture_output=True, text=True, timeout=60)
    assert bad.returncode == 2 and "'nope' is not one of" in bad.stderr and "'graphml'" in bad.stderr
    serve = subprocess.run([executable, "serve", "--help"], capture_output=True, text=True, timeout=60)
    assert "--max-body" in serve.stdout and "1048576" in serve.stdout


def test_python_dash_m_hspkg_is_the_command():
    # the same command as the installed script: its version, and a bad option's exit 2 with one line
    done = subprocess.run([sys.executable, "-m", "hspkg", "--version"], capture_output=True, text=True, timeout=60, cwd="/")
    assert done.returncode == 0 and done.stdout.startswith("hspkg "), done.stderr
    bad = subprocess.run([sys.executable, "-m", "hspkg", "query", "nosuchquery"], capture_output=True, text=True, timeout=60, cwd="/")
    assert bad.returncode == 2 and "Traceback" not in bad.stderr and "nosuchquery" in bad.stderr, bad.stderr
