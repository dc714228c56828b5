"""TEI from elsewhere, read into the shape of the profile (docs/tei-profile.md, "TEI from elsewhere").

The publish half understands one shape of apparatus: parallel segmentation,
inside the text, with ``@wit`` pointing to declared witnesses. ``normalise``
turns a document another project wrote into that shape, on a copy (the file
as read is never changed, and is what the site offers for download):

* witnesses declared anywhere (``tagsDecl`` too) are moved to ``sourceDesc``;
  a witness with ``@n`` and no ``xml:id`` takes its ``@n`` as ``xml:id``;
* double end-point attachment (``<app from="#a" to="#b">``, in the back
  matter or in the text): each app is placed at its anchors, its lemma being
  the text between them (ancestors cut where the span crosses elements);
* location-referenced (``<app loc="…">``): the apps of one ``@loc`` are one
  entry, placed on the lemma where the block ``@loc`` names has it once,
  else at the end of that block, *apart*: it keeps ``@loc``, and its lemma
  is not part of the reading text (xslt/text.xsl shows only its marker);
* ``@wit`` tokens become ``#pointers``; sigla run together (``【宋】【元】``)
  are split; a siglum no witness declares is reported and declared as an
  implied witness, so the apparatus still shows it;
* words and entries standing directly in the body or a division, outside
  any row (a collation of entries only, as teiphy writes it), are wrapped in
  an ``ab``, a row of their own;
* a division or row of the body (``div``, ``p``, ``head``, ``ab``, ``lg``,
  ``l``) without ``xml:id`` is given one from its place (``div1.p3``: the
  third ``p`` of the first ``div``), so that it has an address on the site,
  is found by search and can be cited; the note says so.

What it did that the author should know is returned as diagnostics, once per
kind of thing with the line of its first occurrence.
"""

from __future__ import annotations

import copy
import re
from collections.abc import Iterator
from dataclasses import dataclass

from lxml import etree

from ..model import Diagnostic, Severity
from .read import TEI_NS, XML_NS, document_root, q

XML_ID = q("id", XML_NS)
APP, LEM, RDG, RDG_GRP, NOTE = q("app"), q("lem"), q("rdg"), q("rdgGrp"), q("note")
WITNESS, LIST_WIT = q("witness"), q("listWit")
# Elements a lemma may not be cut out of: they would be split in two.
_UNCUTTABLE = frozenset({APP, LEM, RDG, RDG_GRP, NOTE, q("witDetail")})
_JOINED_SIGLA = re.compile(r"【[^】]*】")
_SIGLUM_TEXT = re.compile(r"【[^】]{1,8}】|\S{1,4}")
_NOT_IN_ID = re.compile(r"[^\w.-]+")
_PLACEHOLDER = q("placeholder", "urn:x-edition:foreign")
METHODS = ("parallel-segmentation", "double-end-point", "location-referenced")


@dataclass(frozen=True, slots=True)
class Normalised:
    """A document in the profile's shape, the method its apparatus was written in, and what was found."""

    tree: etree._ElementTree
    method: str
    diagnostics: tuple[Diagnostic, ...]
    exempt: frozenset[str] = frozenset()  # witnesses no app need name: implied ones, and those none names


def is_profile(tree: etree._ElementTree | etree._Element) -> bool:
    """Whether a document is the edition's own kind: a work ``idno`` and a parallel-segmentation declaration."""
    root = document_root(tree)
    ns = {"t": TEI_NS}
    return bool(root.xpath("t:teiHeader/t:fileDesc/t:publicationStmt/t:idno[@type='work']", namespaces=ns)) \
        and bool(root.xpath("t:teiHeader/t:encodingDesc/t:variantEncoding[@method='parallel-segmentation']",
                            namespaces=ns))


