"""Text, attribute values and links written straight into HTML, exactly as lxml's HTML serializer writes them.

The pages made in Python rather than by a stylesheet (the parallel view, the
witness pages) are written as text; these make them the same bytes a tree
serialised by lxml would give, so that either way of making a page reads the
same. ``tests/test_escape.py`` checks them byte for byte against the
serializer.
"""

from __future__ import annotations

from urllib.parse import quote


def text(value: str) -> str:
    """Text of an HTML page, escaped as lxml's HTML serializer escapes it."""
    if "&" in value or "<" in value or ">" in value or "\r" in value:  # looking is cheaper than replacing
        return value.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;").replace("\r", "&#13;")
    return value


def attribute(value: str) -> str:
    """An attribute value, quoted and escaped as lxml's HTML serializer writes it: in double quotes,
    but in single quotes where it holds a double quote and no single one."""
    escaped = text(value)
    if '"' not in value:
        return '"' + escaped + '"'
    if "'" not in value:
        return "'" + escaped + "'"
    return '"' + escaped.replace('"', "&quot;") + '"'


def href(url: str) -> str:
    """A link's value as lxml's HTML serializer writes it: leading spaces, tabs and line feeds dropped, then every
    character outside printable ASCII (a space too) percent-encoded, but a carriage return, which is escaped."""
    url = url.lstrip(" \t\n")
    if url.isascii() and url.isprintable() and " " not in url:
        return attribute(url)
    return attribute("".join(c if "!" <= c <= "~" or c == "\r" else quote(c, safe="") for c in url))
