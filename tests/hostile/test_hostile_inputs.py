"""Every row of HOSTILE-INPUTS.md through every command that can meet it, on the real command line.

One table, ``CASES``: each case names its row, its defect (the fixture, in
tests/data/tei/ or tests/data/ingest/, or the function below that makes it),
the command, the exit status and the message expected. Every case also
checks, in ``test_hostile_input``, that there is no traceback, that nothing
forbidden (``<script>``, ``javascript:``, the content of a secret file)
reaches any output file, that nothing is written outside the output, and
that the command stays inside the limits of ``harness``.
"""

from __future__ import annotations

import re
import shutil
import unicodedata
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

import lxml.html
import pytest
from harness import PASSWD, SECRET, forbidden_in, run, snapshot, written_outside
from lxml import etree

from edition.tei.read import TEI_NS, parse_tei
from edition.tei.rebuild import rebuild_witnesses

DATA = Path(__file__).resolve().parent.parent / "data"
TEI_DIR, INGEST_DIR = DATA / "tei", DATA / "ingest"
BASE_TEXT = "双方同意深化经贸合作，扩大贸易规模。\n\n双方将推动投资合作。\n"


@dataclass
class Scratch:
    """The tree a case runs in: inputs in ``in/``, output ``out`` (a folder, or ``out/work.xml``)."""

    root: Path
    server: str  # base URL of a local web server that records requests

    @property
    def inputs(self) -> Path:
        path = self.root / "in"
        path.mkdir(exist_ok=True)
        return path

    @property
    def out(self) -> Path:
        return self.root / "out"

    def tei(self, fixture: str, text: str | None = None) -> Path:
        """A TEI fixture copied into the inputs, its file and web addresses pointed at the secret and the server."""
        data = (TEI_DIR / fixture).read_bytes() if text is None else text.encode("utf-8")
        data = data.replace(PASSWD.encode(), (self.root / "secret.txt").as_uri().encode())
        path = self.inputs / fixture
        path.write_bytes(data.replace(b"http://127.0.0.1:9", self.server.encode()))
        return path

    def witness(self, name: str, data: bytes | str) -> Path:
        path = self.inputs / name
        path.write_bytes(data.encode("utf-8") if isinstance(data, str) else data)
        return path


@dataclass(frozen=True)
class Case:
    row: int
    defect: str
    command: str  # build, collate, validate or render
    make: Callable[[Scratch], list[Path]]  # the witness files (build, collate) or TEI files
    status: int
    message: str | None  # a regular expression stderr must match; {file} is the input's name
    writes: bool | None = None  # the output exists afterwards (default: when status is 0)
    options: tuple[str, ...] = ()
    check: Callable[[Scratch, str], None] | None = None  # more, on the scratch tree and stderr
    catalogue: tuple[tuple[str, str], ...] = ()  # for build: replacements in edition.toml, a defect of its own

    @property
    def id(self) -> str:
        return f"row{self.row:02d}-{self.defect}-{self.command}{''.join(self.options)}"


# ---------------------------------------------------------------- inputs


def tei(fixture: str) -> Callable[[Scratch], list[Path]]:
    return lambda s: [s.tei(fixture)]


def witnesses(*texts: str | bytes | Path, names: tuple[str, ...] = ()) -> Callable[[Scratch], list[Path]]:
    """Witness files: text, bytes, or a fixture of tests/data/ingest; the first is the base."""
    def make(s: Scratch) -> list[Path]:
        made = []
        for i, text in enumerate(texts):
            if isinstance(text, Path):
                made.append(s.witness(text.name, text.read_bytes()))
            else:
                made.append(s.witness(names[i] if i < len(names) else f"{'abcdefgh'[i]}.txt", text))
        return made
    return make


def xxe_in_witness_text(s: Scratch) -> list[Path]:
    hostile = (f'双方<!DOCTYPE t [<!ENTITY x SYSTEM "{(s.root / "secret.txt").as_uri()}">'
               f'<!ENTITY % p SYSTEM "{s.server}/p"> %p;]>&x;同意。\n\n'
               f'<xi:include href="{(s.root / "secret.txt").as_uri()}" parse="text"/>双方将推动投资合作。\n')
    return witnesses(BASE_TEXT, hostile)(s)


