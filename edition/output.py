"""Writing output whole or not at all, and only where it is safe to write.

A build is written into a staging folder beside the output folder and
swapped in at the end; a build that fails or is killed leaves the previous
output as it was. A folder the edition did not make is never replaced.
"""

from __future__ import annotations

import ctypes
import functools
import glob
import os
import shutil
import tempfile
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

from .errors import OutputError

MARK = ".edition-output"
BUILD = ".edition-build"  # in a staging folder: the process id of the build filling it


def check_output(out: Path, inputs: list[Path]) -> Path:
    """Refuse output folders whose replacement would destroy something.

    Refused: the file system root, the home folder, any input folder, any
    folder that holds an input, and an existing non-empty folder the edition
    did not write.
    """
    target = out.expanduser().resolve()
    home = Path.home().resolve()
    if target == Path(target.anchor) or target == home:
        raise OutputError(f"refusing to write the output into {out}",
                          hint="choose a dedicated folder such as ./build")
    for source in inputs:
        source = source.resolve()
        if target == source or target in source.parents:
            raise OutputError(f"refusing to write the output into {out}: it holds the input {source.name}",
                              hint="choose a folder outside the project, such as ./build")
    if target.exists() and not target.is_dir():
        raise OutputError(f"the output {out} is a file, not a folder", hint="choose another path")
    if target.is_dir() and any(target.iterdir()) and not (target / MARK).exists():
        raise OutputError(f"refusing to replace {out}: it is not empty and was not written by edition",
                          hint="empty it, or choose another folder")
    return target


@contextmanager
def staged(out: Path) -> Iterator[Path]:
    """Yield an empty staging folder; on success it replaces ``out`` whole.

    A staging folder holds the process id of its build (``.edition-build``);
    the staging folders beside ``out`` whose build no longer runs (it was
    killed) are removed first.
    """
    out.parent.mkdir(parents=True, exist_ok=True)
    _remove_leftovers(out)
    staging = Path(tempfile.mkdtemp(prefix=f".{out.name}.staging-", dir=out.parent))
    try:
        (staging / BUILD).write_text(str(os.getpid()), encoding="ascii")
        yield staging
        (staging / BUILD).unlink()
        (staging / MARK).write_text("written by edition; replaced whole by each build\n", encoding="utf-8")
        _swap(staging, out)
    except BaseException:
        shutil.rmtree(staging, ignore_errors=True)
        raise


def _remove_leftovers(out: Path) -> None:
    """Remove the staging folders of builds into ``out`` that were killed before they could."""
    for folder in out.parent.glob(f".{glob.escape(out.name)}.staging-*"):
        try:
            pid = int((folder / BUILD).read_text(encoding="ascii"))
        except (OSError, ValueError):
            continue  # not (yet) marked: leave it to its build
        if not _running(pid):
            shutil.rmtree(folder, ignore_errors=True)


def _running(pid: int) -> bool:
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    except PermissionError:
        return True  # another user's process
    return True


def _exchange(a: Path, b: Path) -> bool:
    """Swap two paths in one step where the system allows it (Linux renameat2)."""
    try:
        libc = ctypes.CDLL(None, use_errno=True)
        renameat2 = libc.renameat2
    except (OSError, AttributeError):
        return False
    at_fdcwd, rename_exchange = -100, 2
    return renameat2(at_fdcwd, os.fsencode(a), at_fdcwd, os.fsencode(b), rename_exchange) == 0


def _swap(staging: Path, out: Path) -> None:
    if out.exists() and _exchange(staging, out):
        shutil.rmtree(staging, ignore_errors=True)
        return
    old = None
    if out.exists():
        old = Path(tempfile.mkdtemp(prefix=f".{out.name}.old-", dir=out.parent))
        os.replace(out, old / out.name)
    os.replace(staging, out)
    if old is not None:
        shutil.rmtree(old, ignore_errors=True)


def safe_join(root: Path, relative: str) -> Path:
    """``root / relative``, refusing any path that would leave ``root``.

    The check is on the path's text (no absolute path, no ``..``, no empty
    or ``.`` step): ``root`` is a folder a build made and fills (a staging
    folder), so no link in it can lead elsewhere, and thousands of files
    are written without a look at the disk for each.
    """
    steps = relative.split("/")
    if relative.startswith("/") or "\\" in relative or "\0" in relative or any(s in ("", ".", "..") for s in steps):
        raise OutputError(f"refusing to write {relative!r}: it would land outside the output folder")
    return _resolved(root).joinpath(*steps)


@functools.lru_cache(maxsize=64)
def _resolved(root: Path) -> Path:
    """``root`` resolved, once per folder: a site writes thousands of files into the same one."""
    return root.resolve()
