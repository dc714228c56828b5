"""The witnesses of a work side by side, row by row of the apparatus, for the parallel page.

Each row of the edition (a ``<p>``, ``<head>``, ``<ab>`` or ``<l>`` of the
TEI; where they nest, as verse lines in an ``<ab>``, the innermost) is a row
of the page, and each witness a column. A witness's part of a row is what
``edition.tei.rebuild`` gives it there: one walk over the text
(``rebuild.walk``) follows every witness at once, keeping text only while a
witness is active. Where a witness stands in an apparatus entry, what it
has is kept together as its reading of that entry, so the page can mark the
places where the witnesses part and link each to its entry on the reading
page; an empty reading is an omission. A witness with nothing in a row gets
a gap that says why: it begins later, it has ended, it is in a lacuna, or
only others have that block.

Text outside every row (TEI from elsewhere may put it in a division, or a
``<gap/>`` between paragraphs) makes a row of its own. Only the ``<body>``
has rows, as the reading page shows only it; the walk goes through the
front and back as well, for the span markers there. The rows are written
straight to one HTML table in each script (``parallel_table``): they are
not TEI but what the walk made of it, and writing them as text takes a
fraction of the time a stylesheet and a tree of the page would.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field
from itertools import groupby

from lxml import etree

from ..tei.read import XML_NS, document_root, q
from ..tei.rebuild import (ACTIVE, APP, ENDED, GAP, IN_LACUNA, MILESTONE, NOTE, RDG_GRP, ROWS,
                           SPAN_MARKERS, SPAN_TRANSITIONS, app_readings, initial_states, list_wit,
                           marker_witnesses, reading_witnesses, resolve, walk)
from . import escape
from .facts import is_chinese
from .hant import convert_texts
from .paths import hant_href
from .transform import R_N

XML_ID = q("id", XML_NS)
DIV, SEG = q("div"), q("seg")
ID_PREFIX, ENTRY_PREFIX = "t-", "v-"  # as xslt/common.xsl names the ids of the reading page


@dataclass(frozen=True, slots=True)
class Mark:
    """A witness's reading of one entry: the entry's anchor on the reading page, number, id, class,
    which of its readings it is, and the reading's tag (``lem``/``rdg``)."""

    anchor: str
    n: str
    ref: str
    type: str
    reading: int
    tag: str
    title: str = field(compare=False)  # what its link is called


@dataclass(slots=True)
class Cell:
    """What one witness has in one row: ``pieces`` as ``(kind, value, mark)``, and the states it was in there.

    Kinds: ``text`` (a string), ``note`` (type and text), ``gap``, ``om`` (an
    empty reading where others have text), ``runon`` (an empty reading where others
    begin a block), ``block`` (a block of the witness begins inside a
    reading) and the span markers (``witStart`` …). ``mark`` is the
    ``Mark`` of the reading the piece stands in, or None.
    """

    begun: bool
    states: set[str]
    pieces: list = field(default_factory=list)

    @property
    def absent(self) -> str:
        """Why the witness has no text here (``later``, ``ended``, ``lacuna``, ``none``), or ``""`` if it has some."""
        if any(kind in ("note", "gap") or (kind == "text" and value.strip()) for kind, value, _ in self.pieces):
            return ""
        if IN_LACUNA in self.states:
            return "lacuna"
        if ENDED in self.states:
            return "ended" if self.begun else "later"
        return "none"


@dataclass(slots=True)
class Row:
    """One row: the TEI element's name, ``xml:id``, kind (``@type``, ``title``), division, and a cell per witness."""

    tag: str
    ident: str
    kind: str
    section: str
    cells: dict[str, Cell]


@dataclass(frozen=True, slots=True)
class ParallelView:
    """The parallel page of a work: its table in both scripts, its columns (siglum, label) and
    how many apparatus entries it marks."""

    text: tuple[str, str]
    columns: tuple[tuple[str, str], ...]
    places: int


def parallel_view(numbered_tree: etree._ElementTree, witnesses: list[tuple[str, str, str]],
                  lang: str) -> ParallelView:
    """The witnesses side by side as HTML in both scripts, each linking to the pages in its own script.

    ``witnesses`` are (siglum, label, file name of its page) of the witnesses
    the site has pages for; a witness the text names that the header does
    not describe (TEI from elsewhere) gets a column too, without a page.
    ``lang`` is the language of the text.
    """
    rows = parallel_rows(numbered_tree)
    known = {siglum for siglum, _, _ in witnesses}
    columns = [*witnesses, *((s, s, "") for s in list_wit(numbered_tree).sigla if s not in known)]
    cells = _runs(rows, columns)
    hans = _table(rows, cells, columns, lang, None)
    # All but the readings of orthographic entries: converting both sides would hide them.
    hant = _table(rows, cells, columns, lang, convert_texts if is_chinese(lang) else _unchanged)
    places = {m.anchor for row in rows for cell in row.cells.values() for _, _, m in cell.pieces if m}
    return ParallelView((hans, hant), tuple((siglum, label) for siglum, label, _ in columns), len(places))


