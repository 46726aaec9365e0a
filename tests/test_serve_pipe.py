"""How an answer gets from a query worker to the front (issue 21 item 6): a small one through the worker's
pipe, with no file at all; a large one (past 1 MiB) through a file that is deleted as it is sent."""

from __future__ import annotations

import json
import os
import time

from servers import free_port, installed, running
from test_serve_hardening import ask

SMALL = "SELECT ?x WHERE { VALUES ?x { 1 2 3 } }"
LARGE = "SELECT ?s ?p ?o WHERE { ?s ?p ?o }"  # the shipped graph: several MiB as JSON


def test_a_small_answer_needs_no_file_and_a_large_one_its_file(tmp_path):
    port = free_port()
    url = f"http://127.0.0.1:{port}"
    command = [installed("hspkg"), "serve", "--port", str(port), "--workers", "2"]
    # probed by VoID: the server counts it in a worker as it starts, its answer passing through answers/, which
    # the test moves aside below (a count still running then left its file there, found at the end)
    with running(command, f"{url}/.well-known/void", env={**os.environ, "TMPDIR": str(tmp_path)}):
        [scratch] = tmp_path.glob("hspkg-serve-*")
        answers = scratch / "answers"
        # no answer file can be made now: the answers folder is a file
        answers.rename(scratch / "aside")
        answers.write_text("not a folder")
        status, _, body = ask(url, SMALL)
        assert status == 200
        assert [b["x"]["value"] for b in json.loads(body)["results"]["bindings"]] == ["1", "2", "3"]
        status, _, body = ask(url, LARGE)
        assert status == 500 and b"the query failed while its answer was written" in body
        # the folder back: the large answer is whole, and no file is left behind
        answers.unlink()
        (scratch / "aside").rename(answers)
        status, _, body = ask(url, LARGE)
        assert status == 200 and len(body) > 1 << 20
        assert len(json.loads(body)["results"]["bindings"]) > 10_000
        # nothing is left behind: waited for, not timed
        deadline = time.monotonic() + 30
        while list(answers.iterdir()) and time.monotonic() < deadline:
            time.sleep(0.02)
        assert list(answers.iterdir()) == []
