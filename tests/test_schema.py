"""The profile's schema (schema/edition.xsd): what it accepts, what it refuses, and that tei_all agrees.

tei_all.rng takes about ten seconds to compile; ``check_schema`` keeps every
schema it has loaded for the life of the process, so the session compiles it
once however many tests use it.
"""

from __future__ import annotations

import re
from pathlib import Path

import pytest

from edition.errors import EditionError
from edition.resources import resource_dir
from edition.tei.read import parse_tei
from edition.validate import check_schema


@pytest.fixture
def tei_dir(data_dir: Path) -> Path:
    return data_dir / "tei"


def _schema_errors(path: Path, schema=None) -> list[tuple[str, int]]:
    found = check_schema(parse_tei(path), file=path.name, schema=schema)
    return [(d.code, d.line) for d in found]


def test_bundled_schema_is_found_and_fetches_nothing():
    xsd = resource_dir("schema") / "edition.xsd"
    assert xsd.is_file() and (xsd.parent / "xml.xsd").is_file()
    locations = re.findall(r'schemaLocation="([^"]+)"', xsd.read_text(encoding="utf-8"))
    assert locations == ["xml.xsd"]
    assert "schemaLocation=" not in (xsd.parent / "xml.xsd").read_text(encoding="utf-8")


def test_minimal_edition_is_valid_against_the_profile(tei_dir):
    assert _schema_errors(tei_dir / "minimal_edition.xml") == []


def test_minimal_edition_is_valid_against_tei_all(tei_dir, tei_all_rng):
    assert _schema_errors(tei_dir / "minimal_edition.xml", schema=tei_all_rng) == []


def test_profile_example_is_valid_against_both(project_root, tmp_path, tei_all_rng):
    """The example in docs/tei-profile.md, exactly as printed."""
    text = (project_root / "docs" / "tei-profile.md").read_text(encoding="utf-8")
    example = tmp_path / "example.xml"
    example.write_text(re.search(r"```xml\n(.*?)```", text, re.DOTALL).group(1), encoding="utf-8")
    assert _schema_errors(example) == []
    assert _schema_errors(example, schema=tei_all_rng) == []


@pytest.mark.parametrize(
    "fixture, line, words",
    [
        ("bad_app_type.xml", 139, "attribute type='wording'"),
        ("missing_wit_attribute.xml", 139, "missing required attribute 'wit'"),
        ("unknown_element.xml", 138, "Unexpected child with tag 'hi'"),
        ("wit_not_pointer.xml", 139, "attribute wit='C'"),
        ("witness_no_siglum.xml", 42, "missing required attribute 'xml:id'"),
        ("lang_not_bcp47.xml", 2, "xml:lang='zh_CN'"),
    ],
)
def test_profile_schema_refuses(tei_dir, fixture, line, words):
    found = check_schema(parse_tei(tei_dir / fixture), file=fixture)
    assert [(d.code, d.line) for d in found] == [("E-SCHEMA", line)]
    assert words in found[0].message


@pytest.mark.parametrize(
    "fixture", ["bad_app_type.xml", "missing_wit_attribute.xml", "unknown_element.xml", "wit_not_pointer.xml"]
)
def test_profile_is_stricter_than_tei_all(tei_dir, tei_all_rng, fixture):
    """tei_all leaves app/@type open, @wit optional, <hi> anywhere and pointers as any URI; the profile does not."""
    assert _schema_errors(tei_dir / fixture, schema=tei_all_rng) == []
    assert [code for code, line in _schema_errors(tei_dir / fixture)] == ["E-SCHEMA"]


def test_relaxng_errors_have_lines(tei_dir, tei_all_rng):
    found = _schema_errors(tei_dir / "xinclude.xml", schema=tei_all_rng)
    assert found and set(found) == {("E-SCHEMA", 138)}


@pytest.mark.parametrize(
    "fixture",
    [
        "undeclared_witness.xml", "app_missing_witness.xml", "app_witness_twice.xml",
        "inactive_witness_in_app.xml", "empty_app.xml", "siglum_mismatch.xml", "span_out_of_order.xml",
        "marker_outside_lacuna_app.xml",
    ],
)
def test_semantic_fixtures_are_tei_all_valid(tei_dir, tei_all_rng, fixture):
    """Each of these has one defect that only the semantic rules see."""
    assert _schema_errors(tei_dir / fixture, schema=tei_all_rng) == []


def test_duplicate_ids_are_also_schema_errors(tei_dir, tei_all_rng):
    """Both schemas type xml:id as an ID, so E-ID-DUPLICATE has an E-SCHEMA beside it."""
    assert _schema_errors(tei_dir / "duplicate_id.xml") == [("E-SCHEMA", 136)]
    assert _schema_errors(tei_dir / "duplicate_id.xml", schema=tei_all_rng) == [("E-SCHEMA", 136)]


def test_a_given_xsd_is_used(tei_dir):
    xsd = resource_dir("schema") / "edition.xsd"
    assert _schema_errors(tei_dir / "bad_app_type.xml", schema=xsd) == [("E-SCHEMA", 139)]


def test_a_schema_that_cannot_be_loaded_is_an_edition_error(tmp_path, tei_dir):
    with pytest.raises(EditionError, match="cannot load the schema"):
        check_schema(parse_tei(tei_dir / "minimal_edition.xml"), file="m.xml", schema=tmp_path / "missing.xsd")


def test_linked_transposition_is_valid_against_both(tmp_path, tei_all_rng):
    """Two places of one transposition point to each other with app/@corresp; readings carry rdg/@type."""
    from edition.collate import collate
    from edition.model import Edition
    from edition.tei.encode import encode
    from edition.tei.read import serialize
    from edition.tei.rebuild import rebuild_witnesses
    from witnesses import make_witness, make_work

    a = make_witness("A", ["双方重申坚定支持彼此的努力。", "双方将深化务实合作，落实2025年签署的协议。"])
    b = make_witness("B", ["双方重申支持彼此的努力。", "双方将坚定深化务实合作，落实二〇二五年签署的协议。"])
    work = make_work(a, b)
    path = tmp_path / "moved.xml"
    path.write_bytes(serialize(encode(collate(work, [a, b]), Edition(title="测试", works=(work,)), {})))
    tree = parse_tei(path)
    apps = {app.get("{http://www.w3.org/XML/1998/namespace}id"): app for app in tree.iter("{*}app")}
    assert {k: a.get("corresp") for k, a in apps.items()} == \
        {"s0.p1.v1": "#s0.p2.v1", "s0.p2.v1": "#s0.p1.v1", "s0.p2.v2": None}
    assert [r.get("type") for r in tree.iter("{*}rdg")] == ["transposition", "transposition", None]
    assert apps["s0.p2.v2"].get("type") == "numeral"
    assert rebuild_witnesses(tree) == {"A": [t.text for t in a.blocks], "B": [t.text for t in b.blocks]}
    assert _schema_errors(path) == []
    assert _schema_errors(path, schema=tei_all_rng) == []
