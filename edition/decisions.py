"""Editorial decisions: ``PROJECT/decisions.toml``, beside the catalogue (docs/decisions.md).

The editor chooses a reading as the lemma of an apparatus entry, marks a
reading as an error of its witnesses, or adds a note to an entry. A
decision names no position or number: it is anchored to the readings of the
entry and to a few characters of the text around it, so it survives a
re-collation after a witness was corrected elsewhere. ``load_decisions``
reads and checks the file (every problem raises :class:`DecisionsError`
with the file, the line and what to do); ``apply_decisions`` applies the
decisions of one work to its collation and reports, as warnings of the
collation, each decision that matches no entry (``W-DECISION-STALE``),
several entries (``W-DECISION-AMBIGUOUS``) or contradicts another
(``W-DECISION-CONFLICT``). A decision is never silently dropped.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, replace
from difflib import get_close_matches
from pathlib import Path
from typing import Any, NoReturn

from .catalogue import key_line, parse_toml
from .errors import CatalogueError
from .model import Collation, Diagnostic, Edition, Editor, EditorialNote, Entry, Reading, Row, Severity

DECISIONS = "decisions.toml"
ERROR = "error"  # the @cause of a reading the editor judged an error of its witnesses

_TOP_KEYS = ("editor", "decision")
_EDITOR_KEYS = ("id", "name")
_DECISION_KEYS = ("work", "readings", "before", "after", "lemma", "error", "note", "resp")
_EDITOR_ID = re.compile(r"[A-Za-z][A-Za-z0-9_-]{0,31}")
_HEADER = re.compile(r"\s*(\[\[?)\s*([\w-]+)\s*\]\]?\s*(?:#.*)?$")


class DecisionsError(CatalogueError):
    """The decisions file is malformed or names works, witnesses or editors that are not there."""


@dataclass(frozen=True, slots=True)
class Decision:
    """One decision: where (work, readings, context) and what (lemma, error, note), by whom."""

    work: str
    readings: tuple[tuple[str, str], ...]  # (siglum, text) as the apparatus shows them
    before: str = ""  # text just before the entry, as the reading text shows it
    after: str = ""
    lemma: str = ""  # siglum whose reading becomes the lemma
    error: tuple[str, ...] = ()  # sigla whose readings are errors of their witnesses
    note: str = ""
    resp: str = ""  # id of the editor
    line: int = 0  # of its [[decision]] table in the file


@dataclass(frozen=True, slots=True)
class Decisions:
    """The whole file: who decides, and what."""

    editors: tuple[Editor, ...] = ()
    decisions: tuple[Decision, ...] = ()

    def for_work(self, work_id: str) -> tuple[Decision, ...]:
        return tuple(d for d in self.decisions if d.work == work_id)


# ---------------------------------------------------------------- loading


def load_decisions(project: Path, edition: Edition) -> Decisions:
    """Read and check ``project/decisions.toml`` against the catalogue; no file, no decisions."""
    path = project / DECISIONS
    if not path.is_file():
        return Decisions()
    text = _read(path)
    data = parse_toml(text, file=DECISIONS, error=DecisionsError)
    where = _Locator(text)
    _check_keys(data, _TOP_KEYS, where.key(None, _first_key_line(text)))
    editors = _editors(data.get("editor"), edition, where)
    value = data.get("decision", [])
    if not isinstance(value, list) or not all(isinstance(t, dict) for t in value):
        _fail("decisions must be an array of tables", where.table("decision", 0),
              "write [[decision]] (double brackets) above each decision")
    works = {work.id: work for work in edition.works}
    decisions = tuple(_decision(table, i, works, editors, where) for i, table in enumerate(value))
    return Decisions(editors, decisions)


def _fail(message: str, line: int, hint: str) -> NoReturn:
    raise DecisionsError(message, file=DECISIONS, line=line, hint=hint)


def _read(path: Path) -> str:
    try:
        return path.read_text(encoding="utf-8")
    except UnicodeDecodeError as error:
        _fail(f"the decisions file is not UTF-8 (byte {error.start})", 1, "save it as UTF-8")
    except OSError as error:
        _fail(f"cannot read the decisions file: {error.strerror}", 0, "check its permissions")


def _first_key_line(text: str) -> int:
    return next((n for n, line in enumerate(text.split("\n"), 1)
                 if line.strip() and not line.lstrip().startswith("#")), 1)


class _Locator:
    """Finds the line of the n-th ``[[decision]]`` (or ``[editor]``) table and of a key in it."""

    def __init__(self, text: str) -> None:
        self.lines = text.split("\n")
        self.starts: dict[str, list[int]] = {}
        for number, line in enumerate(self.lines, 1):
            header = _HEADER.match(line)
            if header:
                self.starts.setdefault(header[2], []).append(number)

    def table(self, name: str, index: int) -> int:
        found = self.starts.get(name, [])
        return found[index] if index < len(found) else (found[-1] if found else 1)

    def key(self, key: str | None, start: int) -> int:
        if key is None:
            return start
        return key_line(self.lines, key, start) or start


def _check_keys(table: dict[str, Any], allowed: tuple[str, ...], line: int) -> None:
    for key in table:
        if key not in allowed:
            close = get_close_matches(key, allowed, n=1)
            hint = f"did you mean {close[0]!r}?" if close else f"the keys here are: {', '.join(allowed)}"
            _fail(f"unknown key {key!r}", line, hint)


def _editors(value: Any, edition: Edition, where: _Locator) -> tuple[Editor, ...]:
    """The editors; without an [editor] table, one editor named after the catalogue's first."""
    if value is None:
        return (Editor("editor", (edition.editors or (edition.publisher or "The editor",))[0]),)
    tables = [value] if isinstance(value, dict) else value
    if not isinstance(tables, list) or not tables or not all(isinstance(t, dict) for t in tables):
        _fail("editor must be a table", where.table("editor", 0), 'write [editor] with id = "…" and name = "…"')
    editors: list[Editor] = []
    for i, table in enumerate(tables):
        line = where.table("editor", i)
        _check_keys(table, _EDITOR_KEYS, line)
        editor_id = _string(table, "id", where.key("id", line), required=True)
        if not _EDITOR_ID.fullmatch(editor_id):
            _fail(f"editor id {editor_id!r} is not a short name", where.key("id", line),
                  "use a letter followed by letters, digits, - or _ (at most 32): zs, editor-1")
        if any(e.id == editor_id for e in editors):
            _fail(f"two editors have the id {editor_id!r}", where.key("id", line), "give each editor its own id")
        editors.append(Editor(editor_id, _string(table, "name", where.key("name", line), required=True)))
    return tuple(editors)


