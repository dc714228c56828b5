"""Reading TEI safely (edition.tei.read) and rebuilding witnesses from it (edition.tei.rebuild).

The hostile inputs are the rows of HOSTILE-INPUTS.md that concern XML: each
fixture in tests/data/tei/ is named after its defect.
"""

from __future__ import annotations

from pathlib import Path

import pytest
from lxml import etree

from edition.errors import TEIError
from edition.model import Severity
from edition.tei import read
from edition.tei.read import TEI_NS, check_root, iter_events, parse_tei, q
from edition.tei.rebuild import rebuild_block_sources, rebuild_witnesses
from edition.validate import validate

SECRET = "TOPSECRET-c4f1e2"
PASSWD_MARK = "root:x:0:0"


@pytest.fixture
def tei_dir(data_dir: Path) -> Path:
    return data_dir / "tei"


@pytest.fixture
def secret_file(tmp_path: Path) -> Path:
    path = tmp_path / "secret.txt"
    path.write_text(f"{SECRET}\n", encoding="utf-8")
    return path


@pytest.fixture
def http_requests(recording_server):
    """A local web server that records every request made to it; gives (base URL, requests)."""
    return recording_server(f'<!ENTITY leak "{SECRET}">'.encode())


def _refusal(source, name: str = "doc.xml") -> TEIError:
    with pytest.raises(TEIError) as caught:
        parse_tei(source, name=name)
    return caught.value


# ---------------------------------------------------------------- what is read


def test_minimal_edition_parses_with_lines(tei_dir):
    tree = parse_tei(tei_dir / "minimal_edition.xml")
    assert tree.getroot().tag == q("TEI")
    app = next(tree.iter(q("app")))
    assert app.sourceline == 106
    assert check_root(tree, "minimal_edition.xml") == []


def test_name_defaults_to_the_path_as_given(tei_dir):
    error = _refusal(tei_dir / "not_well_formed.xml", name="")
    assert error.file == str(tei_dir / "not_well_formed.xml")


def test_duplicate_ids_do_not_stop_reading(tei_dir):
    """libxml2 would refuse the file at the second id; validation reports it with both lines instead."""
    tree = parse_tei(tei_dir / "duplicate_id.xml")
    assert len(tree.xpath("//*[@xml:id='s2.p1']")) == 2


def test_a_missing_file_is_a_tei_error(tmp_path):
    error = _refusal(tmp_path / "nothing.xml", name="nothing.xml")
    assert "cannot read the file" in error.message


def test_genuine_gb2312_is_decoded(tei_dir):
    tree = parse_tei(tei_dir / "gb2312_declared.xml")
    assert tree.find(f".//{q('p')}").text == "中华人民共和国"


# ---------------------------------------------------------------- hostile input


@pytest.mark.parametrize(
    "fixture, line",
    [
        ("xxe_file_entity.xml", 3),
        ("xxe_parameter_entity.xml", 3),
        ("xxe_remote_entity.xml", 3),
        ("billion_laughs.xml", 3),
    ],
)
def test_entity_declarations_are_refused(tei_dir, fixture, line):
    error = _refusal(tei_dir / fixture, name=fixture)
    assert error.message.startswith("entities are not allowed")
    assert (error.file, error.line) == (fixture, line)
    assert PASSWD_MARK not in str(error)


def test_entity_reference_from_an_external_dtd_is_refused(tei_dir):
    error = _refusal(tei_dir / "external_dtd_entity.xml")
    assert error.message == "the entity reference &nbsp; is not allowed"
    assert error.line == 5
    assert PASSWD_MARK not in str(error)


@pytest.mark.parametrize(
    "doctype",
    [
        '<!DOCTYPE TEI [<!ENTITY x SYSTEM "{url}">]>',
        '<!DOCTYPE TEI [<!ENTITY % p SYSTEM "{url}"> %p;]>',
        '<!DOCTYPE TEI SYSTEM "{url}">',
    ],
)
def test_secret_file_never_reaches_a_message(secret_file, doctype):
    document = doctype.format(url=secret_file.as_uri()) + f'\n<TEI xmlns="{TEI_NS}"><text><body><p>&x;</p></body></text></TEI>'
    error = _refusal(document.encode())
    assert SECRET not in str(error)