def parallel_rows(tree: etree._ElementTree) -> list[Row]:
    """Every row of the text with what each declared witness has in it.

    ``tree`` should be ``transform.numbered``: entries carry the number the
    reading page gives them, which names their anchor when they have no id.
    """
    return _Walk(tree).rows()


class _Walk:
    """The state of the one walk: witnesses' states, the open row, the reading being read."""

    def __init__(self, tree: etree._ElementTree) -> None:
        self.witnesses = list_wit(tree)
        self.text = document_root(tree).find(q("text"))
        self.body = None if self.text is None else self.text.find(q("body"))
        self.in_body = False
        self.found: list[Row] = []
        self.row: Row | None = None
        self.row_node: etree._Element | None = None
        self.mark: Mark | None = None
        self.depth = 0  # readings open around the walk
        self.added = dict.fromkeys(self.witnesses.sigla, 0)
        self.before: dict[str, int] = {}
        self.begun: set[str] = set()
        self.order: dict[etree._Element, list[etree._Element]] = {}

    def rows(self) -> list[Row]:
        if self.text is None:
            return []
        self.readings = reading_witnesses(self.text, self.witnesses)
        self.states = initial_states(self.text, self.readings, self.witnesses)
        frames = []
        for event, node, frame in walk(self.text, self.witnesses.sigla, self.readings):
            if event == "end":
                frames.pop()
                self._end(node)
                if node.tail and frame.counts:
                    self._text(node.tail, frame.context, node.getparent())
                continue
            frames.append(frame)
            self._start(node, frame, frames)
            if node.text and frame.counts:
                self._text(node.text, frame.context, node)
        return [row for row in self.found if any(not c.absent for c in row.cells.values())]

    def _start(self, node, frame, frames) -> None:
        if node is self.body:
            self.in_body = True
        if self.in_body and node.tag in ROWS and self.row_node is None and frame.context and not _holds_rows(node):
            self._open(node.tag, node, node)
        elif node in self.readings:
            self.depth += 1
            if self.depth == 1:
                self.mark = self._mark(node)
                self.before = {s: self.added[s] for s in frame.context}
        if node.tag in SPAN_MARKERS:
            for siglum in marker_witnesses(node, frame.reading, self.witnesses):
                self.states[siglum] = SPAN_TRANSITIONS[node.tag][1]
                cell = self._cell(siglum, node)
                if cell is not None:
                    cell.states.add(self.states[siglum])
                self._put(siglum, cell, etree.QName(node).localname, "")
        elif node.tag == NOTE and len(frames) > 1 and not _beside_readings(node):
            text = " ".join("".join(node.itertext()).split())
            self._add(frames[-2].context, "note", (node.get("type", ""), text), node)
        elif node.tag == GAP:
            self._add(frame.context, "gap", "", node)
        elif node.tag == MILESTONE and node.get("unit") == "block" and self.mark is not None:
            self._add(frame.context & resolve(node.get("edRef"), self.witnesses), "block", "", node)

    def _end(self, node) -> None:
        if node is self.body:
            self._close()
            self.in_body = False
        if node is self.row_node:
            self._close()
        elif node in self.readings:
            if self.depth == 1:
                empty = [s for s, count in self.before.items()
                         if count == self.added[s] and self.states[s] == ACTIVE]
                kind = _empty_reading(next(node.iterancestors(APP)), node) if empty else ""
                for siglum in empty if kind else ():
                    self._put(siglum, self._cell(siglum, node), kind, "")
                self.mark = None
            self.depth -= 1

    def _open(self, tag: str, element: etree._Element, node: etree._Element | None) -> Row:
        """A new row; ``node`` is its element while it is open (None for a row of loose text)."""
        self._close()
        divisions = (e for e in (element, *element.iterancestors(DIV)) if e.tag == DIV and e.get(XML_ID))
        section = next((d.get(XML_ID) for d in divisions), "")
        kind = ""
        if node is not None:
            kind = "title" if tag == q("head") and element.get("type") == "title" else element.get("type", "")
        cells = {s: Cell(s in self.begun, {self.states[s]}) for s in self.witnesses.sigla}
        name = etree.QName(tag).localname if tag.startswith("{") else tag
        self.row = Row(name, element.get(XML_ID, "") if node is not None else "", kind, section, cells)
        self.row_node = node
        self.found.append(self.row)
        return self.row

    def _close(self) -> None:
        self.row, self.row_node = None, None

    def _cell(self, siglum: str, node: etree._Element) -> Cell | None:
        """The cell of the open row; outside every row, a row of loose text is opened.

        Only the body has rows, as only it has a reading text to link to.
        """
        if not self.in_body:
            return None
        row = self.row or self._open(GAP if node.tag == GAP else _name(node), node, None)
        return row.cells[siglum]

    def _text(self, text: str, context: frozenset[str], node: etree._Element) -> None:
        if self.row is None and not text.strip():
            return
        self._add(context, "text", text, node)

    def _add(self, context: frozenset[str], kind: str, value, node: etree._Element) -> None:
        """A piece for every witness of the context that is active."""
        for siglum in context:
            if self.states[siglum] == ACTIVE:
                self._put(siglum, self._cell(siglum, node), kind, value)
                if kind == "text" and value.strip():
                    self.begun.add(siglum)

    def _put(self, siglum: str, cell: Cell | None, kind: str, value) -> None:
        if cell is not None:
            cell.pieces.append((kind, value, self.mark))
            self.added[siglum] += 1

    def _mark(self, reading: etree._Element) -> Mark:
        app = reading.getparent()
        if app.tag != APP:
            app = next(reading.iterancestors(APP))
        if app not in self.order:
            self.order[app] = app_readings(app)
        ident, n, kind = app.get(XML_ID, ""), app.get(R_N, ""), app.get("type", "")
        if n:
            anchor = ID_PREFIX + ident if ident else ENTRY_PREFIX + n
        else:
            row = self.row.ident if self.row else ""
            anchor = ID_PREFIX + row if row else ""
        index = next((i for i, r in enumerate(self.order[app]) if r is reading), 0)
        tag = etree.QName(reading).localname
        title = f"Variant {n}" + (f" ({ident})" if ident else "") + (f", {kind}" if kind else "")
        return Mark(anchor, n, ident, kind, index, tag, title)


