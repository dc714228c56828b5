"""The ad hoc commands: collate a few plain-text files, render any TEI files.

They run the same stages as a build, on files named on the command line
instead of a catalogue.
"""

from __future__ import annotations

import re
from collections import Counter
from pathlib import Path

from . import __version__
from .build import check_rebuild
from .collate import collate
from .errors import EditionError, TEIError
from .ingest import NORMALISATIONS, ingest
from .model import BlockKind, Diagnostic, Edition, Severity, Work, WitnessSource
from .output import check_output, staged
from .render import render_site
from .render.paths import slugify
from .tei.encode import TEI_NS, encode, serialize
from .tei.read import parse_tei
from .validate import validate


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


def render_files(paths: list[Path], out: Path, *, title: str, strict: bool) -> list[Diagnostic]:
    """Validate and publish TEI files as a site in ``out``; return the problems found."""
    target = check_output(out, [p.parent for p in paths])
    documents = []
    problems: list[Diagnostic] = []
    for path in paths:
        tree = parse_tei(path, name=str(path))
        problems.extend(validate(tree, file=str(path)))
        documents.append((path.name, tree))
    if strict and problems:
        raise TEIError(f"{len(problems)} problem{'s' if len(problems) != 1 else ''} found; "
                       "nothing was written (--strict)", diagnostics=tuple(problems))
    reports: dict[str, list[Diagnostic]] = {}
    for path, (_name, tree) in zip(paths, documents):
        reports[_work_id(tree, path)] = [p for p in problems if p.file == str(path)]
    with staged(target) as staging:
        render_site(documents, staging, edition_title=title, version=__version__, reports=reports)
    return [p for p in problems if p.severity is Severity.ERROR] + \
        [p for p in problems if p.severity is not Severity.ERROR]


def _work_id(tree, path: Path) -> str:
    idno = tree.find(f".//{{{TEI_NS}}}publicationStmt/{{{TEI_NS}}}idno[@type='work']")
    return idno.text.strip() if idno is not None and idno.text else slugify(path.stem)
