"""The catalogue: ``PROJECT/edition.toml``, where all editorial knowledge about sources lives.

It names the edition, its works, and for each work the witnesses that carry
it: which file, which lines of it, in which order, and what is known of the
outlet. The format (every key not marked required may be left out)::

    [edition]
    title = "中俄联合声明汇校（2022—2025）"   # required
    publisher = "…"
    editors = ["…", "…"]
    licence = "CC BY 4.0"
    version = "0.1.0"

    [[work]]
    id = "2025-partnership"   # required: [a-z0-9][a-z0-9-]*, at most 64 characters, unique
    title = "…"               # required
    date = "2025-05-08"       # ISO date (a bare TOML date is accepted too)
    place = "莫斯科"
    base = "A"                # siglum of the base witness; default: the first witness
    note = "…"
    lang = "zh-Hans"          # default zh-Hans

    [[work.witness]]          # at least one for each work
    siglum = "A"              # required: [A-Za-z][A-Za-z0-9]{0,15}; unique in the work, ignoring case
    file = "000_5d9e4b39c4484a2c.txt"   # required: relative to the project folder, inside it
    lines = [[3, 213]]        # 1-based inclusive line ranges, in reading order; default: the whole file
    outlet = "…"
    date = "2025-05-09"
    note = "what the catalogue says of this witness"
    encoding = "utf-8"        # utf-8 (default), gb18030 or big5

Ranges of one witness must not overlap; ranges of different witnesses or
works may. Every problem raises :class:`CatalogueError` with the catalogue's
file name, the line of the offending key or table, and what to do; an
unknown key is an error too, so that a misspelt key is not silently ignored.
What the editor decides about the apparatus is in ``decisions.toml`` beside
the catalogue (``edition.decisions``, docs/decisions.md).
"""

from __future__ import annotations

import re
import tomllib
from datetime import date
from difflib import get_close_matches
from pathlib import Path, PurePosixPath, PureWindowsPath
from typing import Any, NoReturn

from .errors import CatalogueError
from .ingest.raw import ENCODINGS, MAX_BYTES, count_lines
from .model import Edition, Work, WitnessSource

CATALOGUE = "edition.toml"

_EDITION_KEYS = ("title", "publisher", "editors", "licence", "version")
_WORK_KEYS = ("id", "title", "date", "place", "base", "note", "lang", "witness")
_WITNESS_KEYS = ("siglum", "file", "lines", "outlet", "date", "note", "encoding")
_SLUG = re.compile(r"[a-z0-9][a-z0-9-]{0,63}")
_SIGLUM = re.compile(r"[A-Za-z][A-Za-z0-9]{0,15}")
_ISO_DATE = re.compile(r"\d{4}-\d{2}-\d{2}")
_HEADER = re.compile(r"\s*\[\[?\s*([\w-]+(?:\s*\.\s*[\w-]+)*)\s*\]\]?\s*(?:#.*)?$")
_TOML_POSITION = re.compile(r"at line (\d+), column (\d+)")

Table = tuple  # where a table stands: ("edition",), ("work", i) or ("work", i, j)


def load_catalogue(project: Path) -> Edition:
    """Read and check ``project/edition.toml``; return the edition it describes."""
    text = _read(project / CATALOGUE)
    data = parse_toml(text, file=CATALOGUE)
    where = _Locator(text)
    _check_keys(data, ("edition", "work"), where, ())
    head = data.get("edition")
    if not isinstance(head, dict):
        _fail("the catalogue has no [edition] table", where.line(()),
              'start it with [edition] and title = "…"')
    at = ("edition",)
    _check_keys(head, _EDITION_KEYS, where, at)
    facts = {key: _string(head, key, where, at, required=key == "title")
             for key in ("title", "publisher", "licence", "version")}
    editors = _strings(head, "editors", where, at)
    works = _works(data.get("work"), project, where)
    return Edition(works=works, editors=editors, root=str(project), **facts)


