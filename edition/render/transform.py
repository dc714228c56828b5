"""Running the stylesheets of ``xslt/`` on TEI, safely and in linear time.

The stylesheets are compiled once, with every file and network access
denied to them and no extension functions. What XSLT 1.0 cannot do in
linear time (number every entry of a document) is done here beforehand, on
a copy of the TEI that the stylesheets read as ``r:n``.
"""

from __future__ import annotations

import copy
import re
from dataclasses import dataclass
from functools import lru_cache

from lxml import etree

from ..errors import EditionError
from ..resources import resource_dir
from ..tei.read import TEI_NS, XML_NS
from ..tei.rebuild import APP, LEM, RDG, RDG_GRP, ROWS
from .facts import is_spaced

R_NS = "urn:x-edition:render"
R_N = f"{{{R_NS}}}n"
R_CHARS = f"{{{R_NS}}}chars"
R_SIGLA = f"{{{R_NS}}}sigla"
R_JOINED = f"{{{R_NS}}}joined"
READINGS = (LEM, RDG)
NOTE = f"{{{TEI_NS}}}note"
XML_ID = f"{{{XML_NS}}}id"
WITNESS = f"{{{TEI_NS}}}witness"
WIT_DETAIL = f"{{{TEI_NS}}}witDetail"
ABBR = f"{{{TEI_NS}}}abbr"
W, PC = f"{{{TEI_NS}}}w", f"{{{TEI_NS}}}pc"
WORDS = (W, PC, APP, f"{{{TEI_NS}}}seg")  # what stands in a row as its words (``space_words``)
_XML_SPACE = re.compile("[ \t\r\n]+")


@lru_cache(maxsize=None)
def stylesheet(name: str) -> etree.XSLT:
    """The compiled stylesheet ``xslt/<name>``, as installed or in a source checkout."""
    path = resource_dir("xslt") / name
    parser = etree.XMLParser(resolve_entities=False, no_network=True, load_dtd=False)
    return etree.XSLT(etree.parse(str(path), parser), access_control=etree.XSLTAccessControl.DENY_ALL)


def transform(name: str, document: etree._ElementTree, **params: str) -> etree._Element | None:
    """Apply ``xslt/<name>``; the result is one HTML element, or None when the input has nothing to show."""
    quoted = {key.replace("_", "-"): etree.XSLT.strparam(value) for key, value in params.items()}
    try:
        result = stylesheet(name)(document, **quoted)
    except etree.XSLTApplyError as error:
        raise EditionError(f"the stylesheet {name} failed: {error}",
                           hint="the TEI may be nested too deeply to render") from None
    return result.getroot()


@dataclass(frozen=True, slots=True)
class ReadingText:
    """The reading text of a ``numbered`` document: its characters (notes and white space not counted:
    what a witness's share of the text is measured against), and the text of each row with an
    ``xml:id`` (white space runs as one space; the innermost row, where rows nest), in document order."""

    characters: int
    rows: tuple[tuple[str, str], ...]


def numbered(tree: etree._ElementTree) -> etree._ElementTree:
    """A copy of the TEI whose entries in the reading text carry their number (``r:n``) in document order.

    An entry inside a reading that the reading text does not show (a nested
    entry of another reading) gets no number, marker or footnote. Each row with an
    ``xml:id`` carries the characters of its reading text (``r:chars``),
    which the density bar of the reading page measures its entries against.
    Each reading and ``witDetail`` with ``@wit`` carries its witnesses as the
    apparatus names them (``r:sigla``: each one's siglum, see ``sigla``).
    An entry whose text ends with the marker of an entry inside it (nested
    entries that end at one place) carries ``r:joined``: its marker is set
    apart, so that "32" and "27" are not read as "3227".
    """
    return numbered_text(tree)[0]


def numbered_text(tree: etree._ElementTree, *, in_place: bool = False) -> tuple[etree._ElementTree, ReadingText]:
    """``numbered(tree)``, and its reading text, found in the same walk; ``in_place``: number ``tree``
    itself rather than a copy (where nothing else will read it)."""
    root = tree.getroot() if in_place else copy.deepcopy(tree.getroot())
    numbers, shown = entry_numbers(root)
    for app, number in numbers.items():
        app.set(R_N, str(number))
        base = base_reading(app)
        if base is not None and app.get("loc") is None and _ends_with_marker(base, numbers):
            app.set(R_JOINED, "1")
    named = sigla(root)
    for element in root.iter(LEM, RDG, WIT_DETAIL):
        wit = element.get("wit")
        if wit is not None:
            element.set(R_SIGLA, named(wit))
    tree = etree.ElementTree(root)
    text = _reading_text(tree, shown)
    for row, words in text.row_words:
        row.set(R_CHARS, str(len("".join(words))))
    return tree, text.reading_text()


_SHOWS_NOTHING = frozenset(f"{{{TEI_NS}}}{name}" for name in (
    "milestone", "pb", "lb", "cb", "anchor", "witStart", "witEnd", "lacunaStart", "lacunaEnd", "witDetail"))


