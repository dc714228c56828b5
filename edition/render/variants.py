"""Every apparatus entry of a work as a list: the variants page, ``variants.csv`` and ``variants.json``.

Read from the TEI alone (never from collation objects), so TEI from
elsewhere gives its entries too. Each ``<app>`` of the text, in document
order, becomes an ``Entry``: its id, the row and division it stands in, its
class (``@type``), its lemma and readings as the witnesses have them (text,
sigla, ``rdg/@type``, the editor's ``@cause``/``@resp``, span markers and
notes), the editor's notes on it, a few characters of the reading text on
either side, and the anchor of its footnote on the reading page.

``variants.csv`` has one line per reading (the lemma first, marked ``lem``),
the entry's columns repeated on each; UTF-8 with a byte order mark (so that
spreadsheet programs read the Chinese right), CRLF line ends and RFC 4180
quoting. Lists in a cell (sigla, span markers) are separated by spaces;
notes by line breaks. The cells are the witnesses' text as it is: nothing is
escaped for spreadsheets. ``variants.json`` holds everything, see
``variants_json``.
"""

from __future__ import annotations

import csv
import io
import json
from collections.abc import Callable, Iterator, Mapping
from dataclasses import dataclass

from lxml import etree
from markupsafe import Markup

from ..tei.read import XML_NS, document_root, q
from ..tei.rebuild import (APP, LEM, MILESTONE, NOTE, RDG, RDG_GRP, SPAN_MARKERS, app_readings, list_wit,
                           reading_witnesses)
from .facts import LANG_TAG, XML_LANG, is_chinese
from .hant import convert_texts
from .transform import base_reading, entry_numbers

XML_ID = q("id", XML_NS)
DIV, GAP = q("div"), q("gap")
ROW_TAGS = (q("p"), q("head"), q("ab"), q("l"))
CONTEXT = 8  # characters of the reading text shown on either side of an entry
READING_PAGE = "index.html"

# What a span marker or a mark in a reading means, as the variants page says it.
MARK_LABELS = {"witStart": "starts", "witEnd": "ends", "lacunaStart": "lacuna begins",
               "lacunaEnd": "lacuna ends", "block": "¶ new block", "gap": "[…]"}

CSV_COLUMNS = ("entry", "n", "section", "row", "class", "reading", "text", "witnesses", "sigla", "type", "cause",
               "resp", "marks", "reading_notes", "before", "after", "notes", "notes_resp", "link")


@dataclass(frozen=True, slots=True)
class Note:
    """A note: ``type``, its text with white space collapsed, and who wrote it (a name, or the pointer)."""

    type: str
    text: str
    resp: str = ""


@dataclass(frozen=True, slots=True)
class Reading:
    """A ``<lem>`` or ``<rdg>`` as its witnesses have it.

    ``text`` is exactly their characters (notes left out; an entry nested in
    the reading shows its own base reading). ``marks`` are what is not
    text: ``witStart``, ``witEnd``, ``lacunaStart``, ``lacunaEnd``,
    ``block`` (a block of the witness begins) and ``gap``. ``type``,
    ``cause`` and ``resp`` are the attributes (``""`` when absent).
    """

    kind: str
    text: str
    witnesses: tuple[str, ...]
    type: str = ""
    cause: str = ""
    resp: str = ""
    marks: tuple[str, ...] = ()
    notes: tuple[Note, ...] = ()

    @property
    def omitted(self) -> bool:
        """Whether the reading has nothing at all: an omission (``om.``)."""
        return not self.text and not self.marks and not self.notes


@dataclass(frozen=True, slots=True)
class Entry:
    """One ``<app>``: where it stands, its class, lemma and other readings, notes and context.

    ``n`` is its number in the reading text (as the markers show it), None
    for an entry nested in a reading the reading text does not show.
    ``anchor`` is the id on the reading page to link to (``t-s1.p2.v1``,
    else ``v-7``, else its row's ``t-s1.p2``; ``""`` when there is none).
    ``lang`` is the ``xml:lang`` it stands in (its own or its nearest
    ancestor's), ``""`` where there is none.
    """

    id: str
    n: int | None
    section: str
    row: str
    type: str
    lemma: Reading | None
    readings: tuple[Reading, ...]
    notes: tuple[Note, ...]
    before: str
    after: str
    anchor: str
    lang: str = ""

    @property
    def all_readings(self) -> tuple[Reading, ...]:
        return self.readings if self.lemma is None else (self.lemma, *self.readings)

    @property
    def departing(self) -> tuple[str, ...]:
        """The sigla whose text differs from the lemma (every witness, where there is no lemma)."""
        return tuple(s for r in self.readings for s in r.witnesses)

    @property
    def witnesses(self) -> tuple[str, ...]:
        return tuple(s for r in self.all_readings for s in r.witnesses)

    @property
    def link(self) -> str:
        """The entry's place on the reading page, relative to the work's folder."""
        return f"{READING_PAGE}#{self.anchor}" if self.anchor else READING_PAGE