def _fail(message: str, line: int, hint: str) -> NoReturn:
    raise CatalogueError(message, file=CATALOGUE, line=line, hint=hint)


def _read(path: Path) -> str:
    try:
        return path.read_text(encoding="utf-8")
    except FileNotFoundError:
        raise CatalogueError(f"there is no {CATALOGUE} in the project folder", file=CATALOGUE,
                             hint="write one (see the format in edition/catalogue.py) or name "
                                  "another project folder") from None
    except UnicodeDecodeError as error:
        raise CatalogueError(f"the catalogue is not UTF-8 (byte {error.start})", file=CATALOGUE,
                             line=1, hint="save it as UTF-8") from None
    except OSError as error:
        raise CatalogueError(f"cannot read the catalogue: {error.strerror}", file=CATALOGUE) from None


def parse_toml(text: str, *, file: str, error: type[CatalogueError] = CatalogueError) -> dict[str, Any]:
    """The TOML ``text`` of ``file`` as a dict; a syntax error raises ``error`` with its line and column."""
    try:
        return tomllib.loads(text)
    except tomllib.TOMLDecodeError as problem:
        position = _TOML_POSITION.search(str(problem))
        line, column = (int(position[1]), int(position[2])) if position else (0, 0)
        message = _TOML_POSITION.sub("", str(problem)).strip(" ()")
        raise error(f"not valid TOML: {message}", file=file, line=line, column=column,
                    hint="check the quotes, brackets and = on that line") from None


def key_line(lines: list[str], key: str, start: int) -> int:
    """The line of ``key = …`` in the table whose header is line ``start`` (lines counted from 1), or 0."""
    pattern = re.compile(rf"\s*[\"']?{re.escape(key)}[\"']?\s*=")
    for number in range(start + 1, len(lines) + 1):
        if _HEADER.match(lines[number - 1]):
            break
        if pattern.match(lines[number - 1]):
            return number
    return 0


class _Locator:
    """Finds the line of a table or of a key in the catalogue's text, for messages."""

    def __init__(self, text: str) -> None:
        self.lines = text.split("\n")
        self.tables: dict[Table, int] = {}
        work = witness = -1
        for number, line in enumerate(self.lines, 1):
            header = _HEADER.match(line)
            if not header:
                continue
            name = re.sub(r"\s+", "", header[1])
            if name == "work":
                work, witness = work + 1, -1
                self.tables[("work", work)] = number
            elif name == "work.witness":
                witness += 1
                self.tables[("work", work, witness)] = number
            else:
                self.tables[(name,)] = number

    def line(self, table: Table, key: str | None = None) -> int:
        """The line of ``key`` in ``table``, else of the table's header, else 1.

        At the top level, ``key`` may also name a table (``[editon]``).
        """
        start = self.tables.get(table, 0)
        if key is None:
            return start or 1
        if not table and (key,) in self.tables:
            return self.tables[(key,)]
        return key_line(self.lines, key, start) or start or 1


def _check_keys(table: dict[str, Any], allowed: tuple[str, ...], where: _Locator, at: Table) -> None:
    for key in table:
        if key not in allowed:
            close = get_close_matches(key, allowed, n=1)
            hint = f"did you mean {close[0]!r}?" if close else f"the keys here are: {', '.join(allowed)}"
            _fail(f"unknown key {key!r}", where.line(at, key), hint)


def _string(table: dict[str, Any], key: str, where: _Locator, at: Table, *, required: bool = False) -> str:
    value = table.get(key)
    if value is None:
        if required:
            _fail(f"missing key {key!r}", where.line(at), f'add {key} = "…"')
        return ""
    if not isinstance(value, str):
        _fail(f"{key} must be a string", where.line(at, key), f'write {key} = "…"')
    if required and not value.strip():
        _fail(f"{key} is empty", where.line(at, key), f"give the {key}")
    return value