def markup_in_witness_text(s: Scratch) -> list[Path]:
    hostile = ('双方<script>alert(1)</script>同意深化经贸合作，"><img src=x onerror=alert(2)>扩大贸易规模。\n\n'
               '<a href=x onclick="alert(3)">双方</a>将推动投资合作。\n')
    return witnesses(BASE_TEXT, hostile)(s)


def huge_text_node(s: Scratch) -> list[Path]:
    path = s.inputs / "huge_text_node.xml"
    with path.open("wb") as out:
        out.write(f'<TEI xmlns="{TEI_NS}"><text><body><p>'.encode())
        chunk = "长" * (1 << 20)
        for _ in range(17):  # about 50 MB
            out.write(chunk.encode("utf-8"))
        out.write(b"</p></body></text></TEI>")
    return [path]


def sparse(name: str, size: int) -> Callable[[Scratch], list[Path]]:
    """A file of ``size`` bytes that costs no disk: only its size is ever looked at."""
    def make(s: Scratch) -> list[Path]:
        path = s.inputs / name
        with path.open("wb") as out:
            out.truncate(size)
        return [path]
    return make


def file_far_larger_than_any_witness(s: Scratch) -> list[Path]:
    return [s.witness("a.txt", BASE_TEXT), sparse("far_larger.txt", 21 * 1024 * 1024)(s)[0]]


UNICODE_HAZARDS = ("双方\uF900同意\u8279\uFE00深化\U00020000经贸\U000E0100合作\uE000，"
                   "扩大\u202E贸易\u202C规模\u200B。\n\n双方将推动投\u200D资合作。\n")


def hundred_thousand_apps_in_one_paragraph(s: Scratch) -> list[Path]:
    text = (TEI_DIR / "minimal_edition.xml").read_text(encoding="utf-8")
    start, end = text.index("<body>") + len("<body>"), text.index("</body>")
    apps = "".join(f'<app xml:id="s1.p1.v{i}" type="substantive"><lem wit="#A #B">甲</lem>'
                   f'<rdg wit="#C">乙</rdg></app>' for i in range(1, 100_001))
    body = (f'\n<div type="section" n="一" xml:id="s1"><p xml:id="s1.p1" n="1"><milestone unit="block" '
            f'edRef="#A #B #C" n="1" type="paragraph"/>{apps}</p></div>\n')
    return [s.tei("hundred_thousand_apps_in_one_paragraph.xml", text[:start] + body + text[end:])]


def thousand_witnesses(s: Scratch) -> list[Path]:
    texts = [BASE_TEXT.replace("深化", "深化" + "甲乙丙丁戊己庚辛壬癸"[i % 10] * (i % 3)) for i in range(1000)]
    return witnesses(*texts, names=tuple(f"w{i:04d}.txt" for i in range(1000)))(s)


def one_witness_given_twice(s: Scratch) -> list[Path]:
    path = s.witness("a.txt", BASE_TEXT)
    return [path, path]


# ---------------------------------------------------------------- checks beyond the common ones


def output_tei(s: Scratch) -> etree._ElementTree:
    """The TEI the command wrote: the collated file, or the build's one work."""
    path = s.out / "work.xml" if (s.out / "work.xml").is_file() else s.out / "tei" / "work.xml"
    return parse_tei(path)


def no_request(s: Scratch, _stderr: str) -> None:
    assert s.requests == [], s.requests  # type: ignore[attr-defined]


def html_pages(s: Scratch) -> list[lxml.html.HtmlElement]:
    return [lxml.html.fromstring(p.read_bytes()) for p in sorted(s.out.rglob("*.html"))]


def shown_as_text(*words: str) -> Callable[[Scratch, str], None]:
    def check(s: Scratch, _stderr: str) -> None:
        text = "".join("".join(page.itertext()) for page in html_pages(s))
        for word in words:
            assert word in text, word
    return check