def read_entries(tree: etree._ElementTree | etree._Element) -> tuple[Entry, ...]:
    """Every ``<app>`` of the text of a TEI document, in document order."""
    root = document_root(tree)
    text = root.find(q("text"))
    if text is None:
        return ()
    declared = list_wit(root)
    order = {s: i for i, s in enumerate(declared.sigla)}
    ordered: dict[frozenset[str], tuple[str, ...]] = {}  # a text has few distinct sets of witnesses
    witnesses = {}
    for reading, sigla in reading_witnesses(text, declared).items():
        if sigla not in ordered:
            ordered[sigla] = tuple(sorted(sigla, key=order.__getitem__))
        witnesses[reading] = ordered[sigla]
    names = _resp_names(root)
    numbers = entry_numbers(root)[0]
    contexts = _Contexts()
    langs = _Langs()
    return tuple(_entry(app, numbers.get(app), witnesses, names, contexts, langs) for app in text.iter(APP))


class _Langs(dict):
    """The ``xml:lang`` each element stands in (its own, else its parent's), found once for each parent."""

    def __missing__(self, element: etree._Element) -> str:
        own = element.get(XML_LANG)
        if own is not None:
            found = own if LANG_TAG.fullmatch(own) else ""
        else:
            parent = element.getparent()
            found = "" if parent is None else self[parent]
        self[element] = found
        return found



def _entry(app: etree._Element, n: int | None, witnesses: dict, names: dict[str, str],
           contexts: _Contexts, langs: _Langs) -> Entry:
    readings = [_reading(r, witnesses.get(r, ()), names) for r in app_readings(app)]
    lemma = next((r for r in readings if r.kind == "lem"), None)
    row = section = None  # the nearest row and division with an xml:id
    for ancestor in app.iterancestors(*ROW_TAGS, DIV):
        if not ancestor.get(XML_ID):
            continue
        if ancestor.tag != DIV:
            row = row if row is not None else ancestor
        elif section is None:
            section = ancestor
        if row is not None and section is not None:
            break
    ident = app.get(XML_ID, "")
    row_id = "" if row is None else row.get(XML_ID, "")
    if n is not None:
        anchor = f"t-{ident}" if ident else f"v-{n}"
    else:
        anchor = f"t-{row_id}" if row_id else ""
    before, after = contexts.around(app, row)
    return Entry(
        id=ident, n=n, section="" if section is None else section.get(XML_ID, ""), row=row_id,
        type=app.get("type", ""), lemma=lemma, readings=tuple(r for r in readings if r is not lemma),
        notes=tuple(_note(note, names) for note in app.iterchildren(NOTE)),
        before=before, after=after, anchor=anchor, lang=langs[app])


def _reading(reading: etree._Element, sigla: tuple[str, ...], names: dict[str, str]) -> Reading:
    kind = "lem" if reading.tag == LEM else "rdg"
    attributes = reading.attrib
    resp = _resp(reading, names) if "resp" in attributes else ""
    if not len(reading):  # text alone, as most readings are: nothing to walk
        return Reading(kind, reading.text or "", sigla, attributes.get("type", ""), attributes.get("cause", ""), resp)
    parts, marks, notes = [], [], []
    for what, value in _shown(reading):
        if what == "text":
            parts.append(value)
        elif what == "mark":
            marks.append(value)
        elif what == "note":
            notes.append(_note(value, names))
    return Reading(kind, "".join(parts), sigla, attributes.get("type", ""), attributes.get("cause", ""), resp,
                   tuple(marks), tuple(notes))


def _note(note: etree._Element, names: dict[str, str]) -> Note:
    return Note(note.get("type", ""), " ".join("".join(note.itertext()).split()), _resp(note, names))


def _resp(element: etree._Element, names: dict[str, str]) -> str:
    """Who ``@resp`` points to: the ``<name>`` of that ``<respStmt>``, else the pointer itself."""
    pointer = " ".join((element.get("resp") or "").split())
    return names.get(pointer, pointer.removeprefix("#"))