def _strings(table: dict[str, Any], key: str, where: _Locator, at: Table) -> tuple[str, ...]:
    value = table.get(key, [])
    if not isinstance(value, list) or not all(isinstance(v, str) for v in value):
        _fail(f"{key} must be a list of strings", where.line(at, key), f'write {key} = ["…", "…"]')
    return tuple(value)


def _date(table: dict[str, Any], where: _Locator, at: Table) -> str:
    value = table.get("date")
    if isinstance(value, date) and not hasattr(value, "hour"):
        return value.isoformat()
    text = _string(table, "date", where, at)
    if text:
        try:
            ok = bool(_ISO_DATE.fullmatch(text)) and date.fromisoformat(text) is not None
        except ValueError:
            ok = False
        if not ok:
            _fail(f"date {text!r} is not an ISO date", where.line(at, "date"), 'write date = "2025-05-08"')
    return text


def _works(value: Any, project: Path, where: _Locator) -> tuple[Work, ...]:
    if isinstance(value, dict):
        _fail("works must be an array of tables", where.line(("work", 0)),
              "write [[work]] (double brackets) above each work")
    if not isinstance(value, list) or not value:
        _fail("the catalogue has no work", where.line(("work", 0)),
              "add a [[work]] table with id, title and at least one [[work.witness]]")
    works: list[Work] = []
    for i, table in enumerate(value):
        if not isinstance(table, dict):
            _fail("each work must be a table", where.line(("work", i)), "write [[work]] above its keys")
        work = _work(table, i, project, where)
        if any(w.id == work.id for w in works):
            _fail(f"two works have the id {work.id!r}", where.line(("work", i), "id"),
                  "give each work its own id")
        works.append(work)
    return tuple(works)


def _work(table: dict[str, Any], i: int, project: Path, where: _Locator) -> Work:
    at = ("work", i)
    _check_keys(table, _WORK_KEYS, where, at)
    work_id = _string(table, "id", where, at, required=True)
    if not _SLUG.fullmatch(work_id):
        _fail(f"work id {work_id!r} is not a slug", where.line(at, "id"),
              "use lower-case letters, digits and hyphens, starting with a letter or digit, "
              "at most 64 characters (2025-partnership)")
    witnesses = _witnesses(table.get("witness"), i, project, where)
    sigla = [w.siglum for w in witnesses]
    base = _string(table, "base", where, at) or sigla[0]
    if base not in sigla:
        _fail(f"base witness {base!r} is not a witness of work {work_id}", where.line(at, "base"),
              f"choose one of {', '.join(sigla)}")
    return Work(id=work_id, title=_string(table, "title", where, at, required=True), base=base,
                witnesses=witnesses, date=_date(table, where, at),
                place=_string(table, "place", where, at), note=_string(table, "note", where, at),
                lang=_string(table, "lang", where, at) or "zh-Hans")


def _witnesses(value: Any, i: int, project: Path, where: _Locator) -> tuple[WitnessSource, ...]:
    if not value:
        _fail("the work has no witness", where.line(("work", i)),
              "add a [[work.witness]] table with siglum and file")
    if not isinstance(value, list) or not all(isinstance(table, dict) for table in value):
        _fail("witnesses must be an array of tables", where.line(("work", i), "witness"),
              "write [[work.witness]] (double brackets) above each witness")
    witnesses: list[WitnessSource] = []
    for j, table in enumerate(value):
        witness = _witness(table, ("work", i, j), project, where)
        if any(w.siglum.lower() == witness.siglum.lower() for w in witnesses):
            _fail(f"two witnesses of the work have the siglum {witness.siglum!r} (ignoring case)",
                  where.line(("work", i, j), "siglum"), "give each witness of a work its own siglum")
        twin = next((w for w in witnesses if (w.file, w.ranges) == (witness.file, witness.ranges)), None)
        if twin is not None:
            _fail(f"witness {witness.siglum} is the same lines of {witness.file} as witness {twin.siglum}: "
                  "one witness given twice", where.line(("work", i, j), "file"),
                  "name each witness once, or give each its own lines")
        witnesses.append(witness)
    return tuple(witnesses)


