"""The data that crosses stage boundaries.

Stages are plain functions over these types: ``catalogue`` makes an
:class:`Edition`, ``ingest`` turns each :class:`WitnessSource` into a
:class:`Witness`, ``collate`` turns the witnesses of a :class:`Work` into a
:class:`Collation`, and ``encode`` turns that into TEI. Every type here is a
frozen dataclass with slots and does no I/O.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from enum import Enum


class Severity(str, Enum):
    ERROR = "error"
    WARNING = "warning"
    NOTE = "note"  # what was done or not checked, not a problem: --strict does not count it


@dataclass(frozen=True, slots=True)
class Validation:
    """What was checked in the TEI file of one work, and what was found: a line of the validation report."""

    work: str  # the work's id
    file: str
    checks: tuple[str, ...]  # each check, in words, with the schema and its version
    problems: tuple[Diagnostic, ...]


@dataclass(frozen=True, slots=True)
class Diagnostic:
    """One problem found in an input, with where it is and what to do.

    ``code`` is stable (``E-WIT-UNDECLARED``, ``W-LATIN-IN-CJK``): tests and
    documentation cite it. ``line`` and ``column`` are 1-based; 0 means unknown.
    """

    code: str
    message: str
    file: str
    line: int = 0
    column: int = 0
    severity: Severity = Severity.ERROR
    hint: str = ""

    def __str__(self) -> str:
        where = f"{self.file}:{self.line}:{self.column}"
        text = f"{where}: {self.severity.value} {self.code}: {self.message}"
        if self.hint:
            text += f". {self.hint}"
        return text


class BlockKind(str, Enum):
    """What a block of a witness is; ``JUMP`` blocks are notes, not text."""

    TITLE = "title"
    HEADING = "heading"
    PARAGRAPH = "paragraph"
    DATELINE = "dateline"
    SIGNATURE = "signature"
    CREDIT = "credit"  # a news agency line: （新华社莫斯科5月8日电）
    CLOSER = "closer"  # （完）
    OUTLET = "outlet"  # the publishing outlet's name standing alone
    JUMP = "jump"  # a continuation marker: ■上接第2版, （下转第7版）
    GAP = "gap"  # only in a collation: text that no witness has


@dataclass(frozen=True, slots=True)
class WitnessSource:
    """A witness as the catalogue describes it: where it is and what it is."""

    siglum: str
    file: str  # path of the source file, relative to the project folder
    ranges: tuple[tuple[int, int], ...]  # 1-based inclusive line ranges, in reading order
    outlet: str = ""
    date: str = ""
    note: str = ""  # what the catalogue says of this witness
    encoding: str = "utf-8"


@dataclass(frozen=True, slots=True)
class Work:
    """One text of the edition and the witnesses that carry it."""

    id: str
    title: str
    base: str  # siglum of the base witness
    witnesses: tuple[WitnessSource, ...]
    date: str = ""
    place: str = ""
    note: str = ""
    lang: str = "zh-Hans"


@dataclass(frozen=True, slots=True)
class Edition:
    """The catalogue: the edition's own facts and its works."""

    title: str
    works: tuple[Work, ...]
    publisher: str = ""
    editors: tuple[str, ...] = ()
    licence: str = ""
    version: str = ""
    root: str = "."  # the project folder, which source paths are relative to


@dataclass(frozen=True, slots=True)
class Block:
    """A heading, paragraph, date line … of one witness, as ingest left it.

    ``text`` is the normalised text; ``first_line``/``last_line`` are the
    1-based source lines it came from; ``normalisations`` are the codes of
    what ingest did to it (see ``edition.ingest.NORMALISATIONS``).
    """

    kind: BlockKind
    text: str
    first_line: int
    last_line: int
    normalisations: tuple[str, ...] = ()


@dataclass(frozen=True, slots=True)
class Witness:
    """One ingested witness: its blocks in reading order and what looked wrong."""

    source: WitnessSource
    sha256: str  # of the whole source file, as bytes
    blocks: tuple[Block, ...]
    findings: tuple[Diagnostic, ...] = ()

    @property
    def siglum(self) -> str:
        return self.source.siglum

    @property
    def text_blocks(self) -> tuple[Block, ...]:
        """The blocks that are text (everything but jump notes)."""
        return tuple(b for b in self.blocks if b.kind is not BlockKind.JUMP)


class MarkerKind(str, Enum):
    """Things in a witness that are not characters of its text."""

    BLOCK = "block"  # the witness starts a block here (carries kind and source lines)
    WIT_START = "witStart"  # the witness's span begins
    WIT_END = "witEnd"  # the witness's span ends
    LACUNA_START = "lacunaStart"  # text lost in this witness begins
    LACUNA_END = "lacunaEnd"
    JUMP = "jump"  # a continuation marker, kept as a note (carries its text)


@dataclass(frozen=True, slots=True)
class Marker:
    kind: MarkerKind
    siglum: str
    text: str = ""  # the note of a JUMP marker
    block_kind: BlockKind | None = None  # for BLOCK markers
    first_line: int = 0  # for BLOCK markers: the block's source lines
    last_line: int = 0


Piece = str | Marker


@dataclass(frozen=True, slots=True)
class Reading:
    """What some witnesses have at one place of variation."""

    wit: tuple[str, ...]  # sigla, in witness order
    pieces: tuple[Piece, ...] = ()
    type: str = ""  # finer class of this reading against the lemma, if any (collate.classify.DETAILS)
    cause: str = ""  # "error" where the editor judged the reading an error of its witnesses
    resp: str = ""  # id of the editor who chose this reading as lemma or marked it an error

    @property
    def text(self) -> str:
        return "".join(p for p in self.pieces if isinstance(p, str))


@dataclass(frozen=True, slots=True)
class Entry:
    """One place of variation: an ``<app>``.

    ``lemma`` indexes the reading of the base witness in ``readings``, or is
    None where the base witness is absent; an editorial decision
    (``edition.decisions``) may make another reading the lemma. Witnesses outside their span at
    this place are in no reading.
    """

    type: str  # substantive, orthographic, numeral, punctuation, paragraphing, duplication, lacuna
    readings: tuple[Reading, ...]
    lemma: int | None = 0
    notes: tuple[EditorialNote, ...] = ()  # the editor's notes on this entry
    moved: int = 0  # > 0: one place of a transposition, the entry with the same number the other


@dataclass(frozen=True, slots=True)
class Row:
    """One block of the edition: a heading, paragraph … aligned across witnesses.

    ``pieces`` is the content in order: text every active witness shares,
    markers that concern one witness only where no witness disagrees there,
    and entries where witnesses differ.
    """

    kind: BlockKind
    pieces: tuple[str | Marker | Entry, ...]


@dataclass(frozen=True, slots=True)
class Collation:
    """The witnesses of one work aligned block by block and character by character."""

    work: Work
    witnesses: tuple[Witness, ...]
    rows: tuple[Row, ...]
    findings: tuple[Diagnostic, ...] = field(default=())
    editors: tuple[Editor, ...] = ()  # who made the editorial decisions applied here

    @property
    def sigla(self) -> tuple[str, ...]:
        return tuple(w.siglum for w in self.witnesses)


@dataclass(frozen=True, slots=True)
class Editor:
    """Someone who makes editorial decisions; the TEI names them as ``editor-ID``."""

    id: str
    name: str


@dataclass(frozen=True, slots=True)
class EditorialNote:
    """An editor's note on an apparatus entry."""

    text: str
    resp: str  # the editor's id