@pytest.mark.parametrize("encoding", ["utf-8", "utf-16"])
def test_parameter_entity_file_is_never_opened(secret_file, encoding):
    """The guard under the byte scan: libxml2 would read a parameter entity's file even with load_dtd=False."""
    (secret_file.parent / "decl.dtd").write_text(f'<!ENTITY leak "{SECRET}">', encoding="utf-8")
    url = (secret_file.parent / "decl.dtd").as_uri()
    document = f'<?xml version="1.0" encoding="{encoding}"?>\n<!DOCTYPE TEI [<!ENTITY % p SYSTEM "{url}"> %p;]>\n<TEI/>'
    tree = etree.fromstring(document.encode(encoding), read._parser()).getroottree()
    assert [entity.name for entity in tree.docinfo.internalDTD.entities()] == ["p"]
    with pytest.raises(TEIError, match="entities are not allowed"):
        parse_tei(document.encode(encoding))


@pytest.mark.parametrize("fixture", ["billion_laughs.xml", "xxe_file_entity.xml"])
def test_entities_in_utf16_are_refused_too(tei_dir, fixture):
    text = (tei_dir / fixture).read_text(encoding="utf-8").replace('encoding="UTF-8"', 'encoding="UTF-16"')
    error = _refusal(text.encode("utf-16"))
    assert error.message.startswith("entities are not allowed")


def test_nothing_is_fetched_from_the_network(http_requests):
    base, requests = http_requests
    documents = [
        f'<!DOCTYPE TEI SYSTEM "{base}/tei.dtd">\n<TEI xmlns="{TEI_NS}"/>',
        f'<?xml-model href="{base}/evil.rng" schematypens="http://relaxng.org/ns/structure/1.0"?>\n<TEI xmlns="{TEI_NS}"/>',
        f'<!DOCTYPE TEI [<!ENTITY x SYSTEM "{base}/x">]>\n<TEI xmlns="{TEI_NS}">&x;</TEI>',
        f'<!DOCTYPE TEI [<!ENTITY % p SYSTEM "{base}/p"> %p;]>\n<TEI xmlns="{TEI_NS}">&leak;</TEI>',
    ]
    for document in documents:
        try:
            tree = parse_tei(document.encode())
        except TEIError as error:
            assert SECRET not in str(error)
        else:
            assert SECRET not in str(validate(tree, file="doc.xml"))
    assert requests == []


@pytest.mark.parametrize("fixture", ["external_dtd.xml", "xml_model_remote.xml"])
def test_external_dtd_and_xml_model_are_ignored_and_the_bundled_schema_used(tei_dir, fixture):
    tree = parse_tei(tei_dir / fixture)
    assert validate(tree, file=fixture) == []


def test_xinclude_is_not_processed(tei_dir):
    tree = parse_tei(tei_dir / "xinclude.xml")
    include = tree.find(".//{http://www.w3.org/2001/XInclude}include")
    assert include is not None and len(include) == 0 and include.text is None
    assert PASSWD_MARK not in etree.tostring(tree, encoding="unicode")
    found = validate(tree, file="xinclude.xml")
    assert [(d.code, d.line) for d in found] == [("E-SCHEMA", 138), ("W-URL-SCHEME", 138)]
    assert all(PASSWD_MARK not in "".join(blocks) for blocks in rebuild_witnesses(tree).values())


def test_deep_nesting_is_refused_with_its_line(tei_dir):
    error = _refusal(tei_dir / "deep_nesting.xml")
    assert error.message == f"elements are nested deeper than the limit of {read.MAX_DEPTH} levels"
    assert error.line == 4


def test_nesting_beyond_the_parser_limit_gets_the_same_message():
    error = _refusal(b"<a>" * 1000 + b"</a>" * 1000)
    assert error.message == f"elements are nested deeper than the limit of {read.MAX_DEPTH} levels"


def test_a_huge_text_node_is_refused():
    error = _refusal(b"<TEI>" + b"x" * 11_000_000 + b"</TEI>")
    assert "text node is longer than" in error.message


def test_a_file_over_the_size_limit_is_refused_before_reading(tei_dir, monkeypatch):
    monkeypatch.setattr(read, "MAX_BYTES", 1000)
    error = _refusal(tei_dir / "minimal_edition.xml", name="big.xml")
    assert error.message.endswith("bytes, more than the limit of 1,000")
    assert error.file == "big.xml"
    with pytest.raises(TEIError, match="2,011 bytes, more than the limit"):
        parse_tei(b"<TEI>" + b"x" * 2000 + b"</TEI>")


