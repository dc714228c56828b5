"""What a previous build made of each work, kept in the output folder to be reused.

A work's TEI depends only on its catalogue entry, the bytes of its witness
files, the decisions that concern it, the edition's own facts and the code
of edition itself. ``work_key`` hashes all of that; when the previous build
stored the same key in ``OUT/.cache/<work>.json``, its TEI file
(``OUT/tei/<work>.xml``, checked against the SHA-256 stored beside the key)
and the warnings it found are reused instead of ingesting and collating
again. Anything missing, unreadable or different is simply a miss.
"""

from __future__ import annotations

import hashlib
import json
from dataclasses import asdict, dataclass, fields
from functools import lru_cache
from pathlib import Path

from . import __version__
from .decisions import Decisions
from .model import Diagnostic, Edition, Severity, Work
from .output import MARK
from .resources import resource_dir

CACHE_DIR = ".cache"
_FORMAT = 1


@dataclass(frozen=True, slots=True)
class CachedWork:
    """A work as a previous build left it: its key, its TEI and what was found."""

    key: str
    tei: bytes
    witnesses: int
    findings: tuple[Diagnostic, ...]  # of ingest and collation: the work's report page
    problems: tuple[Diagnostic, ...]  # of checking the TEI


def work_key(project: Path, edition: Edition, work: Work, decisions: Decisions) -> str:
    """A hash of everything the TEI of ``work`` depends on."""
    mine = decisions.for_work(work.id)
    deciders = {d.resp for d in mine}
    facts = {
        "format": _FORMAT,
        "package": __version__,
        "code": code_fingerprint(),
        "edition": [edition.title, edition.publisher, list(edition.editors), edition.licence, edition.version],
        "work": asdict(work),
        "sources": [_file_hash(project / w.file) for w in work.witnesses],
        "decisions": [asdict(d) for d in mine],
        "editors": [asdict(e) for e in decisions.editors if e.id in deciders],
    }
    return hashlib.sha256(json.dumps(facts, ensure_ascii=False, sort_keys=True).encode()).hexdigest()


@lru_cache(maxsize=1)
def code_fingerprint() -> str:
    """A hash of the package's code and schema: a changed program never reuses old output."""
    digest = hashlib.sha256()
    package = Path(__file__).resolve().parent
    files = sorted(package.rglob("*.py")) + sorted(resource_dir("schema").glob("*.xsd"))
    for path in files:
        digest.update(path.name.encode() + b"\0" + path.read_bytes() + b"\0")
    return digest.hexdigest()


def _file_hash(path: Path) -> str:
    try:
        return hashlib.sha256(path.read_bytes()).hexdigest()
    except OSError:
        return ""


def read_cache(out: Path) -> dict[str, CachedWork]:
    """The works a previous build wrote into ``out`` with their keys; none if ``out`` is not an edition's output."""
    folder = out / CACHE_DIR
    if not (out / MARK).is_file() or not folder.is_dir():
        return {}
    found = {}
    for path in sorted(folder.glob("*.json")):
        cached = _read_one(path, out / "tei" / f"{path.stem}.xml")
        if cached is not None:
            found[path.stem] = cached
    return found


def _read_one(path: Path, tei_path: Path) -> CachedWork | None:
    try:
        data = json.loads(path.read_text(encoding="utf-8"))
        tei = tei_path.read_bytes()
        if data.get("format") != _FORMAT or hashlib.sha256(tei).hexdigest() != data["tei_sha256"]:
            return None
        return CachedWork(data["key"], tei, int(data["witnesses"]),
                          tuple(_diagnostic(d) for d in data["findings"]),
                          tuple(_diagnostic(d) for d in data["problems"]))
    except (OSError, ValueError, KeyError, TypeError):
        return None


def write_cache(folder: Path, work_id: str, cached: CachedWork) -> None:
    """Store what was made of a work in ``folder`` (``OUT/.cache`` of the staged output)."""
    folder.mkdir(exist_ok=True)
    data = {
        "format": _FORMAT,
        "key": cached.key,
        "tei_sha256": hashlib.sha256(cached.tei).hexdigest(),
        "witnesses": cached.witnesses,
        "findings": [_plain(d) for d in cached.findings],
        "problems": [_plain(d) for d in cached.problems],
    }
    (folder / f"{work_id}.json").write_text(json.dumps(data, ensure_ascii=False, indent=1) + "\n",
                                           encoding="utf-8")


def _plain(diagnostic: Diagnostic) -> dict:
    return {f.name: getattr(diagnostic, f.name) for f in fields(diagnostic)} | \
        {"severity": diagnostic.severity.value}


def _diagnostic(data: dict) -> Diagnostic:
    return Diagnostic(**(data | {"severity": Severity(data["severity"])}))
