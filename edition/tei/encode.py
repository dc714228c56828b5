"""Encode a collation as a TEI document (see docs/tei-profile.md).

The header comes from the catalogue and the ingest records; the body from
the collation's rows, in parallel segmentation. Nothing here depends on the
time or the machine: the same collation gives the same bytes.
"""

from __future__ import annotations

from collections import Counter
from functools import lru_cache

from lxml import etree

from .. import __version__
from ..collate.classify import CLASSES
from ..memory import bulk_stage
from ..model import BlockKind, Collation, Edition, Entry, Marker, MarkerKind, Reading, Row, Witness
from .ids import row_ids

TEI_NS = "http://www.tei-c.org/ns/1.0"
XML_NS = "http://www.w3.org/XML/1998/namespace"
XML_ID = f"{{{XML_NS}}}id"
XML_LANG = f"{{{XML_NS}}}lang"
EDITOR_PREFIX = "editor-"  # the xml:id of an editor's respStmt is this and the editor's id

CLASS_DEFINITIONS = {
    "substantive": "The readings differ in wording: an omission, addition, substitution or "
                   "transposition (rdg/@type says which).",
    "orthographic": "The readings are the same words in another script (simplified or traditional) "
                    "or with variant or compatibility forms of a character (rdg/@type: script, variant, "
                    "compatibility, width).",
    "numeral": "The readings are the same number written another way: Arabic or full-width digits, "
               "Chinese digits (二〇二五) or a Chinese numeral (二十).",
    "punctuation": "The readings differ only in punctuation marks, their width or their style "
                   "(rdg/@type: width, quotes, dash, omission, addition, substitution).",
    "paragraphing": "The witnesses break the text into blocks differently.",
    "duplication": "One witness has a stretch of text twice in a row, the other once.",
    "lacuna": "A witness begins, ends or breaks off here: its text is lost, not omitted.",
}

_MARKER_ELEMENT = {
    MarkerKind.WIT_START: "witStart",
    MarkerKind.WIT_END: "witEnd",
    MarkerKind.LACUNA_START: "lacunaStart",
    MarkerKind.LACUNA_END: "lacunaEnd",
}


def _el(parent, tag: str, text: str | None = None, **attrib: str):
    element = etree.SubElement(parent, _qualified(tag), attrib)
    if text:
        element.text = text
    return element


@lru_cache(maxsize=None)
def _qualified(tag: str) -> str:
    """A tag name in the TEI namespace (made once per name: a long work has millions of elements)."""
    return f"{{{TEI_NS}}}{tag}"


@bulk_stage
def encode(collation: Collation, edition: Edition, normalisations: dict[str, str]) -> etree._ElementTree:
    """Make the TEI document of one collated work.

    ``normalisations`` maps each normalisation code to its description; the
    header declares those that were applied, with counts per witness.
    """
    root = etree.Element(f"{{{TEI_NS}}}TEI", nsmap={None: TEI_NS})
    root.set(XML_LANG, collation.work.lang)
    header = _el(root, "teiHeader")
    _file_desc(header, collation, edition)
    _encoding_desc(header, collation, normalisations)
    profile = _el(header, "profileDesc")
    work = collation.work
    if work.date or work.place:
        creation = _el(profile, "creation")
        if work.date:
            _el(creation, "date", work.date, when=work.date)
        if work.place:
            _el(creation, "placeName", work.place)
    usage = _el(profile, "langUsage")
    _el(usage, "language", "Chinese in simplified script" if collation.work.lang == "zh-Hans"
        else "Chinese", ident=collation.work.lang)
    revisions = _el(header, "revisionDesc")
    _el(revisions, "change", f"Made by edition {__version__} from the witnesses listed above.",
        n=__version__)
    text = _el(root, "text")
    body = _el(text, "body")
    _body(body, collation)
    _layout(header, body)
    root.text = "\n"
    text.text = "\n"
    body.tail = "\n"
    text.tail = "\n"
    return etree.ElementTree(root)


def _file_desc(header, collation: Collation, edition: Edition) -> None:
    work = collation.work
    desc = _el(header, "fileDesc")
    titles = _el(desc, "titleStmt")
    _el(titles, "title", work.title, type="main")
    _el(titles, "title", f"A critical edition of {len(collation.witnesses)} "
        f"witness{'es' if len(collation.witnesses) != 1 else ''}", type="sub")
    for name in edition.editors or (edition.publisher or "The editors",):
        resp = _el(titles, "respStmt")
        _el(resp, "resp", "edited by")
        _el(resp, "name", name)
    for editor in collation.editors:
        resp = _el(titles, "respStmt", **{XML_ID: f"{EDITOR_PREFIX}{editor.id}"})
        _el(resp, "resp", "editorial decisions")
        _el(resp, "name", editor.name)
    edition_stmt = _el(desc, "editionStmt")
    _el(edition_stmt, "edition", f"Version {edition.version or __version__}",
        n=edition.version or __version__)
    publication = _el(desc, "publicationStmt")
    _el(publication, "publisher", edition.publisher or edition.title)
    _el(publication, "idno", work.id, type="work")
    availability = _el(publication, "availability")
    _el(availability, "licence", edition.licence or "All rights reserved.")
    source = _el(desc, "sourceDesc")
    listwit = _el(source, "listWit")
    for witness in collation.witnesses:
        _witness(listwit, witness)


