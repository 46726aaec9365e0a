"""The HTML view's programmes (issue 19 item 6) in real headless Chromium: colour, legend, filter, counts, readable names.

The memberships view of every programme has ~280 nodes: drawn whole at the default zoom its names
would be ~6 px. It opens on one programme, drawn on its own layout with names a reader can read, says
how many organisations the other programmes hold, and a reader ticks programmes to add them. Each
test opens the export made once per test run afresh, in the Chromium the tests share.
"""

from __future__ import annotations

import base64

import pytest

from browser import Browser, crossing, needs_chromium
from hspkg.exporters.palette import PROGRAMMES
from test_html_in_chromium import LABEL_BOXES, assert_not_blank

pytestmark = needs_chromium

SMALLEST = "Math.min(...hspkg.cy.nodes(':visible').map((n) => parseFloat(n.style('font-size')) * hspkg.cy.zoom()))"
TICKED = "[...document.querySelectorAll('#programmes input:checked')].map((b) => b.value)"
# the programme of each link shown (an AHSC that is also an AHSN: ahsc+ahsn), each once
SHOWN_PROGRAMMES = "[...new Set(hspkg.cy.edges(':visible').map((e) => e.data('programme')).filter(Boolean))].sort()"


@pytest.fixture
def page(exported, wide_browser, tmp_path):
    """The view `hspkg export --format html` writes (made once per test run), opened afresh for each test in the
    shared 1600x1000 Chromium; and a folder for the test's screenshots."""
    wide_browser.open(exported("html").as_uri())
    wide_browser.wait_for("document.body !== null && document.body.dataset.ready === 'yes' && window.hspkg !== undefined")
    return wide_browser, tmp_path


def tick(browser: Browser, programme: str) -> None:
    browser.evaluate(f"document.querySelector('#programmes input[value=\"{programme}\"]').click()")


def no_names_cross(browser: Browser) -> bool:
    boxes = browser.evaluate(LABEL_BOXES)
    return not crossing(boxes)


def test_the_view_opens_on_one_programme_whose_names_can_be_read(page):
    browser, folder = page
    assert browser.evaluate(TICKED) == ["ahsc"]
    assert browser.evaluate(SHOWN_PROGRAMMES) == ["ahsc", "ahsc+ahsn"]
    assert browser.evaluate(SMALLEST) >= 9 and no_names_cross(browser)
    # the whole of what is shown is in view, and the page says what is left out and how to add it
    extent, box = browser.evaluate("[hspkg.cy.extent(), hspkg.cy.elements(':visible').boundingBox()]")
    assert extent["x1"] <= box["x1"] and extent["x2"] >= box["x2"] and extent["y1"] <= box["y1"] and extent["y2"] >= box["y2"]
    assert "5 more programmes not shown: tick to add them" in browser.evaluate("document.getElementById('subset').textContent")
    shot = folder / "opened.png"
    shot.write_bytes(base64.b64decode(browser.send("Page.captureScreenshot", format="png")["data"]))
    assert_not_blank(shot)


def test_a_programme_ticked_alone_is_drawn_on_its_own_with_names_that_can_be_read(page):
    browser, folder = page
    tick(browser, "nihr-brc")
    tick(browser, "ahsc")
    assert browser.evaluate(TICKED) == ["nihr-brc"] and browser.evaluate(SHOWN_PROGRAMMES) == ["nihr-brc"]
    assert browser.evaluate("hspkg.cy.getElementById('https://w3id.org/hspkg/id/org/nihr-leeds-biomedical-research-centre').visible()")
    assert browser.evaluate(SMALLEST) >= 9 and no_names_cross(browser)
    shot = folder / "brc.png"
    shot.write_bytes(base64.b64decode(browser.send("Page.captureScreenshot", format="png")["data"]))
    assert_not_blank(shot)


def test_each_programmes_links_are_in_its_colour_with_a_key_and_counts_that_follow_the_filter(page):
    browser, _ = page
    for programme in PROGRAMMES:
        if programme != "ahsc":
            tick(browser, programme)
    assert browser.evaluate(SHOWN_PROGRAMMES) == sorted([*PROGRAMMES, "ahsc+ahsn"])
    drawn = browser.evaluate("Object.fromEntries(hspkg.cy.edges(':visible').map((e) => [e.data('programme'), e.style('line-color')]))")
    for programme, (_, colour) in PROGRAMMES.items():
        red, green, blue = (int(colour[i : i + 2], 16) for i in (1, 3, 5))
        assert drawn[programme] == f"rgb({red},{green},{blue})"
    key = browser.evaluate("[...document.querySelectorAll('#legend .programme')].map((d) => d.textContent)")
    assert key == [name for name, _ in PROGRAMMES.values()]
    everything = browser.evaluate("document.getElementById('counts').textContent")
    counts = browser.evaluate("Object.fromEntries([...document.querySelectorAll('#programmes .count')].map((c) => [c.dataset.programme, c.textContent]))")
    assert all(text.isdigit() for text in counts.values()) and browser.evaluate("document.getElementById('subset').textContent") == ""
    tick(browser, "nihr-arc")  # untick: its links go, the counts follow
    assert "nihr-arc" not in browser.evaluate(SHOWN_PROGRAMMES)
    fewer = browser.evaluate("document.getElementById('counts').textContent")
    assert int(fewer.split()[0]) < int(everything.split()[0]) and int(fewer.split()[2]) < int(everything.split()[2])
    assert browser.evaluate("document.querySelector('#programmes .count[data-programme=\"nihr-arc\"]').textContent") == f"0 of {counts['nihr-arc']}"


def test_finding_an_organisation_of_a_programme_not_shown_ticks_its_programmes(page):
    browser, _ = page
    browser.evaluate("document.getElementById('search').focus()")
    browser.send("Input.insertText", text="University of Leeds")
    assert browser.wait_for("hspkg.cy.$(':selected').map((n) => n.data('label'))") == ["University of Leeds"]
    assert browser.evaluate("hspkg.cy.$(':selected').visible()")
    assert {"nihr-brc", "nihr-bru", "nihr-arc"} <= set(browser.evaluate(TICKED))