def _ends_with_marker(element: etree._Element, numbers: dict[etree._Element, int]) -> bool:
    """Whether the last thing the reading text shows of ``element`` is the marker of a numbered entry."""
    for child in reversed(element):
        if child.tail and child.tail.strip():
            return False
        if not isinstance(child.tag, str) or (child.tag in _SHOWS_NOTHING and not len(child)):
            continue  # a comment, or what shows nothing
        if child in numbers:
            return True  # its marker comes last
        if child.tag in (APP, NOTE):
            return False
        return _ends_with_marker(child, numbers)
    return False


def space_words(tree: etree._ElementTree, lang: str) -> None:
    """Put the spaces between words that a text in ``lang`` (one that puts spaces between its words:
    ``facts.is_spaced``) has where its TEI leaves them out or lays them out, in ``tree`` itself, so
    that the site shows, rebuilds and searches "εν εφεσω", not "ενεφεσω".

    Two words of ``<w>`` (or a ``<pc>`` and a word) with nothing between them
    get a space; where only white space stands between two words or entries
    (``WORDS``), it is one space, as XML reads it. A Chinese or Japanese text
    is left as it is. The TEI offered for download is the file as it was.
    """
    text = tree.getroot().find(f"{{{TEI_NS}}}text")
    if text is None or not is_spaced(lang):
        return
    for word in text.iter(*WORDS):
        following = word.getnext()
        if following is None or following.tag not in WORDS or (word.tail or "").strip():
            continue
        if word.tail or (word.tag in (W, PC) and following.tag == W):
            word.tail = " "


def reading_text(tree: etree._ElementTree) -> ReadingText:
    """The reading text of ``tree`` as ``numbered_text`` gives it, without making a numbered copy."""
    return _reading_text(tree, entry_numbers(tree.getroot())[1]).reading_text()


def entry_numbers(root: etree._Element) -> tuple[dict[etree._Element, int], set[etree._Element]]:
    """The number of every entry the reading text shows, in document order, and the readings it shows
    (the one of each numbered entry the text has, as ``base_reading``): what ``numbered`` marks."""
    numbers: dict[etree._Element, int] = {}
    shown: set[etree._Element] = set()
    for app in root.iter(APP):
        if all(reading in shown for reading in app.iterancestors(*READINGS)):
            numbers[app] = len(numbers) + 1
            base = base_reading(app)
            if base is not None and app.get("loc") is None:  # @loc: beside the text, which has its lemma
                shown.add(base)
    return numbers, shown


def sigla(root: etree._Element):
    """A function from a ``@wit`` value to its witnesses as the apparatus names them, space-separated:
    each pointer's witness by its ``<abbr type="siglum">``, else its ``@n``, else the id pointed to."""
    names: dict[str, str] = {}
    for witness in root.iter(WITNESS):
        ident = witness.get(XML_ID)
        if ident is None or ident in names:
            continue
        abbr = next((a for a in witness.iterchildren(ABBR) if a.get("type") == "siglum"), None)
        if abbr is not None:
            names[ident] = " ".join(_XML_SPACE.split("".join(abbr.itertext()))).strip(" ")
        else:
            names[ident] = witness.get("n", ident)
    known: dict[str, str] = {}

    def shown(wit: str) -> str:
        if wit not in known:
            known[wit] = " ".join(names.get(token, token) for token in _XML_SPACE.split(wit.replace("#", " ")) if token)
        return known[wit]

    return shown


@dataclass(frozen=True, slots=True)
class _Walked:
    """What ``_reading_text`` found: the pieces of the whole text, and the words of each row."""

    pieces: list[str]
    row_words: list[tuple[etree._Element, list[str]]]

    def reading_text(self) -> ReadingText:
        return ReadingText(len("".join("".join(self.pieces).split())),
                           tuple((row.get(XML_ID), " ".join(words)) for row, words in self.row_words))


def _reading_text(tree: etree._ElementTree, shown: set[etree._Element]) -> _Walked:
    """The text of the reading text, in all and by row: one walk, stepping over every note and
    every reading the text does not show (not in ``shown``)."""
    text = tree.getroot().find(f"{{{TEI_NS}}}text")
    rows: dict[etree._Element, list[str]] = {}
    if text is None:
        return _Walked([], [])
    found: list[str] = []
    open_rows: list[etree._Element] = []

    def add(piece: str) -> None:
        found.append(piece)
        if open_rows:
            rows[open_rows[-1]].append(piece)

    walker = etree.iterwalk(text, events=("start", "end"))
    for event, element in walker:
        if event == "start":
            if element.tag == NOTE or (element.tag in READINGS and element not in shown):
                walker.skip_subtree()
                continue
            if element.tag in ROWS and element.get(XML_ID):
                open_rows.append(element)
                rows[element] = []
            if element.text:
                add(element.text)
            continue
        if open_rows and element is open_rows[-1]:
            open_rows.pop()
        if element is not text and element.tail:
            add(element.tail)
    return _Walked(found, [(row, "".join(pieces).split()) for row, pieces in rows.items()])


def base_reading(app: etree._Element) -> etree._Element | None:
    """The reading the reading text shows: the first lemma, else the first reading (as xslt/text.xsl)."""
    for tag in (LEM, RDG):
        for child in app:
            if child.tag == tag:
                return child
            if child.tag == RDG_GRP:
                found = next((c for c in child if c.tag == tag), None)
                if found is not None:
                    return found
    return None
