"""The HTML view used in a real browser: headless Chromium driven over the DevTools protocol (on a pipe, no network).

The test types into the search box as a user does, reads what the page then
shows, moves the year slider with the keyboard, and takes a screenshot.
"""

from __future__ import annotations

import base64
import json
import os
import shutil
import subprocess
import sys
import time

import pytest

from browser import CHROMIUM, FLAGS, needs_chromium

pytestmark = needs_chromium


class Browser:
    """Chromium with the DevTools protocol on fds 3 (commands in) and 4 (answers and events out)."""

    def __init__(self, profile) -> None:
        commands_read, self._commands = os.pipe()
        self._answers, answers_write = os.pipe()

        def child_fds() -> None:
            # move both ends above 4 first, so that placing one cannot close the other
            high_in, high_out = os.dup(commands_read), os.dup(answers_write)
            os.dup2(high_in, 3)
            os.dup2(high_out, 4)

        self.process = subprocess.Popen(
            [CHROMIUM, *FLAGS, "--window-size=1400,1000", "--remote-debugging-pipe", f"--user-data-dir={profile}", "about:blank"],
            pass_fds=(3, 4),  # kept open in the child: its other descriptors are closed after child_fds runs
            preexec_fn=child_fds,
            stdout=subprocess.DEVNULL,
            stderr=subprocess.DEVNULL,
        )
        os.close(commands_read)
        os.close(answers_write)
        self._buffer = b""
        self._next = 0
        self.session: str | None = None

    def send(self, method: str, **params):
        self._next += 1
        message = {"id": self._next, "method": method, "params": params}
        if self.session:
            message["sessionId"] = self.session
        os.write(self._commands, json.dumps(message).encode() + b"\0")
        deadline = time.monotonic() + 60
        while time.monotonic() < deadline:
            while b"\0" not in self._buffer:
                chunk = os.read(self._answers, 1 << 16)
                assert chunk, "Chromium closed the DevTools pipe"
                self._buffer += chunk
            raw, self._buffer = self._buffer.split(b"\0", 1)
            answer = json.loads(raw)
            if answer.get("id") == self._next:
                assert "error" not in answer, answer["error"]
                return answer["result"]
        raise AssertionError(f"no answer to {method}")

    def open(self, url: str) -> None:
        target = self.send("Target.createTarget", url=url)["targetId"]
        self.session = self.send("Target.attachToTarget", targetId=target, flatten=True)["sessionId"]

    def evaluate(self, expression: str):
        answer = self.send("Runtime.evaluate", expression=expression, returnByValue=True)
        assert "exceptionDetails" not in answer, answer["exceptionDetails"]
        return answer["result"].get("value")

    def wait_for(self, expression: str, seconds: float = 30):
        deadline = time.monotonic() + seconds
        while time.monotonic() < deadline:
            value = self.evaluate(expression)
            if value:
                return value
            time.sleep(0.1)
        raise AssertionError(f"never true: {expression}")

    def key(self, key: str, code: int) -> None:
        for kind in ("rawKeyDown", "keyUp"):
            self.send("Input.dispatchKeyEvent", type=kind, key=key, code=key, windowsVirtualKeyCode=code)

    def close(self) -> None:
        self.process.kill()
        self.process.wait(timeout=30)
        os.close(self._commands)
        os.close(self._answers)


@pytest.fixture
def browser(tmp_path):
    opened = Browser(tmp_path / "profile")
    yield opened
    opened.close()


def test_search_selects_a_node_lists_its_sources_and_the_slider_moves_the_counts(run, tmp_path, browser):
    assert run("export", "--format", "html", "-o", "view.html").returncode == 0
    browser.open((tmp_path / "view.html").as_uri())
    browser.wait_for("document.body !== null && document.body.dataset.ready === 'yes'")
    # typed as a user types: the page's own input handler does the finding
    browser.evaluate("document.getElementById('search').focus()")
    browser.send("Input.insertText", text="University College London Hospitals")
    selected = browser.wait_for("hspkg.cy.$(':selected').map((n) => n.data('label'))")
    assert selected == ["University College London Hospitals NHS Foundation Trust"]
    assert browser.evaluate("document.querySelector('#panel h2').textContent") == selected[0]
    sources = browser.evaluate("[...document.querySelectorAll('#sources a')].map((a) => a.href)")
    assert sources and all(s.startswith("http") for s in sources)
    assert any("qmul.ac.uk" in s for s in sources)  # the source of its UCLPartners membership, as a link
    # an identifier finds the same organisation
    browser.evaluate("const s = document.getElementById('search'); s.value = ''; s.focus()")
    browser.send("Input.insertText", text="RRV")
    assert browser.wait_for("hspkg.cy.$(':selected').map((n) => n.data('ods'))") == ["RRV"]
    # the year slider: all years, then the first year; the counts follow
    everything = browser.evaluate("document.getElementById('counts').textContent")
    browser.evaluate("document.getElementById('year').focus()")
    browser.key("Home", 36)
    first = browser.evaluate("document.getElementById('counts').textContent")
    assert browser.evaluate("document.getElementById('shown').textContent") != "all years"
    assert first != everything
    assert int(first.split()[0]) < int(everything.split()[0])
    browser.key("End", 35)
    assert browser.evaluate("document.getElementById('counts').textContent") == everything
    shot = tmp_path / "view.png"
    shot.write_bytes(base64.b64decode(browser.send("Page.captureScreenshot", format="png")["data"]))
    assert_not_blank(shot)
    if keep := os.environ.get("HSPKG_KEEP_SCREENSHOT"):
        shutil.copy(shot, keep)


def assert_not_blank(path) -> None:
    """A screenshot with a drawing in it: many colours, and a good share of the page not background."""
    from matplotlib.image import imread

    pixels = imread(str(path))[:, :, :3]
    colours = {tuple(p) for p in pixels.reshape(-1, 3)[::7].tolist()}
    background = (pixels > 0.97).all(axis=2).mean()
    assert len(colours) > 50 and background < 0.97, (len(colours), background)


def test_the_html_view_needs_neither_numpy_nor_matplotlib(tmp_path):
    """The base install has neither: the export must not import them."""
    script = (
        "import sys; sys.modules['numpy'] = None; sys.modules['matplotlib'] = None\n"
        "from hspkg.exits import main\n"
        f"sys.exit(main(['-q', 'export', '--format', 'html', '-o', {str(tmp_path / 'view.html')!r}]))"
    )
    done = subprocess.run([sys.executable, "-c", script], capture_output=True, text=True, timeout=300)
    assert done.returncode == 0, done.stderr
    page = (tmp_path / "view.html").read_text()
    assert "<script src" not in page and "<link" not in page and "@import" not in page  # one offline file
    assert "The Cytoscape Consortium" in page and "University College London Hospitals NHS Foundation Trust" in page
