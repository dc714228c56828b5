"""Rebuilding each witness's text from the apparatus, by the profile's rules.

docs/tei-profile.md, "Spans" and "Rebuilding a witness": walk the text in
document order, skip notes, descend into a reading only for the witnesses it
names, keep text only while a witness is active, and start a new block where a
``<milestone unit="block">`` names the witness. This is how the "nothing lost"
invariant is checked (``check_rebuild``, run on every TEI file the edition
writes), and how the site shows one witness as it reads.

The helpers that say which witnesses a reading or a span marker concerns, and
whether a witness is active at the start, are shared with ``validate``.
"""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass, field

from lxml import etree

from ..model import Collation, Diagnostic
from .read import XML_NS, document_root, iter_events, q

APP, LEM, RDG, RDG_GRP = q("app"), q("lem"), q("rdg"), q("rdgGrp")
READINGS = (LEM, RDG)
NOTE, MILESTONE = q("note"), q("milestone")
WIT_START, WIT_END = q("witStart"), q("witEnd")
LACUNA_START, LACUNA_END = q("lacunaStart"), q("lacunaEnd")
SPAN_MARKERS = (WIT_START, WIT_END, LACUNA_START, LACUNA_END)

# Elements whose own text is layout whitespace, never words of a witness.
ELEMENT_ONLY = frozenset(
    q(name) for name in ("text", "front", "body", "back", "group", "div", "app", "rdgGrp", "listApp")
)
# The TEI's model.global.meta: statements about the text (interpretations, links, certainty, index
# entries, feature structures), which may stand anywhere in it and are no one's text.
META = frozenset(q(name) for name in (
    "index", "span", "spanGrp", "interp", "interpGrp", "substJoin", "listTranspose", "link", "linkGrp", "timeline",
    "join", "joinGrp", "alt", "altGrp", "fs", "fLib", "fvLib", "precision", "certainty", "respons"))

# The states of a witness along the text, and what each span marker expects and makes.
ACTIVE, ENDED, IN_LACUNA = "active", "ended", "lacuna"
SPAN_TRANSITIONS = {
    WIT_START: (ENDED, ACTIVE),
    WIT_END: (ACTIVE, ENDED),
    LACUNA_START: (ACTIVE, IN_LACUNA),
    LACUNA_END: (IN_LACUNA, ACTIVE),
}


@dataclass(frozen=True, slots=True)
class ListWit:
    """The witnesses a document declares.

    ``sigla`` are the ``xml:id`` of its ``<witness>`` elements in document
    order; ``targets`` maps every id a ``@wit`` may point to (a witness, or a
    ``<listWit>`` standing for a group) to the sigla it stands for.
    """

    sigla: tuple[str, ...]
    targets: dict[str, tuple[str, ...]]


def list_wit(tree: etree._ElementTree | etree._Element) -> ListWit:
    """Find the declared witnesses (``<witness xml:id>``, and groups ``<listWit xml:id>``)."""
    root = document_root(tree)
    xml_id = q("id", XML_NS)
    sigla = tuple(dict.fromkeys(w.get(xml_id) for w in root.iter(q("witness")) if w.get(xml_id)))
    targets = {siglum: (siglum,) for siglum in sigla}
    for group in root.iter(q("listWit")):
        if group.get(xml_id) and group.get(xml_id) not in targets:
            members = (w.get(xml_id) for w in group.iter(q("witness")) if w.get(xml_id))
            targets[group.get(xml_id)] = tuple(dict.fromkeys(members))
    return ListWit(sigla, targets)


def resolve(value: str | None, witnesses: ListWit) -> frozenset[str]:
    """The declared sigla a ``@wit``/``@edRef`` value names (``#A #B``; a bare ``A`` is read as ``#A``).

    Pointers to nothing are left out: ``validate`` reports them.
    """
    if not value:
        return frozenset()
    return frozenset(s for token in value.split() for s in witnesses.targets.get(token.removeprefix("#"), ()))


