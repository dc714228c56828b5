"""The ad hoc collation: a few plain-text files named on the command line to one TEI file.

It runs the make half of a build (ingest, collate, encode, the rebuild
check) on files instead of a catalogue, and loads nothing of the publish
half, so that ``edition collate`` starts quickly.
"""

from __future__ import annotations

import re
from collections import Counter
from pathlib import Path

from . import __version__
from .collate import collate
from .errors import EditionError
from .ingest import NORMALISATIONS, ingest
from .model import BlockKind, Edition, Work, WitnessSource
from .tei.encode import TEI_NS, encode
from .tei.read import serialize
from .tei.rebuild import check_rebuild


def _slug(text: str) -> str:
    slug = re.sub(r"[^a-z0-9]+", "-", text.lower()).strip("-")[:64].strip("-")
    return slug or "work"


def collate_files(paths: list[Path], out: Path, *, sigla: list[str] | None = None,
                  title: str | None = None, work_id: str | None = None) -> Counter:
    """Collate plain-text witnesses into one TEI file at ``out``; return counts by class."""
    sigla = sigla or [chr(ord("A") + i) if i < 26 else f"W{i + 1}" for i in range(len(paths))]
    if len({s.lower() for s in sigla}) != len(sigla):
        raise EditionError("two witnesses have the same siglum", hint="give distinct sigla with --sigla")
    sources = [WitnessSource(s, str(p), ()) for s, p in zip(sigla, paths)]
    witnesses = [ingest(source, Path(".")) for source in sources]
    found_title = next((b.text for b in witnesses[0].blocks if b.kind is BlockKind.TITLE), None)
    work = Work(work_id or _slug(out.stem), title or found_title or paths[0].stem,
                sigla[0], tuple(sources))
    edition = Edition(title=work.title, works=(work,), version=__version__)
    collation = collate(work, witnesses)
    tree = encode(collation, edition, NORMALISATIONS)
    problems = check_rebuild(collation, tree, str(out))
    if problems:
        raise EditionError(problems[0].message, file=str(out), hint=problems[0].hint)
    out.parent.mkdir(parents=True, exist_ok=True)
    temporary = out.with_name(f".{out.name}.partial")
    temporary.write_bytes(serialize(tree))
    temporary.replace(out)
    return Counter(app.get("type") for app in tree.iter(f"{{{TEI_NS}}}app"))
