"""Work done in a second process while this one goes on: a site is made on every core there is.

``beside(function)`` starts ``function()`` in a forked copy of this process
and returns a callable that waits for its result (or, with ``stop``, ends
the copy when its result is no longer wanted). The copy shares what this
process has read (parsed TEI is not something one can send), writes
nothing, and hands back its result through a pipe; an exception it raises
is raised again here. Where there is no ``fork`` (Windows), no second core,
or ``EDITION_JOBS=1`` is set, the function runs here when its result is
asked for, with the same result: after what this process does meanwhile, as
it would be in its own copy of the process.

The copy dies with this process: a build that is killed leaves no process
behind making pages for it. What the copy made and no longer needs can be
left to it with ``keep``: freeing a document's trees takes a tenth of a
second that the copy, which ends as soon as its result is sent, need not
spend. The result is used as soon as it has come; the copy's end is
awaited only if it has not come yet (multiprocessing reaps it later).
"""

from __future__ import annotations

import multiprocessing
import os
import signal
import sys
from collections.abc import Callable
from typing import Generic, TypeVar

from ..errors import OutputError

T = TypeVar("T")

_kept: list[object] | None = None  # in a copy: what it keeps until it ends (``keep``)


class Beside(Generic[T]):
    """``function()`` being made beside this process: call it for its result, or ``stop`` it."""

    def __init__(self, function: Callable[[], T]) -> None:
        self._function: Callable[[], T] | None = None
        self._process = self._receiving = None
        if not _can_fork():
            self._function = function
            return
        context = multiprocessing.get_context("fork")
        self._receiving, sending = context.Pipe(duplex=False)
        self._process = context.Process(target=_run, args=(function, sending, os.getpid()), daemon=True)
        self._process.start()
        sending.close()

    def __call__(self) -> T:
        """Wait for the result (or here, make it) and give it; an exception raised beside is raised here."""
        if self._process is None:
            return self._function()
        try:
            ok, value = self._receiving.recv()
        except EOFError:
            self._process.join()
            raise OutputError(f"a process making part of the site ended without finishing "
                              f"(exit status {self._process.exitcode}); nothing was published") from None
        finally:
            self._receiving.close()
        self._process.join(timeout=0)  # it has sent its result and is ending: no need to wait for that
        if not ok:
            raise value
        return value

    def stop(self) -> None:
        """End the copy without its result, now: whatever it was making is not wanted (the render failed),
        and it must not go on writing into a folder that is being removed."""
        if self._process is not None and self._process.is_alive():
            self._process.kill()
            self._process.join()
        if self._receiving is not None:
            self._receiving.close()


def beside(function: Callable[[], T]) -> Beside[T]:
    """Start ``function()`` beside this process; the ``Beside`` returned, called, waits and gives its result."""
    return Beside(function)


def in_copy() -> bool:
    """Whether this is a copy made by ``beside``: what it changes of what it shares, only it sees."""
    return _kept is not None


def keep(*objects: object) -> None:
    """In a copy made by ``beside``, keep ``objects`` until it ends instead of freeing them; elsewhere, nothing."""
    if _kept is not None:
        _kept.extend(objects)


def _can_fork() -> bool:
    if os.environ.get("EDITION_JOBS", "").strip() == "1" or not hasattr(os, "fork"):
        return False
    if sys.platform == "darwin":  # fork without exec is unsafe there once system libraries have threads
        return False
    cores = os.sched_getaffinity(0) if hasattr(os, "sched_getaffinity") else range(os.cpu_count() or 1)
    return len(cores) > 1


def _run(function: Callable[[], T], sending, parent: int) -> None:
    global _kept
    _die_with_parent(parent)
    _kept = []
    try:
        outcome = (True, function())
    except BaseException as error:  # noqa: BLE001 - handed to the parent, which raises it
        outcome = (False, error)
    try:
        sending.send(outcome)
    except BrokenPipeError:  # the parent is gone: there is no one to hand the result to
        pass
    except Exception as error:  # noqa: BLE001 - an exception that cannot be sent
        sending.send((False, OutputError(f"a process making part of the site failed: {error!r}")))
    finally:
        sending.close()


def _die_with_parent(parent: int) -> None:
    """Ask Linux to end this process when its parent ends (PR_SET_PDEATHSIG)."""
    if sys.platform != "linux":
        return
    try:
        import ctypes

        ctypes.CDLL(None, use_errno=True).prctl(1, signal.SIGKILL)  # 1: PR_SET_PDEATHSIG
    except (OSError, AttributeError):
        return
    if os.getppid() != parent:  # the parent ended before the request was made
        os._exit(1)