def normalise(tree: etree._ElementTree | etree._Element, *, file: str) -> Normalised:
    """A copy of a foreign document in the profile's shape, with what the reader should know of it."""
    root = copy.deepcopy(document_root(tree))
    found: list[Diagnostic] = list(_check_structure(root, file))
    method = declared_method(root)
    _declare_witnesses(root)
    found += _attach_double_end_point(root, file)
    found += _attach_location_referenced(root, file, method)
    if method == "parallel-segmentation":
        for app in root.iter(APP):
            app.attrib.pop("loc", None)
    found += _point_to_witnesses(root, file)
    found += _wrap_loose(root, file)
    found += _address(root, file)
    _empty_omissions(root)
    for placeholder in list(root.iter(_PLACEHOLDER)):
        _drop(placeholder)
    if method is None:
        method = "double-end-point" if any(a.get("from") for a in tree.iter(APP)) else \
            "location-referenced" if any(a.get("loc") for a in root.iter(APP)) else "parallel-segmentation"
    unused = dict(_unused_witnesses(root, file))
    exempt = frozenset(w.get(XML_ID) for w in root.iter(WITNESS) if w.getparent().get("type") == "implied")
    return Normalised(etree.ElementTree(root), method,
                      tuple(sorted([*found, *unused.values()], key=lambda d: d.line)), exempt | set(unused))


ADDRESSED = frozenset(q(name) for name in ("div", "p", "head", "ab", "lg", "l"))
AB, DIV = q("ab"), q("div")
# What may stand directly in a body or division as its words, where a file (teiphy's, say) gives a
# collation of entries and no rows: a run of it is read as one row, an <ab>.
LOOSE = frozenset({APP, q("w"), q("pc"), q("seg"), q("c")})


def _wrap_loose(root: etree._Element, file: str) -> Iterator[Diagnostic]:
    """Wrap each run of words and entries that stands directly in the body or a division in an
    ``<ab>``, so that it is a row: with an address, searched, shown side by side and citable. An entry
    beside the text (``@loc``) stays where it is."""
    body = root.find(f"{q('text')}/{q('body')}")
    if body is None:
        return
    made: list[etree._Element] = []
    for parent in [body, *body.iter(DIV)]:
        run: list[etree._Element] = []
        for child in [*parent, None]:
            if child is not None and (child.tag in LOOSE and child.get("loc") is None
                                      or run and not isinstance(child.tag, str)):  # a comment inside a run
                run.append(child)
                continue
            while run and not isinstance(run[-1].tag, str):
                run.pop()
            if run:
                made.append(_wrapped(run))
            run = []
    if made:
        yield Diagnostic(
            "N-LOOSE", (f"{len(made)} runs of words and entries stand" if len(made) > 1 else
                        "a run of words and entries stands") + " directly in <body> or a <div>, outside any row; "
            "each is read as a row of its own, an <ab>", file, made[0][0].sourceline or 0,
            severity=Severity.NOTE, hint="Put the text in <p> or <ab> elements to give it rows of your own")


def _wrapped(run: list[etree._Element]) -> etree._Element:
    """An ``<ab>`` in place of ``run`` (siblings in order), holding it; the last one's tail follows the ``<ab>``."""
    first, last = run[0], run[-1]
    ab = etree.Element(AB)
    first.addprevious(ab)
    ab.tail, last.tail = last.tail, None
    ab.extend(run)
    return ab


def _address(root: etree._Element, file: str) -> Iterator[Diagnostic]:
    """Give each division and row of the body without ``xml:id`` one from its place: the id of the
    nearest such ancestor, a dot, its name and its number among its siblings of that name."""
    body = root.find(f"{q('text')}/{q('body')}")
    if body is None:
        return
    taken = {e.get(XML_ID) for e in root.iter(etree.Element) if e.get(XML_ID)}
    given = []

    def walk(parent: etree._Element, prefix: str) -> None:
        counts: dict[str, int] = {}
        for child in parent.iterchildren(etree.Element):
            if child.tag == NOTE:
                continue  # a note's paragraphs are no row of the text
            if child.tag not in ADDRESSED:
                walk(child, prefix)  # a wrapper (a seg, an app's reading): its rows count in the parent
                continue
            name = etree.QName(child).localname
            counts[name] = counts.get(name, 0) + 1
            if not child.get(XML_ID):
                ident = base = f"{prefix}{name}{counts[name]}"
                k = 1
                while ident in taken:
                    k += 1
                    ident = f"{base}-{k}"
                child.set(XML_ID, ident)
                taken.add(ident)
                given.append(child)
            walk(child, child.get(XML_ID) + ".")

    walk(body, "")
    if given:
        yield Diagnostic(
            "N-ADDRESS", f"{len(given)} divisions and rows have no xml:id; each was given one from its place "
            f"({given[0].get(XML_ID)}), its address on the site: it stays while the file is unchanged", file,
            given[0].sourceline or 0, severity=Severity.NOTE,
            hint="Give each <div>, <p>, <head>, <ab>, <lg> and <l> an xml:id of its own for addresses that "
                 "survive edits of the file")


