"""The static DTS 1.0 API of the site: valid responses, templates that reach the files, the site's identifiers."""

from __future__ import annotations

import json
import re
from pathlib import Path
from urllib.parse import quote, unquote

import pytest
from lxml import etree

from edition.build import build
from edition.render import render_site
from edition.render.dts import DTS_NS, cite_levels, citable_units
from edition.tei.read import parse_tei

TEI = "http://www.tei-c.org/ns/1.0"
WORK = "2025-partnership"
SCHEMAS = {"entry": "entry_response.schema.json", "collection": "collection_response.schema.json",
           "navigation": "navigation_response.schema.json"}


@pytest.fixture(scope="module")
def site(tmp_path_factory) -> Path:
    out = tmp_path_factory.mktemp("dts") / "build"
    build(Path(__file__).resolve().parent.parent / "seeds", out)
    return out / "site"


@pytest.fixture(scope="module")
def validators(shared_dir):
    jsonschema = pytest.importorskip("jsonschema")
    referencing = pytest.importorskip("referencing")
    folder = shared_dir / "dts"
    if not folder.exists():
        pytest.skip("the DTS schemas are not beside the project")
    schemas = {path.name: json.loads(path.read_text(encoding="utf-8")) for path in folder.glob("*.json")}
    registry = referencing.Registry().with_resources(
        (name, referencing.Resource.from_contents(schema)) for name, schema in schemas.items())
    return {kind: jsonschema.Draft202012Validator(schemas[name], registry=registry)
            for kind, name in SCHEMAS.items()}


def _expand(template: str, **values) -> str:
    """RFC 6570 expansion of the operators the templates use: {var}, {/var}, {;var}."""
    def one(match: re.Match) -> str:
        operator, name = match[1], match[2]
        value = values.get(name)
        if value is None:
            return ""
        encoded = quote(str(value), safe="-._~")
        return {"": encoded, "/": f"/{encoded}", ";": f";{name}={encoded}"}[operator]
    return re.sub(r"\{([/;]?)(\w+)\}", one, template)


def _get(at: Path, link: str) -> Path:
    """The file a link in the response ``at`` names, as a static server would find it."""
    return (at.parent / unquote(link)).resolve()


def test_every_response_validates_against_the_dts_schemas(site, validators):
    files = sorted((site / "dts").rglob("*.json"))
    assert len(files) > 100
    for path in files:
        data = json.loads(path.read_text(encoding="utf-8"))
        kind = {"EntryPoint": "entry", "Navigation": "navigation"}.get(data["@type"], "collection")
        errors = [e.message for e in validators[kind].iter_errors(data)]
        assert errors == [], f"{path.relative_to(site)}: {errors}"
        assert data["dtsVersion"] == "1.0" and data["@context"] == "https://dtsapi.org/context/v1.0.json"


def test_the_entry_point_leads_to_every_work_and_its_whole_document(site):
    entry_path = site / "dts" / "index.json"
    entry = json.loads(entry_path.read_text(encoding="utf-8"))
    root_path = _get(entry_path, _expand(entry["collection"]))
    root = json.loads(root_path.read_text(encoding="utf-8"))
    assert root["@type"] == "Collection" and root["totalChildren"] == len(root["member"]) == 5
    for member in root["member"]:
        resource_path = _get(root_path, _expand(root["collection"], id=member["@id"]))
        resource = json.loads(resource_path.read_text(encoding="utf-8"))
        assert resource["@type"] == "Resource" and resource["title"] == member["title"]
        document = _get(resource_path, _expand(resource["document"]))
        assert etree.parse(str(document)).getroot().tag == f"{{{TEI}}}TEI"
        assert _get(resource_path, resource["download"]).read_bytes() == document.read_bytes()
        parents = json.loads(_get(resource_path, _expand(resource["collection"], nav="parents")).read_text())
        assert [p["@id"] for p in parents["member"]] == [root["@id"]]