def _witness(listwit, witness: Witness) -> None:
    src = witness.source
    element = _el(listwit, "witness", n=src.siglum, **{XML_ID: src.siglum})
    _el(element, "abbr", src.siglum, type="siglum")
    bibl = _el(element, "bibl")
    if src.outlet:
        _el(bibl, "publisher", src.outlet)
    if src.date:
        _el(bibl, "date", src.date, when=src.date)
    _el(bibl, "idno", src.file.rsplit("/", 1)[-1], type="file")
    _el(bibl, "idno", witness.sha256, type="sha256")
    for first, last in src.ranges:
        _el(bibl, "citedRange", unit="line", **{"from": str(first), "to": str(last)})
    if src.note:
        _el(bibl, "note", src.note)


def _encoding_desc(header, collation: Collation, normalisations: dict[str, str]) -> None:
    desc = _el(header, "encodingDesc")
    _el(desc, "variantEncoding", method="parallel-segmentation", location="internal")
    decl = _el(desc, "editorialDecl")
    norm = _el(decl, "normalization")
    counts: dict[str, Counter] = {}
    for witness in collation.witnesses:
        for block in witness.blocks:
            for code in block.normalisations:
                counts.setdefault(code, Counter())[witness.siglum] += 1
    if not counts:
        _el(norm, "p", "No capture damage needed undoing: every reading keeps the witness's own "
            "characters, script, punctuation and line layout.")
        return _encoding_rest(desc, decl, collation)
    para = _el(norm, "p", "Capture damage was undone before collation as listed here; each item "
               "names what was done and how many blocks of which witness it touched. Every "
               "reading otherwise keeps the witness's own characters, script and punctuation.")
    items = _el(para, "list")
    for code in sorted(counts):
        item = _el(items, "item", n=code)
        item.text = normalisations.get(code, code) + " "
        for siglum, count in sorted(counts[code].items()):
            measure = _el(item, "measure", f"{siglum}: {count}", unit="block", quantity=str(count))
            measure.set("corresp", f"#{siglum}")
    _encoding_rest(desc, decl, collation)


def _encoding_rest(desc, decl, collation: Collation) -> None:
    seg = _el(decl, "segmentation")
    _el(seg, "p", "Witnesses are aligned block by block (headings, paragraphs, date lines, "
        "signatures), then character by character: one token per CJK character, a run of "
        "Latin letters or of digits as one token, each punctuation mark as its own token. "
        "Alignment compares a form with script, width and compatibility ideographs folded.")
    interp = _el(decl, "interpretation")
    base = collation.work.base
    _el(interp, "p", f"The lemma is the reading of the base witness {base}. Each place of "
        "variation is one entry, as small as the difference, classed as listed in the "
        "classification declaration.")
    if collation.editors:
        _el(interp, "p", "Editorial decisions: a lemma that names an editor in @resp was chosen by "
            "that editor; a reading whose @cause is \"error\" was judged by the editor it names an error "
            "of its witnesses; a note of type \"editorial\" in an entry is the note of the editor it names.")
    _refs_decl(desc)
    _class_decl(desc)


def _refs_decl(desc) -> None:
    refs = _el(desc, "refsDecl")
    section = _el(refs, "citeStructure", unit="section", match="/TEI/text/body/div", use="@xml:id")
    block = _el(section, "citeStructure", unit="paragraph", match="*[@xml:id]", use="@xml:id")
    _el(block, "citeStructure", unit="variant", match=".//app", use="@xml:id")


def _class_decl(desc) -> None:
    decl = _el(desc, "classDecl")
    taxonomy = _el(decl, "taxonomy", **{XML_ID: "variant-classes"})
    for name in CLASSES:
        category = _el(taxonomy, "category", **{XML_ID: f"class-{name}"})
        _el(category, "catDesc", f"{name}: {CLASS_DEFINITIONS[name]}")


def _body(body, collation: Collation) -> None:
    rows = collation.rows
    ids = row_ids(rows, [w.siglum for w in collation.witnesses], collation.work.base)
    links = _transposition_links(rows, ids)
    div = None
    for row, row_id in zip(rows, ids):
        if row_id == "title":
            head = _el(body, "head", type="title", **{XML_ID: "title"})
            _fill(head, row.pieces, "title", links)
            continue
        if row.kind is BlockKind.HEADING:
            div = _el(body, "div", type="section", n=_plain_text(row) or row_id, **{XML_ID: row_id})
            head = _el(div, "head", **{XML_ID: f"{row_id}.h"})
            _fill(head, row.pieces, _block_id(row, row_id), links)
            continue
        if div is None:
            div = _el(body, "div", type="preamble", **{XML_ID: "s0"})
        if row.kind is BlockKind.GAP:
            _el(div, "gap", reason="lost")
            continue
        tag = "p" if row.kind is BlockKind.PARAGRAPH else "ab"
        attrs = {XML_ID: row_id, "n": row_id.rsplit(".p", 1)[-1]}
        if tag == "ab":
            attrs["type"] = row.kind.value
        element = _el(div, tag, **attrs)
        _fill(element, row.pieces, row_id, links)