def no_links_but_https(s: Scratch, _stderr: str) -> None:
    hrefs = [a.get("href") for page in html_pages(s) for a in page.iter("a")]
    assert "https://example.org/ok" in hrefs
    assert not [h for h in hrefs if re.match(r"\s*(javascript|data|vbscript|file):", h or "", re.I)]


def ids_prefixed(s: Scratch, _stderr: str) -> None:
    ids = {i for page in html_pages(s) for i in page.xpath("//@id")}
    assert {"t-location", "t-document", "t-__proto__"} <= ids
    assert not ids & {"location", "document", "__proto__"}


def paths_inside_and_capped(work: str) -> Callable[[Scratch, str], None]:
    """The work's pages are under works/WORK/, a siglum CON has the page CON_.html, no name is over 64."""
    def check(s: Scratch, _stderr: str) -> None:
        names = [p.relative_to(s.out).as_posix().removeprefix("site/") for p in s.out.rglob("*")]
        assert f"works/{work}/witness/CON_.html" in names
        assert all(len(part) <= 64 + len(".zh-Hant.html") for n in names for part in n.split("/"))
        assert [n for n in names if n.startswith("works/")] and \
            all(n.startswith(f"works/{work}") for n in names if n.startswith("works/"))
    return check


def kept_exactly(s: Scratch, stderr: str) -> None:
    text = etree.tostring(output_tei(s), encoding="unicode")
    for character in "\uF900\uFE00\U00020000\U000E0100\uE000\u202E\u202C\u200B\u200D":
        assert character in text, f"U+{ord(character):04X}"
    assert unicodedata.normalize("NFC", "\uF900") not in text  # not normalised to 豈
    rebuilt = rebuild_witnesses(output_tei(s))["B"]
    assert rebuilt == [p for p in UNICODE_HAZARDS.split("\n\n") if p.strip()] or \
        [b.strip() for b in rebuilt] == [p.strip() for p in UNICODE_HAZARDS.split("\n\n")]


def hazards_reported(s: Scratch, stderr: str) -> None:
    # Column of U+202E on line 1, counted in characters (so the two beyond the BMP count one each).
    column = UNICODE_HAZARDS.index("\u202E") + 1
    assert re.search(rf"b\.txt:1:{column}: warning \S+: .*(202E|bidi|direction)", stderr, re.I), stderr
    assert re.search(r"b\.txt:1:\d+: warning \S+: .*(200B|zero.width|invisible)", stderr, re.I), stderr


def orthographic_kept(s: Scratch, _stderr: str) -> None:
    tree = output_tei(s)
    apps = list(tree.iter(f"{{{TEI_NS}}}app"))
    assert apps and {a.get("type") for a in apps} == {"orthographic"}
    assert "經貿" in etree.tostring(tree, encoding="unicode") or "經" in etree.tostring(tree, encoding="unicode")


def site_written(s: Scratch, _stderr: str) -> None:
    assert (s.out / "index.html").is_file() or (s.out / "site" / "index.html").is_file()


# ---------------------------------------------------------------- the table

ENTITIES = r"{file}:3:\d+: entities are not allowed"