def app_readings(app: etree._Element) -> list[etree._Element]:
    """The ``<lem>``/``<rdg>`` of an app, including those grouped in ``<rdgGrp>``."""
    found = []
    for child in app:
        if child.tag in READINGS:
            found.append(child)
        elif child.tag == RDG_GRP:
            found.extend(c for c in child.iter(*READINGS) if _owning_app(c) is app)
    return found


def _owning_app(reading: etree._Element) -> etree._Element | None:
    return next(reading.iterancestors(APP), None)


def reading_witnesses(text: etree._Element, witnesses: ListWit) -> dict[etree._Element, frozenset[str]]:
    """The sigla of every reading in the text.

    A reading's ``@wit`` names them; a ``<lem>`` without ``@wit`` (common in
    TEI from elsewhere) stands for the witnesses of its context that no other
    reading of its app names. The context is the enclosing reading, or all
    witnesses at the top. Apps come in document order, so an enclosing
    reading is always resolved before the apps inside it.
    """
    everyone = frozenset(witnesses.sigla)
    found: dict[etree._Element, frozenset[str]] = {}
    resolved: dict[str, frozenset[str]] = {}  # a text has few distinct @wit values
    for app in text.iter(APP):
        readings = app_readings(app)
        named = {}
        for reading in readings:
            value = reading.get("wit")
            if value is not None:
                sigla = resolved.get(value)
                if sigla is None:
                    sigla = resolved[value] = resolve(value, witnesses)
                named[reading] = sigla
        for reading in readings:
            if reading in named:
                found[reading] = named[reading]
            elif reading.tag == LEM:
                context = _context(app, found, everyone)
                found[reading] = context.difference(*named.values())
            else:
                found[reading] = frozenset()
    return found


def _context(element: etree._Element, readings: dict, everyone: frozenset[str]) -> frozenset[str]:
    enclosing = next((r for r in element.iterancestors(*READINGS) if r in readings), None)
    return everyone if enclosing is None else readings[enclosing]


def marker_witnesses(
    marker: etree._Element, enclosing: frozenset[str] | None, witnesses: ListWit
) -> frozenset[str]:
    """Whose span a marker concerns: its own ``@wit``, else the witnesses of the reading it stands in."""
    if marker.get("wit") is not None:
        return resolve(marker.get("wit"), witnesses)
    return enclosing or frozenset()


def initial_states(text: etree._Element, readings: dict, witnesses: ListWit) -> dict[str, str]:
    """Each witness's state at the start: active, unless its first span marker is ``<witStart/>``."""
    first: dict[str, str] = {}
    for marker in text.iter(*SPAN_MARKERS):
        enclosing = next((readings[r] for r in marker.iterancestors(*READINGS) if r in readings), None)
        for siglum in marker_witnesses(marker, enclosing, witnesses):
            first.setdefault(siglum, marker.tag)
    return {s: ENDED if first.get(s) == WIT_START else ACTIVE for s in witnesses.sigla}


@dataclass(frozen=True, slots=True)
class Frame:
    """Where a walk over the text is.

    ``context``: the witnesses whose text this is (all of them, narrowed by
    each reading entered). ``counts``: whether text directly here is text of
    a witness (not in a note, nor layout whitespace between divisions).
    ``reading``: the sigla of the innermost reading, None outside readings.
    """

    context: frozenset[str]
    counts: bool
    reading: frozenset[str] | None


def walk(
    text: etree._Element, sigla: tuple[str, ...], readings: dict
) -> Iterator[tuple[str, etree._Element, Frame]]:
    """Walk the text in document order, saying at each node whose text it is.

    Yields ``("start", node, frame)`` with the frame inside the node (which
    its ``.text`` belongs to), and ``("end", node, frame)`` with the frame of
    its parent (which its ``.tail`` belongs to).
    """
    frames = [Frame(frozenset(sigla), False, None)]
    for event, node in iter_events(text):
        if event == "end":
            frames.pop()
            yield "end", node, frames[-1]
        else:
            frames.append(_enter(node, frames[-1], readings))
            yield "start", node, frames[-1]


