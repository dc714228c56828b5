"""Memory for the stages that make millions of objects and keep most of them to the end.

Collating, encoding and rendering hold what they make (tokens, rows,
readings, pieces of pages) until they return. Two defaults of the runtime
cost them dearly, more the longer the input:

- Python's cyclic garbage collector walks every object it tracks each time
  it collects its oldest generation, and again each time the survivors have
  grown by a quarter: measured, 1.75 s of 16 s collating 5 witnesses of a
  million characters, 5.3 s of 50 s rendering 13 MB of TEI. The stages make
  no garbage that only the collector could free (their data are trees,
  tuples, lists and frozen dataclasses, freed by reference counting), so it
  is paused for the length of a stage and restored after; what cycles there
  are (a few, in library code) are collected as usual once it runs again.
- glibc's malloc gives every block of 128 KiB and more its own mapping and
  hands it back to the system when freed, and trims the heap whenever its
  top is free: each large string made anew (a page, a serialised tree) is
  then new memory, which the kernel must fault in page by page. Blocks up
  to 32 MiB are kept in the heap instead and freed memory is kept for reuse:
  rendering 1 MB of TEI, 124,000 page faults become 75,000, and a third of
  the time the kernel spends goes. The memory stays with the process, which
  (a build, a render) ends soon after.

Both are settings of the whole process, as the collector and malloc are.
"""

from __future__ import annotations

import ctypes
import functools
import gc
import platform
import sys
from collections.abc import Callable
from typing import TypeVar

F = TypeVar("F", bound=Callable)

_M_TRIM_THRESHOLD, _M_MMAP_THRESHOLD = -1, -3  # mallopt parameters, <malloc.h>
_MMAP_THRESHOLD = 32 * 1024 * 1024  # glibc's largest (HEAP_MAX_SIZE / 2 on 64-bit systems)
_TRIM_THRESHOLD = 2**31 - 1  # mallopt takes an int: in effect, never trim


def bulk_stage(stage: F) -> F:
    """Run ``stage`` with the cyclic garbage collector stopped (as it was before once it returns),
    and freed memory kept for reuse."""

    @functools.wraps(stage)
    def run(*args, **kwargs):
        _keep_freed_memory()
        was_running = gc.isenabled()
        gc.disable()
        try:
            return stage(*args, **kwargs)
        finally:
            if was_running:
                gc.enable()

    return run  # type: ignore[return-value]


@functools.lru_cache(maxsize=1)
def _keep_freed_memory() -> bool:
    """Ask glibc's malloc to keep large blocks in the heap and freed memory for reuse; whether it could."""
    if sys.platform != "linux" or platform.libc_ver()[0] != "glibc":
        return False
    try:
        mallopt = ctypes.CDLL(None).mallopt
    except (OSError, AttributeError):
        return False
    mallopt.argtypes, mallopt.restype = (ctypes.c_int, ctypes.c_int), ctypes.c_int
    return bool(mallopt(_M_MMAP_THRESHOLD, _MMAP_THRESHOLD) and mallopt(_M_TRIM_THRESHOLD, _TRIM_THRESHOLD))
