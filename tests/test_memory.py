"""The collector is paused for the length of a stage and left as it was found; malloc keeps freed memory."""

import gc
import platform
import sys

import pytest

from edition.collate import collate
from edition.memory import _keep_freed_memory, bulk_stage
from edition.render.site import render_site
from edition.tei.encode import encode


def test_the_collector_is_stopped_inside_and_running_again_after():
    seen = bulk_stage(gc.isenabled)
    assert gc.isenabled()
    assert seen() is False
    assert gc.isenabled()


def test_a_collector_stopped_by_the_caller_stays_stopped():
    gc.disable()
    try:
        bulk_stage(lambda: None)()
        assert not gc.isenabled()
    finally:
        gc.enable()


def test_an_exception_leaves_the_collector_running():
    def failing():
        raise ValueError("bad input")

    with pytest.raises(ValueError):
        bulk_stage(failing)()
    assert gc.isenabled()


@pytest.mark.parametrize("stage", [collate, encode, render_site])
def test_the_stages_that_keep_what_they_make_pause_it(stage):
    assert stage.__wrapped__.__name__ == stage.__name__


@pytest.mark.skipif(sys.platform != "linux" or platform.libc_ver()[0] != "glibc", reason="mallopt is glibc's")
def test_glibc_takes_the_malloc_settings():
    assert _keep_freed_memory() is True
