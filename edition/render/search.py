"""The search index of the site: every row's text as each witness has it, in one script.

Search must work without a server and from a plain folder (``file://``),
where browsers refuse ``fetch()`` of a local file. So the index is built
here, at build time, from the TEI alone, and written as scripts:
``static/search-index.js`` sets one global (``EDITION_SEARCH``), and the
parts of the index in ``static/search/``, which ``static/search.js`` loads
as a query needs them on ``search.html``, hand theirs to another.

What is indexed is a *piece*: the text of one row (a ``p``, ``head``,
``ab`` or ``l`` with an ``xml:id``) as one or more witnesses have it.
Witnesses whose text of the row is the same share a piece, so the text only
a non-base witness has is findable, and a hit says which witnesses have it.
Each piece keeps where the readings of every apparatus entry lie in it, so
a hit can say whether it sits in a variant. Texts are stored as the
witnesses wrote them (white space runs made one space); matching is on the
comparison form (``fold``: traditional script to simplified, full-width
forms to narrow, Latin, Greek and Cyrillic letters without case or
diacritics), and the index maps every character pair of that form to the
pieces that have it.

The index (``index_data``), as plain data::

    works   [slug, title, title in traditional script, lang, [sigla], [witness page slugs], title's lang]
    apps    [work, html id of its apparatus entry, class]
    pieces  [work, row xml:id, [witness numbers], text, [[start, end, app], ...]]
    fold    one string of pairs: a character, then its comparison form
    grams   [the character pairs, in one string; their postings, one string]

The postings of the n-th pair are the n-th of the space-separated groups:
the numbers of the pieces that hold it, ascending, each written as its gap
from the one before, in base 36, separated by commas. (Half the size of a
JSON object of arrays.)

A search loads only the parts of the index it needs (``SearchIndex.files``,
version 2), so that an edition of hundreds of megabytes can be searched in
a browser: ``static/search-index.js`` sets ``EDITION_SEARCH`` to what every
search needs, ``{"version", "works", "fold", "grams": the number of parts
of the postings, "pieces": the number of the first piece of each part of
the pieces, then the number of pieces}``; each part, a script in
``static/search/`` of about ``PART_BYTES``, calls ``EDITION_SEARCH_PART``
with its kind, its number and its data:

    grams-K.js   [pairs, postings] of the pairs whose ``part_of`` is K, as ``grams``
    pieces-K.js  {"pieces": the pieces of part K, "from": the number of the first entry of "apps",
                  "apps": the entries those pieces' spans name}

Offsets (``start``, ``end``) count UTF-16 code units, as JavaScript
strings do; folding never changes a character's length in them.
"""

from __future__ import annotations

import functools
import json
import re
import unicodedata
from array import array
from collections import defaultdict
from collections.abc import Iterable, Iterator, Sequence
from dataclasses import dataclass

from lxml import etree

from ..script import fold_char, fold_chars, to_traditional_display
from ..tei.read import XML_NS, document_root, q
from ..tei.rebuild import (ACTIVE, APP, ROWS, SPAN_MARKERS, SPAN_TRANSITIONS, initial_states, list_wit,
                           marker_witnesses, reading_witnesses, walk)
from .facts import header_lang, is_chinese, text_lang
from .paths import slugify
from .transform import entry_numbers

VERSION = 2  # of the published index (``SearchIndex.files``)
GLOBAL = "EDITION_SEARCH"
ID_PREFIX, ENTRY_PREFIX = "t-", "v-"  # as xslt/common.xsl: the html ids of rows and apparatus entries
XML_ID = f"{{{XML_NS}}}id"

_SPACE = re.compile(r"\s+")
_DIGITS = "0123456789abcdefghijklmnopqrstuvwxyz"
# Characters a query may hold that fold to something else: besides the corpus's own, every
# traditional, full-width and compatibility character (and the ideographic space), and every
# Latin, Greek and Cyrillic letter (in capitals, with diacritics).
_LETTER_RANGES = ((0x0041, 0x024F), (0x0370, 0x03FF), (0x0400, 0x04FF), (0x1E00, 0x1FFF))
_QUERY_RANGES = (*_LETTER_RANGES,
                 (0x3000, 0x3000), (0x3400, 0x4DBF), (0x4E00, 0x9FFF), (0xF900, 0xFAFF), (0xFF01, 0xFF5E))