@pytest.mark.parametrize(
    "fixture, line, column, words",
    [
        ("not_well_formed.xml", 4, 18, "Opening and ending tag mismatch: hi line 4 and p"),
        ("invalid_utf8.xml", 3, 19, "Invalid bytes in character encoding"),
        ("c0_control.xml", 3, 19, "invalid Char value 1"),
        ("lying_encoding.xml", 3, 18, "declares encoding ISO-8859-1 but its bytes are UTF-8"),
    ],
)
def test_unreadable_xml_names_file_line_and_column(tei_dir, fixture, line, column, words):
    error = _refusal(tei_dir / fixture, name=fixture)
    assert (error.file, error.line, error.column) == (fixture, line, column)
    assert words in error.message
    assert error.hint
    assert str(error).startswith(f"{fixture}:{line}:{column}: ")


# ---------------------------------------------------------------- the root


@pytest.mark.parametrize(
    "fixture, words",
    [
        ("wrong_namespace.xml", "http://www.tei-c.org/ns/2.0"),
        ("tei_p4.xml", "TEI P4"),
        ("no_namespace.xml", "no namespace"),
    ],
)
def test_root_not_tei_p5(tei_dir, fixture, words):
    found = check_root(parse_tei(tei_dir / fixture), fixture)
    assert [(d.code, d.line, d.severity) for d in found] == [("E-TEI-NAMESPACE", 2, Severity.ERROR)]
    assert words in found[0].message


def test_language_tag_with_underscore(tei_dir):
    found = check_root(parse_tei(tei_dir / "lang_not_bcp47.xml"), "lang_not_bcp47.xml")
    assert [(d.code, d.line, d.severity) for d in found] == [("W-LANG-TAG", 2, Severity.WARNING)]
    assert found[0].hint == "Write 'zh-CN'"


@pytest.mark.parametrize("tag", ["zh", "zh-Hans", "zh-Hant-TW", "zh-CN", "en-GB-oed", "x-private", "und", "de-CH-1996", ""])
def test_bcp47_tags_pass(tag):
    tree = etree.fromstring(f'<TEI xmlns="{TEI_NS}" xml:lang="{tag}"/>'.encode())
    assert check_root(tree, "t.xml") == []


@pytest.mark.parametrize("tag", ["zh_CN", "chinese-simplified", "zh-", "中文", "zh--CN"])
def test_non_bcp47_tags_are_reported(tag):
    tree = etree.fromstring(f'<TEI xmlns="{TEI_NS}"><text xml:lang="{tag}"/></TEI>'.encode())
    assert [d.code for d in check_root(tree, "t.xml")] == ["W-LANG-TAG"]


def test_iter_events_sees_text_after_comments():
    root = etree.fromstring(b"<p>a<!-- c -->b<?pi x?>c<x>d</x>e</p>")
    tails = [node.tail for event, node in iter_events(root) if event == "end" and node.tail]
    assert tails == ["b", "c", "e"]


# ---------------------------------------------------------------- rebuilding witnesses

EXPECTED_BLOCKS = {
    "A": [
        "中俄联合声明",
        "应俄罗斯联邦总统邀请，国家主席访问俄罗斯。",
        "一",
        "双方认为，纳粹德国及其仆从国进攻的最前线是苏联。",
        "双方愿意加强合作。",
        "二",
        "双方重申，和平是共同的目标。",
        "2025年5月8日于莫斯科",
    ],
    "B": [
        "中俄联合声明",
        "应俄罗斯联邦总统邀请，国家主席国家主席访问俄罗斯。",
        "一",
        "双方认为，纳粹德国及其从国进攻的最前线是苏联。双方愿意加强合作。",
        "二",
        "双方重申，",
    ],
    "C": [
        "中俄联合声明",
        "应俄罗斯联邦总统邀请，国家主席访问俄罗斯。",
        "一",
        "双方认为，纳粹德国及其仆從國进攻的最前线",
        "双方重申：和平是共同的目标。",
        "二〇二五年5月8日",
    ],
}

