"""Editorial decisions (decisions.toml): applied, kept across re-collation, reported when stale."""

from __future__ import annotations

from pathlib import Path

import pytest
from click.testing import CliRunner
from lxml import etree

from edition.build import build
from edition.catalogue import load_catalogue
from edition.cli import main
from edition.decisions import DecisionsError, load_decisions

TEI = "{http://www.tei-c.org/ns/1.0}"
XML_ID = "{http://www.w3.org/XML/1998/namespace}id"

CATALOGUE = """\
[edition]
title = "测试"
editors = ["The test editors"]

[[work]]
id = "pact"
title = "关于合作的声明"

[[work.witness]]
siglum = "A"
file = "a.txt"

[[work.witness]]
siglum = "B"
file = "b.txt"
"""

A = """关于合作的声明

双方回顾了纳粹德国及其仆从国的侵略历史。

双方同意加强合作，并将继续加强合作。

双方欢迎各国参与交流活动。
"""

B = A.replace("及其仆从国", "及其从国").replace("加强合作", "加强协作")

DECISIONS = """\
[editor]
id = "zs"
name = "张三"

# B drops a character of 仆从国.
[[decision]]
work = "pact"
readings = { A = "仆从国", B = "从国" }
error = "B"
note = "B has lost 仆."

[[decision]]
work = "pact"
readings = { A = "合", B = "协" }
before = "继续加强"
lemma = "B"
"""


@pytest.fixture
def project(tmp_path) -> Path:
    folder = tmp_path / "project"
    folder.mkdir()
    (folder / "edition.toml").write_text(CATALOGUE, encoding="utf-8")
    (folder / "a.txt").write_text(A, encoding="utf-8")
    (folder / "b.txt").write_text(B, encoding="utf-8")
    (folder / "decisions.toml").write_text(DECISIONS, encoding="utf-8")
    return folder


def _apps(out: Path) -> dict[str, etree._Element]:
    tree = etree.parse(str(out / "tei" / "pact.xml"))
    return {app.get(XML_ID): app for app in tree.iter(f"{TEI}app")}


def _decision_codes(report) -> list[str]:
    return [d.code for d in report.diagnostics if d.code.startswith("W-DECISION")]


def _assert_applied(out: Path) -> None:
    apps = _apps(out)
    first = apps["s0.p1.v1"]
    lem, rdg, note = first
    assert (lem.tag, lem.text, lem.get("resp")) == (f"{TEI}lem", "仆", None)
    assert (rdg.get("wit"), rdg.get("cause"), rdg.get("resp")) == ("#B", "error", "#editor-zs")
    assert (note.tag, note.text, note.get("resp")) == (f"{TEI}note", "B has lost 仆.", "#editor-zs")
    # The second 合/协 (after 继续加强) has B's reading as the editor's lemma; the first is untouched.
    chosen = [app for app in apps.values() if app.find(f"{TEI}lem").get("resp")]
    assert len(chosen) == 1
    lem = chosen[0].find(f"{TEI}lem")
    assert (lem.get("wit"), lem.text, lem.get("resp")) == ("#B", "协", "#editor-zs")
    assert (chosen[0].getprevious().tail or "").endswith("继续加强") or \
        (chosen[0].getparent().text or "").endswith("继续加强")


def test_decisions_are_applied_and_shown_in_the_tei_and_on_the_site(project, tmp_path, tei_all_rng):
    out = tmp_path / "out"
    report = build(project, out)
    assert report.errors == [] and _decision_codes(report) == []
    _assert_applied(out)
    tree = etree.parse(str(out / "tei" / "pact.xml"))
    resp = tree.find(f".//{TEI}titleStmt/{TEI}respStmt[@{XML_ID}='editor-zs']")
    assert resp is not None and resp.findtext(f"{TEI}name") == "张三"
    assert etree.RelaxNG(etree.parse(str(tei_all_rng))).validate(tree)
    page = (out / "site" / "works" / "pact" / "index.html").read_text(encoding="utf-8")
    assert 'data-cause="error"' in page and "editor's lemma" in page
    assert 'class="entry-note" data-tei="note" data-type="editorial">B has lost 仆.' in page
    witness = (out / "site" / "works" / "pact" / "witness" / "A.html").read_text(encoding="utf-8")
    assert "B has lost" not in witness  # an editor's note is no witness's text


def test_decisions_survive_a_correction_of_a_witness_elsewhere(project, tmp_path):
    build(project, tmp_path / "first")
    corrected = B.replace("各国参与交流活动", "各国积极参与交流活动")
    (project / "b.txt").write_text(corrected, encoding="utf-8")
    report = build(project, tmp_path / "second")
    assert report.collated == ["pact"]
    assert len(_apps(tmp_path / "second")) == len(_apps(tmp_path / "first")) + 1  # the new entry
    assert _decision_codes(report) == []
    _assert_applied(tmp_path / "second")


def test_a_decision_made_stale_is_reported_with_its_file_and_line(project, tmp_path):
    (project / "b.txt").write_text(B.replace("及其从国", "及其仆从国"), encoding="utf-8")
    report = build(project, tmp_path / "out")
    stale = [d for d in report.warnings if d.code == "W-DECISION-STALE"]
    assert len(stale) == 1
    assert (stale[0].file, stale[0].line) == ("decisions.toml", 6)
    assert "「仆从国」" in stale[0].message and "「从国」" in stale[0].message
    page = (tmp_path / "out" / "site" / "works" / "pact" / "report.html").read_text(encoding="utf-8")
    assert "W-DECISION-STALE" in page and "decisions.toml:6" in page
    # The other decision still applies.
    assert any(app.find(f"{TEI}lem").get("resp") for app in _apps(tmp_path / "out").values())


