"""The site is made in two processes side by side (edition.render.beside): same bytes, same errors."""

from __future__ import annotations

import os
import signal

import pytest

from edition.errors import OutputError, TEIError
from edition.render import beside as beside_module
from edition.render import render_site
from edition.render.beside import beside
from edition.tei.foreign import normalise
from edition.tei.read import parse_tei

two_cores = pytest.mark.skipif(not beside_module._can_fork(), reason="needs fork and two cores")


@two_cores
def test_the_result_comes_back_from_the_other_process():
    parent = os.getpid()
    result = beside(lambda: (os.getpid(), "结果" * 1000))
    pid, text = result()
    assert pid != parent and text == "结果" * 1000


@two_cores
def test_an_error_beside_is_raised_here_with_its_place():
    def failing():
        raise TEIError("broken", file="a.xml", line=3)

    with pytest.raises(TEIError) as raised:
        beside(failing)()
    assert (raised.value.file, raised.value.line, raised.value.message) == ("a.xml", 3, "broken")


@two_cores
def test_a_process_that_dies_beside_is_an_error_not_a_hang():
    with pytest.raises(OutputError, match="ended without finishing"):
        beside(lambda: os.kill(os.getpid(), signal.SIGKILL))()


def test_one_job_runs_here(monkeypatch):
    monkeypatch.setenv("EDITION_JOBS", "1")
    parent = os.getpid()
    assert beside(os.getpid)() == parent


def test_one_process_or_two_make_the_same_site(tmp_path, monkeypatch, shared_dir):
    files = sorted((shared_dir / "corpus").glob("*.xml"))
    sites = {}
    for jobs in ("1", "2"):
        monkeypatch.setenv("EDITION_JOBS", jobs)
        out = tmp_path / jobs
        out.mkdir()
        documents = [(p.name, normalise(parse_tei(p), file=p.name).tree) for p in files]
        written = render_site(documents, out, edition_title="T", version="0")
        sites[jobs] = {p.relative_to(out).as_posix(): p.read_bytes() for p in written}
    assert sites["1"].keys() == sites["2"].keys()
    assert [path for path in sites["1"] if sites["1"][path] != sites["2"][path]] == []
    assert any(path.startswith("dts/") for path in sites["2"]) and "static/search-index.js" in sites["2"]


@two_cores
def test_what_the_other_process_keeps_stays_there():
    from edition.render.beside import keep

    def keeping():
        keep("big")
        return list(beside_module._kept)

    assert beside(keeping)() == ["big"]
    keep("here")  # in this process: nothing is kept
    assert beside_module._kept is None
    assert beside(beside_module.in_copy)() is True and beside_module.in_copy() is False


@pytest.mark.parametrize("jobs", ["1", "2"])
def test_a_site_made_a_batch_at_a_time_is_the_site_made_at_once(tmp_path, monkeypatch, shared_dir, jobs):
    """Works made into pages in batches (``site.BATCH_BYTES``) give the same bytes as all at once: the
    search index and the pages of the whole site hold every work, and passages shared between works of
    different batches are linked from both."""
    from edition.render import site as site_module

    monkeypatch.setenv("EDITION_JOBS", jobs)
    files = sorted((shared_dir / "corpus").glob("*.xml"))
    sites = {}
    for batch_bytes in (10**12, 1):
        monkeypatch.setattr(site_module, "BATCH_BYTES", batch_bytes)
        out = tmp_path / str(batch_bytes)
        out.mkdir()
        documents = [(p.name, normalise(parse_tei(p), file=p.name).tree) for p in [*files, files[1]]]
        documents[-1] = ("copy.xml", documents[-1][1])  # shares its passages with the second work
        written = render_site(documents, out, edition_title="T", version="0")
        sites[batch_bytes] = {p.relative_to(out).as_posix(): p.read_bytes() for p in written}
    assert sites[1].keys() == sites[10**12].keys()
    assert [path for path in sites[1] if sites[1][path] != sites[10**12][path]] == []
    second = files[1].stem
    assert b'href="works/copy/index.html#t-' in sites[1]["shared.html"]
    assert "⇄ copy ".encode() in sites[1][f"works/{second}/index.html"]
    assert b'["copy",' in sites[1]["static/search-index.js"]


def test_works_are_batched_by_the_size_of_their_tei(monkeypatch):
    from edition.render import site as site_module

    monkeypatch.setattr(site_module, "BATCH_BYTES", 10)
    assert site_module._batches([b"x" * 4, b"x" * 6, b"x" * 12, b"x"]) == [range(0, 2), range(2, 3), range(3, 4)]
    assert site_module._batches([b"x"]) == [range(0, 1)]
    assert site_module._batches([]) == [range(0, 0)]


@two_cores
def test_a_copy_stopped_ends_at_once_and_writes_no_more(tmp_path):
    import time

    marker = tmp_path / "written"

    def slow():
        time.sleep(1)
        marker.write_text("late")

    job = beside(slow)
    job.stop()
    time.sleep(1.5)
    assert not marker.exists() and beside_module.multiprocessing.active_children() == []


@two_cores
def test_a_render_that_fails_stops_its_other_halves(tmp_path, monkeypatch, shared_dir):
    """When the pages made here fail, the processes making the rest are ended, so that none goes on
    writing into the folder the failed build removes."""
    import time

    from edition.render import site as site_module

    monkeypatch.setattr(site_module, "BATCH_BYTES", 1)

    def failing(*args, **kwargs):
        raise OutputError("made to fail")

    monkeypatch.setattr(site_module, "_write_site_pages", failing)
    made_beside = site_module._beside_half

    def slow_beside(*args):
        time.sleep(1)
        return made_beside(*args)

    monkeypatch.setattr(site_module, "_beside_half", slow_beside)
    files = sorted((shared_dir / "corpus").glob("*.xml"))
    documents = [(p.name, normalise(parse_tei(p), file=p.name).tree) for p in files]
    with pytest.raises(OutputError, match="made to fail"):
        render_site(documents, tmp_path, edition_title="T", version="0")
    assert beside_module.multiprocessing.active_children() == []
    before = sorted(tmp_path.rglob("*"))
    time.sleep(1.5)
    assert sorted(tmp_path.rglob("*")) == before
