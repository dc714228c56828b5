"""The command line: the only code that prints and exits.

Exit status: 0 success, 1 failure (invalid input, failed validation, a
build that found errors), 2 usage error. Messages go to stderr as
``file:line:col: what is wrong. what to do``.
"""

from __future__ import annotations

import functools
import re
import sys
from pathlib import Path

import click

from . import __version__
from .errors import EditionError
from .model import Diagnostic, Severity
from .tei.read import MAX_APPS


def _fail_cleanly(command):
    """Report the library's errors as one message each, never as a traceback."""

    @functools.wraps(command)
    def wrapper(*args, **kwargs):
        try:
            return command(*args, **kwargs)
        except EditionError as error:
            click.echo(f"error: {error}", err=True)
            report = getattr(error, "report", None)
            if report is not None:
                _print_diagnostics(report.diagnostics)
            for diagnostic in getattr(error, "diagnostics", ()):
                click.echo(str(diagnostic), err=True)
            sys.exit(1)
        except OSError as error:  # the disk, not the input: full, read-only, permissions
            where = f"{error.filename}: " if error.filename else ""
            click.echo(f"error: {where}{error.strerror or error}. Check the disk and the folder's permissions",
                       err=True)
            sys.exit(1)
        except KeyboardInterrupt:
            click.echo("interrupted; nothing was written", err=True)
            sys.exit(130)

    return wrapper


def _print_diagnostics(diagnostics: list[Diagnostic], limit: int = 200) -> None:
    for diagnostic in diagnostics[:limit]:
        click.echo(str(diagnostic), err=True)
    if len(diagnostics) > limit:
        click.echo(f"… and {len(diagnostics) - limit} more", err=True)


@click.group(context_settings={"help_option_names": ["-h", "--help"]})
@click.version_option(__version__, prog_name="edition")
def main() -> None:
    """Make a critical edition from differing versions of a text, and publish it.

    \b
    Example:
      edition build                 # the bundled corpus into ./build
      edition serve build/site      # look at it on http://127.0.0.1:8000/
    """


@main.command()
@click.argument("project", required=False, type=click.Path(exists=True, file_okay=False, path_type=Path))
@click.option("-o", "--output", "out", default="build", show_default=True,
              type=click.Path(path_type=Path), help="Folder to write tei/ and site/ into.")
@click.option("--strict", is_flag=True, help="Fail on any warning, with the count.")
@click.option("-q", "--quiet", is_flag=True, help="No progress on stderr.")
@_fail_cleanly
def build(project: Path | None, out: Path, strict: bool, quiet: bool) -> None:
    """Build the edition of PROJECT (a folder with edition.toml; default: the bundled seeds).

    \b
    Example:
      edition build -o build
      edition build my-project -o /tmp/my-edition --strict
    """
    from .build import build as run_build
    from .resources import resource_dir

    project = project or resource_dir("seeds")
    say = (lambda _m: None) if quiet else (lambda m: click.echo(m, err=True))
    report = run_build(project, out, strict=strict, progress=say)
    if not quiet:
        _print_diagnostics(report.warnings)
    classes = ", ".join(f"{n} {c}" for c, n in sorted(report.classes.items())) or "none"
    reused = f" ({len(report.reused)} unchanged, reused)" if report.reused else ""
    click.echo(f"built {_count(report.works, 'work')}{reused} from {_count(report.witnesses, 'witness')} "
               f"in {report.seconds:.2f} s; variants: {classes}; "
               f"{_count(len(report.warnings), 'warning')}; output in {out}", err=True)


def _count(number: int, noun: str) -> str:
    plural = noun + ("es" if noun.endswith("s") else "s")
    return f"{number} {noun if number == 1 else plural}"


@main.command()
@click.argument("witnesses", nargs=-1, required=True,
                type=click.Path(exists=True, dir_okay=False, path_type=Path))
@click.option("-o", "--output", "out", required=True, type=click.Path(dir_okay=False, path_type=Path),
              help="The TEI file to write.")
@click.option("--sigla", help="Comma-separated sigla, one per witness (default A, B, C …).")
@click.option("--title", help="Title of the work (default: the first witness's title, or its file name).")
@click.option("--id", "work_id", help="Identifier of the work (default: from the output file name).")
@_fail_cleanly
def collate(witnesses: tuple[Path, ...], out: Path, sigla: str | None, title: str | None,
            work_id: str | None) -> None:
    """Collate plain-text WITNESSES of one work into one TEI file; the first is the base.

    \b
    Example:
      edition collate web.txt print.txt -o statement.xml
      edition collate a.txt b.txt c.txt --sigla W,P,N -o statement.xml
    """
    from .adhoc import collate_files

    names = [s.strip() for s in sigla.split(",")] if sigla else None
    if names is not None and len(names) != len(witnesses):
        raise click.UsageError(f"--sigla names {len(names)} witnesses but {len(witnesses)} were given")
    if names is not None and any(not re.fullmatch(r"[A-Za-z][A-Za-z0-9]{0,15}", s) for s in names):
        raise click.UsageError("each siglum is a letter followed by up to 15 letters or digits")
    if names is not None and len({s.lower() for s in names}) != len(names):
        raise click.UsageError("two witnesses have the same siglum (ignoring case); give distinct sigla")
    given = [w.resolve() for w in witnesses]
    twice = next((w for i, w in enumerate(witnesses) if given[i] in given[:i]), None)
    if twice is not None:
        raise click.UsageError(f"{twice} is given twice; give each witness once")
    counts = collate_files(list(witnesses), out, sigla=names, title=title, work_id=work_id)
    summary = ", ".join(f"{n} {c}" for c, n in sorted(counts.items())) or "no variants"
    click.echo(f"wrote {out}: {summary}", err=True)


