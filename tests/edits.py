"""Known random edits of a real witness, and the apparatus they should give.

``make_trial`` takes the text of a plain-text witness (one paragraph per
line, Markdown headings), applies a number of random, non-overlapping edits
of known kinds and returns the edited copy with the list of edits, each
with the apparatus entry it expects: class, detail (``rdg/@type``), the base
text affected and the witness text. ``score_trial`` reads the TEI that
collation made of the pair and scores its apparatus against those edits.

The kinds (:data:`KINDS`) and the class each expects: substitution of 1–4
characters, insertion, deletion and transposition of a phrase within its
paragraph or into the next or previous one (substantive); a repeated
paragraph and a doubled word (duplication); a split and two merged
paragraphs (paragraphing); a phrase in traditional script (orthographic);
punctuation width and “” as 「」 (punctuation); a year in Chinese numerals
(numeral). Edits stand at least :data:`GAP` characters apart, in paragraphs
only, between Chinese characters unless they change punctuation or a year,
and are drawn so that each has one place (no insertion beside a character
it could slide over). A copy may then be laid out as a PDF extraction
(``layouts.pdf_layout``), which should add no entry.

Positions are offsets in the *base stream*: the base witness's blocks, as
ingest gives them, each preceded by ``¶`` (:data:`BREAK`). The same stream
is rebuilt from the TEI by walking the lemma, so an ``<app>`` has a span in
it; an edit is found when the entries standing at its place turn the base
into the witness there, and have the class the edit expects. A phrase moved
within its paragraph, with nothing else edited between its two places, must
be found as one entry; moved further, as two entries whose ``@corresp``
point to each other.
"""

from __future__ import annotations

import random
import re
from bisect import bisect_right
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from functools import lru_cache
from pathlib import Path

from layouts import pdf_layout
from lxml import etree

from edition.ingest import ingest_text
from edition.model import BlockKind, WitnessSource
from edition.script import to_traditional

BREAK = "¶"  # a block boundary in a stream: where a witness's block begins
GAP = 10  # characters kept between two edits, so that each is identifiable on its own
TEI = "{http://www.tei-c.org/ns/1.0}"

_LEVELS = {BlockKind.TITLE: 1, BlockKind.HEADING: 2}
_YEAR = re.compile(r"(?<!\d)(\d{4})(?=年)")
_DIGIT_NAMES = dict(zip("0123456789", "〇一二三四五六七八九"))
_WIDE = {",": "，", ":": "：", ";": "；", "(": "（", ")": "）"}
_NARROW = {v: k for k, v in _WIDE.items()}


def _han(ch: str) -> bool:
    return "\u4e00" <= ch <= "\u9fff"


def _all_han(text: str) -> bool:
    return bool(text) and all(map(_han, text))


# ---------------------------------------------------------------- the base


@dataclass(frozen=True, slots=True)
class Base:
    """A base witness as blocks: ``stream`` is ``¶block¶block…``; ``starts`` where each block's text begins."""

    blocks: tuple[str, ...]
    levels: tuple[int, ...]  # Markdown heading level of each block (title 1, heading 2), else 0
    stream: str
    starts: tuple[int, ...]
    editable: tuple[bool, ...]  # paragraphs, which edits may touch

    def block_at(self, pos: int) -> int:
        """The index of the block holding stream offset ``pos``."""
        return bisect_right(self.starts, pos) - 1

    def paragraphs(self, minimum: int = 30) -> list[int]:
        """Blocks an edit may touch: paragraphs of some length, not headings or the title."""
        return [i for i, (b, ok) in enumerate(zip(self.blocks, self.editable)) if ok and len(b) >= minimum]


