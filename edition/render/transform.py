"""Running the stylesheets of ``xslt/`` on TEI, safely and in linear time.

The stylesheets are compiled once, with every file and network access
denied to them and no extension functions. What XSLT 1.0 cannot do in
linear time (number every entry of a document) is done here beforehand, on
a copy of the TEI that the stylesheets read as ``r:n``.
"""

from __future__ import annotations

import copy
from functools import lru_cache

from lxml import etree

from ..errors import EditionError
from ..resources import resource_dir
from ..tei.read import TEI_NS
from ..tei.rebuild import APP, LEM, RDG, RDG_GRP

R_NS = "urn:x-edition:render"
R_N = f"{{{R_NS}}}n"
R_BASE = f"{{{R_NS}}}base"
READINGS = (LEM, RDG)
NOTE = f"{{{TEI_NS}}}note"


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


def numbered(tree: etree._ElementTree) -> etree._ElementTree:
    """A copy of the TEI whose entries in the reading text carry their number (``r:n``) in document order.

    The reading each of them shows is marked ``r:base``. An entry inside a
    reading that the reading text does not show (a nested entry of another
    reading) gets no number, marker or footnote.
    """
    root = copy.deepcopy(tree.getroot())
    number = 0
    for app in root.iter(APP):
        if all(reading.get(R_BASE) for reading in app.iterancestors(*READINGS)):
            number += 1
            app.set(R_N, str(number))
            base = base_reading(app)
            if base is not None and app.get("loc") is None:  # @loc: beside the text, which has its lemma
                base.set(R_BASE, "1")
    return etree.ElementTree(root)


def reading_text_characters(tree: etree._ElementTree) -> int:
    """Characters of the reading text of a ``numbered`` document: shared text and shown readings.

    Notes and white space are not counted; this is what a witness's share of
    the text is measured against. One walk, stepping over every note and
    every reading the text does not show.
    """
    text = tree.getroot().find(f"{{{TEI_NS}}}text")
    if text is None:
        return 0
    count = 0
    walker = etree.iterwalk(text, events=("start", "end"))
    for event, element in walker:
        if event == "start":
            if element.tag == NOTE or (element.tag in READINGS and not element.get(R_BASE)):
                walker.skip_subtree()
                continue
            if element.text:
                count += len("".join(element.text.split()))
        elif element is not text and element.tail:
            count += len("".join(element.tail.split()))
    return count


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