def _string(table: dict[str, Any], key: str, line: int, *, required: bool = False) -> str:
    value = table.get(key)
    if value is None:
        if required:
            _fail(f"missing key {key!r}", line, f'add {key} = "…"')
        return ""
    if not isinstance(value, str):
        _fail(f"{key} must be a string", line, f'write {key} = "…"')
    if required and not value.strip():
        _fail(f"{key} is empty", line, f"give the {key}")
    return value


def _decision(table: dict[str, Any], i: int, works: dict, editors: tuple[Editor, ...],
              where: _Locator) -> Decision:
    start = where.table("decision", i)
    _check_keys(table, _DECISION_KEYS, start)

    def at(key: str) -> int:
        return where.key(key, start)

    work_id = _string(table, "work", at("work"), required=True)
    if work_id not in works:
        close = get_close_matches(work_id, list(works), n=1)
        _fail(f"no work has the id {work_id!r}", at("work"),
              f"did you mean {close[0]!r}?" if close else f"the works are: {', '.join(works)}")
    sigla = [w.siglum for w in works[work_id].witnesses]
    readings = _readings(table.get("readings"), sigla, work_id, at("readings") if "readings" in table else start)
    named = [siglum for siglum, _ in readings]
    lemma = _string(table, "lemma", at("lemma"))
    if lemma and lemma not in named:
        _fail(f"lemma {lemma!r} is not one of the readings of the decision", at("lemma"),
              f"choose one of {', '.join(named)}, or name {lemma} in readings too")
    error = _sigla(table.get("error"), at("error"), named)
    if lemma and lemma in error:
        _fail(f"the reading of {lemma} cannot be both the lemma and an error", at("error"),
              "choose another lemma, or mark another reading as the error")
    note = _string(table, "note", at("note"))
    if "note" in table and not note.strip():
        _fail("note is empty", at("note"), "write the note, or leave the key out")
    if not (lemma or error or note):
        _fail("the decision decides nothing", start, 'add lemma = "…", error = "…" or note = "…"')
    return Decision(work=work_id, readings=readings, before=_string(table, "before", at("before")),
                    after=_string(table, "after", at("after")), lemma=lemma, error=error,
                    note=note.strip(), resp=_resp(table, editors, at("resp") if "resp" in table else start),
                    line=start)


