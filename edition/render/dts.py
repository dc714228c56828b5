"""A static Distributed Text Services (DTS 1.0) API: pre-generated files, "Level 0".

DTS 1.0 lets an implementation that cannot read query parameters publish its
responses as static files, with path-style URI templates (the
specification's "URI Templates examples for static website"). The site
gets a folder ``dts/``:

    dts/index.json                                the entry point
    dts/collection.json                           the edition: a collection of its works
    dts/collection/<id>.json                      the same for id=edition, and each work (a Resource)
    dts/collection/<id>;nav=parents.json          its parents
    dts/navigation/<work>;down=<n>.json           the citation tree from the root, n = 1 … depth, -1
    dts/navigation/<work>/<ref>.json              one citable unit
    dts/navigation/<work>;down=<n>/<ref>.json     its subtree (n > 0, -1) or its siblings (n = 0,
                                                  where it has at most MAX_SIBLINGS of them)
    dts/document/<work>.xml                       the TEI of the work
    dts/document/<work>/<ref>.xml                 the TEI of one citable unit, in a dts:wrapper

The templates the responses give (``navigation/{resource}{;down}{/ref}.json``)
expand, by RFC 6570, to exactly these paths. Every link is relative to the
response that holds it, so the site works wherever it is put. ``start`` and
``end`` (ranges) are what Level 0 may leave out; each work has one citation
tree, so there is no ``tree`` parameter.

The citation tree is read from the TEI's ``refsDecl/citeStructure``, the
same one that names the site's anchors, so DTS identifiers are the
identifiers of the citations. ``@match`` is XPath written by whoever wrote
the file: it is never evaluated. Only plain location paths (element names
or ``*``, ``/`` and ``//``, predicates ``[@attr]`` and ``[@attr='value']``)
and ``@use="@attr"`` are understood; a structure written otherwise is left
out. Levels that select apparatus entries (``app``) are left out too: DTS
serves passages of text, and a variant is cited inside its paragraph.
Units whose identifier cannot be a file name are left out.
"""

from __future__ import annotations

import json
import re
from collections.abc import Iterator
from dataclasses import dataclass

from lxml import etree

from ..tei.read import TEI_NS, XML_NS

CONTEXT = "https://dtsapi.org/context/v1.0.json"
VERSION = "1.0"
DTS_NS = "https://w3id.org/api/dts#"
ROOT_ID = "edition"
FOLDER = "dts/"

_NAME = r"(?:[A-Za-z_][\w.-]*:)?(?:[A-Za-z_][\w.-]*|\*)"
_PREDICATE = r"\[@(?:[A-Za-z_][\w.-]*:)?[A-Za-z_][\w.-]*(?:\s*=\s*(?:'[^']*'|\"[^\"]*\"))?\]"
_STEP = re.compile(rf"(//|/)?({_NAME}|\.)((?:{_PREDICATE})*)")
_PREDICATE_PARTS = re.compile(r"\[@([\w.:-]+)(?:\s*=\s*(?:'([^']*)'|\"([^\"]*)\"))?\]")
_USE = re.compile(r"@([\w.:-]+)")
_SAFE_IDENTIFIER = re.compile(r"[\w.-]{1,128}")
_MAX_PATH = 300
# Every unit's siblings response lists all its siblings: the files grow with the square of a
# level's width, so a unit with more siblings than this gets none (ref alone and down > 0 still work).
MAX_SIBLINGS = 200
_PREFIXES = {"xml": XML_NS, "tei": TEI_NS}


@dataclass(frozen=True, slots=True)
class CiteLevel:
    """One ``citeStructure``: the unit it names and the levels inside it."""

    unit: str
    steps: tuple[tuple[str, str, tuple[tuple[str, str | None], ...]], ...]  # (axis, name, predicates)
    use: str  # attribute in Clark notation
    delim: str
    children: tuple[CiteLevel, ...]


@dataclass(frozen=True, slots=True)
class Unit:
    """A citable unit: a passage of the work with its reference string."""

    identifier: str
    level: int
    parent: str | None
    cite_type: str
    element: etree._Element


@dataclass(frozen=True, slots=True)
class Resource:
    """A work as DTS shows it."""

    id: str
    title: str
    lang: str
    date: str
    publisher: str
    tei_path: str  # the TEI file, from the top of the site
    tree: etree._ElementTree
    tei: bytes  # the TEI file as the site offers it for download


# --- the citation tree ----------------------------------------------------------

def cite_levels(tree: etree._ElementTree) -> tuple[CiteLevel, ...]:
    """The default citation tree declared in the TEI header, as far as it can be read safely."""
    refs = tree.getroot().find(f"{{{TEI_NS}}}teiHeader/{{{TEI_NS}}}encodingDesc/{{{TEI_NS}}}refsDecl")
    if refs is None:
        return ()
    return tuple(level for node in refs.findall(f"{{{TEI_NS}}}citeStructure")
                 if (level := _level(node)) is not None)