MAX_ENTRIES = click.option(
    "--max-entries", type=click.IntRange(min=0), default=MAX_APPS, show_default=True,
    help="Refuse a file with more apparatus entries than this (0: no limit); it bounds the time and memory "
         "a file from elsewhere can take.")


@main.command()
@click.argument("files", nargs=-1, required=True, type=click.Path(exists=True, dir_okay=False, path_type=Path))
@click.option("--schema", type=click.Path(exists=True, dir_okay=False, path_type=Path),
              help="Validate against this RELAX NG (.rng) or XSD (.xsd) schema instead of the edition's own.")
@click.option("--strict", is_flag=True, help="Count warnings as failures.")
@MAX_ENTRIES
@_fail_cleanly
def validate(files: tuple[Path, ...], schema: Path | None, strict: bool, max_entries: int) -> None:
    """Check TEI FILES; exit 0 if all are valid, 1 if not.

    A file of the edition's profile is checked against schema/edition.xsd;
    TEI from elsewhere by the semantic rules only, unless --schema is given.

    \b
    Example:
      edition validate build/tei/*.xml
      edition validate other.xml --schema tei_all.rng
    """
    from .errors import TEIError
    from .tei.read import parse_tei
    from .validate import validate as run_validate

    failed = 0
    for path in files:
        try:
            tree = parse_tei(path, name=str(path), max_apps=max_entries or None)
            problems = run_validate(tree, file=str(path), schema=schema)
        except TEIError as error:
            click.echo(str(error), err=True)
            failed += 1
            continue
        _print_diagnostics(problems)
        real = [p for p in problems if p.severity is not Severity.NOTE]
        bad = [p for p in real if p.severity is Severity.ERROR or strict]
        failed += bool(bad)
        click.echo(f"{path}: {'invalid' if bad else 'valid'}"
                   f"{f' ({len(real)} problems)' if real else ''}", err=True)
    sys.exit(1 if failed else 0)


@main.command()
@click.argument("files", nargs=-1, required=True, type=click.Path(exists=True, dir_okay=False, path_type=Path))
@click.option("-o", "--output", "out", required=True, type=click.Path(file_okay=False, path_type=Path),
              help="Folder to write the site into.")
@click.option("--title", default="Edition", show_default=True, help="Title of the edition.")
@click.option("--strict", is_flag=True, help="Fail if any file has a problem.")
@MAX_ENTRIES
@_fail_cleanly
def render(files: tuple[Path, ...], out: Path, title: str, strict: bool, max_entries: int) -> None:
    """Publish TEI FILES (the edition's own or anyone's) as a static site in OUT.

    Exit 1 if a file has errors: the site is still written as far as they
    allow, unless one makes a site impossible or --strict is given.

    \b
    Example:
      edition render build/tei/*.xml -o site
    """
    from .publish import render_files

    problems = render_files(list(files), out, title=title, strict=strict, max_entries=max_entries or None)
    _print_diagnostics(problems)
    errors = sum(p.severity is Severity.ERROR for p in problems)
    despite = f", as far as {_count(errors, 'error')} allowed" if errors else ""
    click.echo(f"wrote the site of {len(files)} file{'s' if len(files) != 1 else ''} to {out}{despite}", err=True)
    sys.exit(1 if errors else 0)


@main.command()
@click.argument("folder", default="build/site", type=click.Path(file_okay=False, path_type=Path))
@click.option("-p", "--port", default=8000, show_default=True, type=click.IntRange(0, 65535))
@_fail_cleanly
def serve(folder: Path, port: int) -> None:
    """Serve a built site on http://127.0.0.1:PORT/ (this machine only).

    \b
    Example:
      edition serve build/site -p 8080
    """
    import http.server

    if not (folder / "index.html").is_file():
        raise EditionError(f"{folder} has no index.html", hint="run 'edition build' first, or name the site folder")
    handler = functools.partial(http.server.SimpleHTTPRequestHandler, directory=str(folder))
    with http.server.ThreadingHTTPServer(("127.0.0.1", port), handler) as server:
        click.echo(f"serving {folder} on http://127.0.0.1:{server.server_address[1]}/ (Ctrl-C stops)", err=True)
        try:
            server.serve_forever()
        except KeyboardInterrupt:
            pass