def read_base(text: str, name: str = "base.txt") -> Base:
    """The blocks of a plain-text witness, as ingest gives them (broken paragraphs joined, markers gone)."""
    witness = ingest_text(text, WitnessSource("A", name, ()))
    blocks = [b for b in witness.blocks if b.kind is not BlockKind.JUMP]
    levels = [_LEVELS.get(b.kind, 0) for b in blocks]
    starts, pos = [], 0
    for block in blocks:
        starts.append(pos + 1)
        pos += 1 + len(block.text)
    return Base(tuple(b.text for b in blocks), tuple(levels), "".join(BREAK + b.text for b in blocks),
                tuple(starts), tuple(b.kind is BlockKind.PARAGRAPH for b in blocks))


# ---------------------------------------------------------------- edits


@dataclass(frozen=True, slots=True)
class Change:
    """``stream[start:end]`` becomes ``text``; an equivalent entry may stand anywhere in ``region``."""

    start: int
    end: int
    text: str
    region: tuple[int, int]


@dataclass(frozen=True, slots=True)
class Edit:
    """One known edit and the apparatus it should give."""

    kind: str
    cls: str  # the expected app/@type
    detail: str | None  # the expected rdg/@type, where one is defined
    changes: tuple[Change, ...]
    base: str  # the base text affected, for reports
    witness: str  # the witness text there
    accessory: frozenset[str] = frozenset()  # other classes allowed in the same place


@dataclass(frozen=True, slots=True)
class Trial:
    """A base, an edited copy of it and the edits that made the copy."""

    base: Base
    witness: str  # the copy's file text
    edits: tuple[Edit, ...]
    layout: str  # "plain" or "pdf"


class _Taken:
    """Stream intervals already edited, with a margin between them."""

    def __init__(self) -> None:
        self.spans: list[tuple[int, int]] = []

    def free(self, lo: int, hi: int) -> bool:
        return all(hi + GAP <= a or b + GAP <= lo for a, b in self.spans)

    def take(self, *spans: tuple[int, int]) -> bool:
        if not all(self.free(lo, hi) for lo, hi in spans):
            return False
        self.spans.extend(spans)
        return True


def _inner(base: Base, rng: random.Random, length: int, block: int | None = None) -> tuple[int, int] | None:
    """A random span of Han characters with a Han character on each side, inside a paragraph."""
    blocks = base.paragraphs()
    i = rng.choice(blocks) if block is None else block
    start = base.starts[i] + rng.randrange(1, max(2, len(base.blocks[i]) - length - 1))
    end = start + length
    s = base.stream
    if end + 1 > len(s) or not _all_han(s[start - 1:end + 1]):
        return None
    return start, end


def _near(s: str, lo: int, hi: int, chars: str, width: int = 12) -> bool:
    """Whether any of ``chars`` stands within ``width`` characters of ``s[lo:hi]``."""
    around = s[max(0, lo - width):hi + width]
    return any(c in around for c in chars)


def _slides(s: str, start: int, end: int) -> bool:
    """Whether removing or adding ``s[start:end]`` could equally be placed one character over."""
    return s[start - 1] == s[end - 1] or s[end] == s[start]


def _substitution(base, rng, taken):
    span = _inner(base, rng, rng.randint(1, 4))
    if not span:
        return None
    s, (lo, hi) = base.stream, span
    text = "".join(rng.choice(_vocabulary(base.stream)) for _ in range(hi - lo))
    if _near(s, lo, hi, text) or len(set(text)) < len(text) or not taken.take(span):
        return None
    return Edit("substitution", "substantive", "substitution", (Change(lo, hi, text, span),), s[lo:hi], text)


def _insertion(base, rng, taken):
    span = _inner(base, rng, 0)
    donor = _inner(base, rng, rng.randint(1, 5))
    if not span or not donor:
        return None
    s, pos = base.stream, span[0]
    text = s[donor[0]:donor[1]]
    if _near(s, pos, pos, text) or not taken.take(span):
        return None
    return Edit("insertion", "substantive", "addition", (Change(pos, pos, text, span),), "", text)