def _resp_names(root: etree._Element) -> dict[str, str]:
    names = {}
    for stmt in root.iter(q("respStmt")):
        name = stmt.find(q("name"))
        if stmt.get(XML_ID) and name is not None:
            names.setdefault(f"#{stmt.get(XML_ID)}", " ".join("".join(name.itertext()).split()))
    return names


def _shown(element: etree._Element) -> Iterator[tuple[str, object]]:
    """What ``element`` shows, in order: ``("text", str)``, ``("mark", name)``, ``("note", element)``,
    ``("app", app)`` and ``("end", app)`` around each entry.

    Notes, comments and processing instructions are not text (their tails
    are); an entry inside shows only its base reading; text directly in an
    ``<app>`` or ``<rdgGrp>`` is layout, not text.
    """
    walker = etree.iterwalk(element, events=("start", "end", "comment", "pi"))
    for event, node in walker:
        if event != "start":
            if node.tag == APP and node is not element:
                yield "end", node
            parent = node.getparent()
            if node is not element and node.tail and parent is not None and parent.tag not in (APP, RDG_GRP):
                yield "text", node.tail
            continue
        if node is not element and _hidden(node):
            if node.tag == NOTE:
                yield "note", node
            walker.skip_subtree()
            continue
        if node.tag == APP and node is not element:
            yield "app", node
        elif node.tag in SPAN_MARKERS:
            yield "mark", etree.QName(node).localname
        elif node.tag == MILESTONE and node.get("unit") == "block":
            yield "mark", "block"
        elif node.tag == GAP:
            yield "mark", "gap"
        if node.text and node.tag not in (APP, RDG_GRP):
            yield "text", node.text


def _hidden(node: etree._Element) -> bool:
    """A note, or a reading of an entry that is not the one the reading text shows."""
    if node.tag == NOTE:
        return True
    if node.tag in (LEM, RDG):
        app = next(node.iterancestors(APP), None)
        return app is not None and (app.get("loc") is not None or base_reading(app) is not node)
    return False


class _Contexts:
    """The reading text of each row and where each entry stands in it, worked out once per row."""

    def __init__(self) -> None:
        self._rows: dict[etree._Element, tuple[str, dict[etree._Element, tuple[int, int]]]] = {}

    def around(self, app: etree._Element, row: etree._Element | None) -> tuple[str, str]:
        """The ``CONTEXT`` characters of the reading text before and after ``app`` in its row."""
        if row is None:
            return "", ""
        if row not in self._rows:
            self._rows[row] = _row_text(row)
        text, spans = self._rows[row]
        # An entry in a reading the text does not show stands where the entry holding it stands.
        place = next((spans[a] for a in (app, *app.iterancestors(APP)) if a in spans), None)
        if place is None:
            return "", ""
        start, end = place
        return text[max(0, start - CONTEXT):start], text[end:end + CONTEXT]


def _row_text(row: etree._Element) -> tuple[str, dict[etree._Element, tuple[int, int]]]:
    parts: list[str] = []
    length = 0
    starts: dict[etree._Element, int] = {}
    spans: dict[etree._Element, tuple[int, int]] = {}
    for kind, value in _shown(row):
        if kind == "text":
            parts.append(value)
            length += len(value)
        elif kind == "app":
            starts[value] = length
        elif kind == "end":
            spans[value] = (starts.pop(value, length), length)
    return "".join(parts), spans


def contexts(entries: tuple[Entry, ...], chinese: bool) -> dict[bool, list[tuple[str, str]]]:
    """The context of each entry for a page in simplified (False) and traditional script (True).

    Only the context is converted, never a reading, nor the context of an
    entry in a passage in another language (``Entry.lang``); all in one call to OpenCC.
    """
    hans = [(entry.before, entry.after) for entry in entries]
    if not chinese:
        return {False: hans, True: hans}
    texts = iter(convert_texts([text for pair in hans for text in pair]))
    hant = [(next(texts), next(texts)) for _ in hans]
    return {False: hans, True: [pair if entry.lang and not is_chinese(entry.lang) else converted
                                for entry, pair, converted in zip(entries, hans, hant)]}