EXPECTED_SOURCES = {
    "A": [("title", "1"), ("paragraph", "3"), ("heading", "5"), ("paragraph", "7"),
          ("paragraph", "9"), ("heading", "11"), ("paragraph", "13"), ("dateline", "15")],
    "B": [("title", "1"), ("paragraph", "2"), ("heading", "4"), ("paragraph", "6-7"),
          ("heading", "9"), ("paragraph", "10")],
    "C": [("title", "1"), ("paragraph", "3"), ("heading", "5"), ("paragraph", "7"),
          ("paragraph", "20"), ("dateline", "22")],
}


def test_rebuild_minimal_edition(tei_dir):
    rebuilt = rebuild_witnesses(parse_tei(tei_dir / "minimal_edition.xml"))
    assert rebuilt == EXPECTED_BLOCKS
    assert list(rebuilt) == ["A", "B", "C"]


def test_rebuild_block_sources(tei_dir):
    assert rebuild_block_sources(parse_tei(tei_dir / "minimal_edition.xml")) == EXPECTED_SOURCES


def _tei(body: str, sigla: str = "A B") -> etree._Element:
    witnesses = "".join(f'<witness xml:id="{s}"/>' for s in sigla.split())
    return etree.fromstring(
        f'<TEI xmlns="{TEI_NS}"><teiHeader><listWit>{witnesses}</listWit></teiHeader>'
        f"<text><body>{body}</body></text></TEI>".encode()
    )


def test_rebuild_late_witness_starts_at_witstart():
    tree = _tei(
        '<div><p><milestone unit="block" edRef="#A"/>一<app><lem wit="#A"/><rdg wit="#B"><witStart/>'
        '<milestone unit="block" edRef="#B"/></rdg></app>二</p></div>'
    )
    assert rebuild_witnesses(tree) == {"A": ["一二"], "B": ["二"]}


def test_rebuild_without_milestones_takes_the_rows_and_lem_without_wit_is_the_rest():
    tree = _tei('<div><p>一<app><lem>二</lem><rdg wit="#B">三</rdg></app><note>注</note>四<!-- x -->五</p>'
                '<ab type="dateline">六</ab></div>')
    assert rebuild_witnesses(tree) == {"A": ["一二四五", "六"], "B": ["一三四五", "六"]}
    assert rebuild_block_sources(tree) == {"A": [("paragraph", ""), ("dateline", "")],
                                           "B": [("paragraph", ""), ("dateline", "")]}


def test_rebuild_reads_pointers_to_a_group_of_witnesses():
    tree = _tei('<div><p>一<app><lem wit="#all">二</lem></app></p></div>', sigla="A B")
    group = tree.find(f".//{q('listWit')}")
    group.set(q("id", read.XML_NS), "all")
    assert rebuild_witnesses(tree) == {"A": ["一二"], "B": ["一二"]}


def test_the_limit_on_entries_holds_for_files_from_outside_and_not_for_a_builds_own(tmp_path, monkeypatch):
    from edition.build import build

    data = (Path(__file__).parent / "data" / "tei" / "minimal_edition.xml").read_bytes()
    with pytest.raises(TEIError, match="more than the limit of 1"):
        parse_tei(data, name="x.xml", max_apps=1)
    assert parse_tei(data, name="x.xml", max_apps=None).getroot() is not None
    # As if every work of the golden project were longer than the limit: the build still reads its own TEI.
    monkeypatch.setitem(parse_tei.__kwdefaults__, "max_apps", 1)
    build(Path(__file__).parent / "data" / "golden", tmp_path / "out")
    assert (tmp_path / "out" / "site" / "index.html").is_file()


def test_the_limit_on_entries_is_the_readers_to_lift(tmp_path):
    from click.testing import CliRunner
    from edition.cli import main

    source = Path(__file__).parent / "data" / "tei" / "minimal_edition.xml"
    refused = CliRunner().invoke(main, ["render", str(source), "-o", str(tmp_path / "a"), "--max-entries", "9"])
    assert refused.exit_code == 1 and "more than the limit of 9" in refused.output
    assert "--max-entries 10" in refused.output and not (tmp_path / "a").exists()
    for limit in ("10", "0"):
        done = CliRunner().invoke(main, ["render", str(source), "-o", str(tmp_path / limit), "--max-entries", limit])
        assert done.exit_code == 0, done.output
        assert (tmp_path / limit / "index.html").is_file()
    checked = CliRunner().invoke(main, ["validate", str(source), "--max-entries", "9"])
    assert checked.exit_code == 1 and "more than the limit of 9" in checked.output