def _unused_witnesses(root: etree._Element, file: str) -> Iterator[tuple[str, Diagnostic]]:
    """Declared witnesses that no reading names: reported once each, not in every entry."""
    text = root.find(q("text"))
    if text is None or text.find(f".//{APP}") is None:
        return
    groups = {g.get(XML_ID): [w.get(XML_ID) for w in g.iter(WITNESS)] for g in root.iter(LIST_WIT) if g.get(XML_ID)}
    named = set()
    for element in text.iter(etree.Element):
        for token in (element.get("wit") or "").split():
            named.update(groups.get(token[1:], [token[1:]]))
    for witness in root.iter(WITNESS):
        siglum = witness.get(XML_ID)
        if siglum and siglum not in named:
            yield siglum, Diagnostic(
                "W-WIT-UNUSED", f"witness '{siglum}' is declared but no reading names it; "
                "it is not required in each entry", file, witness.sourceline or 0, severity=Severity.WARNING,
                hint="Name it in the readings it has, or mark where it is lacunose")


def _check_structure(root: etree._Element, file: str) -> Iterator[Diagnostic]:
    """What any TEI document has, schema or not: a ``<teiHeader>`` and then a ``<text>``."""
    for name in ("teiHeader", "text"):
        if root.find(q(name)) is None:
            yield Diagnostic(
                "E-TEI-STRUCTURE", f"<TEI> has no <{name}>; this is not a TEI document", file,
                root.sourceline or 0, hint="A TEI document is <TEI><teiHeader>…</teiHeader><text>…</text></TEI>")


def _empty_omissions(root: etree._Element) -> None:
    """A reading that holds only ``<space quantity="0"/>`` (an omission, as CBETA writes it) is empty."""
    for reading in root.iter(LEM, RDG):
        if len(reading) and all(c.tag == q("space") and c.get("quantity") == "0" and not (c.tail or "").strip()
                                for c in reading) and not (reading.text or "").strip():
            reading.text = None
            reading[:] = []


def declared_method(root: etree._Element) -> str | None:
    """``variantEncoding/@method`` when it is one of the three of the Guidelines."""
    declaration = root.find(f"{q('teiHeader')}/{q('encodingDesc')}/{q('variantEncoding')}")
    method = None if declaration is None else declaration.get("method")
    return method if method in METHODS else None


# ---------------------------------------------------------------- witnesses


def _declare_witnesses(root: etree._Element) -> None:
    """Witnesses declared outside ``sourceDesc`` move there; ``@n`` stands in for a missing ``xml:id``."""
    source_desc = _source_desc(root)
    for group in [g for g in root.iter(LIST_WIT) if g.getparent().tag != LIST_WIT]:
        if not any(a is source_desc for a in group.iterancestors()):
            source_desc.append(group)
            group.tail = None
    taken = {e.get(XML_ID) for e in root.iter() if e.get(XML_ID)}
    keys = {_file_key(w.get(XML_ID)) for w in root.iter(WITNESS) if w.get(XML_ID)}
    for witness in root.iter(WITNESS):
        n = (witness.get("n") or "").strip()
        if not witness.get(XML_ID) and n and not n.startswith("#"):
            witness.set(XML_ID, _implied_id(n, keys, taken))
        label = " ".join("".join(t for t in witness.itertext()).split())
        if witness.get("n") is None and len(witness) == 0 and _SIGLUM_TEXT.fullmatch(label):
            witness.set("n", label)


def _source_desc(root: etree._Element) -> etree._Element:
    path = [q("teiHeader"), q("fileDesc"), q("sourceDesc")]
    element = root
    for tag in path:
        child = element.find(tag)
        if child is None:
            child = etree.SubElement(element, tag)
            if tag == q("teiHeader"):
                root.insert(0, child)
        element = child
    return element


