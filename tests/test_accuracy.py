"""The apparatus finds known random edits of a real witness, and little else.

A small fixed-seed run of what ``benchmarks/accuracy.py`` measures at
length: edits of every kind, applied to the first seed witness (every other
copy laid out as a PDF extraction), then collation, then recall and
precision of the apparatus against the edits.
"""

from __future__ import annotations

import random
from pathlib import Path

import pytest
from edits import (
    BREAK,
    KIND_CLASS,
    KINDS,
    TEI,
    moved_as_one,
    apply_changes,
    make_trial,
    read_base,
    score_trial,
    tally,
)
from lxml import etree

import edition.collate as collate_module
from edition.adhoc import collate_files
from edition.collate.classify import CLASSES
from edition.ingest import ingest_text
from edition.model import WitnessSource

SEED = Path(__file__).resolve().parent.parent / "seeds" / "000_5d9e4b39c4484a2c.txt"


@pytest.fixture(scope="module")
def base():
    return read_base(SEED.read_text(encoding="utf-8"), SEED.name)


def _run(base, tmp_path: Path, *, trials: int, edits: int, kinds, seed: str):
    scores = []
    for i in range(trials):
        trial = make_trial(base, random.Random(f"{seed}:{i}"), edits, kinds=kinds, pdf=i % 2 == 1)
        copy = tmp_path / f"copy{i}.txt"
        copy.write_text(trial.witness, encoding="utf-8")
        collate_files([SEED, copy], tmp_path / f"trial{i}.xml")
        scores.append(score_trial(trial, tmp_path / f"trial{i}.xml"))
    return scores


def test_the_copy_has_exactly_the_recorded_edits(base):
    trial = make_trial(base, random.Random("copy"), 40)
    blocks = ingest_text(trial.witness, WitnessSource("B", "copy.txt", ())).blocks
    changes = [c for e in trial.edits for c in e.changes]
    assert {e.kind for e in trial.edits} == set(KINDS)
    assert "".join(BREAK + b.text for b in blocks) == apply_changes(base.stream, changes)


def test_an_unedited_copy_gives_no_entry(base, tmp_path):
    [score] = _run(base, tmp_path, trials=1, edits=0, kinds=KINDS, seed="none")
    assert score.entries == [] and score.outcomes == []


def test_an_entry_of_the_wrong_class_is_a_miss_and_a_false_positive(base, tmp_path):
    trial = make_trial(base, random.Random("wrong"), 6, kinds=["substitution"])
    copy, out = tmp_path / "copy.txt", tmp_path / "pair.xml"
    copy.write_text(trial.witness, encoding="utf-8")
    collate_files([SEED, copy], out)
    assert all(o.found for o in score_trial(trial, out).outcomes)
    tree = etree.parse(str(out))
    tree.find(f".//{TEI}app").set("type", "orthographic")
    tree.write(str(out))
    score = score_trial(trial, out)
    assert [o.found for o in score.outcomes] == [False] + [True] * 5
    assert [e.cls for e in score.false_positives] == ["orthographic"]


def test_the_apparatus_finds_the_known_edits_and_little_else(base, tmp_path):
    scores = _run(base, tmp_path, trials=3, edits=20, kinds=KINDS, seed="test")
    overall = tally(scores, key=lambda _c: "all")["all"]
    assert overall.edits >= 55
    assert overall.recall >= 0.95, [(o.edit.kind, o.edit.base, o.edit.witness)
                                    for s in scores for o in s.outcomes if not o.found]
    assert overall.precision >= 0.95, [(e.ident, e.cls, e.text) for s in scores for e in s.false_positives]


def test_every_kind_of_edit_expects_a_class_of_the_collator():
    assert set(KIND_CLASS.values()) <= set(CLASSES)


@pytest.mark.parametrize("kind", KINDS)
def test_each_kind_of_edit_is_found(base, tmp_path, kind):
    scores = _run(base, tmp_path, trials=2, edits=4, kinds=[kind], seed="kind")
    t = tally(scores, key=lambda _c: "all")["all"]
    assert t.edits >= 6
    assert t.found >= t.edits - 1, [(o.edit.base, o.edit.witness) for s in scores for o in s.outcomes if not o.found]


def test_a_moved_phrase_must_be_one_entry_or_two_linked_ones(base, tmp_path, monkeypatch):
    trials = [make_trial(base, random.Random(f"moved:{i}"), 4, kinds=["transposition"]) for i in range(4)]
    kinds = [moved_as_one(t, e) for t in trials for e in t.edits]
    assert True in kinds and False in kinds  # both shapes are tried

    def scored(name: str, strip_links: bool = False) -> list[bool]:
        found = []
        for i, trial in enumerate(trials):
            copy, out = tmp_path / f"{name}{i}.txt", tmp_path / f"{name}{i}.xml"
            copy.write_text(trial.witness, encoding="utf-8")
            collate_files([SEED, copy], out)
            if strip_links:
                tree = etree.parse(str(out))
                for app in tree.iter(f"{TEI}app"):
                    app.attrib.pop("corresp", None)
                tree.write(str(out))
            found += [o.found for o in score_trial(trial, out).outcomes]
        return found

    assert all(scored("linked"))
    assert scored("unlinked", strip_links=True) == kinds  # two entries that do not point to each other: missed
    monkeypatch.setattr(collate_module, "find_transpositions", lambda rows: rows)
    assert not any(scored("apart"))  # an omission and an addition are not a transposition