def _witness(table: dict[str, Any], at: Table, project: Path, where: _Locator) -> WitnessSource:
    _check_keys(table, _WITNESS_KEYS, where, at)
    siglum = _string(table, "siglum", where, at, required=True)
    if not _SIGLUM.fullmatch(siglum):
        _fail(f"siglum {siglum!r} is not a letter followed by up to 15 letters or digits",
              where.line(at, "siglum"), 'use a short siglum such as "A" or "B2"')
    file = _string(table, "file", where, at, required=True)
    data = _source_bytes(project, file, where.line(at, "file"))
    encoding = _string(table, "encoding", where, at) or "utf-8"
    if encoding.lower() not in ENCODINGS:
        _fail(f"unsupported encoding {encoding!r}", where.line(at, "encoding"),
              "use utf-8 (the default), gb18030 or big5")
    return WitnessSource(
        siglum=siglum, file=file, ranges=_ranges(table, count_lines(data), where, at),
        outlet=_string(table, "outlet", where, at), date=_date(table, where, at),
        note=_string(table, "note", where, at), encoding=ENCODINGS[encoding.lower()])


def _source_bytes(project: Path, file: str, line: int) -> bytes:
    """The bytes of a source file, which must lie inside the project folder."""
    if PurePosixPath(file).is_absolute() or PureWindowsPath(file).is_absolute() \
            or PureWindowsPath(file).drive or ".." in PureWindowsPath(file).parts:
        _fail(f"file {file!r} is outside the project folder", line,
              "give a path relative to the project folder, without ..")
    path = project / file
    if not path.resolve().is_relative_to(project.resolve()):
        _fail(f"file {file!r} leads outside the project folder", line,
              "copy the source into the project folder")
    if not path.is_file():
        _fail(f"no such file: {file}", line, "check the file name; it is relative to the project folder")
    try:
        size = path.stat().st_size
        if size > MAX_BYTES:
            _fail(f"{file} is {size / 1024 / 1024:.1f} MB, over the limit of {MAX_BYTES // 1024 // 1024} MB "
                  "for one source", line, "split it, and catalogue the part that holds the witness")
        return path.read_bytes()
    except OSError as error:
        _fail(f"cannot read {file}: {error.strerror}", line, "check the file's permissions")


def _ranges(table: dict[str, Any], count: int, where: _Locator, at: Table) -> tuple[tuple[int, int], ...]:
    line = where.line(at, "lines")
    if count == 0:
        _fail(f"the source file {table.get('file')} is empty", where.line(at, "file"), "name a file with text")
    value = table.get("lines", [[1, count]])
    if not isinstance(value, list) or not value or not all(_is_pair(r) for r in value):
        _fail("lines must be a list of [first, last] pairs", line, "write lines = [[3, 213]]")
    ranges = tuple((first, last) for first, last in value)
    for first, last in ranges:
        if first > last:
            _fail(f"line range {first}-{last} runs backwards", line, f"write [{last}, {first}]")
        if first < 1 or last > count:
            _fail(f"line range {first}-{last} is outside the file, which has {count} lines", line,
                  f"use line numbers from 1 to {count}")
    ordered = sorted(ranges)
    for (_, last), (first, end) in zip(ordered, ordered[1:]):
        if first <= last:
            _fail(f"line ranges overlap at {first}-{min(last, end)}", line,
                  "a line may belong to only one range of a witness")
    return ranges


def _is_pair(value: Any) -> bool:
    return isinstance(value, list) and len(value) == 2 and \
        all(isinstance(n, int) and not isinstance(n, bool) for n in value)