def _deletion(base, rng, taken):
    span = _inner(base, rng, rng.randint(1, 5))
    if not span:
        return None
    s, (lo, hi) = base.stream, span
    if _slides(s, lo, hi) or _repeated_beside(s, lo, hi) or not taken.take(span):
        return None
    return Edit("deletion", "substantive", "omission", (Change(lo, hi, "", span),), s[lo:hi], "")


def _repeated_beside(s: str, lo: int, hi: int) -> bool:
    n = hi - lo
    return s[lo - n:lo] == s[lo:hi] or s[hi:hi + n] == s[lo:hi]


def _transposition(base, rng, taken):
    span = _inner(base, rng, rng.randint(2, 6))
    if not span:
        return None
    s, (lo, hi) = base.stream, span
    phrase = s[lo:hi]
    i = base.block_at(lo)
    others = [j for j in (i - 1, i, i + 1) if j in base.paragraphs()]
    to = _inner(base, rng, 0, rng.choice(others))
    if not to or _slides(s, lo, hi) or _repeated_beside(s, lo, hi):
        return None
    pos = to[0]
    if abs(pos - lo) < 3 * len(phrase) + GAP or _near(s, pos, pos, phrase) or not taken.take(span, to):
        return None
    moved = (Change(lo, hi, "", span), Change(pos, pos, phrase, to))
    return Edit("transposition", "substantive", "transposition", moved, phrase, phrase)


def _repeated_paragraph(base, rng, taken):
    i = rng.choice(base.paragraphs())
    lo, hi = base.starts[i] - 1, base.starts[i] + len(base.blocks[i])
    if not taken.take((lo, hi + 1)):
        return None
    text = BREAK + base.blocks[i]
    return Edit("repeated-paragraph", "duplication", None, (Change(hi, hi, text, (lo, hi)),),
                "", text, frozenset({"paragraphing"}))


def _doubled_word(base, rng, taken):
    span = _inner(base, rng, rng.randint(2, 4))
    if not span:
        return None
    s, (lo, hi) = base.stream, span
    if _repeated_beside(s, lo, hi) or not taken.take(span):
        return None
    return Edit("doubled-word", "duplication", None, (Change(hi, hi, s[lo:hi], span),), "", s[lo:hi])


def _split(base, rng, taken):
    i = rng.choice(base.paragraphs())
    start, block = base.starts[i], base.blocks[i]
    stops = [start + m.end() for m in re.finditer("[。；]", block) if m.end() < len(block) - 2]
    if not stops:
        return None
    pos = rng.choice(stops)
    if not _han(base.stream[pos]) or not taken.take((pos, pos)):
        return None
    return Edit("split-paragraph", "paragraphing", None, (Change(pos, pos, BREAK, (pos, pos)),), "", BREAK)


def _merge(base, rng, taken):
    i = rng.choice(base.paragraphs())
    if i + 1 not in base.paragraphs():
        return None
    pos = base.starts[i + 1] - 1
    if not taken.take((pos, pos + 1)):
        return None
    return Edit("merged-paragraphs", "paragraphing", None, (Change(pos, pos + 1, "", (pos, pos + 1)),),
                BREAK, "")


def _script(base, rng, taken):
    span = _inner(base, rng, rng.randint(2, 6))
    if not span:
        return None
    s, (lo, hi) = base.stream, span
    text = to_traditional(s[lo:hi])
    if text == s[lo:hi] or len(text) != hi - lo or not taken.take(span):
        return None
    return Edit("script", "orthographic", "script", (Change(lo, hi, text, span),), s[lo:hi], text)


def _width(base, rng, taken):
    s = base.stream
    places = [m.start() for m in re.finditer("[,:;()，：；（）]", s) if base.editable[base.block_at(m.start())]]
    pos = rng.choice(places)
    if not taken.take((pos, pos + 1)):
        return None
    text = _WIDE.get(s[pos]) or _NARROW[s[pos]]
    return Edit("punctuation-width", "punctuation", "width", (Change(pos, pos + 1, text, (pos, pos + 1)),),
                s[pos], text)