def reading_html(reading: Reading, lang: str, labels: Mapping[str, str] | None = None) -> Markup:
    """A reading as the variants page shows it, the same in both scripts (readings are never converted).

    Made here once per reading rather than by a template macro twice: a
    work may have tens of thousands. The text in the witness's language,
    ``om.`` for an omission, its notes, span markers, sigla, ``rdg/@type``
    and the editor's decision.
    """
    text = '<i class="om" lang="la">om.</i>' if reading.omitted else _escape(reading.text)
    notes = "".join(f'<span class="reading-note" data-tei="note">{_escape(n.text)}</span>' for n in reading.notes)
    out = [f'<span class="reading" data-tei="{_escape(reading.kind)}" lang="{_escape(lang)}" translate="no">'
           f'{text}{notes}</span>']
    out.extend(f' <span class="span-mark" lang="en">{_escape(MARK_LABELS.get(m, m))}</span>' for m in reading.marks)
    out.append(f' <span class="wit" lang="en">{_escape(_sigla(reading.witnesses, labels))}</span>')
    if reading.type:
        out.append(f' <span class="rdg-type" lang="en">{_escape(reading.type)}</span>')
    by = f" by {_escape(reading.resp)}" if reading.resp else ""
    if reading.cause == "error":
        out.append(f' <span class="decision" data-cause="error" lang="en" '
                   f'title="Judged an error of its witness{by}">error</span>')
    elif reading.kind == "lem" and reading.resp:
        out.append(f' <span class="decision" data-resp="editor" lang="en" '
                   f'title="Chosen as the lemma{by}">editor\'s lemma</span>')
    return Markup("".join(out))


def variant_rows(entries: tuple[Entry, ...], lang: str,
                 labels: Mapping[str, str] | None = None) -> Callable[..., Markup]:
    """The rows of the variants table, made for a page in either script by the function returned.

    Made here, not by the template, because a work may have tens of
    thousands of entries: one row of text per entry, in Python, is a tenth
    of the time. What is the same in both scripts (the readings, in the
    witnesses' own language ``lang``: they are never converted) is made
    once; the function takes each entry's ``context`` in the page's script,
    the page's link to the reading text and ``text_lang``, the language of
    the page's context. Witnesses are shown by their ``labels`` (siglum to
    what the pages call it), and filtered by their sigla.
    """
    cells = []
    for number, entry in enumerate(entries, 1):
        kind = _escape(entry.type)
        departing = _escape(" ".join(entry.departing))
        own = entry.lang or lang
        lemma = (f"<mark>{reading_html(entry.lemma, own, labels)}</mark>" if entry.lemma
                 else '<mark class="no-lemma">‸</mark>')
        readings = "".join(f"<li>{reading_html(r, own, labels)}</li>" for r in entry.readings)
        notes = "".join(map(_note_html, entry.notes))
        n = "" if entry.n is None else f' <span class="entry-n">{_escape(entry.n)}</span>'
        start = (f'<tr data-type="{kind}" data-wit="{departing}">'
                 f'<td class="entry-id" data-sort-value="{number}">')
        middle = (f'{n}</td><td data-type="{kind}">{kind or "unclassed"}</td>'
                  f'<td class="lemma" data-sort-value="{_escape(entry.lemma.text if entry.lemma else "")}">')
        end = (f'</td><td class="readings" data-sort-value="{_escape(entry.readings[0].text if entry.readings else "")}">'
               f'<ul>{readings}</ul></td>'
               f'<td class="departing">{_escape(_sigla(entry.departing, labels))}</td>'
               f'<td class="notes">{notes}</td></tr>\n')
        cells.append((start, _escape(entry.id or entry.n), _escape(entry.anchor), _escape(entry.id), middle, lemma, end,
                      own != lang and not is_chinese(own) and _escape(own)))

    def rows(context: list[tuple[str, str]], *, reading_page: str, text_lang: str) -> Markup:
        page, text_lang = _escape(reading_page), _escape(text_lang)
        out = []
        for (start, label, anchor, ident, middle, lemma, end, other), (before, after) in zip(cells, context):
            link = f'<a href="{page}#{anchor}">{label}</a>' if anchor else ident
            context_lang = other or text_lang  # a passage in another language than the text's is never converted
            out.append(f'{start}{link}{middle}<span class="context" lang="{context_lang}">{_escape(before)}</span>'
                       f'{lemma}<span class="context" lang="{context_lang}">{_escape(after)}</span>{end}')
        return Markup("".join(out))

    return rows


def _escape(value: str | int) -> str:
    """``markupsafe.escape`` as plain text: the same five characters the same way, without making a
    ``Markup`` of every piece of a table of tens of thousands of rows."""
    value = str(value)
    if "&" in value or ">" in value or "<" in value or "'" in value or '"' in value:  # looking is cheaper
        return (value.replace("&", "&amp;").replace(">", "&gt;").replace("<", "&lt;")
                .replace("'", "&#39;").replace('"', "&#34;"))
    return value