CASES = [
    # 1 XXE
    Case(1, "xxe_file_entity", "validate", tei("xxe_file_entity.xml"), 1, ENTITIES),
    Case(1, "xxe_file_entity", "render", tei("xxe_file_entity.xml"), 1, ENTITIES),
    Case(1, "xxe_in_witness_text", "build", xxe_in_witness_text, 0, None),
    Case(1, "xxe_in_witness_text", "collate", xxe_in_witness_text, 0, None),
    # 2 parameter and remote entities
    Case(2, "xxe_parameter_entity", "validate", tei("xxe_parameter_entity.xml"), 1, ENTITIES, check=no_request),
    Case(2, "xxe_parameter_entity", "render", tei("xxe_parameter_entity.xml"), 1, ENTITIES, check=no_request),
    Case(2, "xxe_remote_entity", "validate", tei("xxe_remote_entity.xml"), 1, ENTITIES, check=no_request),
    Case(2, "xxe_remote_entity", "render", tei("xxe_remote_entity.xml"), 1, ENTITIES, check=no_request),
    Case(2, "xxe_in_witness_text", "build", xxe_in_witness_text, 0, None, check=no_request),
    # 3 billion laughs
    Case(3, "billion_laughs", "validate", tei("billion_laughs.xml"), 1, ENTITIES),
    Case(3, "billion_laughs", "render", tei("billion_laughs.xml"), 1, ENTITIES),
    # 4 external DTD, remote xml-model: never fetched, the bundled schema used
    Case(4, "external_dtd", "validate", tei("external_dtd.xml"), 0, r"{file}: valid$", check=no_request),
    Case(4, "external_dtd", "render", tei("external_dtd.xml"), 0, r"wrote the site of 1 file", check=no_request),
    Case(4, "xml_model_remote", "validate", tei("xml_model_remote.xml"), 0, r"{file}: valid$", check=no_request),
    Case(4, "xml_model_remote", "render", tei("xml_model_remote.xml"), 0, r"wrote the site", check=no_request),
    Case(4, "xml_model_remote", "validate", tei("xml_model_remote.xml"), 0, r"{file}: valid$",
         options=("--strict",), check=no_request),
    # 5 XInclude: not processed (the element is not in the profile, so the schema says where it is)
    Case(5, "xinclude", "validate", tei("xinclude.xml"), 1, r"{file}:138:\d+: error E-SCHEMA: .*XInclude"),
    Case(5, "xinclude", "render", tei("xinclude.xml"), 1, r"{file}:138:\d+: error E-SCHEMA", writes=True),
    # 6 limits
    Case(6, "deep_nesting", "validate", tei("deep_nesting.xml"), 1, r"{file}:4:\d+: elements are nested deeper"),
    Case(6, "deep_nesting", "render", tei("deep_nesting.xml"), 1, r"{file}:4:\d+: elements are nested deeper"),
    Case(6, "huge_text_node", "validate", huge_text_node, 1, r"{file}:1:\d+: a text node is longer than"),
    Case(6, "huge_text_node", "render", huge_text_node, 1, r"{file}:1:\d+: a text node is longer than"),
    Case(6, "tei_file_far_larger_than_any_edition", "validate",
         sparse("tei_file_far_larger_than_any_edition.xml", 201 * 1024 * 1024), 1,
         r"{file}:0:0: the file has [\d,]+ bytes, more than the limit"),
    Case(6, "witness_far_larger_than_any_edition", "build", file_far_larger_than_any_witness, 1,
         r"edition\.toml:14:\d+: far_larger\.txt is 21\.0 MB, over the limit of 20 MB"),
    Case(6, "witness_far_larger_than_any_edition", "collate", file_far_larger_than_any_witness, 1,
         r"far_larger\.txt:0:0: the file is 21\.0 MB, over the limit"),
    # 7 markup in text; elements of the XHTML namespace
    Case(7, "markup_in_witness_text", "build", markup_in_witness_text, 0, None,
         check=shown_as_text("<script>alert(1)</script>", "<img src=x onerror=alert(2)>")),
    Case(7, "markup_in_witness_text", "collate", markup_in_witness_text, 0, None),
    Case(7, "markup_in_text", "validate", tei("markup_in_text.xml"), 0, r"{file}: valid$"),
    Case(7, "markup_in_text", "render", tei("markup_in_text.xml"), 0, r"wrote the site",
         check=shown_as_text("<script>alert(1)</script>", "</p><script>alert(3)</script>")),
    Case(7, "html_namespace_element", "validate", tei("html_namespace_element.xml"), 1,
         r"{file}:123:\d+: error E-ACTIVE-MARKUP: <h:script> is in the XHTML namespace"),
    Case(7, "html_namespace_element", "render", tei("html_namespace_element.xml"), 1,
         r"{file}:123:\d+: error E-ACTIVE-MARKUP: <svg:svg> is in the SVG namespace"),
    # 8 dangerous URL schemes: never links, a warning each
    Case(8, "dangerous_urls", "validate", tei("dangerous_urls.xml"), 1,
         r"(?s){file}:123:\d+: warning W-URL-SCHEME: <ref target> has a URL of the scheme 'javascript'.*"
         r"{file}:124:\d+: warning W-URL-SCHEME: <ptr target> has a URL of the scheme 'vbscript'.*"
         r"{file}:125:\d+: warning W-URL-SCHEME: <graphic url> has a URL of the scheme 'file'"),
    Case(8, "dangerous_urls", "render", tei("dangerous_urls.xml"), 1,
         r"{file}:124:\d+: warning W-URL-SCHEME: <ref target> has a URL of the scheme 'data'", writes=True,
         check=no_links_but_https),
    # 9 attributes that try to break out; @style
    Case(9, "attribute_breakout", "validate", tei("attribute_breakout.xml"), 1,
         r"{file}:120:\d+: error E-SCHEMA: <p>: 'style' attribute not allowed"),
    Case(9, "attribute_breakout", "render", tei("attribute_breakout.xml"), 1,
         r"{file}:120:\d+: error E-SCHEMA", writes=True, check=shown_as_text("加强")),
    # 10 ids that clobber the DOM; duplicate ids
    Case(10, "clobbering_ids", "render", tei("clobbering_ids.xml"), 0, r"wrote the site", check=ids_prefixed),
    Case(10, "duplicate_id", "validate", tei("duplicate_id.xml"), 1,
         r"{file}:136:\d+: error E-ID-DUPLICATE: xml:id 's2.p1' is also on line 129"),
    Case(10, "duplicate_id", "render", tei("duplicate_id.xml"), 1, r"{file}:136:\d+: error E-ID-DUPLICATE",
         writes=True),
    # 11 names that become paths
    Case(11, "names_become_paths", "render", tei("names_become_paths.xml"), 0, r"wrote the site",
         check=paths_inside_and_capped("x")),
    Case(11, "sigla_differ_in_case", "validate", tei("sigla_differ_in_case.xml"), 1,
         r"{file}:\d+:\d+: error E-SIGLUM-COLLISION: the pages of witness 'a' and of witness 'A' \(line 18\)"),
    Case(11, "sigla_differ_in_case", "render", tei("sigla_differ_in_case.xml"), 1,
         r"{file}:\d+:\d+: error E-SIGLUM-COLLISION"),
    Case(11, "sigla_differ_in_case", "build", witnesses(BASE_TEXT, BASE_TEXT), 1,
         r"edition\.toml:\d+:\d+: .*'a'", catalogue=(('siglum = "B"', 'siglum = "a"'),)),
    Case(11, "work_id_is_a_path", "build", witnesses(BASE_TEXT, BASE_TEXT), 1,
         r"edition\.toml:5:\d+: .*\.\./\.\./x", catalogue=(('id = "work"', 'id = "../../x"'),)),
    Case(11, "siglum_300_characters", "build", witnesses(BASE_TEXT, BASE_TEXT), 1,
         r"edition\.toml:\d+:\d+: .*siglum", catalogue=(('siglum = "B"', f'siglum = "B{"x" * 299}"'),)),
    Case(11, "siglum_con", "build", witnesses(BASE_TEXT, BASE_TEXT.replace("深化", "加深")), 0, None,
         catalogue=(('siglum = "B"', 'siglum = "CON"'),), check=paths_inside_and_capped("work")),
    Case(11, "sigla_con_and_con", "collate", witnesses(BASE_TEXT, BASE_TEXT), 2, r"same siglum|distinct",
         options=("--sigla", "CON,con")),
    # 12 XPath in citeStructure/@match: never evaluated (it would read the secret file)
    Case(12, "cite_structure_xpath", "validate", tei("cite_structure_xpath.xml"), 0, r"{file}: valid$"),
    Case(12, "cite_structure_xpath", "render", tei("cite_structure_xpath.xml"), 0, r"wrote the site"),
    # 13 encodings
    Case(13, "lying_encoding", "validate", tei("lying_encoding.xml"), 1,
         r"{file}:3:18: the file declares encoding ISO-8859-1 but its bytes are UTF-8"),
    Case(13, "lying_encoding", "render", tei("lying_encoding.xml"), 1, r"{file}:3:18: the file declares"),
    Case(13, "invalid_utf8", "validate", tei("invalid_utf8.xml"), 1, r"{file}:3:19: .*Invalid bytes"),
    Case(13, "c0_control", "validate", tei("c0_control.xml"), 1, r"{file}:3:19: .*invalid Char value 1"),
    Case(13, "c0_control", "render", tei("c0_control.xml"), 1, r"{file}:3:19: "),
    Case(13, "invalid_utf8", "build", witnesses(BASE_TEXT, INGEST_DIR / "invalid_utf8.txt"), 1,
         r"invalid_utf8\.txt:2:3: byte 0xFF is not valid utf-8"),
    Case(13, "invalid_utf8", "collate", witnesses(BASE_TEXT, INGEST_DIR / "invalid_utf8.txt"), 1,
         r"invalid_utf8\.txt:2:3: byte 0xFF is not valid utf-8"),
    Case(13, "c0_control", "build", witnesses(BASE_TEXT, INGEST_DIR / "c0_control.txt"), 1,
         r"c0_control\.txt:2:2: control character U\+0007"),
    Case(13, "c0_control", "collate", witnesses(BASE_TEXT, INGEST_DIR / "c0_control.txt"), 1,
         r"c0_control\.txt:2:2: control character U\+0007"),
    Case(13, "gb18030_not_asked_for", "build", witnesses(BASE_TEXT, INGEST_DIR / "gb18030.txt"), 1,
         r"gb18030\.txt:\d+:\d+: byte 0x[0-9A-F]{2} is not valid utf-8"),
    Case(13, "utf8_catalogued_as_gb18030", "build", witnesses(BASE_TEXT, INGEST_DIR / "clean.txt"), 1,
         r"clean\.txt:1:3: the catalogue says gb18030 but the bytes are UTF-8",
         catalogue=(('file = "clean.txt"', 'file = "clean.txt"\nencoding = "gb18030"'),)),
    Case(13, "bom_crlf", "build", witnesses(BASE_TEXT, INGEST_DIR / "bom_crlf.txt"), 0, None),
    # 14 Unicode hazards: kept exactly, bidi and zero-width reported, columns in characters
    Case(14, "unicode_hazards", "build", witnesses(BASE_TEXT, UNICODE_HAZARDS), 0, None,
         check=lambda s, e: (kept_exactly(s, e), hazards_reported(s, e))),
    Case(14, "unicode_hazards", "collate", witnesses(BASE_TEXT, UNICODE_HAZARDS), 0, None, check=kept_exactly),
    # 15 broken apparatus: located; rendered as far as possible; strict writes nothing
    Case(15, "undeclared_witness", "validate", tei("undeclared_witness.xml"), 1,
         r"{file}:139:\d+: error E-WIT-UNDECLARED"),
    Case(15, "empty_app", "validate", tei("empty_app.xml"), 1, r"{file}:139:\d+: error E-APP-EMPTY"),
    Case(15, "app_missing_witness", "validate", tei("app_missing_witness.xml"), 1,
         r"{file}:117:\d+: error E-APP-PARTITION"),
    Case(15, "empty_app", "render", tei("empty_app.xml"), 1, r"{file}:139:\d+: error E-APP-EMPTY",
         writes=True, check=site_written),
    Case(15, "app_missing_witness", "render", tei("app_missing_witness.xml"), 1,
         r"{file}:117:\d+: error E-APP-PARTITION", writes=True, check=site_written),
    Case(15, "undeclared_witness", "render", tei("undeclared_witness.xml"), 1,
         r"{file}:139:\d+: error E-WIT-UNDECLARED", options=("--strict",)),
    # 16 not TEI P5; xml:lang not BCP 47
    Case(16, "wrong_namespace", "validate", tei("wrong_namespace.xml"), 1, r"{file}:2:\d+: error E-TEI-NAMESPACE"),
    Case(16, "wrong_namespace", "render", tei("wrong_namespace.xml"), 1, r"{file}:2:\d+: error E-TEI-NAMESPACE"),
    Case(16, "tei_p4", "validate", tei("tei_p4.xml"), 1, r"{file}:2:\d+: error E-TEI-NAMESPACE: this is TEI P4"),
    Case(16, "tei_p4", "render", tei("tei_p4.xml"), 1, r"{file}:2:\d+: error E-TEI-NAMESPACE"),
    Case(16, "no_namespace", "validate", tei("no_namespace.xml"), 1, r"{file}:2:\d+: error E-TEI-NAMESPACE: .*no namespace"),
    Case(16, "no_namespace", "render", tei("no_namespace.xml"), 1, r"{file}:2:\d+: error E-TEI-NAMESPACE"),
    Case(16, "lang_not_bcp47", "validate", tei("lang_not_bcp47.xml"), 1,
         r"{file}:2:\d+: warning W-LANG-TAG: xml:lang 'zh_CN' is not a BCP 47 language tag. Write 'zh-CN'"),
    Case(16, "lang_not_bcp47", "render", tei("lang_not_bcp47.xml"), 1, r"{file}:2:\d+: warning W-LANG-TAG",
         writes=True),
    # 17 load
    Case(17, "hundred_thousand_apps_in_one_paragraph", "validate", hundred_thousand_apps_in_one_paragraph, 1,
         r"{file}:\d+:\d+: .*100,000 <app>.*more than the limit"),
    Case(17, "hundred_thousand_apps_in_one_paragraph", "render", hundred_thousand_apps_in_one_paragraph, 1,
         r"{file}:\d+:\d+: .*100,000 <app>.*more than the limit"),
    Case(17, "thousand_witnesses", "collate", thousand_witnesses, 0, None),
    # 18 script and variant characters only
    Case(18, "script_only_difference", "build", witnesses(BASE_TEXT, BASE_TEXT.replace("经贸", "經貿")), 0, None,
         check=orthographic_kept),
    Case(18, "script_only_difference", "collate", witnesses(BASE_TEXT, BASE_TEXT.replace("经贸", "經貿")), 0, None,
         check=orthographic_kept),
    # 19 empty, all punctuation, given twice
    Case(19, "empty_witness", "build", witnesses(BASE_TEXT, b"", names=("a.txt", "empty_witness.txt")), 1,
         r"edition\.toml:14:\d+: the source file empty_witness\.txt is empty"),
    Case(19, "empty_witness", "collate", witnesses(BASE_TEXT, b"", names=("a.txt", "empty_witness.txt")), 1,
         r"empty_witness\.txt:\d+:\d+: the file is empty"),
    Case(19, "all_punctuation", "build", witnesses(BASE_TEXT, "。。，\n\n——！\n", names=("a.txt", "all_punctuation.txt")),
         1, r"all_punctuation\.txt:\d+:\d+: .*nothing but punctuation"),
    Case(19, "all_punctuation", "collate", witnesses(BASE_TEXT, "。。，\n\n——！\n", names=("a.txt", "all_punctuation.txt")),
         1, r"all_punctuation\.txt:\d+:\d+: .*nothing but punctuation"),
    Case(19, "one_witness_given_twice", "collate", one_witness_given_twice, 2, r"a\.txt is given twice"),
    Case(19, "one_witness_given_twice", "build", one_witness_given_twice, 1,
         r"edition\.toml:14:\d+: witness B is the same lines of a\.txt as witness A: one witness given twice"),
]