def _readings(value: Any, sigla: list[str], work_id: str, line: int) -> tuple[tuple[str, str], ...]:
    example = 'readings = { A = "仆从国", B = "从国" }'
    if value is None:
        _fail("missing key 'readings'", line, f"name the readings of the entry: {example}")
    if not isinstance(value, dict) or not value or not all(isinstance(v, str) for v in value.values()):
        _fail("readings must be a table of witness sigla and their texts", line, f"write {example}")
    for siglum in value:
        if siglum not in sigla:
            _fail(f"{siglum!r} is not a witness of work {work_id}", line, f"the witnesses are: {', '.join(sigla)}")
    return tuple(value.items())


def _sigla(value: Any, line: int, named: list[str]) -> tuple[str, ...]:
    if value is None:
        return ()
    found = (value,) if isinstance(value, str) else value
    if not isinstance(found, (list, tuple)) or not found or not all(isinstance(s, str) for s in found):
        _fail("error must be a siglum or a list of sigla", line, 'write error = "B" or error = ["B", "C"]')
    for siglum in found:
        if siglum not in named:
            _fail(f"error {siglum!r} is not one of the readings of the decision", line,
                  f"choose among {', '.join(named)}, or name {siglum} in readings too")
    return tuple(dict.fromkeys(found))


def _resp(table: dict[str, Any], editors: tuple[Editor, ...], line: int) -> str:
    resp = _string(table, "resp", line)
    ids = [e.id for e in editors]
    if not resp:
        if len(editors) > 1:
            _fail("the decision does not say which editor made it", line,
                  f"add resp = \"…\", one of {', '.join(ids)}")
        return ids[0]
    if resp not in ids:
        _fail(f"no editor has the id {resp!r}", line, f"the editors are: {', '.join(ids)}")
    return resp


# ---------------------------------------------------------------- applying


@dataclass(frozen=True, slots=True)
class _Place:
    """An entry of a collation and the reading text on either side of it in its row."""

    row: int
    index: int
    entry: Entry
    before: str
    after: str


def apply_decisions(collation: Collation, decisions: Decisions) -> Collation:
    """The collation with the work's decisions applied and the ones that could not be, reported.

    Decisions match the entries as collated (before any decision changed a
    lemma); each decision applies to the one entry it matches, in file order.
    """
    mine = decisions.for_work(collation.work.id)
    if not mine:
        return collation
    places = list(_places(collation.rows))
    changed: dict[tuple[int, int], Entry] = {}
    findings: list[Diagnostic] = []
    used: set[str] = set()
    for decision in mine:
        matches = [place for place in places if _fits(decision, place)]
        if len(matches) != 1:
            findings.append(_unmatched(decision, matches))
            continue
        key = (matches[0].row, matches[0].index)
        entry, problems = _decide(changed.get(key, matches[0].entry), decision)
        changed[key] = entry
        findings.extend(problems)
        used.add(decision.resp)
    rows = tuple(_replaced(row, r, changed) for r, row in enumerate(collation.rows))
    editors = tuple(e for e in decisions.editors if e.id in used)
    return replace(collation, rows=rows, findings=collation.findings + tuple(findings), editors=editors)


def _shown(piece) -> str:
    """What the reading text shows of a piece: text, the lemma (else the first reading) of an entry."""
    if isinstance(piece, str):
        return piece
    if isinstance(piece, Entry) and piece.readings:
        return piece.readings[0 if piece.lemma is None else piece.lemma].text
    return ""


def _places(rows: tuple[Row, ...]):
    for r, row in enumerate(rows):
        shown = [_shown(piece) for piece in row.pieces]
        for i, piece in enumerate(row.pieces):
            if isinstance(piece, Entry):
                yield _Place(r, i, piece, "".join(shown[:i]), "".join(shown[i + 1:]))


def _reading_index(entry: Entry, siglum: str) -> int | None:
    return next((i for i, reading in enumerate(entry.readings) if siglum in reading.wit), None)


def _fits(decision: Decision, place: _Place) -> bool:
    """Whether the entry has the decision's readings, each maybe with the same shared text around it.

    The readings of a decision may carry a few characters of the text around
    the entry (仆从国 / 从国 for the entry 仆 / om.): the same characters
    before and after every reading, and they must be the text there.
    """
    texts = {}
    for siglum, _ in decision.readings:
        index = _reading_index(place.entry, siglum)
        if index is None:
            return False
        texts[siglum] = place.entry.readings[index].text
    siglum, anchor = decision.readings[0]
    reading = texts[siglum]
    for start in range(len(anchor) - len(reading) + 1):
        if anchor[start:start + len(reading)] != reading:
            continue
        prefix, suffix = anchor[:start], anchor[start + len(reading):]
        if not (place.before.endswith(prefix) and place.after.startswith(suffix)):
            continue
        if all(text == prefix + texts[s] + suffix for s, text in decision.readings) \
                and place.before[:len(place.before) - len(prefix)].endswith(decision.before) \
                and place.after[len(suffix):].startswith(decision.after):
            return True
    return False