def _level(node: etree._Element) -> CiteLevel | None:
    steps = _steps(node.get("match", ""))
    use = _USE.fullmatch(node.get("use", "").strip())
    if steps is None or use is None or not node.get("unit"):
        return None
    if steps[-1][1] == f"{{{TEI_NS}}}app":
        return None
    children = tuple(level for child in node.findall(f"{{{TEI_NS}}}citeStructure")
                     if (level := _level(child)) is not None)
    return CiteLevel(node.get("unit"), steps, _clark(use[1], attribute=True), node.get("delim", ""), children)


def _steps(path: str):
    """A plain location path as (axis, name, predicates) steps, or None for anything else."""
    path = path.strip()
    if not path or len(path) > _MAX_PATH:
        return None
    steps, pos = [], 0
    while pos < len(path):
        match = _STEP.match(path, pos)
        if not match or (pos and not match[1]):
            return None
        name = "." if match[2] == "." else _clark(match[2], attribute=False)
        predicates = tuple((_clark(p[1], attribute=True), p[2] if p[2] is not None else p[3])
                           for p in _PREDICATE_PARTS.finditer(match[3]))
        steps.append((match[1] or "", name, predicates))
        pos = match.end()
    return tuple(steps)


def _clark(name: str, *, attribute: bool) -> str:
    """``tei:p``, ``p`` → the TEI name; ``xml:id`` → the XML name; an attribute without prefix has no namespace."""
    if name == "*":
        return name
    prefix, _, local = name.rpartition(":")
    if prefix:
        return f"{{{_PREFIXES.get(prefix, prefix)}}}{local}"
    return local if attribute else f"{{{TEI_NS}}}{local}"


def _select(context: etree._Element, steps, root: etree._Element) -> list[etree._Element]:
    nodes = [context]
    for index, (axis, name, predicates) in enumerate(steps):
        if index == 0 and axis:  # an absolute path starts above the root element
            nodes = [root] if axis == "/" else list(root.iter())
            nodes = [n for n in nodes if _fits(n, name, predicates)]
            continue
        found = []
        for node in nodes:
            candidates = [node] if name == "." else (node.iterdescendants() if axis == "//" else node.iterchildren())
            found.extend(n for n in candidates if isinstance(n.tag, str) and _fits(n, name, predicates))
        nodes = found
    return nodes


def _fits(node: etree._Element, name: str, predicates) -> bool:
    if name not in ("*", ".") and node.tag != name:
        return False
    return all(node.get(attribute) is not None and (value is None or node.get(attribute) == value)
               for attribute, value in predicates)


def citable_units(tree: etree._ElementTree, levels: tuple[CiteLevel, ...]) -> list[Unit]:
    """Every citable unit of the document, in document order (pre-order, depth first)."""
    root = tree.getroot()
    order = {node: n for n, node in enumerate(root.iter())}
    units: list[Unit] = []
    seen: set[str] = set()
    _collect(root, root, levels, None, 1, order, units, seen)
    return units


def _collect(context, root, levels, parent: Unit | None, depth: int, order, units: list[Unit], seen: set[str]) -> None:
    matched = []
    for level in levels:
        for node in _select(context, level.steps, root):
            value = node.get(level.use)
            if value:
                matched.append((order.get(node, 0), node, level, value.strip()))
    for _, node, level, value in sorted(matched, key=lambda m: m[0]):
        identifier = f"{parent.identifier}{level.delim}{value}" if parent and level.delim else value
        if identifier in seen or not _file_name_safe(identifier):
            continue
        seen.add(identifier)
        unit = Unit(identifier, depth, parent.identifier if parent else None, level.unit, node)
        units.append(unit)
        _collect(node, root, level.children, unit, depth + 1, order, units, seen)


def _file_name_safe(identifier: str) -> bool:
    return bool(_SAFE_IDENTIFIER.fullmatch(identifier)) and identifier.strip(".") != ""


def _depth(levels: tuple[CiteLevel, ...]) -> int:
    return max((1 + _depth(level.children) for level in levels), default=0)


# --- the responses --------------------------------------------------------------

def dts_files(resources: list[Resource], *, title: str) -> Iterator[tuple[str, bytes]]:
    """Every file of the static DTS API of an edition, as (path from the top of the site, bytes)."""
    yield from edition_files(resources, title=title)
    for resource in resources:
        yield from resource_files(resource, title=title)