def _holds_rows(node: etree._Element) -> bool:
    """Whether rows stand inside this one (verse lines in an ``<ab>``): then they are the rows, not it."""
    for inner in node.iterdescendants(*ROWS):
        if not any(a.tag == NOTE for a in _between(inner, node)):
            return True
    return False


def _between(inner: etree._Element, outer: etree._Element):
    for ancestor in inner.iterancestors():
        if ancestor is outer:
            return
        yield ancestor


def _empty_reading(app: etree._Element, reading: etree._Element) -> str:
    """What an empty reading says: ``om`` where another reading has text, ``runon`` where others
    only begin a block (the witness's block runs on), nothing where they only start or end a span."""
    others = [r for r in app_readings(app) if r is not reading]
    if any(_words(r) for r in others):
        return "om"
    if any(m.get("unit") == "block" for r in others for m in r.iter(MILESTONE)):
        return "runon"
    return ""


def _words(reading: etree._Element) -> bool:
    """Whether a reading has any text of its own (notes are not text)."""
    walker = etree.iterwalk(reading, events=("start",))
    for _, node in walker:
        if node is not reading and node.tail and node.tail.strip() and node.getparent().tag not in (APP, RDG_GRP):
            return True
        if node.tag == NOTE:
            walker.skip_subtree()
        elif node.text and node.text.strip() and node.tag not in (APP, RDG_GRP):
            return True
    return False


def _name(node: etree._Element) -> str:
    return node.tag if isinstance(node.tag, str) else "ab"


def _beside_readings(node: etree._Element) -> bool:
    parent = node.getparent()
    return parent is not None and parent.tag in (APP, RDG_GRP) and node.tag != RDG_GRP


MAX_COLUMNS = 5  # more witnesses than this are stacked row by row until a reader chooses
_ABSENT = {"later": "not yet begun in ", "ended": "ended in ", "lacuna": "lacuna in "}
_MARKERS = {"witStart": "[starts]", "witEnd": "[ends]", "lacunaStart": "[lacuna begins]", "lacunaEnd": "[lacuna ends]"}
FIXED_HTML = {  # what is not text, as the parallel view and the witness pages write it
    "om": '<i class="om" lang="la">om.</i>',
    "runon": '<i class="runon" lang="en">runs on</i>',
    "block": '<span class="block-start" lang="en" title="A block of this witness begins here">¶</span>',
    "gap": '<span class="gap" data-tei="gap" title="Text lost: no witness has it here">[…]</span>',
    **{kind: f'<span class="ed-mark" lang="en">{label}</span>' for kind, label in _MARKERS.items()},
}


