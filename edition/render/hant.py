"""Traditional script for the pages: display only, never the apparatus.

Conversion is ``edition.script.to_traditional_display`` and touches text
only, never attribute values or ids. What shows a witness's own characters
is left as it is: the footnote apparatus (``aside.apparatus``: its readings,
sigla and labels) and anything else marked ``translate="no"``; so is what is
marked ``lang="en"`` (the page's own words, and sigla and labels in them).
"""

from __future__ import annotations

from lxml import etree

from ..script import convert_each, to_traditional_display
from .paths import hant_href


def convert_texts(texts: list[str]) -> list[str]:
    """Many strings in traditional script, in one call to OpenCC (a call per string costs far more)."""
    return convert_each(texts, to_traditional_display)


def to_hant(root: etree._Element) -> None:
    """Convert the text of an HTML fragment to traditional script, in place.

    Links to other pages of the site (``x.html``) stay as they are: a
    fragment that links to pages in its own script gets ``hant_links``.
    """
    slots = _text_slots(root)
    texts = [element.tail if is_tail else element.text for element, is_tail in slots]
    for (element, is_tail), text in zip(slots, convert_texts(texts)):
        if is_tail:
            element.tail = text
        else:
            element.text = text


def hant_links(root: etree._Element, converted: str | None) -> None:
    """Point a fragment's links at the traditional-script pages; if its text was converted from
    the language ``converted``, mark it ``zh-Hant`` where it says that language (text kept in its
    own script says so itself)."""
    for element in root.iter("a", "td", "div", "p", "span"):
        href = element.get("href")
        if href is not None:
            element.set("href", hant_href(href))
        if converted and element.get("lang") == converted and element.get("translate") != "no":
            element.set("lang", "zh-Hant")


def _kept(element: etree._Element) -> bool:
    return (element.get("translate") == "no" or element.get("lang") == "en"
            or (element.tag == "aside" and element.get("class") == "apparatus"))


def _text_slots(root: etree._Element) -> list[tuple[etree._Element, bool]]:
    """Every text and tail to convert, as (element, whether it is the tail)."""
    slots = []
    stack = [root]
    while stack:
        element = stack.pop()
        if _kept(element):
            continue
        if element.text:
            slots.append((element, False))
        for child in element:
            if child.tail:
                slots.append((child, True))
            stack.append(child)
    return slots