def test_the_navigation_of_a_work_lists_its_sections_and_paragraphs_with_the_sites_identifiers(site):
    entry_path = site / "dts" / "index.json"
    template = json.loads(entry_path.read_text(encoding="utf-8"))["navigation"]
    everything = json.loads(_get(entry_path, _expand(template, resource=WORK, down=-1)).read_text())
    members = everything["member"]
    tei = parse_tei(site / "works" / WORK / f"{WORK}.xml")
    body = tei.getroot().find(f"{{{TEI}}}text/{{{TEI}}}body")
    xml_id = "{http://www.w3.org/XML/1998/namespace}id"
    sections = [div.get(xml_id) for div in body.iter(f"{{{TEI}}}div")]
    paragraphs = [p.get(xml_id) for div in body.iter(f"{{{TEI}}}div") for p in div if p.get(xml_id)]
    assert [m["identifier"] for m in members if m["level"] == 1] == sections
    assert [m["identifier"] for m in members if m["level"] == 2] == paragraphs
    assert {m["citeType"] for m in members} == {"section", "paragraph"}
    page = (site / "works" / WORK / "index.html").read_text(encoding="utf-8")
    for member in members:  # the same reference string as the site's anchors and citations
        assert f'id="t-{member["identifier"]}"' in page
    s1 = [m for m in members if m["parent"] == "s1"]
    assert s1 and all(m["level"] == 2 for m in s1)
    top = json.loads(_get(entry_path, _expand(template, resource=WORK, down=1)).read_text())
    assert [m["identifier"] for m in top["member"]] == sections


def test_a_citable_unit_its_siblings_its_subtree_and_its_document(site):
    entry_path = site / "dts" / "index.json"
    entry = json.loads(entry_path.read_text(encoding="utf-8"))
    one = json.loads(_get(entry_path, _expand(entry["navigation"], resource=WORK, ref="s1.p2")).read_text())
    assert one["ref"] == {"identifier": "s1.p2", "@type": "CitableUnit", "level": 2, "parent": "s1",
                          "citeType": "paragraph"}
    assert "member" not in one
    siblings = json.loads(_get(entry_path, _expand(entry["navigation"], resource=WORK, ref="s1.p2",
                                                         down=0)).read_text())
    assert [m["identifier"] for m in siblings["member"]][:3] == ["s1.h", "s1.p1", "s1.p2"]
    subtree = json.loads(_get(entry_path, _expand(entry["navigation"], resource=WORK, ref="s1",
                                                        down=1)).read_text())
    assert subtree["member"][0]["identifier"] == "s1"
    assert all(m["parent"] == "s1" for m in subtree["member"][1:]) and len(subtree["member"]) > 5
    document = _get(entry_path, _expand(entry["document"], resource=WORK, ref="s1.p2"))
    root = etree.parse(str(document)).getroot()
    wrapper = root.find(f"{{{DTS_NS}}}wrapper")
    assert root.tag == f"{{{TEI}}}TEI" and wrapper is not None
    [paragraph] = wrapper
    assert paragraph.tag == f"{{{TEI}}}p" and paragraph.get("{http://www.w3.org/XML/1998/namespace}id") == "s1.p2"


FOREIGN = """<TEI xmlns="http://www.tei-c.org/ns/1.0"><teiHeader><fileDesc><titleStmt><title>T</title></titleStmt>
<publicationStmt><p/></publicationStmt><sourceDesc><p/></sourceDesc></fileDesc>
<encodingDesc><refsDecl>{structure}</refsDecl></encodingDesc></teiHeader>
<text><body><div n="1"><head>One</head><l n="1">a</l><l n="2">b</l></div><div n="2"><l n="1">c</l></div></body></text></TEI>"""


def _units(structure: str):
    tree = etree.ElementTree(etree.fromstring(FOREIGN.format(structure=structure)))
    return [(u.identifier, u.level, u.parent, u.cite_type) for u in citable_units(tree, cite_levels(tree))]


def test_a_foreign_cite_structure_with_n_and_delim_gives_composite_identifiers():
    units = _units('<citeStructure unit="poem" match="/TEI/text/body/div" use="@n">'
                   '<citeStructure unit="line" match="l" use="@n" delim="."/></citeStructure>')
    assert units == [("1", 1, None, "poem"), ("1.1", 2, "1", "line"), ("1.2", 2, "1", "line"),
                     ("2", 1, None, "poem"), ("2.1", 2, "2", "line")]


@pytest.mark.parametrize("match", [
    "document('file:///etc/passwd')//div",
    "//div[contains(., 'a')]",
    "/TEI/text/body/div | //l",
    "//div[1]",
])
def test_xpath_beyond_plain_paths_in_a_cite_structure_is_never_evaluated(match):
    assert _units(f'<citeStructure unit="x" match="{match}" use="@n"/>') == []


def test_a_foreign_file_without_a_cite_structure_has_an_empty_citation_tree(tmp_path):
    tree = etree.ElementTree(etree.fromstring(FOREIGN.format(structure="")))
    render_site([("foreign.xml", tree)], tmp_path / "site", edition_title="E", version="1")
    resource = json.loads((tmp_path / "site" / "dts" / "collection" / "foreign.json").read_text())
    assert resource["citationTrees"] == []
    nav = json.loads((tmp_path / "site" / "dts" / "navigation" / "foreign;down=-1.json").read_text())
    assert nav["member"] == []