def parallel_table(rows: list[Row], witnesses: list[tuple[str, str, str]], lang: str,
                   convert: Callable[[list[str]], list[str]] | None = None) -> str:
    """The rows as one ``<table class="parallel">`` in HTML, in simplified script, or, given ``convert``
    (texts to traditional script), in traditional script linking to the traditional pages.

    ``witnesses`` are (siglum, label, file name of its page) in column order.
    The table is written as text, as lxml's HTML serializer would write it:

        a division    tbody (id: its anchor on the reading page)
        a row         tr.prow, with a th of its reference (a link to it here and on the reading page)
        a cell        td of one witness (td.absent: a gap, and why)
        a reading     mark.diff where the witnesses part, linked to its entry on the reading page
        om, runon     i.om / i.runon: an empty reading
        block         ¶: a block of the witness begins inside a reading

    Only the witnesses' text is converted (and notes in it), never a reading of
    an orthographic entry, which shows the witness's own characters.
    """
    return _table(rows, _runs(rows, witnesses), witnesses, lang, convert)


def _runs(rows: list[Row], witnesses: list[tuple[str, str, str]]) -> list[list[list]]:
    """The runs (``_cell_runs``) of each cell of each row, in column order."""
    return [[_cell_runs(row.cells.get(siglum, _NOTHING)) for siglum, _, _ in witnesses] for row in rows]


def _table(rows: list[Row], cells: list[list[list]], witnesses: list[tuple[str, str, str]], lang: str,
           convert: Callable[[list[str]], list[str]] | None) -> str:
    """``parallel_table`` of rows whose cells are already cut into runs (``_runs``)."""
    hant = convert is not None
    text_lang = "zh-Hant" if hant and is_chinese(lang) else lang
    link = hant_href if hant else str
    reading_page = link("index.html")
    converted = _converter(cells, convert)
    starts: dict[int, str] = {}  # the start tags of each reading's mark, made once for all the cells it is in
    opened = []  # the start of each column's cells: the td and the siglum
    for siglum, label, _ in witnesses:
        name = escape.text(label)
        opened.append((f"<td data-wit={escape.attribute(siglum)} lang={escape.attribute(text_lang)}",
                       f'><span class="cell-wit siglum" lang="en">{name}</span>', name))
    layout = "stacked" if len(witnesses) > MAX_COLUMNS else "columns"
    out = [f'<table class="parallel" data-tei="body" data-max-columns="{MAX_COLUMNS}" data-layout="{layout}">'
           '<caption class="visually-hidden" lang="en">The witnesses side by side, row by row of the edition</caption>'
           '<thead lang="en"><tr><th scope="col" class="ref">Row</th>']
    for siglum, label, slug in witnesses:
        name = escape.text(label)
        out.append(f'<th scope="col" data-wit={escape.attribute(siglum)}>')
        if slug:
            out.append(f'<a class="siglum" href={escape.href(link(f"witness/{slug}.html"))} '
                       f'title={escape.attribute(f"Witness {label} as it reads")}>{name}</a></th>')
        else:
            out.append(f'<span class="siglum">{name}</span></th>')
    out.append("</tr></thead>")
    section, taken = None, set()
    for number, (row, runs) in enumerate(zip(rows, cells), start=1):
        if row.section != section:
            if section is not None:
                out.append("</tbody>")
            section = row.section
            anchor = ""
            if section and section not in taken:
                anchor = f" id={escape.attribute(ID_PREFIX + section)}"
                taken.add(section)
            out.append(f'<tbody data-tei="div"{anchor}>')
        _write_row(out, row, number, taken, reading_page)
        for (siglum, _, _), column, cell_runs in zip(witnesses, opened, runs):
            _write_td(out, column, row.cells.get(siglum, _NOTHING), cell_runs, lang, reading_page, converted, starts)
        out.append("</tr>")
    if section is not None:
        out.append("</tbody>")
    out.append("</table>")
    return "".join(out)


def _write_row(out: list[str], row: Row, number: int, taken: set[str], reading_page: str) -> None:
    anchor = ""
    if row.ident and row.ident not in taken:
        anchor = ID_PREFIX + row.ident
        taken.add(row.ident)
    out.append(f'<tr class="prow" data-tei={escape.attribute(row.tag)}')
    if anchor:
        out.append(f" id={escape.attribute(anchor)}")
    if row.kind:
        out.append(f" data-type={escape.attribute(row.kind)}")
    out.append('><th scope="row" class="ref" lang="en">')
    if anchor:
        out.append(f'<a class="pilcrow" href={escape.href("#" + anchor)} '
                   f'aria-label={escape.attribute(f"Link to {row.ident} in this view")}>¶</a>'
                   f'<a class="xref" href={escape.href(f"{reading_page}#{anchor}")} '
                   f'title={escape.attribute(f"{row.ident} in the reading text")}>{escape.text(row.ident)}</a>')
    else:
        out.append("[…]" if row.tag == "gap" else str(number))
    out.append("</th>")