def _plain_text(row: Row) -> str:
    """The text of a row as the lemma reads it."""
    out = []
    for piece in row.pieces:
        if isinstance(piece, str):
            out.append(piece)
        elif isinstance(piece, Entry) and piece.lemma is not None:
            out.append(piece.readings[piece.lemma].text)
    return "".join(out).strip()


def _block_id(row: Row, row_id: str) -> str:
    """The xml:id of the element a row is written as: the title, a section's heading, or the row."""
    return f"{row_id}.h" if row.kind is BlockKind.HEADING and row_id != "title" else row_id


def _entry_ids(pieces, block_id: str):
    """(entry, xml:id) for the entries of a row, numbered in order."""
    entries = [p for p in pieces if isinstance(p, Entry)]
    return [(entry, f"{block_id}.v{n}") for n, entry in enumerate(entries, start=1)]


def _transposition_links(rows, ids) -> dict[str, str]:
    """For each entry that is one place of a transposition, the xml:id of the other place."""
    places: dict[int, list[str]] = {}
    for row, row_id in zip(rows, ids):
        for entry, entry_id in _entry_ids(row.pieces, _block_id(row, row_id)):
            if entry.moved:
                places.setdefault(entry.moved, []).append(entry_id)
    links = {}
    for pair in places.values():
        if len(pair) == 2:
            links[pair[0]], links[pair[1]] = pair[1], pair[0]
    return links


def _fill(element, pieces, block_id: str, links: dict[str, str]) -> None:
    """Write a row's pieces into ``element``: text, markers and entries in order."""
    entry_ids = dict((id(entry), entry_id) for entry, entry_id in _entry_ids(pieces, block_id))
    last = element[-1] if len(element) else None
    for piece in pieces:
        if isinstance(piece, str):
            _append_text(element, last, piece)
        elif isinstance(piece, Marker):
            last = _marker(element, piece)
        else:
            entry_id = entry_ids[id(piece)]
            last = _entry(element, piece, entry_id, links.get(entry_id))


def _append_text(element, last, text: str) -> None:
    """Add text after ``last``, the last child of ``element`` (None: it has none yet)."""
    if last is not None:
        last.tail = (last.tail or "") + text
    else:
        element.text = (element.text or "") + text


def _marker(parent, marker: Marker):
    if marker.kind is MarkerKind.BLOCK:
        lines = str(marker.first_line) if marker.first_line == marker.last_line \
            else f"{marker.first_line}-{marker.last_line}"
        return _el(parent, "milestone", unit="block", edRef=f"#{marker.siglum}", n=lines,
                   type=marker.block_kind.value)
    if marker.kind is MarkerKind.JUMP:
        return _el(parent, "note", marker.text, type="jump")
    return _el(parent, _MARKER_ELEMENT[marker.kind])


def _entry(parent, entry: Entry, entry_id: str, other_place: str | None):
    app = _el(parent, "app", type=entry.type, **{XML_ID: entry_id})
    if other_place:
        app.set("corresp", f"#{other_place}")
    if entry.lemma is not None:
        _reading(app, "lem", entry.readings[entry.lemma])
    for index, reading in enumerate(entry.readings):
        if index != entry.lemma:
            _reading(app, "rdg", reading)
    for note in entry.notes:
        _el(app, "note", note.text, type="editorial", resp=f"#{EDITOR_PREFIX}{note.resp}")
    return app


def _reading(app, tag: str, reading: Reading) -> None:
    element = _el(app, tag, wit=" ".join(f"#{s}" for s in reading.wit))
    if reading.type and tag == "rdg":
        element.set("type", reading.type)
    if reading.cause:
        element.set("cause", reading.cause)
    if reading.resp:
        element.set("resp", f"#{EDITOR_PREFIX}{reading.resp}")
    last = None
    for piece in reading.pieces:
        if isinstance(piece, str):
            _append_text(element, last, piece)
        else:
            last = _marker(element, piece)


def _layout(header, body) -> None:
    """Indent the header, and put each division and block of the body on its own line.

    Only element-only content gets white space: inside blocks and readings
    every character is the witnesses' own.
    """
    etree.indent(header, space="  ")
    header.tail = "\n"
    body.text = "\n"
    for element in body.iter(f"{{{TEI_NS}}}div"):
        element.text = "\n"
    for element in body.iterchildren():
        element.tail = "\n"
    for div in body.iter(f"{{{TEI_NS}}}div"):
        for child in div.iterchildren():
            child.tail = "\n"
