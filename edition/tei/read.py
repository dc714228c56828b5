"""Reading TEI safely: the one place the project parses XML.

A TEI file may come from anyone (ARCHITECTURE.md, invariant 5), so parsing
never expands entities, never loads a DTD, never touches the network or the
file system beyond the file itself, never processes XInclude and never
follows ``<?xml-model?>``. What it cannot read it refuses with a
:class:`~edition.errors.TEIError` naming the file, line and column.
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from pathlib import Path

from lxml import etree

from ..errors import TEIError
from ..model import Diagnostic, Severity

TEI_NS = "http://www.tei-c.org/ns/1.0"
XML_NS = "http://www.w3.org/XML/1998/namespace"

MAX_BYTES = 200 * 1024 * 1024
# Far deeper than any TEI edition (the profile needs about ten levels), and
# shallow enough for the recursive tools downstream (XSLT, xmlschema).
MAX_DEPTH = 128
# Entries of the apparatus in one file. A work of the bundled corpus has a few hundred; the site
# costs about a millisecond and tens of kilobytes of memory for each, so this bounds a render to
# seconds and hundreds of megabytes.
MAX_APPS = 20_000

_WELL_FORMED_HINT = "The file is not well-formed XML; correct it at that place"
_ENCODING_HINT = 'Save the file as UTF-8 and declare encoding="UTF-8"; XML allows no control characters'
_ENTITY_MESSAGE = "entities are not allowed (the DOCTYPE declares one)"
_ENTITY_HINT = "Write the characters themselves (& as &amp;); DTDs and entities are not read"
_DEPTH_MESSAGE = f"elements are nested deeper than the limit of {MAX_DEPTH} levels"
_LIMIT_HINT = "TEI files this large or this deep are not supported"

# libxml2's own limits (huge_tree=False), recognised by words of its message.
_PARSER_LIMITS = (
    ("Excessive depth", _DEPTH_MESSAGE),
    ("Text node too long", "a text node is longer than the parser's limit of 10,000,000 bytes"),
    ("Maximum entity amplification", _ENTITY_MESSAGE),
)
_HINTS = {
    etree.ErrorTypes.ERR_INVALID_ENCODING: _ENCODING_HINT,
    etree.ErrorTypes.ERR_INVALID_CHAR: _ENCODING_HINT,
    etree.ErrorTypes.ERR_UNKNOWN_ENCODING: _ENCODING_HINT,
    etree.ErrorTypes.ERR_UNSUPPORTED_ENCODING: _ENCODING_HINT,
    etree.ErrorTypes.ERR_UNDECLARED_ENTITY: _ENTITY_HINT,
}

_DOCTYPE_SUBSET = re.compile(rb"<!DOCTYPE[^\[>]*\[(.*?)\]\s*>", re.DOTALL)
_DECLARED_ENCODING = re.compile(rb"^(?:\xef\xbb\xbf)?<\?xml[^>]*?encoding\s*=\s*[\"']([A-Za-z0-9._-]+)[\"']")
_UTF8_NAMES = {"utf-8", "utf8"}

# RFC 5646 language tags, matched case-insensitively.
_BCP47 = re.compile(
    r"""(?:
        (?:[a-z]{2,3}(?:-[a-z]{3}){0,3}|[a-z]{4}|[a-z]{5,8})   # language
        (?:-[a-z]{4})?                                        # script
        (?:-(?:[a-z]{2}|[0-9]{3}))?                           # region
        (?:-(?:[a-z0-9]{5,8}|[0-9][a-z0-9]{3}))*              # variants
        (?:-[0-9a-wy-z](?:-[a-z0-9]{2,8})+)*                  # extensions
        (?:-x(?:-[a-z0-9]{1,8})+)?                            # private use
      | x(?:-[a-z0-9]{1,8})+                                  # private use only
      | i-[a-z]{2,8} | en-gb-oed | sgn-[a-z]{2}-[a-z]{2}       # grandfathered
    )""",
    re.IGNORECASE | re.VERBOSE,
)


def q(name: str, ns: str = TEI_NS) -> str:
    """The Clark name of a TEI element (or, with ``ns``, of another namespace's)."""
    return f"{{{ns}}}{name}"


def document_root(tree: etree._ElementTree | etree._Element) -> etree._Element:
    """The root element, whether a parsed tree or an element made by ``encode`` is given."""
    return tree.getroot() if isinstance(tree, etree._ElementTree) else tree


def iter_events(element: etree._Element) -> Iterator[tuple[str, etree._Element]]:
    """Yield ``("start", node)`` and ``("end", node)`` for the element and every node inside it.

    Unlike ``etree.iterwalk`` it also yields comments and processing
    instructions, whose tails are text of the document. It never recurses,
    so a deep tree cannot exhaust the Python stack.
    """
    yield "start", element
    open_nodes = [element]
    children = [iter(element)]
    while children:
        child = next(children[-1], None)
        if child is None:
            children.pop()
            yield "end", open_nodes.pop()
            continue
        yield "start", child
        open_nodes.append(child)
        children.append(iter(child))


def parse_tei(source: Path | bytes, *, name: str = "", max_apps: int | None = MAX_APPS) -> etree._ElementTree:
    """Parse a TEI file (a path, or its bytes) safely, or raise :class:`TEIError`.

    ``name`` is what messages call the file (by default the path as given).
    Refused: files over ``MAX_BYTES``, entity declarations and references,
    a declared encoding the bytes contradict, nesting deeper than
    ``MAX_DEPTH``, more than ``MAX_APPS`` entries, and anything that is not
    well-formed. ``max_apps=None`` lifts the limit on entries, for the TEI
    a build has just written itself (a long work has more), never for a
    file from outside.
    """
    file = name or (str(source) if isinstance(source, Path) else "")
    data = _read_bytes(source, file)
    _refuse_entity_declarations(data, file)
    _refuse_lying_encoding(data, file)
    tree = _parse(data, file)
    _refuse_entities_and_limits(tree, file, max_apps)
    return tree


def check_root(tree: etree._ElementTree | etree._Element, file: str) -> list[Diagnostic]:
    """Report a root that is not TEI P5 (``E-TEI-NAMESPACE``), and ``xml:lang`` not in BCP 47 (``W-LANG-TAG``)."""
    root = document_root(tree)
    found = _check_namespace(root, file)
    lang = q("lang", XML_NS)
    for element in root.iter(etree.Element):
        value = element.get(lang)
        if value and not _BCP47.fullmatch(value):
            found.append(_lang_diagnostic(value, element, file))
    return found


def _check_namespace(root: etree._Element, file: str) -> list[Diagnostic]:
    name = etree.QName(root)
    if name.namespace == TEI_NS:
        return []
    if name.localname == "TEI.2":
        message = "this is TEI P4 (root TEI.2), not TEI P5"
        hint = "Convert it to TEI P5 (the TEI's p4top5 stylesheet does most of it)"
    elif name.namespace is None:
        message = f"the root <{name.localname}> is in no namespace"
        hint = f'Add xmlns="{TEI_NS}" to the root element'
    else:
        message = f"the root <{name.localname}> is in the namespace {name.namespace}, not TEI's"
        hint = f'Use xmlns="{TEI_NS}"'
    return [Diagnostic("E-TEI-NAMESPACE", message, file, root.sourceline or 0, hint=hint)]


def _lang_diagnostic(value: str, element: etree._Element, file: str) -> Diagnostic:
    fixed = value.replace("_", "-")
    hint = f"Write '{fixed}'" if _BCP47.fullmatch(fixed) else "Use a BCP 47 tag such as zh-Hans or zh-CN"
    return Diagnostic(
        "W-LANG-TAG", f"xml:lang '{value}' is not a BCP 47 language tag", file,
        element.sourceline or 0, severity=Severity.WARNING, hint=hint,
    )


def _read_bytes(source: Path | bytes, file: str) -> bytes:
    if isinstance(source, bytes):
        size = len(source)
    else:
        try:
            size = source.stat().st_size
        except OSError as exc:
            raise TEIError(f"cannot read the file: {exc.strerror}", file=file) from None
    if size > MAX_BYTES:
        message = f"the file has {size:,} bytes, more than the limit of {MAX_BYTES:,}"
        raise TEIError(message, file=file, hint=_LIMIT_HINT)
    if isinstance(source, bytes):
        return source
    try:
        return source.read_bytes()
    except OSError as exc:
        raise TEIError(f"cannot read the file: {exc.strerror}", file=file) from None


def _refuse_entity_declarations(data: bytes, file: str) -> None:
    """Refuse entity declarations before libxml2 sees them (a billion laughs then never starts)."""
    subset = _DOCTYPE_SUBSET.search(data)
    if subset is None:
        return
    at = data.find(b"<!ENTITY", subset.start(1), subset.end(1))
    if at >= 0:
        line, column = _position(data, at)
        raise TEIError(_ENTITY_MESSAGE, file=file, line=line, column=column, hint=_ENTITY_HINT)


def _refuse_lying_encoding(data: bytes, file: str) -> None:
    """Refuse a file that declares an 8-bit or legacy encoding but is UTF-8.

    libxml2 decodes such a file without complaint when every byte is legal in
    the declared encoding (any byte is, in ISO-8859-1), which silently turns
    Chinese into mojibake.
    """
    declared = _DECLARED_ENCODING.match(data)
    if declared is None or declared.group(1).decode("ascii").lower() in _UTF8_NAMES or data.isascii():
        return
    try:
        data.decode("utf-8")
    except UnicodeDecodeError:
        return
    line, column = _position(data, next(i for i, byte in enumerate(data) if byte >= 0x80))
    raise TEIError(
        f"the file declares encoding {declared.group(1).decode('ascii')} but its bytes are UTF-8",
        file=file, line=line, column=column, hint='Declare encoding="UTF-8"',
    )


def _position(data: bytes, offset: int) -> tuple[int, int]:
    """1-based line and column (in characters) of a byte offset in UTF-8 data."""
    line_start = data.rfind(b"\n", 0, offset) + 1
    column = len(data[line_start:offset].decode("utf-8", errors="replace")) + 1
    return data.count(b"\n", 0, offset) + 1, column


class _RefuseExternal(etree.Resolver):
    """Answer every request for an external resource (a parameter entity's file) with nothing."""

    def resolve(self, url, pubid, context):
        return self.resolve_string("", context)


def _parser() -> etree.XMLParser:
    parser = etree.XMLParser(
        resolve_entities=False,
        no_network=True,
        load_dtd=False,
        dtd_validation=False,
        huge_tree=False,
        remove_comments=False,
        # Duplicate xml:ids are reported by validation with both lines;
        # libxml2 would otherwise refuse the whole file at the second one.
        collect_ids=False,
    )
    parser.resolvers.add(_RefuseExternal())
    return parser


def _parse(data: bytes, file: str) -> etree._ElementTree:
    parser = _parser()
    try:
        return etree.fromstring(data, parser).getroottree()
    except etree.XMLSyntaxError as exc:
        raise _syntax_error(exc, parser, file) from None


def _syntax_error(exc: etree.XMLSyntaxError, parser: etree.XMLParser, file: str) -> TEIError:
    # The first error is the cause; later ones follow from it.
    entry = next(iter(parser.error_log.filter_from_errors()), None)
    message, code = (entry.message, entry.type) if entry is not None else (exc.msg, exc.code)
    line, column = (entry.line, entry.column) if entry is not None else exc.position
    hint = _HINTS.get(code, _WELL_FORMED_HINT)
    if code == etree.ErrorTypes.ERR_RESOURCE_LIMIT:
        ours = (mine for theirs, mine in _PARSER_LIMITS if theirs in message)
        message = next(ours, f"a limit of the XML parser: {message}")
        hint = _ENTITY_HINT if message == _ENTITY_MESSAGE else _LIMIT_HINT
    return TEIError(message, file=file, line=line, column=column, hint=hint)


def _refuse_entities_and_limits(tree: etree._ElementTree, file: str, max_apps: int | None) -> None:
    """Refuse deep nesting, too many entries, and entities the byte scan cannot see (UTF-16, an external DTD)."""
    subset = tree.docinfo.internalDTD
    if subset is not None and any(True for _ in subset.entities()):
        raise TEIError(_ENTITY_MESSAGE, file=file, hint=_ENTITY_HINT)
    depth = apps = 0
    first_over = 0
    app = q("app")
    for event, node in iter_events(tree.getroot()):
        if event == "end":
            depth -= 1
            continue
        depth += 1
        line = node.sourceline or 0
        if node.tag == app:
            apps += 1
            if apps == (max_apps or 0) + 1:
                first_over = line
        if node.tag is etree.Entity:
            message = f"the entity reference {node.text} is not allowed"
            raise TEIError(message, file=file, line=line, hint=_ENTITY_HINT)
        if depth > MAX_DEPTH:
            raise TEIError(_DEPTH_MESSAGE, file=file, line=line, hint=_LIMIT_HINT)
    if max_apps is not None and apps > max_apps:
        message = f"the file has {apps:,} <app> entries, more than the limit of {max_apps:,}"
        hint = (f"Split the work into several files, or give --max-entries {apps} (0: no limit) if the machine "
                "can take it: the site costs about a millisecond and tens of kilobytes for each entry")
        raise TEIError(message, file=file, line=first_over, hint=hint)


def serialize(tree: etree._ElementTree) -> bytes:
    """The bytes of a TEI file as the edition writes it; ``serialize(parse_tei(data)) == data`` for its own files."""
    return etree.tostring(tree, xml_declaration=True, encoding="UTF-8") + b"\n"