def _write_td(out: list[str], column: tuple[str, str, str], cell: Cell, runs: list, source_lang: str,
              reading_page: str, converted: Callable[[str], str], starts: dict[int, str]) -> None:
    td, siglum, name = column
    absent = cell.absent
    out.append(td)
    if absent:
        out.append(f' class="absent" data-absent="{absent}"')
    out.append(siglum)
    if absent:
        out.append(f'<span class="absent-label" lang="en">{_ABSENT.get(absent, "not in ")}{name}</span>')
    for mark, pieces in runs:
        if mark is None:
            _write_pieces(out, pieces, converted)
            continue
        kept = mark.type == "orthographic"
        start = starts.get(id(mark))
        if start is None:
            start = starts[id(mark)] = _mark_start(mark, source_lang, reading_page)
        if sum(len(value) for kind, value in pieces if kind == "text") <= SHORT:
            start = start.replace("<a href=", '<a class="short" href=', 1)
        out.append(start)
        _write_pieces(out, pieces, str if kept else converted)
        out.append("</a></mark>")
    out.append("</td>")


SHORT = 3  # a reading of this many characters or fewer is a link at least 24px wide (its CSS)


def _mark_start(mark: Mark, source_lang: str, reading_page: str) -> str:
    """The start of a reading's mark and of its link to the entry."""
    start = (f'<mark class="diff" data-tei="{mark.tag}" data-entry={escape.attribute(mark.anchor)} '
             f'data-reading="{mark.reading}"')
    if mark.type:
        start += f" data-type={escape.attribute(mark.type)}"
    if mark.type == "orthographic":
        start += f' lang={escape.attribute(source_lang)} translate="no"'
    return start + f"><a href={escape.href(f'{reading_page}#{mark.anchor}')} title={escape.attribute(mark.title)}>"


def _write_pieces(out: list[str], pieces: list, converted: Callable[[str], str]) -> None:
    for kind, value in pieces:
        if kind == "text":
            out.append(escape.text(converted(value)))
        elif kind == "note":
            kind_attribute = f" data-type={escape.attribute(value[0])}" if value[0] else ""
            out.append(f'<span class="sidenote" data-tei="note" role="note"{kind_attribute}>'
                       f"{escape.text(converted(value[1]))}</span>")
        else:
            out.append(FIXED_HTML[kind])


def _cell_runs(cell: Cell) -> list[tuple[Mark | None, list]]:
    """A cell's pieces as runs: (mark, pieces) for each reading, (None, pieces) for the text between;
    text next to text is one piece, as it is one text of the page (and so converted as one).

    A reading of white space alone stays unmarked: it would be a link without a name.
    """
    runs: list[tuple[Mark | None, list]] = []
    for _, group in groupby(cell.pieces, key=lambda piece: id(piece[2])):
        group = list(group)
        mark = group[0][2]
        if mark is not None and all(kind == "text" and not value.strip() for kind, value, _ in group):
            mark = None
        pieces = [(kind, value) for kind, value, _ in group]
        if mark is None and runs and runs[-1][0] is None:
            runs[-1][1].extend(pieces)
        else:
            runs.append((mark, pieces))
    for _, pieces in runs:
        merged: list = []
        for kind, value in pieces:
            if kind == "text" and merged and merged[-1][0] == "text":
                merged[-1] = ("text", merged[-1][1] + value)
            elif kind != "text" or value:
                merged.append((kind, value))
        pieces[:] = merged
    return runs


def _converter(cells: list[list[list]], convert: Callable[[list[str]], list[str]] | None) -> Callable[[str], str]:
    """Every text of the table that a page in the other script converts, converted in one call."""
    if convert is None:
        return str
    texts = {value if kind == "text" else value[1]
             for row in cells for runs in row for mark, pieces in runs
             if mark is None or mark.type != "orthographic"
             for kind, value in pieces if kind in ("text", "note")}
    ordered = sorted(texts)
    table = dict(zip(ordered, convert(ordered)))
    return table.__getitem__


_NOTHING = Cell(False, {ACTIVE})  # a witness the walk does not know (no xml:id): nothing anywhere


def _unchanged(texts: list[str]) -> list[str]:
    return texts