def edition_files(resources: list[Resource], *, title: str) -> Iterator[tuple[str, bytes]]:
    """The files of the API that are of the whole edition: the entry point and the root collection."""
    yield from _entry()
    yield from _root_collection(resources, title)


def resource_files(resource: Resource, *, title: str) -> Iterator[tuple[str, bytes]]:
    """The files of the API that are of one resource: its collection, navigation and documents."""
    levels = cite_levels(resource.tree)
    units = citable_units(resource.tree, levels)
    yield from _resource_collection(resource, levels, title)
    yield from _navigation(resource, levels, units)
    yield from _documents(resource, units)


def _entry() -> Iterator[tuple[str, bytes]]:
    path = "index.json"
    yield _json(path, {
        "@context": CONTEXT, "dtsVersion": VERSION, "@id": _href(path, path), "@type": "EntryPoint",
        **_templates(path),
    })


def _templates(at: str, resource: str | None = None) -> dict[str, str]:
    """The URI templates of the three endpoints, relative to the response at ``at``."""
    top = _href(at, "")
    if resource is None:
        return {"collection": f"{top}collection{{/id}}{{;nav}}.json",
                "navigation": f"{top}navigation/{{resource}}{{;down}}{{/ref}}.json",
                "document": f"{top}document/{{resource}}{{/ref}}.xml"}
    return {"collection": f"{top}collection/{resource}{{;nav}}.json",
            "navigation": f"{top}navigation/{resource}{{;down}}{{/ref}}.json",
            "document": f"{top}document/{resource}{{/ref}}.xml"}


def _root_collection(resources: list[Resource], title: str) -> Iterator[tuple[str, bytes]]:
    for path in ("collection.json", f"collection/{ROOT_ID}.json"):
        yield _json(path, {
            "@context": CONTEXT, "dtsVersion": VERSION, "@id": ROOT_ID, "@type": "Collection",
            "title": title, "totalParents": 0, "totalChildren": len(resources),
            "collection": _templates(path)["collection"],
            "member": [_resource_object(path, r, cite_levels(r.tree), title, brief=True) for r in resources],
        })
    path = f"collection/{ROOT_ID};nav=parents.json"
    yield _json(path, {
        "@context": CONTEXT, "dtsVersion": VERSION, "@id": ROOT_ID, "@type": "Collection", "title": title,
        "totalParents": 0, "totalChildren": len(resources), "collection": _templates(path)["collection"],
        "member": [],
    })


def _resource_collection(resource: Resource, levels, title: str) -> Iterator[tuple[str, bytes]]:
    path = f"collection/{resource.id}.json"
    yield _json(path, {"@context": CONTEXT, "dtsVersion": VERSION,
                       **_resource_object(path, resource, levels, title, brief=False)})
    path = f"collection/{resource.id};nav=parents.json"
    yield _json(path, {
        "@context": CONTEXT, "dtsVersion": VERSION,
        **_resource_object(path, resource, levels, title, brief=False),
        "member": [{"@id": ROOT_ID, "@type": "Collection", "title": title, "totalParents": 0,
                    "totalChildren": 1, "collection": _templates(path)["collection"]}],
    })


def _resource_object(at: str, resource: Resource, levels, title: str, *, brief: bool) -> dict:
    """A Resource as the Collection and Navigation endpoints describe it."""
    templates = _templates(at, resource.id)
    dublin_core = {"title": [{"lang": resource.lang, "value": resource.title}], "language": [resource.lang],
                   "isPartOf": [{"lang": resource.lang, "value": title}]} | (
        {"date": resource.date} if resource.date else {}) | (
        {"publisher": [resource.publisher]} if resource.publisher else {})
    described = {
        "@id": resource.id, "@type": "Resource", "title": resource.title,
        "totalParents": 1, "totalChildren": 0, **templates,
        "citationTrees": [_citation_tree(levels)] if levels else [],
        "mediaTypes": ["application/tei+xml"],
    }
    if not brief:
        described["dublinCore"] = dublin_core
        described["download"] = _site_href(at, resource.tei_path)
    return described


def _citation_tree(levels: tuple[CiteLevel, ...]) -> dict:
    return {"@type": "CitationTree", "citeStructure": _cite_structure(levels)}


def _cite_structure(levels: tuple[CiteLevel, ...]) -> list[dict]:
    return [{"@type": "CiteStructure", "citeType": level.unit}
            | ({"citeStructure": _cite_structure(level.children)} if level.children else {})
            for level in levels]