def _point_to_witnesses(root: etree._Element, file: str) -> Iterator[Diagnostic]:
    """Every ``@wit`` as ``#pointers`` to declared witnesses, declaring what it names and nothing declares."""
    ids = {w.get(XML_ID) for w in root.iter(WITNESS, LIST_WIT) if w.get(XML_ID)}
    labels = {w.get("n"): w.get(XML_ID) for w in root.iter(WITNESS) if w.get(XML_ID) and w.get("n")}
    taken = {_file_key(i) for i in ids}
    every_id = {e.get(XML_ID) for e in root.iter(etree.Element) if e.get(XML_ID)}
    implied: dict[str, str] = {}
    undeclared: dict[str, list[int]] = {}
    bare: list[int] = []
    joined: list[int] = []

    def pointer(token: str, line: int) -> str:
        name = token.removeprefix("#")
        if name in ids:
            if not token.startswith("#"):
                bare.append(line)
            return name
        if name in labels:
            bare.append(line)
            return labels[name]
        if name not in implied:
            implied[name] = _implied_id(name, taken, every_id)
        undeclared.setdefault(name, []).append(line)
        return implied[name]

    for element in root.iter(etree.Element):
        value = element.get("wit")
        if value is None:
            continue
        line = element.sourceline or 0
        sigla = []
        for token in value.split():
            parts = _JOINED_SIGLA.findall(token)
            if len(parts) > 1 and "".join(parts) == token.removeprefix("#") and token.removeprefix("#") not in ids:
                joined.append(line)
                sigla += [pointer(part, line) for part in parts]
            else:
                sigla.append(pointer(token, line))
        element.set("wit", " ".join(f"#{s}" for s in dict.fromkeys(sigla)))
    _declare_implied(root, implied)
    yield from _pointer_diagnostics(file, undeclared, implied, bare, joined)


def _implied_id(name: str, taken: set[str], ids: set[str]) -> str:
    """An ``xml:id`` for a witness that is no other element's, and whose page is no other witness's file."""
    base = _NOT_IN_ID.sub("-", name).strip("-") or "wit"
    candidate, n = base, 1
    while _file_key(candidate) in taken or candidate in ids:
        n += 1
        candidate = f"{base}-{n}"
    taken.add(_file_key(candidate))
    ids.add(candidate)
    return candidate


def _file_key(siglum: str) -> str:
    return re.sub(r"[^\w-]+", "-", siglum).strip("-_").casefold()


def _declare_implied(root: etree._Element, implied: dict[str, str]) -> None:
    if not implied:
        return
    group = etree.SubElement(_source_desc(root), LIST_WIT, type="implied")
    for label, identifier in implied.items():
        witness = etree.SubElement(group, WITNESS, {XML_ID: identifier, "n": label})
        etree.SubElement(etree.SubElement(witness, q("bibl")), q("note")).text = \
            "Not declared in the file: named only by the @wit of its readings."


def _pointer_diagnostics(file: str, undeclared: dict[str, list[int]], implied: dict[str, str],
                         bare: list[int], joined: list[int]) -> Iterator[Diagnostic]:
    for name, lines in undeclared.items():
        more = f" (and {len(lines) - 1} more place{'s' if len(lines) > 2 else ''})" if len(lines) > 1 else ""
        yield Diagnostic(
            "E-WIT-UNDECLARED", f"@wit names {name!r}, which no <witness> declares{more}; "
            "the site shows it as an implied witness", file, lines[0],
            hint=f'Declare <witness xml:id="{implied[name]}"> in a <listWit>, or correct the siglum',
        )
    if bare:
        yield Diagnostic(
            "W-WIT-POINTER", f"@wit holds sigla rather than pointers ({len(bare)} attributes)", file, bare[0],
            severity=Severity.WARNING, hint="Write each as a pointer to its witness: '#A', not 'A'",
        )
    if joined:
        yield Diagnostic(
            "W-WIT-JOINED", f"@wit runs several sigla together, like '【宋】【元】' ({len(joined)} attributes); "
            "each is read as a siglum of its own", file, joined[0], severity=Severity.WARNING,
            hint="Separate the sigla with spaces, each a pointer: '#宋 #元'",
        )


# ---------------------------------------------------------------- double end-point attachment


