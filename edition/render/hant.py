"""Traditional script for the pages: display only, never the apparatus.

Conversion is ``edition.script.to_traditional_display`` and touches text
only, never attribute values or ids. What shows a witness's own characters
is left as it is: the footnote apparatus (``aside.apparatus``: its readings,
sigla and labels) and anything else marked ``translate="no"``; so is what is
marked in a language other than Chinese (``lang="en"``: the page's own words,
and sigla and labels in them; a passage the TEI marks as Japanese). What is
marked as Chinese is converted and marked ``zh-Hant``.
"""

from __future__ import annotations

from lxml import etree

from ..script import convert_each, to_traditional_display
from .facts import is_chinese


def convert_texts(texts: list[str]) -> list[str]:
    """Many strings in traditional script, in one call to OpenCC (a call per string costs far more)."""
    return convert_each(texts, to_traditional_display)


def to_hant(root: etree._Element) -> None:
    """Convert the text of an HTML fragment to traditional script, in place.

    Links to other pages of the site (``x.html``) stay as they are: the
    caller points them at the pages in traditional script (``pages.both_scripts``).
    """
    slots = _text_slots(root)
    texts = [element.tail if is_tail else element.text for element, is_tail in slots]
    for (element, is_tail), text in zip(slots, convert_texts(texts)):
        if is_tail:
            element.tail = text
        else:
            element.text = text


def _kept(element: etree._Element) -> bool:
    lang = element.get("lang")
    return (element.get("translate") == "no" or (lang is not None and not is_chinese(lang))
            or (element.tag == "aside" and element.get("class") == "apparatus"))


def _text_slots(root: etree._Element) -> list[tuple[etree._Element, bool]]:
    """Every text and tail to convert, as (element, whether it is the tail)."""
    slots = []
    stack = [root]
    while stack:
        element = stack.pop()
        if _kept(element):
            continue
        if element.get("lang") is not None:  # Chinese, as it is not kept
            element.set("lang", "zh-Hant")
        if element.text:
            slots.append((element, False))
        for child in element:
            if child.tail:
                slots.append((child, True))
            stack.append(child)
    return slots
