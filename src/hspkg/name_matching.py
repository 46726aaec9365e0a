"""Finding an organisation by what people call it: one set of rules for ingest and for the catalogue.

A name is matched exactly first (its name, a former or alternative name, an
identifier, its IRI or an ``owl:sameAs`` IRI), then with case, spaces and
punctuation ignored. Identifiers may be given bare: a ROR id (``02jx3x895``),
a Wikidata id (``Q193196``), an ODS code (``RT3``, a predecessor's code finding
the predecessor). A name that only nearly matches is reported with its near
misses, never taken.
"""

from __future__ import annotations

import difflib
import re
from collections.abc import Iterable
from dataclasses import dataclass, field

_ROR = re.compile(r"^(?:https?://)?(?:ror\.org/)?(0[a-z0-9]{6}\d{2})$", re.IGNORECASE)
_WIKIDATA = re.compile(r"^(?:https?://(?:www\.)?wikidata\.org/(?:entity|wiki)/)?(Q\d+)$", re.IGNORECASE)
_IRI = re.compile(r"^[a-z][a-z0-9+.-]*:[^\s<>\"{}|^`\\]*$", re.IGNORECASE)
# Words that say what kind of body a name is, not which: "University of Oxford" and
# "Oxford AHSN" are both "Oxford" once they are gone, so "Oxford" names neither alone.
_KIND_WORDS = re.compile(r"\b(the|university|of|nhs|foundation|trust|ahsn|ahsc|academic health science (network|centre))\b", re.IGNORECASE)


def core(name: str) -> str:
    """A name without the words that only say what kind of body it is (normalised); "" if nothing was left out.

    >>> core("University of Oxford"), core("Oxford AHSN"), core("UCLPartners")
    ('oxford', 'oxford', '')
    """
    stripped = normalise(_KIND_WORDS.sub(" ", name))
    return stripped if stripped != normalise(name) else ""


def normalise(name: str) -> str:
    """A name for matching: lower case, letters and digits only.

    >>> normalise("UCL Partners") == normalise("UCLPartners")
    True
    """
    return re.sub(r"[\W_]+", "", name.casefold())


def is_iri(text: str) -> bool:
    """Whether ``text`` is written as an IRI (a scheme, a colon, no spaces).

    >>> is_iri("https://ror.org/02jx3x895"), is_iri("urn:x:1"), is_iri("King's Health Partners")
    (True, True, False)
    """
    return bool(_IRI.match(text))


def exact_forms(text: str) -> list[str]:
    """The forms under which ``text`` may be recorded exactly: itself, and the full form of a bare identifier.

    Identifiers are recorded in full (``https://ror.org/…``,
    ``http://www.wikidata.org/entity/Q…``), so a bare or differently written
    one is expanded to that.

    >>> exact_forms("02jx3x895")
    ['02jx3x895', 'https://ror.org/02jx3x895']
    >>> exact_forms("q193196")
    ['q193196', 'http://www.wikidata.org/entity/Q193196']
    >>> exact_forms("RT3")
    ['RT3']
    """
    text = text.strip()
    forms = [text]
    ror, wikidata = _ROR.match(text), _WIKIDATA.match(text)
    if ror:
        forms.append("https://ror.org/" + ror.group(1).lower())
    if wikidata:
        forms.append("http://www.wikidata.org/entity/" + wikidata.group(1).upper())
    return list(dict.fromkeys(forms))


@dataclass
class Directory:
    """Organisations by every name and identifier they are known by.

    >>> d = Directory()
    >>> d.add("urn:ucl", "University College London", ["UCL", "https://ror.org/02jx3x895"])
    >>> d.find("02jx3x895").iri, d.find("university college  london").iri
    ('urn:ucl', 'urn:ucl')
    >>> print(d.find("Univrsity College London").why)
    no organisation is called 'Univrsity College London'; near misses: University College London (use the exact name to mean one of them)
    """

    labels: dict[str, str] = field(default_factory=dict)
    _exact: dict[str, set[str]] = field(default_factory=dict)
    _loose: dict[str, set[str]] = field(default_factory=dict)
    _core: dict[str, set[str]] = field(default_factory=dict)
    _named: set[tuple[str, str]] = field(default_factory=set)  # (name, IRI): its label, an identifier or an IRI
    # (name, IRI) added but not yet in _loose and _core: normalising every name is most of the cost of a directory
    # of 10^4 organisations, and a page's search box (names_of) or an exact look-up never needs it
    _unindexed: list[tuple[str, str]] = field(default_factory=list)

    def add(self, iri: str, label: str, names: Iterable[str] = ()) -> None:
        """Record ``iri`` under its label and other names (identifiers and IRIs included)."""
        self.labels[iri] = label
        self._named |= {(iri, iri), (label, iri)}
        for name in [iri, label, *names]:
            self._exact.setdefault(name, set()).add(iri)
            self._unindexed.append((name, iri))

    def _indexed(self) -> None:
        """Put the names added since the last look-up under their loose forms, in the order they were added."""
        for name, iri in self._unindexed:
            if not is_iri(name):
                self._loose.setdefault(normalise(name), set()).add(iri)
                if key := core(name):
                    self._core.setdefault(key, set()).add(iri)
        self._unindexed.clear()

    def names_of(self) -> dict[str, list[str]]:
        """Every name, identifier and IRI each organisation is known by (what a page's search box matches).

        >>> d = Directory(); d.add("urn:ucl", "University College London", ["UCL"]); d.names_of()
        {'urn:ucl': ['UCL', 'University College London', 'urn:ucl']}
        """
        known: dict[str, set[str]] = {}
        for name, iris in self._exact.items():
            for iri in iris:
                known.setdefault(iri, set()).add(name)
        return {iri: sorted(names) for iri, names in sorted(known.items())}

    def __contains__(self, iri: str) -> bool:
        return iri in self.labels

    def find(self, text: str) -> Match:
        """The one organisation ``text`` names, or why there is none."""
        text = text.strip()
        if not text:
            return Match(None, "no organisation named (the cell is empty)")
        self._indexed()
        for form in exact_forms(text):
            if form in self._exact:
                return self._one(text, self._exact[form], by_label=form != text or (text, next(iter(self._exact[form]))) in self._named)
        key = normalise(text)
        if key and key in self._loose:
            return self._one(text, self._loose[key])
        close = difflib.get_close_matches(key, list(self._loose), n=3, cutoff=0.85) if key else []
        near = sorted({self.labels[i] for k in close for i in self._loose[k]})
        hint = f"; near misses: {'; '.join(near)} (use the exact name to mean one of them)" if near else ""
        return Match(None, f"no organisation is called {text!r}{hint}")

    def _one(self, text: str, found: set[str], by_label: bool = False) -> Match:
        """The one organisation found, unless others match as well: a short or other name that is also
        another organisation's name without its kind words ("Oxford": Oxford AHSN, University of Oxford)."""
        if len(found) == 1 and not by_label and not is_iri(text):
            found = found | self._core.get(normalise(text), set())
        if len(found) == 1:
            return Match(next(iter(found)), "")
        candidates = tuple((i, self.labels[i]) for i in sorted(found))
        names = "; ".join(f"{label} <{i}>" for i, label in candidates)
        return Match(None, f"{text!r} names {len(found)} organisations ({names}): give its IRI or an identifier", candidates)


@dataclass(frozen=True)
class Match:
    """What a look-up found: the organisation's IRI, or None and why."""

    iri: str | None
    why: str
    candidates: tuple[tuple[str, str], ...] = ()  # (IRI, name) of each organisation an ambiguous name could mean