def _navigation(resource: Resource, levels, units: list[Unit]) -> Iterator[tuple[str, bytes]]:
    depth = _depth(levels)
    children: dict[str | None, list[Unit]] = {}
    for unit in units:
        children.setdefault(unit.parent, []).append(unit)
    for down in [*range(1, depth + 1), -1]:
        path = f"navigation/{resource.id};down={down}.json"
        yield _json(path, _navigation_object(path, resource, levels,
                                             member=[u for u in units if down == -1 or u.level <= down]))
    for unit in units:
        path = f"navigation/{resource.id}/{unit.identifier}.json"
        yield _json(path, _navigation_object(path, resource, levels, ref=unit))
        siblings = children[unit.parent]
        if len(siblings) <= MAX_SIBLINGS:
            path = f"navigation/{resource.id};down=0/{unit.identifier}.json"
            yield _json(path, _navigation_object(path, resource, levels, ref=unit, member=siblings))
        subtree = _subtree(unit, children)
        for down in [*range(1, depth - unit.level + 1), -1]:
            path = f"navigation/{resource.id};down={down}/{unit.identifier}.json"
            member = [unit] + [u for u in subtree if down == -1 or u.level - unit.level <= down]
            yield _json(path, _navigation_object(path, resource, levels, ref=unit, member=member))


def _subtree(unit: Unit, children: dict[str | None, list[Unit]]) -> list[Unit]:
    out = []
    for child in children.get(unit.identifier, ()):
        out.append(child)
        out.extend(_subtree(child, children))
    return out


def _navigation_object(at: str, resource: Resource, levels, *, ref: Unit | None = None,
                       member: list[Unit] | None = None) -> dict:
    response = {"@context": CONTEXT, "dtsVersion": VERSION, "@type": "Navigation", "@id": _href(at, at),
                "resource": _resource_object(at, resource, levels, "", brief=True)}
    if ref is not None:
        response["ref"] = _citable_unit(ref)
    if member is not None:
        response["member"] = [_citable_unit(u) for u in member]
    return response


def _citable_unit(unit: Unit) -> dict:
    out = {"identifier": unit.identifier, "@type": "CitableUnit", "level": unit.level,
           "parent": unit.parent, "citeType": unit.cite_type}
    head = unit.element.find(f"{{{TEI_NS}}}head")
    if head is not None and "".join(head.itertext()).strip():
        lang = unit.element.getroottree().getroot().get(f"{{{XML_NS}}}lang", "")
        out["dublinCore"] = {"title": [{"lang": lang or "und", "value": " ".join("".join(head.itertext()).split())}]}
    return out


def _documents(resource: Resource, units: list[Unit]) -> Iterator[tuple[str, bytes]]:
    yield f"{FOLDER}document/{resource.id}.xml", resource.tei
    head, tail = _wrapper(resource.tree.getroot().get(f"{{{XML_NS}}}lang"))
    for unit in units:
        yield f"{FOLDER}document/{resource.id}/{unit.identifier}.xml", head + _inside_tei(unit.element) + tail


def _wrapper(lang: str | None) -> tuple[bytes, bytes]:
    """The bytes of a ``<TEI>`` with a ``<dts:wrapper>`` before and after what the wrapper holds."""
    tei = etree.Element(f"{{{TEI_NS}}}TEI", nsmap={None: TEI_NS})
    if lang:
        tei.set(f"{{{XML_NS}}}lang", lang)
    wrapper = etree.SubElement(tei, f"{{{DTS_NS}}}wrapper", nsmap={"dts": DTS_NS})
    wrapper.append(etree.Comment("x"))  # no attribute value can hold "<!--": where the content goes
    head, tail = etree.tostring(tei, xml_declaration=True, encoding="UTF-8").split(b"<!--x-->", 1)
    return head, tail


def _inside_tei(element: etree._Element) -> bytes:
    """The element as XML inside a ``<TEI>`` that declares the TEI namespace, without its tail.

    The element is written where it stands (copying it into a document of
    its own costs time that grows faster than its size); the declaration of
    the TEI namespace it would repeat is left out.
    """
    data = etree.tostring(element, encoding="UTF-8", with_tail=False)
    data = data[data.index(b"?>") + 3:] if data.startswith(b"<?xml") else data
    name = etree.QName(element).localname.encode("utf-8")
    repeated = b"<" + name + f' xmlns="{TEI_NS}"'.encode("ascii")
    return b"<" + name + data[len(repeated):] if data.startswith(repeated) else data


def _href(at: str, target: str) -> str:
    """The DTS file ``target`` as a link from the DTS file ``at`` (both paths inside ``dts/``)."""
    return "../" * at.count("/") + target


def _site_href(at: str, target: str) -> str:
    """The site's file ``target`` (a path from the top of the site) as a link from the DTS file ``at``."""
    return "../" + _href(at, target)


def _json(path: str, data: dict) -> tuple[str, bytes]:
    return FOLDER + path, (json.dumps(data, ensure_ascii=False, separators=(",", ":")) + "\n").encode("utf-8")
