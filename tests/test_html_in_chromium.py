"""The HTML view rendered by a real browser: headless Chromium, when the machine has it."""

from __future__ import annotations

from browser import chromium, needs_chromium

pytestmark = needs_chromium


def test_the_page_renders_the_member_names_without_a_script_error(run, tmp_path):
    assert run("export", "--format", "html", "-o", "network.html").returncode == 0
    page = (tmp_path / "network.html").as_uri()
    rendered = chromium("--enable-logging=stderr", "--v=0", "--dump-dom", page, profile=tmp_path / "profile")
    dom = rendered.stdout
    assert 'data-ready="yes"' in dom  # the page's script ran to its end
    assert "Uncaught" not in rendered.stderr
    for name in ("University College London", "Queen Mary University of London", "Barts Health NHS Trust", "UCLPartners"):
        assert name in dom
    shot = tmp_path / "network.png"
    chromium("--window-size=1450,1050", f"--screenshot={shot}", page, profile=tmp_path / "profile")
    assert shot.read_bytes()[:8] == b"\x89PNG\r\n\x1a\n" and shot.stat().st_size > 20_000