def _attach_double_end_point(root: etree._Element, file: str) -> Iterator[Diagnostic]:
    """Place every ``<app from= to=>`` at its anchors, in document order of the apps."""
    body = root.find(f"{q('text')}/{q('body')}")
    if body is None:
        return
    ids = {}
    for element in root.iter(etree.Element):
        ids.setdefault(element.get(XML_ID), element)
    for app in [a for a in root.iter(APP) if a.get("from")]:
        start, end = (_target(app.get(name), ids, body) for name in ("from", "to"))
        line = app.sourceline or 0
        if start is None:
            yield Diagnostic(
                "E-APP-ANCHOR", f"@from points to {app.get('from')!r}, which is nothing in the text",
                file, line, hint="Point @from to an <anchor xml:id> (or an element) in the text")
            _apart(app, _unlocated(body), app.get("from"))
            continue
        if app.get("to") and end is None:
            yield Diagnostic(
                "E-APP-ANCHOR", f"@to points to {app.get('to')!r}, which is nothing in the text; "
                "the entry stands at its @from", file, line,
                hint="Point @to to the <anchor xml:id> where the lemma ends")
        if not _place(app, start, end):
            if end is not None:
                yield Diagnostic(
                    "W-APP-OVERLAP", "the lemma of this entry overlaps another entry's, or ends before it "
                    "begins; the entry stands beside the text", file, line, severity=Severity.WARNING,
                    hint="Parallel segmentation cannot overlap: nest the entries or split one")
            _apart(app, (start.getparent(), start), _label(start))


def _target(pointer: str | None, ids: dict, body: etree._Element) -> etree._Element | None:
    if not pointer or not pointer.startswith("#"):
        return None
    element = ids.get(pointer[1:])
    return element if element is not None and any(a is body for a in element.iterancestors()) else None


def _label(element: etree._Element) -> str:
    return element.get("n") or element.get(XML_ID) or ""


def _place(app: etree._Element, start: etree._Element, end: etree._Element | None) -> bool:
    """Wrap the text from ``start`` to ``end`` as the app's lemma; False where that cannot be done."""
    if end is None and any(a is start.getroottree().find(f"{q('text')}/{q('body')}") for a in app.iterancestors()):
        end = etree.Element(_PLACEHOLDER)  # in-line: the lemma runs from @from to the app itself
        app.addprevious(end)
    elif end is None:
        if len(start) == 0 and not start.text:
            return False
        end = start
    if end is not start and not _precedes(start, end):
        return False
    first = _point(start, at_start=True)
    last = _point(end, at_start=False)
    _detach(app)
    return _wrap(app, first, last)


def _precedes(a: etree._Element, b: etree._Element) -> bool:
    for element in a.getroottree().getroot().iter():
        if element is a:
            return True
        if element is b:
            return False
    return False


def _point(element: etree._Element, *, at_start: bool) -> etree._Element:
    """An empty placeholder at a boundary: after an empty anchor, or inside an element with content."""
    if len(element) == 0 and not element.text:
        return element
    placeholder = etree.Element(_PLACEHOLDER)
    if at_start:
        placeholder.tail, element.text = element.text, None
        element.insert(0, placeholder)
    else:
        element.append(placeholder)
    return placeholder


def _wrap(app: etree._Element, first: etree._Element, last: etree._Element) -> bool:
    """Move what lies between two empty elements into the app's lemma, the app standing there instead."""
    above_first = [first, *first.iterancestors()]
    common = next((a for a in last.iterancestors() if any(a is b for b in above_first)), None)
    if common is None or common.tag in (APP, RDG_GRP):
        return False
    top_first = _below(first, common)
    top_last = _below(last, common)
    if any(e.tag in _UNCUTTABLE for e in (*_path(first, common), *_path(last, common))):
        return False
    between = []
    for sibling in top_first.itersiblings():
        if sibling is top_last:
            break
        between.append(sibling)
    if top_first is first:
        lead, first.tail = first.tail, None
        head = []
    else:
        lead = None
        part = _after(first, top_first)
        part.tail, top_first.tail = top_first.tail, None
        head = [part]
    tail = [] if top_last is last else [_before(last, top_last)]
    lemma = _lemma(app)
    lemma.text = lead
    lemma.extend(head + between + tail)
    if not "".join(lemma.itertext()).strip() and lemma is not None:
        own = next((c for c in app if c.tag == LEM), None)
        if own is not None:
            lemma.text, lemma[:] = own.text, list(own)
    for own in [c for c in app if c.tag == LEM]:
        app.remove(own)
    app.insert(0, lemma)
    for attribute in ("from", "to", "loc"):
        app.attrib.pop(attribute, None)
    common.insert(common.index(top_first) + 1, app)
    app.tail = None
    return True


