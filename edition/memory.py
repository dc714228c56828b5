"""The cyclic garbage collector, paused while a stage makes millions of objects that it keeps.

Python's collector walks every object it tracks each time it collects its
oldest generation, and it does so again each time the survivors have grown
by a quarter: over a stage that keeps what it makes (tokens, rows, readings,
pieces of pages) that walk costs a tenth of the time, and more the longer the
input (measured: 1.75 s of 16 s collating 5 witnesses of a million
characters; 5.3 s of 50 s rendering 13 MB of TEI). The stages make no
garbage that only the collector could free: their data are trees, tuples,
lists and frozen dataclasses, freed by reference counting as they go out of
use. So ``collector_paused`` stops the collector for the length of a stage
and restores it after; what cycles there are (a few, in library code) are
collected as usual once it runs again. The pause is for the whole process,
as the collector is.
"""

from __future__ import annotations

import functools
import gc
from collections.abc import Callable
from typing import TypeVar

F = TypeVar("F", bound=Callable)


def collector_paused(stage: F) -> F:
    """Run ``stage`` with the cyclic garbage collector stopped, as it was before once it returns."""

    @functools.wraps(stage)
    def paused(*args, **kwargs):
        was_running = gc.isenabled()
        gc.disable()
        try:
            return stage(*args, **kwargs)
        finally:
            if was_running:
                gc.enable()

    return paused  # type: ignore[return-value]
