"""Headless Chromium (Debian's package) for the tests that need a real browser; absent, they skip.

A Chromium costs about a CPU second to start, more than most pages the tests open: the tests share one per
window size in each test process (the fixtures ``browser`` and ``wide_browser``, which tests/conftest.py
takes from here), each opening its own page.
``chromium()`` starts one for a single page, for what a shared one cannot do (a proxy of its own,
Chromium's virtual time, its console on stderr).
"""

from __future__ import annotations

import json
import os
import shutil
import subprocess
import time
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest

CHROMIUM = shutil.which("chromium") or shutil.which("chromium-browser")
FLAGS = [
    "--headless",
    "--no-sandbox",
    "--disable-gpu",
    "--disable-quic",
    "--no-first-run",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    # Chromium's own traffic (updates, clock, autofill, sign-in, safe browsing), so that what a
    # page requests is all that leaves it
    "--disable-features=AutofillServerCommunication,NetworkTimeServiceQuerying,OptimizationHints,Translate,MediaRouter",
    "--disable-client-side-phishing-detection",
    "--disable-default-apps",
    "--disable-domain-reliability",
    "--disable-extensions",
    "--disable-component-extensions-with-background-pages",
    "--no-pings",
    "--no-default-browser-check",
    "--safebrowsing-disable-auto-update",
    "--metrics-recording-only",
]
POLL = 0.02  # seconds between two looks at a page that is not yet ready (a look is one DevTools round trip, ~1 ms)
needs_chromium = pytest.mark.skipif(CHROMIUM is None, reason="no Chromium on this machine (.ci/run installs Debian's chromium)")


def chromium(*args: str, profile: Path, timeout: float = 120) -> subprocess.CompletedProcess[str]:
    assert CHROMIUM
    return subprocess.run([CHROMIUM, *FLAGS, f"--user-data-dir={profile}", *args], capture_output=True, text=True, timeout=timeout)


class Browser:
    """Chromium with the DevTools protocol on fds 3 (commands in) and 4 (answers and events out)."""

    def __init__(self, profile: Path, size: str = "1400,1000") -> None:
        assert CHROMIUM
        commands_read, self._commands = os.pipe()
        self._answers, answers_write = os.pipe()

        def child_fds() -> None:
            # move both ends above 4 first, so that placing one cannot close the other
            high_in, high_out = os.dup(commands_read), os.dup(answers_write)
            os.dup2(high_in, 3)
            os.dup2(high_out, 4)

        self.process = subprocess.Popen(
            [CHROMIUM, *FLAGS, f"--window-size={size}", "--remote-debugging-pipe", f"--user-data-dir={profile}", "about:blank"],
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
        self.target: str | None = None
        self.errors: list[str] = []  # the uncaught script errors of the page render() opened

    def send(self, method: str, **params: Any) -> Any:
        self._next += 1
        message: dict[str, Any] = {"id": self._next, "method": method, "params": params}
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
            if answer.get("method") == "Runtime.exceptionThrown" and answer.get("sessionId") == self.session:
                details = answer["params"]["exceptionDetails"]
                self.errors.append(details.get("exception", {}).get("description") or details.get("text", ""))
            if answer.get("id") == self._next:
                assert "error" not in answer, answer["error"]
                return answer["result"]
        raise AssertionError(f"no answer to {method}")

    def open(self, url: str) -> None:
        self.close_page()
        self.target = self.send("Target.createTarget", url=url)["targetId"]
        self.session = self.send("Target.attachToTarget", targetId=self.target, flatten=True)["sessionId"]

    def render(self, url: str, ready: str = "true", seconds: float = 30) -> str:
        """``url`` opened in a new page, its script errors recorded from the start (``errors``); once it has loaded
        and ``ready`` (a script expression) is true, its document as HTML, as ``chromium --dump-dom`` prints it."""
        self.open("about:blank")
        self.errors = []
        self.send("Runtime.enable")
        self.evaluate("document.blank = true")  # this document's mark: the one navigated to has none
        self.send("Page.navigate", url=url)
        deadline = time.monotonic() + seconds
        while not self.evaluate(f"document.blank === undefined && document.readyState === 'complete' && Boolean({ready})"):
            assert not self.errors, f"{url}: a script error before the page was ready: {self.errors}"
            assert time.monotonic() < deadline, f"{url}: never ready ({ready})"
            time.sleep(POLL)
        dom: str = self.evaluate("document.documentElement.outerHTML")
        return dom

    def close_page(self) -> None:
        """Close the page ``open`` made (the browser stays, for the next test's page)."""
        self.session = None  # Target commands go to the browser, not to the page
        if self.target:
            self.send("Target.closeTarget", targetId=self.target)
            self.target = None

    def evaluate(self, expression: str) -> Any:
        answer = self.send("Runtime.evaluate", expression=expression, returnByValue=True)
        assert "exceptionDetails" not in answer, answer["exceptionDetails"]
        return answer["result"].get("value")

    def wait_for(self, expression: str, seconds: float = 30) -> Any:
        deadline = time.monotonic() + seconds
        while time.monotonic() < deadline:
            value = self.evaluate(expression)
            if value:
                return value
            time.sleep(POLL)
        raise AssertionError(f"never true: {expression}")

    def key(self, key: str, code: int) -> None:
        for kind in ("rawKeyDown", "keyUp"):
            self.send("Input.dispatchKeyEvent", type=kind, key=key, code=key, windowsVirtualKeyCode=code)

    def close(self) -> None:
        self.process.kill()
        self.process.wait(timeout=30)
        os.close(self._commands)
        os.close(self._answers)


class Browsers:
    """One Chromium per window size for a test process, each test opening its own page in it.

    A page is closed after its test; a browser that fails to close one is stopped, so that the next
    test gets a new one.
    """

    def __init__(self, folder: Path) -> None:
        self.folder = folder
        self.opened: dict[str, Browser] = {}

    def get(self, size: str) -> Browser:
        if size not in self.opened:
            self.opened[size] = Browser(self.folder / f"profile-{size}", size)
        return self.opened[size]

    def done(self, size: str) -> None:
        try:
            self.opened[size].close_page()
        except Exception:
            self.opened.pop(size).close()
            raise

    def close(self) -> None:
        while self.opened:
            self.opened.popitem()[1].close()


@pytest.fixture(scope="session")
def browsers(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Browsers]:
    kept = Browsers(tmp_path_factory.mktemp("chromium"))
    yield kept
    kept.close()


@pytest.fixture
def browser(browsers: Browsers) -> Iterator[Browser]:
    """The process's Chromium at 1400x1000, for a page of this test's own."""
    yield browsers.get("1400,1000")
    browsers.done("1400,1000")


@pytest.fixture
def wide_browser(browsers: Browsers) -> Iterator[Browser]:
    """The process's Chromium at 1600x1000."""
    yield browsers.get("1600,1000")
    browsers.done("1600,1000")


def crossing(boxes: list[tuple[str, dict[str, float]]]) -> list[tuple[str, str]]:
    """The pairs of names whose boxes (``x1``, ``y1``, ``x2``, ``y2``, as the browser measures them) overlap."""
    return [
        (a, b)
        for i, (a, one) in enumerate(boxes)
        for b, two in boxes[i + 1 :]
        if min(one["x2"], two["x2"]) > max(one["x1"], two["x1"]) and min(one["y2"], two["y2"]) > max(one["y1"], two["y1"])
    ]