def test_strict_build_fails_on_a_stale_decision(project, tmp_path):
    (project / "b.txt").write_text(B.replace("及其从国", "及其仆从国"), encoding="utf-8")
    result = CliRunner().invoke(main, ["build", str(project), "-o", str(tmp_path / "out"), "--strict"])
    assert result.exit_code == 1
    assert "decisions.toml:6:0: warning W-DECISION-STALE" in result.output


def test_an_ambiguous_decision_is_reported_and_not_applied(project, tmp_path):
    text = DECISIONS.replace('before = "继续加强"\n', "")
    (project / "decisions.toml").write_text(text, encoding="utf-8")
    report = build(project, tmp_path / "out")
    ambiguous = [d for d in report.warnings if d.code == "W-DECISION-AMBIGUOUS"]
    assert len(ambiguous) == 1 and ambiguous[0].line == 12
    assert ambiguous[0].message.startswith("2 apparatus entries")
    assert not any(app.find(f"{TEI}lem").get("resp") for app in _apps(tmp_path / "out").values())


def test_contradicting_decisions_are_reported(project, tmp_path):
    text = DECISIONS + '\n[[decision]]\nwork = "pact"\nreadings = { A = "合", B = "协" }\n' \
        'after = "作，并将"\nlemma = "A"\n\n[[decision]]\nwork = "pact"\n' \
        'readings = { A = "合", B = "协" }\nafter = "作，并将"\nlemma = "B"\n'
    (project / "decisions.toml").write_text(text, encoding="utf-8")
    report = build(project, tmp_path / "out")
    assert _decision_codes(report) == ["W-DECISION-CONFLICT"]
    assert report.warnings[0].line == 24


@pytest.mark.parametrize("text,line,words", [
    ("[[decision]]\nwork = \"pact\"\nreadings = { A = \"仆\" \n", 3, "not valid TOML"),
    ("[[decision]]\nwork = \"pact\"\nreading = { A = \"仆\" }\nnote = \"x\"\n", 1, "unknown key 'reading'"),
    ("[[decision]]\nwork = \"pakt\"\nreadings = { A = \"仆\" }\nnote = \"x\"\n", 2, "no work has the id 'pakt'"),
    ("[[decision]]\nwork = \"pact\"\nreadings = { A = \"仆\", C = \"\" }\nnote = \"x\"\n", 3,
     "'C' is not a witness of work pact"),
    ("\n[[decision]]\nwork = \"pact\"\nreadings = { A = \"仆\" }\nlemma = \"B\"\n", 5,
     "lemma 'B' is not one of the readings"),
    ("[[decision]]\nwork = \"pact\"\nreadings = { A = \"仆\", B = \"\" }\n", 1, "decides nothing"),
    ("[[decision]]\nwork = \"pact\"\nreadings = { A = \"仆\", B = \"\" }\nlemma = \"A\"\nerror = \"A\"\n", 5,
     "both the lemma and an error"),
    ("[[editor]]\nid = \"a\"\nname = \"甲\"\n[[editor]]\nid = \"b\"\nname = \"乙\"\n[[decision]]\n"
     + "work = \"pact\"\nreadings = { A = \"仆\" }\nnote = \"x\"\n", 7, "which editor"),
])
def test_a_malformed_decisions_file_is_a_clear_error_without_traceback(project, tmp_path, text, line, words):
    (project / "decisions.toml").write_text(text, encoding="utf-8")
    with pytest.raises(DecisionsError) as caught:
        load_decisions(project, load_catalogue(project))
    assert caught.value.line == line and words in caught.value.message
    result = CliRunner().invoke(main, ["build", str(project), "-o", str(tmp_path / "out")])
    assert result.exit_code == 1
    assert f"decisions.toml:{line}:" in result.output and words in result.output
    assert "Traceback" not in result.output
    assert not (tmp_path / "out").exists()


def test_no_decisions_file_means_no_decision(project):
    (project / "decisions.toml").unlink()
    assert load_decisions(project, load_catalogue(project)).decisions == ()


def test_the_bundled_decisions_all_apply(tmp_path, seeds_dir):
    report = build(seeds_dir, tmp_path / "out")
    assert _decision_codes(report) == []
    tree = etree.parse(str(tmp_path / "out" / "tei" / "2025-partnership.xml"))
    decided = [e for e in tree.iter(f"{TEI}lem", f"{TEI}rdg", f"{TEI}note") if e.get("resp")]
    assert len(decided) == 7  # error + note; lemma + error + note; lemma + error


def test_a_chosen_lemma_turns_the_details_round():
    """B omits 仆 against A; with B's reading as the lemma, A's reading is an addition."""
    from edition.collate import collate
    from edition.decisions import Decision, Decisions, apply_decisions
    from edition.model import Editor, Entry
    from witnesses import make_witness, make_work

    a = make_witness("A", ["纳粹德国及其仆从国进攻的最前线。"])
    b = make_witness("B", ["纳粹德国及其从国进攻的最前线。"])
    collation = collate(make_work(a, b), [a, b])
    decisions = Decisions((Editor("zs", "张三"),),
                          (Decision("test-work", (("A", "仆"), ("B", "")), lemma="B", resp="zs"),))
    [entry] = [p for row in apply_decisions(collation, decisions).rows for p in row.pieces if isinstance(p, Entry)]
    assert entry.readings[entry.lemma].wit == ("B",)
    assert [(r.wit, r.type) for r in entry.readings] == [(("A",), "addition"), (("B",), "")]