def _enter(node: etree._Element, parent: Frame, readings: dict) -> Frame:
    """A reading narrows the context; notes, comments, statements about the text (``META``) and what an app
    holds beside readings are no one's text."""
    if node in readings:
        if _owning_app(node).get("loc") is not None:  # an entry beside the text (TEI from elsewhere)
            return Frame(frozenset(), False, readings[node])
        return Frame(parent.context & readings[node], True, readings[node])
    if not isinstance(node.tag, str) or node.tag == NOTE or node.tag in META or _beside_readings(node):
        return Frame(frozenset(), False, parent.reading)
    counts = node.tag not in ELEMENT_ONLY
    return parent if parent.counts == counts else Frame(parent.context, counts, parent.reading)  # frames are values


def _beside_readings(node: etree._Element) -> bool:
    parent = node.getparent()
    return parent is not None and parent.tag in (APP, RDG_GRP) and node.tag != RDG_GRP


GAP = q("gap")
XML_ID = q("id", XML_NS)
ROWS = {q("p"): "paragraph", q("head"): "heading", q("ab"): "", q("l"): "line"}  # the edition's blocks


@dataclass(slots=True)
class RebuiltBlock:
    """One block of a witness as the TEI gives it back.

    ``kind`` and ``lines`` come from the ``<milestone unit="block">`` that
    opened it (``@type``, ``@n``); where no milestone names the witness (TEI
    from elsewhere) each row of the edition is a block of it, of the row's
    kind, with no lines. ``row`` is the ``xml:id`` of the row it begins in.
    ``pieces`` are strings of the witness's text and, for what is not text,
    tuples: ``("note", type, text)``, ``("gap",)`` and the span markers
    (``("witStart",)``, ``("lacunaEnd",)`` …).
    """

    kind: str
    lines: str
    row: str
    pieces: list = field(default_factory=list)
    opened: bool = True  # False: made only to hold what comes before the witness's first block

    @property
    def text(self) -> str:
        return "".join(p for p in self.pieces if isinstance(p, str))


def rebuild_witnesses(tree: etree._ElementTree | etree._Element) -> dict[str, list[str]]:
    """Each witness's text, block by block, rebuilt from the TEI (sigla in ``listWit`` order)."""
    return {s: block_texts(blocks) for s, blocks in rebuild_blocks(tree).items()}


def block_texts(blocks: list[RebuiltBlock]) -> list[str]:
    """The text of each block a witness has (a milestone opened it, or it holds text)."""
    return [b.text for b in blocks if b.opened or b.text]


def rebuild_block_sources(tree: etree._ElementTree | etree._Element) -> dict[str, list[tuple[str, str]]]:
    """For each witness and each of its blocks: its kind and source lines (the milestone's ``@type`` and ``@n``)."""
    return {s: [(b.kind, b.lines) for b in blocks if b.opened or b.text]
            for s, blocks in rebuild_blocks(tree).items()}


def rebuild_blocks(tree: etree._ElementTree | etree._Element) -> dict[str, list[RebuiltBlock]]:
    """One walk over the text that follows every witness at once, keeping where each block comes from."""
    witnesses = list_wit(tree)
    blocks: dict[str, list[RebuiltBlock]] = {s: [] for s in witnesses.sigla}
    text = document_root(tree).find(q("text"))
    if text is None:
        return blocks
    readings = reading_witnesses(text, witnesses)
    states = initial_states(text, readings, witnesses)
    named = {s for m in text.iter(MILESTONE) if m.get("unit") == "block"
             for s in resolve(m.get("edRef"), witnesses)}
    unnamed = frozenset(witnesses.sigla) - named
    rows: list[tuple[str, str]] = [("", "")]
    frames: list[Frame] = []
    for event, node, frame in walk(text, witnesses.sigla, readings):
        if event == "end":
            frames.pop()
            if node.tag in ROWS:
                rows.pop()
            if node.tail and frame.counts:
                _add(blocks, states, frame.context, node.tail, rows[-1])
            continue
        frames.append(frame)
        if node.tag in ROWS:
            rows.append(_row(node, rows[-1]))
            for siglum in unnamed & frame.context:
                if states[siglum] == ACTIVE:
                    _open(blocks[siglum], RebuiltBlock(rows[-1][1], "", rows[-1][0]))
        _start(node, frame, frames, witnesses, states, blocks, rows[-1])
        if node.text and frame.counts:
            _add(blocks, states, frame.context, node.text, rows[-1])
    return blocks