def _catalogue(s: Scratch, case: Case, files: list[Path]) -> Path:
    """The project of a build case: one work, witnesses A, B … in the order given."""
    lines = ['[edition]', 'title = "测试"', '', '[[work]]', 'id = "work"', 'title = "测试"']
    for i, path in enumerate(files):
        lines += ['', '[[work.witness]]', f'siglum = "{chr(ord("A") + i)}"', f'file = "{path.name}"']
    text = "\n".join(lines) + "\n"
    for old, new in case.catalogue:
        assert old in text
        text = text.replace(old, new, 1)
    (s.inputs / "edition.toml").write_text(text, encoding="utf-8")
    return s.inputs


def _arguments(case: Case, s: Scratch, files: list[Path]) -> list[str]:
    flags = list(case.options)
    if case.command == "build":
        return ["build", str(_catalogue(s, case, files)), "-o", str(s.out), *flags]
    if case.command == "collate":
        return ["collate", *map(str, files), "-o", str(s.out / "work.xml"), "--id", "work", *flags]
    if case.command == "render":
        return ["render", *map(str, files), "-o", str(s.out), *flags]
    return ["validate", *map(str, files), *flags]


@pytest.fixture
def scratch(tmp_path, recording_server):
    """A scratch tree with a secret file and a local web server that records every request."""
    (tmp_path / "secret.txt").write_text(SECRET + "\n", encoding="utf-8")
    for name in ("cwd", "home", "tmp"):
        (tmp_path / name).mkdir()
    url, requests = recording_server(f'<!ENTITY leak "{SECRET}">'.encode())
    made = Scratch(tmp_path, url)
    made.requests = requests  # type: ignore[attr-defined]
    return made


