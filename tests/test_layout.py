"""Names on the page: wrapped as textwrap wraps them, whichever way the layout takes."""

from __future__ import annotations

import textwrap

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from hspkg.exporters.labels import WRAP, wrapped

# pieces a name is made of: words short and long (longer than a line), spaces single and repeated, hyphens and
# dashes (where textwrap breaks too), other whitespace and a no-break space (which textwrap does not break at)
PIECES = st.sampled_from(["NHS", "Trust", "of", "University", "Foundation", "x" * WRAP, "y" * (WRAP + 3), " ", " ", "  ", "-", "--", "\t", "\n", "\u00a0", "é"])


WORDS = st.lists(st.text("ab", min_size=1, max_size=WRAP + 4), min_size=1, max_size=8).map(" ".join)  # lines filled to every length


@settings(deadline=None, suppress_health_check=[HealthCheck.too_slow])  # a loaded machine is slow, not wrong
@given(st.one_of(WORDS, st.lists(PIECES, max_size=16).map("".join)))
def test_a_name_is_wrapped_into_the_lines_textwrap_gives(label):
    assert wrapped(label) == ("\n".join(textwrap.wrap(label, WRAP, break_long_words=False)) or label)


def test_a_line_is_filled_to_its_last_character_and_a_longer_word_stands_alone():
    assert wrapped(f"{'a' * 11} {'b' * 12} c") == f"{'a' * 11} {'b' * 12}\nc"
    assert wrapped(f"{'a' * 11} {'b' * 13}") == f"{'a' * 11}\n{'b' * 13}"
    assert wrapped(f"The {'z' * 30} Trust of Somewhere") == f"The\n{'z' * 30}\nTrust of Somewhere"