def _quotes(base, rng, taken):
    s = base.stream
    pairs = [m.span() for m in re.finditer(f"“[^”{BREAK}]*”", s) if base.editable[base.block_at(m.start())]]
    if not pairs:
        return None
    lo, hi = rng.choice(pairs)
    if not taken.take((lo, hi)):
        return None
    marks = (Change(lo, lo + 1, "「", (lo, lo + 1)), Change(hi - 1, hi, "」", (hi - 1, hi)))
    return Edit("quotes", "punctuation", "quotes", marks, s[lo:hi], "「" + s[lo + 1:hi - 1] + "」")


def _numeral(base, rng, taken):
    years = [m.span() for m in _YEAR.finditer(base.stream) if base.editable[base.block_at(m.start())]]
    if not years:
        return None
    lo, hi = rng.choice(years)
    if not taken.take((lo, hi)):
        return None
    text = "".join(_DIGIT_NAMES[d] for d in base.stream[lo:hi])
    return Edit("numeral", "numeral", None, (Change(lo, hi, text, (lo, hi)),), base.stream[lo:hi], text)


@lru_cache(maxsize=8)
def _vocabulary(stream: str) -> str:
    """The Han characters of a text, each once: substitutes are drawn from the text's own vocabulary."""
    return "".join(sorted({c for c in stream if _han(c)}))


MAKERS: dict[str, Callable] = {
    "substitution": _substitution,
    "insertion": _insertion,
    "deletion": _deletion,
    "transposition": _transposition,
    "repeated-paragraph": _repeated_paragraph,
    "doubled-word": _doubled_word,
    "split-paragraph": _split,
    "merged-paragraphs": _merge,
    "script": _script,
    "punctuation-width": _width,
    "quotes": _quotes,
    "numeral": _numeral,
}
KINDS = tuple(MAKERS)
KIND_CLASS = {"substitution": "substantive", "insertion": "substantive", "deletion": "substantive",
              "transposition": "substantive", "repeated-paragraph": "duplication",
              "doubled-word": "duplication", "split-paragraph": "paragraphing",
              "merged-paragraphs": "paragraphing", "script": "orthographic",
              "punctuation-width": "punctuation", "quotes": "punctuation", "numeral": "numeral"}


def make_trial(base: Base, rng: random.Random, k: int, *, kinds: Sequence[str] = KINDS,
               pdf: bool = False) -> Trial:
    """Apply ``k`` random edits (kinds taken in turn, in random order) to ``base``; reflow as a PDF if asked."""
    order = [kinds[i % len(kinds)] for i in range(k)]
    rng.shuffle(order)
    taken, edits = _Taken(), []
    for kind in order:
        for _attempt in range(200):
            edit = MAKERS[kind](base, rng, taken)
            if edit:
                edits.append(edit)
                break
    edits.sort(key=lambda e: e.changes[0].start)
    text = write_witness(base, [c for e in edits for c in e.changes])
    if pdf:
        text = pdf_layout(text, width=rng.randint(12, 19), seed=rng.randrange(1 << 30))
    return Trial(base, text, tuple(edits), "pdf" if pdf else "plain")


def apply_changes(stream: str, changes: Sequence[Change]) -> str:
    """``stream`` with the changes made (they do not overlap)."""
    out, pos = [], 0
    for c in sorted(changes, key=lambda c: (c.start, c.end)):
        out += [stream[pos:c.start], c.text]
        pos = c.end
    return "".join(out + [stream[pos:]])