@pytest.mark.parametrize("case", CASES, ids=lambda c: c.id)
def test_hostile_input(case: Case, scratch: Scratch):
    files = case.make(scratch)
    arguments = _arguments(case, scratch, files)
    before = snapshot(scratch.root)
    result = run(arguments, scratch.root)
    after = snapshot(scratch.root)

    assert result.status == case.status, result.output
    assert "Traceback" not in result.output
    assert result.stdout == ""  # messages go to stderr only
    if case.message is not None:
        name = re.escape(files[0].name if case.command in ("validate", "render") else "")
        pattern = case.message.replace("{file}", rf"\S*{name}")
        assert re.search(pattern, result.stderr, re.MULTILINE), result.stderr[-3000:]
    assert written_outside(before, after, ["out"]) == []
    writes = case.status == 0 and case.command != "validate" if case.writes is None else case.writes
    assert scratch.out.exists() == writes, result.stderr[-2000:]
    if scratch.out.exists():
        assert forbidden_in(scratch.out) == []
    assert SECRET not in result.output
    if case.check is not None:
        case.check(scratch, result.stderr)


def test_every_row_has_a_case():
    assert {case.row for case in CASES} == set(range(1, 20))  # row 20 is in test_build_failure.py
    assert len({case.id for case in CASES}) == len(CASES)


def test_the_checks_catch_what_they_look_for(tmp_path):
    """The forbidden-content check finds each thing it looks for, so a pass above means something."""
    site = tmp_path / "site"
    site.mkdir()
    (site / "a.html").write_text('<p onclick="x" style="y"><a href=" javascript:alert(1)">x</a>'
                                 '<script>alert(1)</script><script src="evil.js"></script></p>')
    (site / "b.xml").write_text(f'<TEI xmlns="{TEI_NS}"><h:script xmlns:h="http://www.w3.org/1999/xhtml"/>'
                                f'{SECRET}</TEI>')
    found = forbidden_in(site)
    for where, what in [("a.html", "<script>"), ("a.html", "javascript:"), ("a.html", "@onclick"),
                        ("a.html", "@style"), ("a.html", "'evil.js'"), ("b.xml", r"<\\w+:script"),
                        ("b.xml", SECRET), ("b.xml", "{http://www.w3.org/1999/xhtml}script")]:
        assert any(f.startswith(where) and what in f for f in found), (what, found)
    shutil.rmtree(site)
