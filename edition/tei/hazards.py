"""What in a TEI file would be dangerous once it is published: rules of validation.

The pages of the site never carry markup from a TEI file (the stylesheets
escape everything), but the site also publishes each TEI file as it is, and
a browser opening that copy runs what it finds there in the XHTML, SVG and
MathML namespaces (``E-ACTIVE-MARKUP``). Pointers with a scheme other than
http(s) (``javascript:``, ``data:``, ``vbscript:``, ``file:``) are never
made into links, and said so (``W-URL-SCHEME``). Two witnesses whose pages
would be the same file (``A`` and ``a``, ``s.1`` and ``s-1``) are an error
naming both (``E-SIGLUM-COLLISION``).
"""

from __future__ import annotations

import re
from collections.abc import Iterator

from lxml import etree

from ..model import Diagnostic, Severity
from .read import XML_NS, q

ACTIVE_NAMESPACES = {
    "http://www.w3.org/1999/xhtml": "XHTML",
    "http://www.w3.org/2000/svg": "SVG",
    "http://www.w3.org/1998/Math/MathML": "MathML",
    "http://www.w3.org/1999/xlink": "XLink",
}
# Attributes of TEI that hold URLs or pointers.
POINTER_ATTRIBUTES = ("target", "url", "facs", "ref", "source", "corresp", "sameAs", "href")
SAFE_SCHEMES = ("http", "https")
# Browsers drop tabs and line breaks in a URL and ignore leading spaces and controls.
_IGNORED_IN_URL = re.compile(r"[\x00-\x20\x7f]+")
_SCHEME = re.compile(r"([A-Za-z][A-Za-z0-9+.-]*):")
# What a siglum's file name keeps of it (as edition.render.paths.slugify makes it), ignoring case.
_NOT_IN_FILE_NAME = re.compile(r"[^\w-]+")


def check_hazards(root: etree._Element, file: str) -> Iterator[Diagnostic]:
    """Active markup, unsafe URL schemes and sigla whose pages would collide, in document order."""
    yield from _check_sigla(root, file)
    for element in root.iter(etree.Element):
        yield from _check_element(element, file)


def _check_element(element: etree._Element, file: str) -> Iterator[Diagnostic]:
    line = element.sourceline or 0
    namespace = etree.QName(element).namespace
    if namespace in ACTIVE_NAMESPACES:
        yield _active(f"<{element.prefix or ''}{':' if element.prefix else ''}{etree.QName(element).localname}>"
                      f" is in the {ACTIVE_NAMESPACES[namespace]} namespace", file, line)
    for name, value in element.attrib.items():
        qname = etree.QName(name)
        if qname.namespace in ACTIVE_NAMESPACES:
            yield _active(f"the attribute {qname.localname} is in the {ACTIVE_NAMESPACES[qname.namespace]} "
                          "namespace", file, line)
        elif qname.namespace is None and qname.localname in POINTER_ATTRIBUTES:
            yield from _check_url(qname.localname, value, element, file, line)


def _active(what: str, file: str, line: int) -> Diagnostic:
    return Diagnostic(
        "E-ACTIVE-MARKUP", f"{what}: a browser opening the published copy of this file would run it",
        file, line, hint="Remove it; the edition publishes only TEI",
    )


def _check_url(attribute: str, value: str, element: etree._Element, file: str,
               line: int) -> Iterator[Diagnostic]:
    for token in value.split():
        scheme = _SCHEME.match(_IGNORED_IN_URL.sub("", token))
        if scheme and scheme.group(1).lower() not in SAFE_SCHEMES:
            yield Diagnostic(
                "W-URL-SCHEME",
                f"<{etree.QName(element).localname} {attribute}> has a URL of the scheme "
                f"'{scheme.group(1).lower()}', which the site does not make a link", file, line,
                severity=Severity.WARNING,
                hint="Links are made only of http(s) URLs, #fragments and relative paths",
            )


def _check_sigla(root: etree._Element, file: str) -> Iterator[Diagnostic]:
    seen: dict[str, tuple[str, int]] = {}
    for witness in root.iter(q("witness")):
        siglum = witness.get(q("id", XML_NS))
        if not siglum:
            continue
        line = witness.sourceline or 0
        key = _NOT_IN_FILE_NAME.sub("-", siglum).strip("-_").casefold()
        if key in seen and seen[key][0] != siglum:
            other, other_line = seen[key]
            yield Diagnostic(
                "E-SIGLUM-COLLISION",
                f"the pages of witness {siglum!r} and of witness {other!r} (line {other_line}) "
                "would be the same file", file, line,
                hint="Give the witnesses sigla that differ in more than case and punctuation",
            )
        seen.setdefault(key, (siglum, line))