def _note_html(note: Note) -> str:
    kind = f' data-type="{_escape(note.type)}"' if note.type else ""
    resp = f' <span class="note-resp">({_escape(note.resp)})</span>' if note.resp else ""
    return f'<p class="entry-note" data-tei="note"{kind}>{_escape(note.text)}{resp}</p>'


def _sigla(witnesses: tuple[str, ...], labels: Mapping[str, str] | None) -> str:
    """Witnesses as the pages show them: each by its label (``abbr``, ``@n``), else its siglum."""
    return " ".join((labels or {}).get(siglum) or siglum for siglum in witnesses)


def csv_rows(entries: tuple[Entry, ...], labels: Mapping[str, str] | None = None) -> Iterator[tuple[str, ...]]:
    """The lines of ``variants.csv``, each a tuple of ``CSV_COLUMNS``: one per reading, the lemma first.

    ``witnesses`` are the sigla (``xml:id``), ``sigla`` the same witnesses as the pages show them.
    """
    for entry in entries:
        notes = "\n".join(n.text for n in entry.notes)
        notes_resp = "\n".join(n.resp for n in entry.notes)
        n = "" if entry.n is None else str(entry.n)
        for r in entry.all_readings or (Reading("", "", ()),):
            yield (entry.id, n, entry.section, entry.row, entry.type, r.kind, r.text, " ".join(r.witnesses),
                   _sigla(r.witnesses, labels), r.type, r.cause, r.resp, " ".join(r.marks),
                   "\n".join(note.text for note in r.notes), entry.before, entry.after, notes, notes_resp,
                   entry.link)


def variants_csv(entries: tuple[Entry, ...], labels: Mapping[str, str] | None = None) -> bytes:
    """``variants.csv``: a header line, then ``csv_rows``; UTF-8 with a BOM, RFC 4180 (CRLF, quoted as needed)."""
    buffer = io.StringIO(newline="")
    writer = csv.writer(buffer, lineterminator="\r\n")
    writer.writerow(CSV_COLUMNS)
    writer.writerows(csv_rows(entries, labels))
    return buffer.getvalue().encode("utf-8-sig")


def variants_json(entries: tuple[Entry, ...], *, edition: str, version: str, work_id: str, work_title: str,
                  lang: str, witnesses: list[tuple[str, str]]) -> bytes:
    """``variants.json``: UTF-8, keys in a fixed order, each entry on a line of its own::

        {"format": "edition-variants/1",
         "edition": {"title", "version"},
         "work": {"id", "title", "lang"},
         "witnesses": [{"siglum", "label"}],
         "entries": [{"id", "n", "section", "row", "class", "before", "after", "link",
                      "lemma": READING or null, "readings": [READING],
                      "notes": [{"type", "text", "resp"}]}]}

    READING is ``{"text", "witnesses": [siglum], "type", "cause", "resp",
    "marks": [name], "notes": [{"type", "text"}]}``. An attribute the TEI
    does not give is null; ``n`` is null for an entry the reading text does
    not show; ``link`` is relative to the work's folder.
    """
    head = json.dumps({
        "format": "edition-variants/1",
        "edition": {"title": edition, "version": version},
        "work": {"id": work_id, "title": work_title, "lang": lang},
        "witnesses": [{"siglum": siglum, "label": label} for siglum, label in witnesses],
        "entries": [],
    }, ensure_ascii=False)
    # One entry per line: readable in a diff, and written by json's fast encoder (indent= is not).
    lines = ",\n".join(json.dumps(_entry_json(entry), ensure_ascii=False) for entry in entries)
    return (head.removesuffix("[]}") + ("[\n" + lines + "\n]}\n" if entries else "[]}\n")).encode("utf-8")


def _entry_json(entry: Entry) -> dict:
    return {"id": entry.id or None, "n": entry.n, "section": entry.section or None, "row": entry.row or None,
            "class": entry.type or None, "before": entry.before, "after": entry.after, "link": entry.link,
            "lemma": None if entry.lemma is None else _reading_json(entry.lemma),
            "readings": [_reading_json(r) for r in entry.readings],
            "notes": [{"type": n.type or None, "text": n.text, "resp": n.resp or None} for n in entry.notes]}


def _reading_json(reading: Reading) -> dict:
    return {"text": reading.text, "witnesses": list(reading.witnesses), "type": reading.type or None,
            "cause": reading.cause or None, "resp": reading.resp or None, "marks": list(reading.marks),
            "notes": [{"type": n.type or None, "text": n.text} for n in reading.notes]}
