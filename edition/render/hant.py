"""Traditional script for the pages: display only, never the apparatus.

Conversion is ``edition.script.to_traditional_display`` and touches text
only, never attribute values or ids. What shows a witness's own characters
is left as it is: the footnote apparatus (``aside.apparatus``: its readings,
sigla and labels) and anything else marked ``translate="no"``.
"""

from __future__ import annotations

from lxml import etree

from ..script import to_traditional_display

# Not a character XML allows, so it cannot occur in the texts it separates.
_SEPARATOR = "\x01"


def convert_texts(texts: list[str]) -> list[str]:
    """Many strings in traditional script, in one call to OpenCC (a call per string costs far more)."""
    converted = to_traditional_display(_SEPARATOR.join(texts)).split(_SEPARATOR)
    if len(converted) == len(texts):
        return converted
    return [to_traditional_display(text) for text in texts]


def to_hant(root: etree._Element) -> None:
    """Convert the text of an HTML fragment to traditional script, in place."""
    slots = _text_slots(root)
    texts = [element.tail if is_tail else element.text for element, is_tail in slots]
    for (element, is_tail), text in zip(slots, convert_texts(texts)):
        if is_tail:
            element.tail = text
        else:
            element.text = text


def _kept(element: etree._Element) -> bool:
    return element.get("translate") == "no" or (element.tag == "aside" and element.get("class") == "apparatus")


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