@dataclass(frozen=True, slots=True)
class IndexedWork:
    """A work as the index needs it: its page folder's slug, its title and its TEI."""

    slug: str
    title: str
    tree: etree._ElementTree


@dataclass(slots=True)
class _Row:
    """One row being read: each witness's text so far, and where each entry's readings lie in it."""

    id: str
    texts: dict[str, list[str]]
    lengths: dict[str, int]
    spans: dict[str, list[tuple[int, int, int]]]


def fold(text: str) -> str:
    """The comparison form of ``text``: one script (simplified), one width; as long as ``text``.

    A character keeps itself where its folded form would have another
    length in UTF-16 (a compatibility ideograph outside the BMP), so
    offsets in a text and in its folded form stay the same.
    """
    return text.translate(_FOLDS)


def fold_query(query: str) -> str:
    """A query as the index compares it: folded, white space trimmed and runs made one space."""
    return fold(_SPACE.sub(" ", query).strip())


def grams(folded: str) -> set[str]:
    """The character pairs of a folded text that hold no space: the keys of the index."""
    pairs = set(map(str.__add__, folded, folded[1:]))
    return {pair for pair in pairs if " " not in pair} if " " in folded else pairs


def index_data(works: Sequence[IndexedWork]) -> dict:
    """The search index of ``works``, as plain data (see the module's docstring for its form)."""
    index = SearchIndex()
    for work in works:
        index.add(work)
    return index.data()