def write_witness(base: Base, changes: Sequence[Change]) -> str:
    """The file text of the edited copy: blocks one per line, blank lines between, headings marked."""
    edited = apply_changes(base.stream, changes)
    heading_at = {}
    for start, block, level in zip(base.starts, base.blocks, base.levels):
        if level:
            shift = sum(len(c.text) - (c.end - c.start) for c in changes if c.end < start)
            heading_at[start + shift] = "#" * level + " "
    lines, pos = [], 0
    for piece in edited.split(BREAK)[1:]:
        pos += 1
        lines.append(heading_at.get(pos, "") + piece)
        pos += len(piece)
    return "\n\n".join(lines) + "\n"


# ---------------------------------------------------------------- reading the apparatus


@dataclass(slots=True)
class Entry:
    """An ``<app>`` as a change of the base stream: ``stream[start:end]`` reads ``text`` in the witness."""

    start: int
    end: int
    text: str
    cls: str | None  # None: a lone milestone outside any app (a block only one witness begins)
    details: tuple[str, ...]
    ident: str
    corresp: str = ""  # the xml:id @corresp points to: the other place of a transposition
    good: bool = field(default=False)


def read_entries(tei: Path, base_siglum: str = "A", siglum: str = "B") -> tuple[str, str, list[Entry]]:
    """Walk the TEI body; return the base stream, the witness stream and the entries of the apparatus.

    A block break that one witness alone makes outside any ``<app>`` (a row
    that only the copy begins, as a repeated paragraph has) becomes an entry
    of no class: it belongs to the place, but is not counted as an entry.
    """
    body = etree.parse(str(tei)).find(f".//{TEI}body")
    walker = _Walker(body, base_siglum, siglum)
    walker.walk(body, in_row=False)
    walker.flush()
    return "".join(walker.streams[base_siglum]), "".join(walker.streams[siglum]), walker.entries


_ROWS = frozenset({"p", "head", "ab"})


_STOPS = {"witEnd": False, "lacunaStart": False, "witStart": True, "lacunaEnd": True}


class _Walker:
    """Rebuilds both witnesses' streams from the body, and the entries with their spans in the base's."""

    def __init__(self, body, base_siglum: str, siglum: str) -> None:
        self.a, self.b = base_siglum, siglum
        self.streams: dict[str, list[str]] = {base_siglum: [], siglum: []}
        self.length = {base_siglum: 0, siglum: 0}
        self.active = {sig: _first_active(body, sig) for sig in self.streams}
        self.entries: list[Entry] = []
        self.pending: set[str] = set()
        self.open: Entry | None = None  # the entry after which one witness alone goes on

    def emit(self, sig: str, text: str) -> None:
        self.streams[sig].append(text)
        self.length[sig] += len(text)

    def shared(self, text: str | None) -> None:
        if not text:
            return
        self.flush()
        for sig in self.streams:
            if self.active[sig]:
                self.emit(sig, text)
        self._widen(text)

    def _widen(self, text: str) -> None:
        """Text that one witness alone has outside an app belongs to the entry where the other stopped."""
        if self.active[self.a] == self.active[self.b] or self.open is None:
            return
        if self.active[self.b]:
            self.open.text += text
        else:
            self.open.end = self.length[self.a]

    def flush(self) -> None:
        pos = self.length[self.a]
        if self.pending == {self.b} and self.active[self.a]:
            self.entries.append(Entry(pos, pos, BREAK, None, (), "milestone"))
        elif self.pending == {self.a} and self.active[self.b]:
            self.entries.append(Entry(pos - 1, pos, "", None, (), "milestone"))
        self.pending = set()

    def walk(self, el, in_row: bool) -> None:
        """Walk ``el``; ``in_row`` tells whether its parent is a row, whose text (and so ``el``'s tail) is the witnesses'."""
        tag = etree.QName(el).localname if isinstance(el.tag, str) else ""
        if tag == "app":
            self._app(el)
        elif tag == "milestone" and el.get("unit") == "block":
            for sig in self.streams:
                if f"#{sig}" in el.get("edRef", "").split():
                    self.emit(sig, BREAK)
                    self.pending.add(sig)
                    if not self.active[self.a] and sig == self.b:
                        self._widen(BREAK)
        elif tag and tag != "note":
            inside = in_row or tag in _ROWS
            if inside:
                self.shared(el.text)
            for child in el:
                self.walk(child, inside)
        if in_row:
            self.shared(el.tail)

    def _app(self, app) -> None:
        self.flush()
        start = self.length[self.a]
        lem, rdg = _reading(app, self.a), _reading(app, self.b)
        self.emit(self.a, _flatten(lem, self.a))
        text = _flatten(rdg, self.b)
        self.emit(self.b, text)
        details = tuple((rdg.get("type") or "").split()) if rdg is not None and rdg is not lem else ()
        entry = Entry(start, self.length[self.a], text, app.get("type"), details,
                      app.get("{http://www.w3.org/XML/1998/namespace}id", ""),
                      (app.get("corresp") or "").removeprefix("#"))
        self.entries.append(entry)
        for sig, reading in ((self.a, lem), (self.b, rdg)):
            for marker in reading.iter(*(TEI + m for m in _STOPS)) if reading is not None else ():
                self.active[sig] = _STOPS[etree.QName(marker).localname]
        if self.active[self.a] != self.active[self.b]:
            self.open = entry


