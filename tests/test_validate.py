"""The rules a schema cannot express (edition.validate), each with its stable code and line."""

from __future__ import annotations

from pathlib import Path

import pytest
from lxml import etree

from edition import validate as validate_module
from edition.model import Severity
from edition.tei.read import TEI_NS, XML_NS, parse_tei, q
from edition.validate import check_semantics, validate


@pytest.fixture
def tei_dir(data_dir: Path) -> Path:
    return data_dir / "tei"


def _semantics(path: Path) -> list[tuple[str, int]]:
    return [(d.code, d.line) for d in check_semantics(parse_tei(path), file=path.name)]


def _tei(body: str, sigla: str = "A B") -> etree._Element:
    """A document with just what the semantic rules look at: witnesses, and a body from line 4."""
    witnesses = "".join(f'<witness xml:id="{s}"/>' for s in sigla.split())
    header = f"<teiHeader><listWit>{witnesses}</listWit></teiHeader>"
    return etree.fromstring(f'<TEI xmlns="{TEI_NS}">\n{header}\n<text><body>\n{body}\n</body></text></TEI>'.encode())


def _codes(tree) -> list[tuple[str, int]]:
    return [(d.code, d.line) for d in check_semantics(tree, file="t.xml")]


def test_minimal_edition_is_valid(tei_dir):
    assert validate(parse_tei(tei_dir / "minimal_edition.xml"), file="minimal_edition.xml") == []


@pytest.mark.parametrize(
    "fixture, expected, words",
    [
        ("undeclared_witness.xml", [("E-WIT-UNDECLARED", 139)], "'#D'"),
        ("duplicate_id.xml", [("E-ID-DUPLICATE", 136)], "also on line 129"),
        ("app_missing_witness.xml", [("E-APP-PARTITION", 117)], "witness #B is active here but in no reading"),
        ("app_witness_twice.xml", [("E-APP-PARTITION", 117)], "witness #B is in two readings"),
        ("inactive_witness_in_app.xml", [("E-APP-PARTITION", 139)], "witness #B is not active here"),
        ("empty_app.xml", [("E-APP-EMPTY", 139)], "no <lem> or <rdg>"),
        ("siglum_mismatch.xml", [("W-SIGLUM-MISMATCH", 31)], "'b'"),
        ("span_out_of_order.xml", [("W-SPAN", 135)], "<witEnd/> for witness #B, which is not active"),
        ("marker_outside_lacuna_app.xml", [("W-SPAN", 135)], 'outside a reading of an <app type="lacuna">'),
        ("wit_not_pointer.xml", [("W-WIT-POINTER", 139)], "Write '#C'"),
        ("corresp_to_nothing.xml", [("E-APP-CORRESP", 116)], "'#s1.p9.v1', which is no other <app>"),
        ("corresp_one_way.xml", [("W-APP-CORRESP-ONE-WAY", 116)], 'corresp="#s1.p1.v1"'),
    ],
)
def test_each_defect_gives_its_code_and_line(tei_dir, fixture, expected, words):
    found = check_semantics(parse_tei(tei_dir / fixture), file=fixture)
    assert [(d.code, d.line) for d in found] == expected
    assert words in str(found[0])
    assert found[0].file == fixture


def test_app_partition_names_the_app(tei_dir):
    found = check_semantics(parse_tei(tei_dir / "app_missing_witness.xml"), file="f.xml")
    assert found[0].message.startswith("app 's1.p1.v2': ")


def test_witness_without_siglum(tei_dir):
    found = _semantics(tei_dir / "witness_no_siglum.xml")
    assert found[0] == ("E-WITNESS-NO-SIGLUM", 42)
    assert ("E-WIT-UNDECLARED", 139) in found


def test_lem_without_wit_stands_for_the_witnesses_no_other_reading_names(tei_dir):
    """At s2.p2.v1 B has ended, so a bare <lem> is A's alone: no partition error."""
    assert _semantics(tei_dir / "missing_wit_attribute.xml") == []


@pytest.mark.parametrize("fixture", ["wrong_namespace.xml", "tei_p4.xml", "no_namespace.xml"])
def test_a_root_that_is_not_tei_p5_is_reported_alone(tei_dir, fixture):
    found = validate(parse_tei(tei_dir / fixture), file=fixture)
    assert [(d.code, d.line) for d in found] == [("E-TEI-NAMESPACE", 2)]


def test_validate_reports_every_layer_in_line_order(tei_dir):
    found = validate(parse_tei(tei_dir / "lang_not_bcp47.xml"), file="l.xml")
    assert [(d.code, d.line) for d in found] == [("W-LANG-TAG", 2), ("E-SCHEMA", 2)]
    found = validate(parse_tei(tei_dir / "duplicate_id.xml"), file="d.xml")
    assert [(d.code, d.line) for d in found] == [("E-SCHEMA", 136), ("E-ID-DUPLICATE", 136)]