def _lemma(app: etree._Element) -> etree._Element:
    """A new ``<lem>`` with the attributes of the app's own (``@wit``, ``@resp`` …), if it has one."""
    own = next((c for c in app if c.tag == LEM), None)
    return etree.Element(LEM, dict(own.attrib) if own is not None else {})


def _below(element: etree._Element, ancestor: etree._Element) -> etree._Element:
    while element.getparent() is not ancestor:
        element = element.getparent()
    return element


def _path(element: etree._Element, ancestor: etree._Element) -> list[etree._Element]:
    """The ancestors of an element below ``ancestor`` (which the cut goes through)."""
    found = []
    for parent in element.iterancestors():
        if parent is ancestor:
            break
        found.append(parent)
    return found


def _shallow(element: etree._Element) -> etree._Element:
    """A copy of an element without its content or ``xml:id`` (the original keeps that)."""
    clone = etree.Element(element.tag, {k: v for k, v in element.attrib.items() if k != XML_ID},
                          nsmap=element.nsmap)
    return clone


def _after(node: etree._Element, stop: etree._Element) -> etree._Element:
    """Cut out of ``stop`` everything after ``node``, as a shallow copy of ``stop`` holding it."""
    text, moved = node.tail, list(node.itersiblings())
    node.tail = None
    parent = node.getparent()
    while True:
        clone = _shallow(parent)
        clone.text = text
        clone.extend(moved)
        if parent is stop:
            return clone
        clone.tail, parent.tail = parent.tail, None
        text, moved = None, [clone, *parent.itersiblings()]
        parent = parent.getparent()


def _before(node: etree._Element, stop: etree._Element) -> etree._Element:
    """Cut out of ``stop`` everything before ``node``, as a shallow copy of ``stop`` holding it."""
    parent = node.getparent()
    text, parent.text = parent.text, None
    moved = list(node.itersiblings(preceding=True))[::-1]
    while True:
        clone = _shallow(parent)
        clone.text = text
        clone.extend(moved)
        if parent is stop:
            return clone
        grand = parent.getparent()
        moved = [*list(parent.itersiblings(preceding=True))[::-1], clone]
        text, grand.text = grand.text, None
        parent = grand


def _detach(element: etree._Element) -> None:
    """Take an element out of the tree, leaving its tail where it was."""
    parent = element.getparent()
    if parent is None:
        return
    if element.tail:
        previous = element.getprevious()
        if previous is not None:
            previous.tail = (previous.tail or "") + element.tail
        else:
            parent.text = (parent.text or "") + element.tail
    element.tail = None
    parent.remove(element)


def _drop(element: etree._Element) -> None:
    _detach(element)


def _apart(app: etree._Element, where, loc: str | None) -> None:
    """Stand an app beside the text (after ``where``'s element, or at the end of a division): ``@loc`` marks it."""
    _detach(app)
    for attribute in ("from", "to"):
        app.attrib.pop(attribute, None)
    app.set("loc", (loc or "").removeprefix("#") or "?")
    if isinstance(where, tuple):
        after = where[1]
        outermost = [a for a in after.iterancestors(APP)]  # never inside another entry's readings
        after = outermost[-1] if outermost else after
        after.addnext(app)
        app.tail, after.tail = after.tail, None
    else:
        where.append(app)


def _unlocated(body: etree._Element) -> etree._Element:
    """The division at the end of the body for entries the text does not locate."""
    for div in body.iterchildren(q("div")):
        if div.get("type") == "unlocated-apparatus":
            return div
    div = etree.SubElement(body, q("div"), type="unlocated-apparatus")
    etree.SubElement(div, q("head")).text = "Entries the text does not locate"
    return div


# ---------------------------------------------------------------- location-referenced


