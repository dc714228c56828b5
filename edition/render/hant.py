"""The traditional-script twin of a rendered page fragment.

Conversion is for display (``edition.script.to_traditional_display``) and
touches text only: never attribute values or ids, and never an element
marked ``translate="no"`` (every apparatus reading), because the apparatus
shows what each witness really has. Links to other pages of the site
(class ``xref``) are pointed at their traditional twins.
"""

from __future__ import annotations

from lxml import etree

from ..script import to_traditional_display
from .paths import hant_href

# Not a character XML allows, so it cannot occur in the text it separates.
_SEPARATOR = "\x01"


def to_hant(root: etree._Element) -> None:
    """Convert the text of an HTML fragment to traditional script, in place."""
    for link in root.iterfind(".//a[@class='xref']"):
        link.set("href", hant_href(link.get("href", "")))
    texts = root.xpath(".//text()[not(ancestor-or-self::*[@translate='no'])]")
    for text, converted in zip(texts, _convert_all([str(t) for t in texts])):
        parent = text.getparent()
        if text.is_tail:
            parent.tail = converted
        else:
            parent.text = converted


def _convert_all(texts: list[str]) -> list[str]:
    """Convert many strings in one call to OpenCC (one call per string costs far more)."""
    converted = to_traditional_display(_SEPARATOR.join(texts)).split(_SEPARATOR)
    if len(converted) == len(texts):
        return converted
    return [to_traditional_display(text) for text in texts]