def _first_active(body, siglum: str) -> bool:
    """A witness is active from the start unless its first span marker is ``<witStart/>``."""
    for marker in body.iter(*(TEI + m for m in _STOPS)):
        reading = marker.getparent()
        if f"#{siglum}" in (reading.get("wit") or "").split():
            return etree.QName(marker).localname != "witStart"
    return True


def _reading(app, siglum: str):
    for reading in app:
        if f"#{siglum}" in (reading.get("wit") or "").split():
            return reading
    return None


def _flatten(el, siglum: str) -> str:
    if el is None:
        return ""
    out = [el.text or ""]
    for child in el:
        tag = etree.QName(child).localname
        if tag == "milestone" and f"#{siglum}" in child.get("edRef", "").split():
            out.append(BREAK)
        elif tag not in ("note", "milestone"):
            out.append(_flatten(child, siglum))
        out.append(child.tail or "")
    return "".join(out)


# ---------------------------------------------------------------- scoring


@dataclass
class Outcome:
    """How one edit fared: found or not, and the entries standing at its place."""

    edit: Edit
    found: bool
    detail_ok: bool | None
    entries: list[Entry]

    @property
    def loose(self) -> bool:
        """Found, but with entries reaching beyond the edit's place (not as small as the difference)."""
        return self.found and any(e.start < min(c.region[0] for c in self.edit.changes)
                                  or e.end > max(c.region[1] for c in self.edit.changes)
                                  for e in self.entries if e.cls)


@dataclass
class Score:
    """The outcome of each edit and the entries no edit explains."""

    outcomes: list[Outcome]
    entries: list[Entry]
    stream: str

    @property
    def false_positives(self) -> list[Entry]:
        return [e for e in self.entries if e.cls and not e.good]


def _at(entries: Sequence[Entry], lo: int, hi: int) -> list[Entry]:
    """The entries that overlap or touch the stream interval ``[lo, hi]``."""
    return [e for e in entries if e.start <= hi and e.end >= lo]


def _explains(stream: str, changes: Sequence[Change], group: Sequence[Entry]) -> bool:
    """Whether the entries, made together, change the base there as the changes (of one edit) do."""
    lo = min([c.region[0] for c in changes] + [c.start for c in changes] + [e.start for e in group])
    hi = max([c.region[1] for c in changes] + [c.end for c in changes] + [e.end for e in group])
    return _made(stream, lo, hi, [(e.start, e.end, e.text) for e in group]) == \
        _made(stream, lo, hi, [(c.start, c.end, c.text) for c in changes])