def test_a_witness_that_starts_late_is_absent_before_its_witstart():
    tree = _tei(
        '<p>一<app type="substantive"><lem wit="#A">二</lem></app>\n'
        '<app type="lacuna"><lem wit="#A"/><rdg wit="#B"><witStart/></rdg></app>\n'
        '<app type="substantive"><lem wit="#A">三</lem></app></p>'
    )
    assert _codes(tree) == [("E-APP-PARTITION", 6)]


def test_a_lacuna_that_never_ends_is_reported_where_it_begins():
    tree = _tei('<p><app type="lacuna"><lem wit="#A">一</lem>\n<rdg wit="#B"><lacunaStart/></rdg></app></p>')
    found = check_semantics(tree, file="t.xml")
    assert [(d.code, d.line, d.severity) for d in found] == [("W-SPAN", 5, Severity.WARNING)]
    assert "never ends" in found[0].message


def test_a_marker_in_no_reading_concerns_no_witness():
    tree = _tei("<p>一\n<witEnd/></p>")
    found = check_semantics(tree, file="t.xml")
    assert [(d.code, d.line) for d in found] == [("W-SPAN", 5)]
    assert "concerns no witness" in found[0].message


def test_a_marker_with_its_own_wit_outside_readings():
    tree = _tei('<p>一\n<witEnd wit="#B"/>二<app type="substantive"><lem wit="#A">三</lem></app></p>')
    assert _codes(tree) == [("W-SPAN", 5)]


def test_nested_app_may_only_name_witnesses_of_its_reading():
    tree = _tei(
        '<p><app type="substantive"><lem wit="#A">一<app type="substantive"><lem wit="#A">二</lem>\n'
        '<rdg wit="#B">三</rdg></app></lem><rdg wit="#B"/></app></p>'
    )
    found = check_semantics(tree, file="t.xml")
    assert [(d.code, d.line) for d in found] == [("E-APP-PARTITION", 5)]
    assert "not in the reading this app stands in" in found[0].message


def test_nested_app_must_hold_every_active_witness_of_its_reading():
    tree = _tei(
        '<p><app type="substantive"><lem wit="#A #B">一<app type="substantive">\n<lem wit="#A">二</lem></app></lem>'
        '<rdg wit="#C"/></app></p>',
        sigla="A B C",
    )
    assert _codes(tree) == [("E-APP-PARTITION", 4)]


def test_pointer_to_a_group_of_witnesses():
    tree = _tei('<p><app type="substantive"><lem wit="#all">一</lem></app></p>')
    tree.find(f".//{q('listWit')}").set(q("id", XML_NS), "all")
    assert _codes(tree) == []


def test_many_witnesses_mostly_ended_cost_what_their_readings_cost():
    """998 witnesses end in the first app; every later app names A and B only, and one forgets B."""
    sigla = " ".join(["A", "B"] + [f"W{i}" for i in range(998)])
    ended = " ".join(f"#W{i}" for i in range(998))
    apps = '<app type="substantive"><lem wit="#A">一</lem><rdg wit="#B">二</rdg></app>' * 3000
    tree = _tei(
        f'<p><app type="lacuna"><lem wit="#A #B"/><rdg wit="{ended}"><witEnd/></rdg></app>{apps}\n'
        '<app type="substantive"><lem wit="#A">一</lem></app></p>',
        sigla=sigla,
    )
    assert _codes(tree) == [("E-APP-PARTITION", 5)]


def test_reporting_stops_at_the_limit(monkeypatch):
    monkeypatch.setattr(validate_module, "MAX_REPORTED", 50)
    tree = _tei("".join(f'<milestone unit="block" edRef="#Z{i}"/>' for i in range(80)))
    found = check_semantics(tree, file="t.xml")
    assert len(found) == 51
    assert [d.code for d in found[:50]] == ["E-WIT-UNDECLARED"] * 50
    assert (found[50].code, found[50].severity) == ("W-TOO-MANY", Severity.WARNING)


def test_a_tree_made_in_memory_has_no_lines_but_is_checked():
    """What encode hands over has no source lines; the rules still apply, at line 0."""
    tei = etree.Element(q("TEI"))
    list_wit = etree.SubElement(etree.SubElement(tei, q("teiHeader")), q("listWit"))
    for siglum in "AB":
        etree.SubElement(list_wit, q("witness"), {q("id", XML_NS): siglum})
    p = etree.SubElement(etree.SubElement(etree.SubElement(tei, q("text")), q("body")), q("p"))
    etree.SubElement(etree.SubElement(p, q("app")), q("lem"), wit="#A").text = "一"
    assert _codes(tei) == [("E-APP-PARTITION", 0)]
