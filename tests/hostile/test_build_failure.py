"""Row 20 of HOSTILE-INPUTS.md and the build's other promises, on the real command line.

A build killed halfway leaves the previous site as it was; an output folder
whose replacement would destroy something is refused; the same inputs give
the same bytes wherever and whenever they are built; ``--strict`` fails on
warnings with their count.
"""

from __future__ import annotations

import shutil
import signal
import subprocess
import time
from pathlib import Path

import pytest
from harness import command, environment, run, snapshot, written_outside

ROOT = Path(__file__).resolve().parents[2]
SEEDS = ROOT / "seeds"
GOLDEN = ROOT / "tests" / "data" / "golden"


def _contents(folder: Path) -> dict[str, bytes]:
    return {p.relative_to(folder).as_posix(): p.read_bytes() for p in sorted(folder.rglob("*")) if p.is_file()}


@pytest.fixture
def scratch(tmp_path) -> Path:
    for name in ("cwd", "home", "tmp"):
        (tmp_path / name).mkdir()
    return tmp_path


def _project(scratch: Path, source: Path, name: str = "project") -> Path:
    project = scratch / name
    shutil.copytree(source, project)
    return project


# ---------------------------------------------------------------- a build killed halfway


def test_a_build_killed_halfway_leaves_the_previous_site_intact(scratch):
    project = _project(scratch, SEEDS)
    out = scratch / "out"
    first = run(["build", str(project), "-o", str(out), "-q"], scratch)
    assert first.status == 0, first.output
    before = _contents(out)
    assert "site/index.html" in before and "tei/2025-partnership.xml" in before
    # Change every witness, so that nothing is reused and the second build has work to do.
    for path in project.glob("*.txt"):
        path.write_bytes(path.read_bytes().replace("双方".encode(), "两国".encode(), 1))

    child = subprocess.Popen(command(["build", str(project), "-o", str(out), "-q"]), cwd=scratch / "cwd",
                             env=environment(scratch), stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    staging = None
    deadline = time.monotonic() + 120  # a limit on the wait, not a timing
    while child.poll() is None and time.monotonic() < deadline:
        staging = next(scratch.glob(".out.staging-*/tei/*.xml"), None)  # the staging folder is being filled
        if staging is not None:
            break
        time.sleep(0.005)
    assert child.poll() is None, "the build ended before it could be interrupted; give it more to do"
    child.send_signal(signal.SIGKILL)
    child.wait()
    assert staging is not None
    assert _contents(out) == before  # every file, byte for byte; no file more, none less

    assert list(scratch.glob(".out.staging-*"))  # what the killed build left
    again = run(["build", str(project), "-o", str(out), "-q"], scratch)
    assert again.status == 0, again.output
    assert _contents(out) != before
    assert not list(scratch.glob(".out.staging-*")), "the next build removes what the killed one left"
    assert "两国" in (out / "tei" / "2025-partnership.xml").read_text(encoding="utf-8")


# ---------------------------------------------------------------- refused output folders


@pytest.mark.parametrize("where", ["the project", "above the project", "the root", "home", "home as ~",
                                   "a folder edition did not write"])
def test_an_output_folder_whose_replacement_would_destroy_something_is_refused(scratch, where):
    project = _project(scratch, GOLDEN)
    (scratch / "mine").mkdir()
    (scratch / "mine" / "thesis.txt").write_text("years of work\n", encoding="utf-8")
    (scratch / "home" / "notes.txt").write_text("mine\n", encoding="utf-8")
    out = {"the project": str(project), "above the project": str(scratch), "the root": "/",
           "home": str(scratch / "home"), "home as ~": "~", "a folder edition did not write": str(scratch / "mine")}[where]
    before = snapshot(scratch)
    result = run(["build", str(project), "-o", out], scratch)
    assert result.status == 1, result.output
    assert "Traceback" not in result.output
    assert "error: refusing" in result.stderr and "choose" in result.stderr
    assert written_outside(before, snapshot(scratch), []) == []


def test_render_refuses_to_write_into_the_folder_of_its_input(scratch):
    tei = scratch / "in" / "minimal_edition.xml"
    tei.parent.mkdir()
    shutil.copy(ROOT / "tests" / "data" / "tei" / "minimal_edition.xml", tei)
    before = snapshot(scratch)
    result = run(["render", str(tei), "-o", str(tei.parent)], scratch)
    assert result.status == 1 and "error: refusing to write the output into" in result.stderr
    assert written_outside(before, snapshot(scratch), []) == []


# ---------------------------------------------------------------- determinism


def test_two_builds_in_different_folders_and_at_different_times_are_byte_identical(scratch):
    """Nothing in the TEI, the site or the cache carries the time or the place of the build.

    So SOURCE_DATE_EPOCH has nothing to set: two builds told different
    epochs, from projects in different folders, are the same bytes.
    """
    outputs = []
    for name, epoch in (("one", "0"), ("two", "1700000000")):
        project = _project(scratch, GOLDEN, f"project-{name}")
        out = scratch / f"out-{name}" / "nested"
        result = run(["build", str(project), "-o", str(out)], scratch, env={"SOURCE_DATE_EPOCH": epoch})
        assert result.status == 0, result.output
        outputs.append(_contents(out))
    one, two = outputs
    assert sorted(one) == sorted(two)
    assert [name for name in one if one[name] != two[name]] == []
    assert len(one) > 50 and any(name.endswith(".xml") for name in one)
    assert not any(str(scratch).encode() in data for data in one.values())


def test_files_from_elsewhere_render_to_the_same_bytes_whatever_the_hash_seed(scratch, shared_dir):
    """Nothing shown depends on the order of a set or on where an object lies in memory.

    Files from elsewhere go through the most rearranging (entries placed at
    their anchors, overlapping ones set beside the text), which once moved an
    entry in some runs and not in others.
    """
    files = [str(ROOT / "tests" / "data" / "tei" / "double_end_point_apparatus.xml"),
             *map(str, sorted((shared_dir / "corpus").glob("*.xml")))]
    outputs = []
    for seed in ("1", "2", "3"):
        out = scratch / f"site-{seed}"
        result = run(["render", *files, "-o", str(out), "--title", "T"], scratch, env={"PYTHONHASHSEED": seed})
        assert result.status in (0, 1) and (out / "index.html").exists(), result.output
        outputs.append(_contents(out))
    assert all(sorted(site) == sorted(outputs[0]) for site in outputs)
    assert [name for site in outputs[1:] for name in site if site[name] != outputs[0][name]] == []


# ---------------------------------------------------------------- strict


def test_strict_turns_every_warning_into_failure_with_the_count(scratch):
    project = _project(scratch, GOLDEN)
    witness = project / "a.txt"  # the made-up work has a doubled word; a zero-width space makes two warnings
    witness.write_text(witness.read_text(encoding="utf-8").replace("扩大", "扩\u200b大", 1), encoding="utf-8")
    out = scratch / "out"
    lenient = run(["build", str(project), "-o", str(out)], scratch)
    assert lenient.status == 0, lenient.output
    warnings = [line for line in lenient.stderr.splitlines() if ": warning W-" in line]
    assert len(warnings) == 2, warnings
    before = _contents(out)

    strict = run(["build", str(project), "-o", str(out), "--strict"], scratch)
    assert strict.status == 1
    assert f"error: strict mode: {len(warnings)} warnings; nothing was written" in strict.stderr
    assert sorted(line for line in strict.stderr.splitlines() if ": warning W-" in line) == sorted(warnings)
    assert _contents(out) == before


def test_strict_render_and_validate_fail_on_a_warning_alone(scratch):
    tei = scratch / "in" / "siglum_mismatch.xml"
    tei.parent.mkdir()
    shutil.copy(ROOT / "tests" / "data" / "tei" / "siglum_mismatch.xml", tei)
    assert run(["validate", str(tei)], scratch).status == 0
    validated = run(["validate", str(tei), "--strict"], scratch)
    assert validated.status == 1 and ":31:0: warning W-SIGLUM-MISMATCH" in validated.stderr
    rendered = run(["render", str(tei), "-o", str(scratch / "out"), "--strict"], scratch)
    assert rendered.status == 1 and "error: strict mode: 1 problem; nothing was written" in rendered.stderr
    assert not (scratch / "out").exists()