def _decide(entry: Entry, decision: Decision) -> tuple[Entry, list[Diagnostic]]:
    """The entry with the decision applied, and any contradiction with an earlier decision."""
    readings = list(entry.readings)
    lemma = entry.lemma
    problems = []
    if decision.lemma:
        chosen = _reading_index(entry, decision.lemma)
        old = None if lemma is None else readings[lemma]
        if old is not None and old.resp and not old.cause and chosen != lemma:
            problems.append(_diagnostic("W-DECISION-CONFLICT", decision, "another decision chose another "
                                        "lemma for this entry; this one, later in the file, wins",
                                        "keep one lemma decision per entry"))
            readings[lemma] = replace(old, resp="")
        if chosen != lemma:
            readings = _details_against(readings, lemma, chosen)
        lemma = chosen
        readings[chosen] = replace(readings[chosen], cause="", resp=decision.resp)
    for siglum in decision.error:
        index = _reading_index(entry, siglum)
        if index == lemma and readings[index].resp and not readings[index].cause:
            problems.append(_diagnostic("W-DECISION-CONFLICT", decision, f"the reading of {siglum} is the "
                                        "lemma an editor chose; it is not marked as an error",
                                        "choose another lemma, or do not mark it as an error"))
            continue
        readings[index] = replace(readings[index], cause=ERROR, resp=decision.resp)
    notes = entry.notes + ((EditorialNote(decision.note, decision.resp),) if decision.note else ())
    return replace(entry, readings=tuple(readings), lemma=lemma, notes=notes), problems


_INVERSE = {"omission": "addition", "addition": "omission"}


def _details_against(readings: list[Reading], old: int | None, new: int) -> list[Reading]:
    """The readings with their details (``rdg/@type``) told against a new lemma.

    With two readings the old lemma takes the chosen reading's detail, turned
    round (an omission against the old lemma is an addition against the
    new); with more, how each reading differs from the new lemma is not
    known, and no reading keeps a detail.
    """
    if old is not None and len(readings) == 2:
        detail = readings[new].type
        return [replace(r, type=_INVERSE.get(detail, detail) if i == old else "") for i, r in enumerate(readings)]
    return [replace(r, type="") for r in readings]


def _replaced(row: Row, r: int, changed: dict[tuple[int, int], Entry]) -> Row:
    if not any(key[0] == r for key in changed):
        return row
    return replace(row, pieces=tuple(changed.get((r, i), piece) for i, piece in enumerate(row.pieces)))


def _unmatched(decision: Decision, matches: list[_Place]) -> Diagnostic:
    wanted = _describe(decision)
    if not matches:
        return _diagnostic("W-DECISION-STALE", decision, f"no apparatus entry of {decision.work} has {wanted}; "
                           "the decision is not applied",
                           "a witness or the collation changed here: correct the readings or the "
                           "context of the decision, or remove it")
    places = "; ".join(f"…{m.before[-6:]}[{_reading_list(m.entry)}]{m.after[:6]}…" for m in matches[:3])
    return _diagnostic("W-DECISION-AMBIGUOUS", decision, f"{len(matches)} apparatus entries of {decision.work} "
                       f"have {wanted} ({places}); the decision is not applied",
                       "add a few characters of the text around the entry in before or after")


def _describe(decision: Decision) -> str:
    readings = ", ".join(f"{s} {_quoted(t)}" for s, t in decision.readings)
    text = f"the readings {readings}"
    if decision.before:
        text += f" after {_quoted(decision.before)}"
    if decision.after:
        text += f" before {_quoted(decision.after)}"
    return text


def _reading_list(entry: Entry) -> str:
    return " | ".join(r.text or "om." for r in entry.readings)


def _quoted(text: str) -> str:
    return f"「{text}」" if text else "(nothing)"


def _diagnostic(code: str, decision: Decision, message: str, hint: str) -> Diagnostic:
    return Diagnostic(code, message, DECISIONS, decision.line, severity=Severity.WARNING, hint=hint)