def _made(stream: str, lo: int, hi: int, changes: Sequence[tuple[int, int, str]]) -> str | None:
    """``stream[lo:hi]`` with the changes (start, end, text) made; None where two of them overlap."""
    made, pos = [], lo
    for start, end, text in sorted(changes, key=lambda c: (c[0], c[1])):
        if start < pos:
            return None
        made += [stream[pos:start], text]
        pos = end
    return "".join(made) + stream[pos:hi]


def moved_as_one(trial: Trial, edit: Edit) -> bool:
    """Whether a transposition must be one entry: within a paragraph, with no other edit between its places."""
    first, second = sorted(edit.changes, key=lambda c: c.start)
    if trial.base.block_at(first.start) != trial.base.block_at(second.start):
        return False
    return not any(first.end <= c.start and c.end <= second.start
                   for other in trial.edits if other is not edit for c in other.changes)


def _moved_as_found(trial: Trial, edit: Edit, groups: Sequence[Sequence[Entry]]) -> bool:
    """A transposition is one entry (:func:`moved_as_one`), else two entries that point to each other."""
    classed = [[e for e in g if e.cls] for g in groups]
    if moved_as_one(trial, edit):
        return len({id(e) for g in classed for e in g}) == 1
    return any(a is not b and a.corresp == b.ident and b.corresp == a.ident
               for a in classed[0] for b in classed[1])


def score_trial(trial: Trial, tei: Path) -> Score:
    """Match the apparatus of ``tei`` (base ``A``, copy ``B``) against the trial's edits."""
    stream, _witness, entries = read_entries(tei)
    if stream != trial.base.stream:
        raise AssertionError("the lemma text of the TEI is not the base witness's text")
    outcomes = []
    for edit in trial.edits:
        allowed = {edit.cls, None} | edit.accessory
        groups = [_at(entries, *c.region) for c in edit.changes]
        group = list({id(e): e for g in groups for e in g}.values())
        found = _explains(stream, edit.changes, group) and all(e.cls in allowed for e in group) \
            and all(any(e.cls == edit.cls for e in g) for g in groups)
        if found and edit.kind == "transposition":
            found = _moved_as_found(trial, edit, groups)
        if found:
            for e in group:
                e.good = True
        detail = None
        if found and edit.detail and any(e.details for e in entries):
            detail = all(edit.detail in e.details for e in group if e.cls == edit.cls)
        outcomes.append(Outcome(edit, found, detail, group))
    return Score(outcomes, entries, stream)


# ---------------------------------------------------------------- figures


@dataclass
class Tally:
    """Counts for recall (over edits) and precision (over entries)."""

    edits: int = 0
    found: int = 0
    entries: int = 0
    good: int = 0
    detail_checked: int = 0
    detail_ok: int = 0

    @property
    def recall(self) -> float | None:
        return self.found / self.edits if self.edits else None

    @property
    def precision(self) -> float | None:
        return self.good / self.entries if self.entries else None


def tally(scores: Sequence[Score], key: Callable[[str], str | None] = lambda cls: cls,
          classes: Sequence[str] | None = None) -> dict[str, Tally]:
    """Count edits and entries under ``key(class)`` (e.g. per class, or all in one).

    With ``classes``, edits of other classes are left out, and so are the
    entries standing at their places (they cannot have the class expected).
    """
    out: dict[str, Tally] = {}
    for score in scores:
        dropped: set[int] = set()
        for o in score.outcomes:
            if classes is not None and o.edit.cls not in classes:
                dropped.update(id(e) for e in o.entries)
                continue
            t = out.setdefault(key(o.edit.cls), Tally())
            t.edits += 1
            t.found += o.found
            if o.detail_ok is not None:
                t.detail_checked += 1
                t.detail_ok += o.detail_ok
        for e in score.entries:
            if e.cls is None or id(e) in dropped:
                continue
            t = out.setdefault(key(e.cls), Tally())
            t.entries += 1
            t.good += e.good
    return out
