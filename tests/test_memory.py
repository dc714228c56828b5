"""The collector is paused for the length of a stage, and left as it was found."""

import gc

import pytest

from edition.collate import collate
from edition.memory import collector_paused
from edition.render.site import render_site
from edition.tei.encode import encode


def test_the_collector_is_stopped_inside_and_running_again_after():
    seen = collector_paused(gc.isenabled)
    assert gc.isenabled()
    assert seen() is False
    assert gc.isenabled()


def test_a_collector_stopped_by_the_caller_stays_stopped():
    gc.disable()
    try:
        collector_paused(lambda: None)()
        assert not gc.isenabled()
    finally:
        gc.enable()


def test_an_exception_leaves_the_collector_running():
    def failing():
        raise ValueError("bad input")

    with pytest.raises(ValueError):
        collector_paused(failing)()
    assert gc.isenabled()


@pytest.mark.parametrize("stage", [collate, encode, render_site])
def test_the_stages_that_keep_what_they_make_pause_it(stage):
    assert stage.__wrapped__.__name__ == stage.__name__