def _attach_location_referenced(root: etree._Element, file: str, method: str | None) -> Iterator[Diagnostic]:
    """One entry per ``@loc``: on its lemma where the block has it once, else at the end of the block."""
    body = root.find(f"{q('text')}/{q('body')}")
    if body is None:
        return
    in_body = set(body.iter(APP))  # the elements themselves: the id of a proxy lxml has freed is reused
    apps = [a for a in root.iter(APP) if a.get("loc") and not a.get("from")
            and (method == "location-referenced" or a not in in_body)]
    if not apps:
        return
    blocks = _citable(body)
    groups: dict[str, etree._Element] = {}
    for app in apps:
        key = " ".join(app.get("loc").split())
        if key in groups:
            for child in list(app):
                groups[key].append(child)
            _detach(app)
        else:
            groups[key] = app
    for key, app in groups.items():
        block = _block_of(app, key, blocks, body)
        if block is None:
            yield Diagnostic(
                "W-APP-LOC", f"@loc {key!r} names no block of the text (no @n or xml:id matches it); "
                "the entry stands at the end", file, app.sourceline or 0, severity=Severity.WARNING,
                hint="Give the blocks the @n (or the div/@n path, 'WBP 1') that @loc cites")
            _apart(app, _unlocated(body), key)
            continue
        _detach(app)
        if not _place_on_lemma(app, block):
            app.set("loc", key)
            block.append(app)


def _citable(body: etree._Element) -> dict[str, list[etree._Element]]:
    """Every element of the body by its ``xml:id``, its ``@n``, and the ``@n`` of it and its ancestors."""
    found: dict[str, list[etree._Element]] = {}
    for element in body.iter(etree.Element):
        if element.tag in _UNCUTTABLE or any(a.tag in _UNCUTTABLE for a in element.iterancestors()):
            continue
        keys = {element.get(XML_ID)}
        if element.get("n"):
            chain = [a.get("n") for a in reversed(list(element.iterancestors())) if a.get("n")]
            chain.append(element.get("n"))
            keys |= {element.get("n"), " ".join(chain), ".".join(chain)}
        for key in keys - {None}:
            found.setdefault(key, []).append(element)
    return found


def _block_of(app, key: str, blocks: dict, body: etree._Element) -> etree._Element | None:
    candidates = blocks.get(key, [])
    around = [c for c in candidates if any(a is c for a in app.iterancestors())]
    if around:
        return around[-1]
    if candidates:
        return candidates[0]
    if any(a is body for a in app.iterancestors()):
        return app.getparent()
    return None


def _place_on_lemma(app: etree._Element, block: etree._Element) -> bool:
    """Wrap the one place of the block whose text is the app's lemma; False if it has none, or several."""
    lemma = next((c for c in app if c.tag == LEM), None)
    wanted = " ".join("".join(lemma.itertext()).split()) if lemma is not None else ""
    if not wanted:
        return False
    slots = list(_text_slots(block))
    text = "".join(s for _, _, s in slots)
    at = text.find(wanted)
    if at < 0 or text.find(wanted, at + 1) >= 0:
        return False
    last = _placeholder_at(slots, at + len(wanted))
    first = _placeholder_at(list(_text_slots(block)), at)
    if not _wrap(app, first, last):
        return False
    return True


def _text_slots(block: etree._Element) -> Iterator[tuple[etree._Element, str, str]]:
    """The block's text as (element, "text" or "tail", string), in order, outside entries and notes."""
    if block.text:
        yield block, "text", block.text
    for child in block:
        if isinstance(child.tag, str) and child.tag not in _UNCUTTABLE and child.tag != _PLACEHOLDER:
            yield from _text_slots(child)
        if child.tail:
            yield child, "tail", child.tail


def _placeholder_at(slots: list, offset: int) -> etree._Element:
    """An empty element inserted at a character offset of the block's text."""
    for element, where, string in slots:
        if offset <= len(string):
            placeholder = etree.Element(_PLACEHOLDER)
            if where == "text":
                placeholder.tail, element.text = string[offset:] or None, string[:offset] or None
                element.insert(0, placeholder)
            else:
                placeholder.tail, element.tail = string[offset:] or None, string[:offset] or None
                element.addnext(placeholder)
            return placeholder
        offset -= len(string)
    raise ValueError("offset beyond the block's text")