class SearchIndex:
    """The search index, made a work at a time: ``add`` each work in order, then take its ``data`` or
    write its ``files``.

    What a work adds is kept as JSON text at once (each entry and piece),
    and only the postings as numbers: a large edition's index is a tenth
    of its TEI, and would take several times that as Python lists.
    """

    def __init__(self) -> None:
        self._works: list[list] = []
        self._apps: list[bytes] = []  # each entry, as JSON in UTF-8 (not yet made safe in a script: ``_safe``)
        self._pieces: list[bytes] = []  # each piece, likewise
        self._named = array("q")  # for each piece, the lowest and the highest entry its spans name (-1: none)
        self._chars: set[str] = set()  # every character of every piece, for the fold table
        self._postings: defaultdict[str, array] = defaultdict(functools.partial(array, "I"))  # 4 bytes a number

    def add(self, work: IndexedWork) -> None:
        """Index the rows of ``work``."""
        number = len(self._works)
        root = document_root(work.tree)
        sigla = list_wit(work.tree).sigla
        title_lang = header_lang(root)
        self._works.append([work.slug, work.title,
                            to_traditional_display(work.title) if is_chinese(title_lang) else work.title,
                            text_lang(root), list(sigla), [slugify(s) for s in sigla], title_lang])
        apps: list[list] = []
        pieces: list[list] = []
        for row in _rows(work.tree, apps, number, len(self._apps)):
            pieces.extend(_pieces(row, number, sigla))
        postings, chars, named = self._postings, self._chars, self._named
        for piece_number, piece in enumerate(pieces, len(self._pieces)):
            chars.update(piece[3])
            for gram in grams(fold(piece[3])):
                postings[gram].append(piece_number)
            spans = piece[4]
            named.extend((min(span[2] for span in spans), max(span[2] for span in spans)) if spans else (-1, -1))
        encode = _ENCODER.encode
        self._apps.extend(encode(app).encode() for app in apps)
        self._pieces.extend(encode(piece).encode() for piece in pieces)

    def data(self) -> dict:
        """The index of the works added, as plain data (see the module's docstring for its form)."""
        keys = sorted(self._postings)
        return {"works": self._works, "apps": _items(self._apps), "pieces": _items(self._pieces),
                "fold": _fold_table(self._chars),
                "grams": ["".join(keys), " ".join(_gaps(self._postings[key]) for key in keys)]}

    def files(self, part_bytes: int = 0) -> Iterator[tuple[str, Iterable[bytes]]]:
        """The index as the site publishes it: (path in ``static/``, its bytes in parts) of each file.
        Each part of it is about ``part_bytes`` large (``PART_BYTES`` by default), or one piece or
        pair more; an index is never held whole."""
        part_bytes = part_bytes or PART_BYTES
        starts = _cuts(self._pieces, part_bytes)
        keys = sorted(self._postings)
        estimate = sum(map(len, self._postings.values())) * 2 + len(keys) * 7  # a gap, a comma; a pair, a space
        shards: list[list[str]] = [[] for _ in range(max(1, -(-estimate // part_bytes)))]
        for key in keys:
            shards[part_of(key, len(shards))].append(key)
        core = {"version": VERSION, "works": self._works, "fold": _fold_table(self._chars), "grams": len(shards),
                "pieces": [*starts, len(self._pieces)]}
        yield "search-index.js", [b"window." + GLOBAL.encode() + b"=" + _json(core) + b";\n"]
        for number, shard in enumerate(shards):
            yield f"{FOLDER}/grams-{number}.js", self._gram_part(number, shard)
        for number, (start, end) in enumerate(zip(starts, [*starts[1:], len(self._pieces)])):
            yield f"{FOLDER}/pieces-{number}.js", self._piece_part(number, start, end)

    def _gram_part(self, number: int, keys: list[str]) -> Iterator[bytes]:
        yield _part_call("grams", number) + b"[" + _json("".join(keys)) + b',"'
        step = 4096  # postings are digits, commas and spaces: nothing in them needs escaping
        for start in range(0, len(keys), step):
            groups = " ".join(_gaps(self._postings[key]) for key in keys[start:start + step])
            yield (b" " if start else b"") + groups.encode()
        yield b'"]);\n'

    def _piece_part(self, number: int, start: int, end: int) -> Iterator[bytes]:
        named = [n for n in self._named[2 * start:2 * end] if n >= 0]
        low, high = (min(named), max(named) + 1) if named else (0, 0)
        yield _part_call("pieces", number) + b'{"from":' + _json(low) + b',"apps":['
        yield _safe(b",".join(self._apps[low:high]))
        yield b'],"pieces":['
        yield _safe(b",".join(self._pieces[start:end]))
        yield b"]});\n"


PART_BYTES = 256 * 1024  # about the size of a part of the index (``SearchIndex.files``)
FOLDER = "search"  # the parts' folder in static/
PART_GLOBAL = "EDITION_SEARCH_PART"
_ENCODER = json.JSONEncoder(ensure_ascii=False, separators=(",", ":"))


def part_of(key: str, parts: int) -> int:
    """The part of the postings that holds the pair ``key``: its UTF-16 code units as the digits of a
    number in base 31, modulo ``parts`` (as search.js computes it)."""
    number = 0
    units = key.encode("utf-16-le")
    for low, high in zip(units[::2], units[1::2]):
        number = (number * 31 + (high << 8 | low)) % parts
    return number


def _cuts(items: list[bytes], size: int) -> list[int]:
    """Where the parts of ``items`` start, each part about ``size`` bytes (at least one item)."""
    starts = [0]
    held = 0
    for number, item in enumerate(items):
        if held and held + len(item) > size:
            starts.append(number)
            held = 0
        held += len(item) + 1
    return starts


def _part_call(kind: str, number: int) -> bytes:
    return f'window.{PART_GLOBAL}("{kind}",{number},'.encode()


def _json(value) -> bytes:
    """``value`` as compact JSON in UTF-8, safe in a script (``_safe``)."""
    return _safe(_ENCODER.encode(value).encode())


def _safe(data: bytes) -> bytes:
    """JSON in UTF-8 made safe in a script.

    Line and paragraph separators end a string literal in JavaScript before
    ES2019; an escaped "<" keeps the text of a witness ("</script>") inert
    wherever the script is put. Both occur only inside strings.
    """
    return data.replace(b"\xe2\x80\xa8", b"\\u2028").replace(b"\xe2\x80\xa9", b"\\u2029").replace(b"<", b"\\u003c")


def _items(chunks: list[bytes]) -> list:
    return json.loads(b"[" + b",".join(chunks) + b"]")


def find_pieces(data: dict, query: str) -> list[tuple[int, int]]:
    """Every (piece number, offset) where ``query`` occurs, in either script: the index used as search.js uses it.

    The pieces that have every character pair of the query are the
    candidates; the folded text of each is then searched for the query.
    """
    wanted = fold_query(query)
    if not wanted:
        return []
    keys = grams(wanted)
    postings = _postings(data["grams"])
    if any(key not in postings for key in keys):
        return []
    candidates: Iterable[int] = range(len(data["pieces"]))
    if keys:
        candidates = sorted(set.intersection(*(set(_ungap(postings[key])) for key in keys)))
    found = []
    for number in candidates:
        text = fold(data["pieces"][number][3])
        start = text.find(wanted)
        while start >= 0:
            found.append((number, start))
            start = text.find(wanted, start + 1)
    return found


class _Folds(dict):
    """The folded form of every character met so far, keyed by code point: a ``str.translate`` table.

    A character keeps itself where its folded form would have another
    length in UTF-16 (see ``fold``). It fills itself as characters are met;
    every character a query may hold is folded at once, on first use, by
    ``_query_folds``.
    """

    def __missing__(self, code: int) -> str:
        ch = chr(code)
        folded = self[code] = _same_length(ch, _letter(fold_char(ch)))
        return folded


def _letter(ch: str) -> str:
    """A Latin, Greek or Cyrillic letter without case or diacritics (Ά, ὰ, ά → α; ς → σ; É → e), where
    that is one character; any other character as it is. Kana keep their marks: が is not か."""
    code = ord(ch)
    if not any(low <= code <= high for low, high in _LETTER_RANGES):
        return ch
    lower = "σ" if ch == "ς" else ch.lower()
    bare = unicodedata.normalize("NFC", "".join(c for c in unicodedata.normalize("NFD", lower)
                                                 if not unicodedata.combining(c)))
    return bare if len(bare) == 1 else lower if len(lower) == 1 else ch


_FOLDS = _Folds()


def _same_length(ch: str, folded: str) -> str:
    """``folded`` (one character, as ``fold_char`` gives) if it is as long as ``ch`` in UTF-16, else ``ch``."""
    return folded if (ch > "\uffff") == (folded > "\uffff") else ch


def _query_folds() -> dict[int, str]:
    """The folded form of every character a query may hold (``_QUERY_RANGES``), computed once."""
    codes = [c for low, high in _QUERY_RANGES for c in range(low, high + 1)]
    if codes[-1] not in _FOLDS:
        chars = "".join(map(chr, codes))
        _FOLDS.update((ord(ch), _same_length(ch, _letter(folded))) for ch, folded in zip(chars, fold_chars(chars)))
    return {code: _FOLDS[code] for code in codes}


def _units(text: str) -> int:
    """The length of ``text`` in UTF-16 code units, as JavaScript counts it."""
    return len(text.encode("utf-16-le")) // 2


def _fold_table(present: set[str]) -> str:
    """Pairs (character, folded form) for the characters of the corpus (``present``), and of any query
    that can match it."""
    folds = _query_folds()
    folds.update((ord(ch), _FOLDS[ord(ch)]) for ch in present)
    pairs = [chr(code) + folded for code, folded in sorted(folds.items())
             if folded != chr(code) and (chr(code) in present or folded in present)]
    return "".join(pairs)


def _gaps(numbers: Sequence[int]) -> str:
    """Ascending numbers as their differences (which are short) in base 36, separated by commas."""
    short = _short_base36()
    gaps = list(map(int.__sub__, numbers, [0, *numbers]))
    if max(gaps) < len(short):  # as nearly always
        return ",".join([short[gap] for gap in gaps])
    return ",".join(short[gap] if gap < len(short) else _base36(gap) for gap in gaps)


@functools.lru_cache(maxsize=1)
def _short_base36() -> tuple[str, ...]:
    """Every number of up to two digits in base 36, written: most gaps are one of them."""
    return tuple(_base36(n) for n in range(36 * 36))


def _base36(number: int) -> str:
    digits = ""
    while True:
        number, digit = divmod(number, 36)
        digits = _DIGITS[digit] + digits
        if not number:
            return digits


def _postings(table: list[str]) -> dict[str, str]:
    """The ``grams`` of an index as a dict: character pair to its group of gaps."""
    keys, groups = table
    return {keys[i:i + 2]: group for i, group in zip(range(0, len(keys), 2), groups.split(" "))}


def _ungap(group: str) -> Iterator[int]:
    total = 0
    for gap in group.split(","):
        total += int(gap, 36)
        yield total


def _rows(tree: etree._ElementTree, apps: list[list], work: int, first: int = 0) -> Iterator[_Row]:
    """Each row's text as every witness has it, in one walk over the text by the rules of rebuilding.

    Text counts for the witnesses of the readings it is in that are active
    (not before their ``witStart``, after their ``witEnd`` or in a lacuna);
    notes are no one's text. Each apparatus entry in a row is appended to
    ``apps`` (the first is the index's entry number ``first``), and every
    witness in its context gets the span of its reading.
    """
    root = tree.getroot()
    witnesses = list_wit(root)
    text = root.find(q("text"))
    if text is None:
        return
    readings = reading_witnesses(text, witnesses)
    states = initial_states(text, readings, witnesses)
    numbers = entry_numbers(root)[0]  # as the reading page numbers them: what names an entry without an id
    rows: list[_Row] = []
    row_nodes: list[etree._Element] = []
    open_apps: list[tuple[_Row | None, int, dict[str, int]]] = []
    for event, node, frame in walk(text, witnesses.sigla, readings):
        if event == "end":
            if node.tag == APP:
                _close_app(*open_apps.pop())
            if row_nodes and node is row_nodes[-1]:
                row_nodes.pop()
                yield rows.pop()
            if node.tail and frame.counts and rows:
                _add(rows[-1], node.tail, frame.context, states)
            continue
        if node.tag in ROWS and node.get(XML_ID):
            row_nodes.append(node)
            rows.append(_Row(node.get(XML_ID), {s: [] for s in witnesses.sigla}, dict.fromkeys(witnesses.sigla, 0),
                             {s: [] for s in witnesses.sigla}))
        elif node.tag == APP:
            open_apps.append(_open_app(node, numbers.get(node), rows[-1] if rows else None, frame.context, apps, work,
                                       first))
        elif node.tag in SPAN_MARKERS:
            for siglum in marker_witnesses(node, frame.reading, witnesses):
                states[siglum] = SPAN_TRANSITIONS[node.tag][1]
        if node.text and frame.counts and rows:
            _add(rows[-1], node.text, frame.context, states)


def _open_app(app: etree._Element, n: int | None, row: _Row | None, context: frozenset[str], apps: list[list],
              work: int, first: int) -> tuple[_Row | None, int, dict[str, int]]:
    """Number an entry of a row (``n``: its number on the reading page, if it has one) and note where
    each witness of its context stands in the row."""
    if row is None:
        return None, -1, {}
    anchor = ID_PREFIX + app.get(XML_ID) if app.get(XML_ID) else (ENTRY_PREFIX + str(n) if n else "")
    apps.append([work, anchor, app.get("type", "")])
    return row, first + len(apps) - 1, {s: row.lengths[s] for s in context}


def _close_app(row: _Row | None, number: int, starts: dict[str, int]) -> None:
    if row is None:
        return
    for siglum, start in starts.items():
        row.spans[siglum].append((start, row.lengths[siglum], number))


def _add(row: _Row, text: str, context: frozenset[str], states: dict[str, str]) -> None:
    """Append text to the row of every active witness of ``context``, white space runs as one space."""
    text = _SPACE.sub(" ", text)
    units = _units(text)
    spaced = text[0] == " "
    for siglum in context:
        if states[siglum] != ACTIVE:
            continue
        parts = row.texts[siglum]
        if spaced and (not parts or parts[-1][-1] == " "):  # the space would follow another, or start the row
            if len(text) > 1:
                parts.append(text[1:])
                row.lengths[siglum] += units - 1
        else:
            parts.append(text)
            row.lengths[siglum] += units


def _pieces(row: _Row, work: int, sigla: tuple[str, ...]) -> list[list]:
    """The distinct texts of a row, each with the witnesses that have it and its entries' spans."""
    grouped: dict[tuple, list[int]] = {}
    for number, siglum in enumerate(sigla):
        text = "".join(row.texts[siglum])
        if not text.strip():
            continue
        spans = tuple(sorted(set(row.spans[siglum])))
        grouped.setdefault((text, spans), []).append(number)
    return [[work, row.id, members, text, [list(span) for span in spans]]
            for (text, spans), members in grouped.items()]