def _row(node: etree._Element, outer: tuple[str, str]) -> tuple[str, str]:
    """The id and block kind of a row; a row inside a row (``l`` in ``p``) belongs to the outer one."""
    if outer[0] and node.get(XML_ID) is None:
        return outer
    kind = ROWS[node.tag] or node.get("type", "paragraph")
    if node.tag == q("head") and node.get("type") == "title":
        kind = "title"
    return node.get(XML_ID, outer[0]), kind


def _start(node, frame: Frame, frames: list[Frame], witnesses: ListWit, states: dict[str, str],
           blocks: dict[str, list[RebuiltBlock]], row: tuple[str, str]) -> None:
    """What an element does to the witnesses whose text it stands in."""
    if node.tag == MILESTONE and node.get("unit") == "block":
        for siglum in resolve(node.get("edRef"), witnesses) & frame.context:
            _open(blocks[siglum], RebuiltBlock(node.get("type") or row[1], node.get("n", ""), row[0]))
    elif node.tag in SPAN_MARKERS:
        for siglum in marker_witnesses(node, frame.reading, witnesses):
            states[siglum] = SPAN_TRANSITIONS[node.tag][1]
            _current(blocks[siglum], row).pieces.append((etree.QName(node).localname,))
    elif node.tag == NOTE and len(frames) > 1 and not _beside_readings(node):
        note = " ".join("".join(node.itertext()).split())
        _add(blocks, states, frames[-2].context, ("note", node.get("type", ""), note), row)
    elif node.tag == GAP:
        _add(blocks, states, frame.context, ("gap",), row)


def _open(witness_blocks: list[RebuiltBlock], block: RebuiltBlock) -> None:
    """Start a block; what a block made only to hold markers had goes into it."""
    if witness_blocks and not witness_blocks[-1].opened and not witness_blocks[-1].text:
        block.pieces = witness_blocks.pop().pieces
    witness_blocks.append(block)


def _add(blocks: dict[str, list[RebuiltBlock]], states: dict[str, str], context: frozenset[str],
         piece, row: tuple[str, str]) -> None:
    """Append a piece to the current block of every witness of the context that is active."""
    for siglum in context:
        if states[siglum] == ACTIVE:
            _current(blocks[siglum], row).pieces.append(piece)


def _current(witness_blocks: list[RebuiltBlock], row: tuple[str, str]) -> RebuiltBlock:
    if not witness_blocks:
        witness_blocks.append(RebuiltBlock(row[1] or "paragraph", "", row[0], opened=False))
    return witness_blocks[-1]


def check_rebuild(collation: Collation, tree, name: str) -> list[Diagnostic]:
    """Each witness rebuilt from the TEI must equal its normalised text, block for block."""
    rebuilt = rebuild_witnesses(tree)
    problems = []
    for witness in collation.witnesses:
        expected = [b.text for b in witness.text_blocks]
        got = rebuilt.get(witness.siglum, [])
        if got != expected:
            where = next((i for i, (a, b) in enumerate(zip(got, expected)) if a != b),
                         min(len(got), len(expected)))
            problems.append(Diagnostic(
                "E-REBUILD", f"witness {witness.siglum} rebuilt from the TEI differs from its "
                f"normalised text at block {where + 1}", name,
                hint="this is a defect of edition: please report it with the input files"))
    return problems
