"""Validating a TEI document: is it TEI P5, is it valid, does its apparatus hold together.

Three layers, each reporting :class:`~edition.model.Diagnostic` with stable
codes and source lines:

1. the root (``check_root``): ``E-TEI-NAMESPACE``, ``W-LANG-TAG``;
2. the schema (``check_schema``): ``E-SCHEMA``, against the bundled
   ``schema/edition.xsd`` or any ``.xsd``/``.rng`` given;
3. the rules a schema cannot express (``check_semantics``): witnesses and
   pointers (``E-WITNESS-NO-SIGLUM``, ``W-SIGLUM-MISMATCH``, ``E-ID-DUPLICATE``,
   ``E-WIT-UNDECLARED``, ``W-WIT-POINTER``), and the apparatus
   (``E-APP-EMPTY``, ``E-APP-PARTITION``, ``W-SPAN``, and for the two places
   of a transposition ``E-APP-CORRESP``, ``W-APP-CORRESP-ONE-WAY``), by the
   rules of docs/tei-profile.md.

What would be dangerous once published (``E-ACTIVE-MARKUP``, ``W-URL-SCHEME``,
``E-SIGLUM-COLLISION``) is checked with the semantic rules (``edition.tei.hazards``).

The schema and semantic layers each stop after ``MAX_REPORTED`` problems
(``W-TOO-MANY``), so a file that is wrong everywhere is reported in bounded
time.
"""

from __future__ import annotations

import functools
from collections.abc import Iterable, Iterator
from itertools import chain, islice
from pathlib import Path

from typing import TYPE_CHECKING

from lxml import etree

from . import __version__
from .errors import EditionError
from .model import Diagnostic, Severity
from .resources import resource_dir
from .tei.foreign import is_profile, normalise
from .tei.hazards import check_hazards
from .tei.read import TEI_NS, XML_NS, check_root, document_root, parse_tei, q
if TYPE_CHECKING:
    import xmlschema

from .tei.rebuild import (
    ACTIVE,
    APP,
    ENDED,
    IN_LACUNA,
    LACUNA_START,
    SPAN_MARKERS,
    SPAN_TRANSITIONS,
    ListWit,
    app_readings,
    initial_states,
    list_wit,
    marker_witnesses,
    reading_witnesses,
    walk,
)

MAX_REPORTED = 1000
XML_ID = q("id", XML_NS)
_STATE_WORDS = {
    ACTIVE: "already active",
    ENDED: "not active (its span has ended, or not begun)",
    IN_LACUNA: "in a lacuna",
}
_SPAN_HINT = "A witness's markers alternate: witStart … witEnd, lacunaStart … lacunaEnd"


def validate(
    tree: etree._ElementTree | etree._Element, *, file: str, schema: str | Path | None = None
) -> list[Diagnostic]:
    """Every problem of a TEI document, in line order; an empty list means valid.

    ``schema`` is an ``.xsd`` or ``.rng`` file; by default the profile's own
    ``schema/edition.xsd``, for the edition's own files only: a file from
    elsewhere (``edition.tei.foreign.is_profile``) is checked without a
    schema unless one is given (``N-FOREIGN`` says so), and its semantic
    rules are checked on it as ``foreign.normalise`` reads it. A root that is
    not TEI P5 is reported alone: the other checks would only repeat it.
    """
    found = check_root(tree, file)
    if any(d.code == "E-TEI-NAMESPACE" for d in found):
        return found
    if is_profile(tree):
        found += check_schema(tree, file=file, schema=schema)
        found += check_semantics(tree, file=file)
        return sorted(found, key=lambda d: d.line)
    normalised = normalise(tree, file=file)
    if schema:
        found += check_schema(tree, file=file, schema=schema)
    else:
        found.append(_foreign_note(document_root(tree), file, normalised.method))
    found += normalised.diagnostics
    found += check_semantics(normalised.tree, file=file, exempt=normalised.exempt)
    return sorted(found, key=lambda d: d.line)


def checks_made(tree: etree._ElementTree | etree._Element, schema: str | Path | None = None) -> tuple[str, ...]:
    """What ``validate`` checks in ``tree``, in words (for the validation report published with a site)."""
    if schema:
        named = f"the schema {Path(schema).name} given for the check"
    elif is_profile(tree):
        named = f"the schema of the edition's TEI profile (schema/edition.xsd, edition {__version__})"
    else:
        named = None
    checks = [f"Against {named}." if named else
              "Not against the profile schema: the file was written elsewhere (give --schema to check it against one)."]
    checks.append("The semantic rules of the profile: every witness declared and every pointer resolved, each "
                  "witness in exactly one reading of every entry or absent there, spans in order, ids unique.")
    checks.append("Hazards: links whose addresses would run script, embed data or open local files; "
                  "markup of other namespaces that a browser would run.")
    return tuple(checks)


def _foreign_note(root: etree._Element, file: str, method: str) -> Diagnostic:
    return Diagnostic(
        "N-FOREIGN", f"not a file of the edition's profile (no work idno and parallel-segmentation "
        f"declaration): apparatus read as {method}, checked by the semantic rules only", file,
        root.sourceline or 0, severity=Severity.NOTE,
        hint="The profile's schema applies to the edition's own files; give --schema tei_all.rng "
             "(or the project's own schema) to validate this one",
    )


def check_schema(
    tree: etree._ElementTree | etree._Element, *, file: str, schema: str | Path | None = None
) -> list[Diagnostic]:
    """Validate against an XSD or a RELAX NG schema: ``E-SCHEMA`` per error.

    An XSD is checked by libxml2 first, which takes milliseconds; only a
    document it finds invalid goes to xmlschema, whose messages say what is
    wrong and where (loading it costs the better part of a second).
    """
    path = str(Path(schema or resource_dir("schema") / "edition.xsd").resolve())
    if not path.lower().endswith(".rng") and _quick_xsd(path).validate(tree):
        return []
    loaded = _load_schema(path)
    if isinstance(loaded, etree.RelaxNG):
        return _capped(_relaxng_errors(loaded, tree, file), file)
    hint = "" if schema else "docs/tei-profile.md says what the profile allows here"
    return _capped(_xsd_errors(loaded, tree, file, hint), file)


def check_semantics(
    tree: etree._ElementTree | etree._Element, *, file: str, exempt: frozenset[str] = frozenset()
) -> list[Diagnostic]:
    """The rules of the profile that no schema expresses; one linear pass over the apparatus.

    ``exempt`` witnesses need not be in every app (TEI from elsewhere: implied ones, and those no reading names).
    """
    root = document_root(tree)
    witnesses = list_wit(root)
    problems = chain(
        _check_witnesses(root, file),
        _check_ids_and_pointers(root, witnesses, file),
        _check_apparatus(root, witnesses, file, exempt),
        check_hazards(root, file),
        _check_transposition_links(root, file),
    )
    return _capped(problems, file)


def _capped(problems: Iterable[Diagnostic], file: str) -> list[Diagnostic]:
    """At most ``MAX_REPORTED`` problems; the checks are generators, so the work stops there too."""
    found = list(islice(problems, MAX_REPORTED + 1))
    if len(found) > MAX_REPORTED:
        found[MAX_REPORTED:] = [
            Diagnostic(
                "W-TOO-MANY", f"more than {MAX_REPORTED} problems of this kind; the rest are not reported",
                file, severity=Severity.WARNING, hint="Correct these and validate again",
            )
        ]
    return found


# ---------------------------------------------------------------- schema


@functools.cache
def _quick_xsd(path: str) -> etree.XMLSchema:
    """An XSD as libxml2 reads it (no network, no entities), for a quick yes or no."""
    parser = etree.XMLParser(resolve_entities=False, no_network=True, load_dtd=False)
    try:
        return etree.XMLSchema(etree.parse(path, parser))
    except (OSError, etree.XMLSyntaxError, etree.XMLSchemaParseError) as exc:
        raise EditionError(f"cannot load the schema: {exc}", file=path) from None


@functools.cache
def _load_schema(path: str) -> xmlschema.XMLSchema10 | etree.RelaxNG:
    """Load a schema once per process: building one takes from a tenth of a second to many seconds."""
    import xmlschema  # only where a document has schema errors to describe: it is slow to import

    try:
        if path.lower().endswith(".rng"):
            return etree.RelaxNG(parse_tei(Path(path)))
        return xmlschema.XMLSchema10(path, defuse="always", allow="sandbox")
    except (OSError, etree.RelaxNGParseError, xmlschema.XMLSchemaException) as exc:
        raise EditionError(f"cannot load the schema: {exc}", file=path) from None


def _xsd_errors(schema: xmlschema.XMLSchema10, tree, file: str, hint: str) -> Iterator[Diagnostic]:
    # The tree is already parsed: the resource may load nothing at all.
    import xmlschema

    resource = xmlschema.XMLResource(tree, allow="none", defuse="always")
    for error in schema.iter_errors(resource):
        element = error.elem if isinstance(error.elem, etree._Element) else None
        where = f"<{etree.QName(element).localname}>: " if element is not None else ""
        yield Diagnostic(
            "E-SCHEMA", where + _short_names(error.reason or error.message).rstrip("."), file,
            _error_line(element, getattr(error, "index", None)), hint=hint,
        )


def _error_line(element: etree._Element | None, index: int | None) -> int:
    """The line of the offending element: for a child the content model refuses, the child's own line."""
    if element is None:
        return 0
    if isinstance(index, int) and 0 <= index < len(element):
        element = element[index]
    return element.sourceline or 0


def _short_names(message: str) -> str:
    """xmlschema writes names in Clark notation; say ``xml:lang`` and ``app`` as the file does."""
    return message.replace(f"{{{XML_NS}}}", "xml:").replace(f"{{{TEI_NS}}}", "")


def _relaxng_errors(schema: etree.RelaxNG, tree, file: str) -> Iterator[Diagnostic]:
    if schema.validate(tree):
        return
    for entry in schema.error_log:
        yield Diagnostic("E-SCHEMA", entry.message, file, entry.line, entry.column)


# ---------------------------------------------------------------- witnesses, ids, pointers


def _check_witnesses(root: etree._Element, file: str) -> Iterator[Diagnostic]:
    """Every witness has an xml:id (its siglum), and its ``abbr[@type='siglum']`` agrees."""
    for witness in root.iter(q("witness")):
        siglum = witness.get(XML_ID)
        line = witness.sourceline or 0
        if not siglum:
            yield Diagnostic(
                "E-WITNESS-NO-SIGLUM", "a <witness> has no xml:id, so no @wit can point to it", file, line,
                hint='Give it its siglum as xml:id, e.g. xml:id="A"',
            )
            continue
        abbr = next((a for a in witness.iter(q("abbr")) if a.get("type") == "siglum"), None)
        if abbr is not None and (abbr.text or "").strip() != siglum:
            yield Diagnostic(
                "W-SIGLUM-MISMATCH", f"witness {siglum!r} has the siglum {(abbr.text or '').strip()!r}",
                file, abbr.sourceline or line, severity=Severity.WARNING,
                hint="The xml:id of a witness is its siglum",
            )


def _check_ids_and_pointers(root: etree._Element, witnesses: ListWit, file: str) -> Iterator[Diagnostic]:
    """Duplicate xml:ids (naming both lines), and @wit/@edRef pointers that name no witness."""
    first_line: dict[str, int] = {}
    for element in root.iter(etree.Element):
        line = element.sourceline or 0
        identifier = element.get(XML_ID)
        if identifier is not None:
            if identifier in first_line:
                message = f"xml:id {identifier!r} is also on line {first_line[identifier]}"
                hint = "Each xml:id must be unique in the file"
                yield Diagnostic("E-ID-DUPLICATE", message, file, line, hint=hint)
            else:
                first_line[identifier] = line
        for attribute in ("wit", "edRef"):
            if element.get(attribute) is not None:
                yield from _check_pointers(element.get(attribute), attribute, witnesses, file, line)


def _check_pointers(
    value: str, attribute: str, witnesses: ListWit, file: str, line: int
) -> Iterator[Diagnostic]:
    for token in value.split():
        name = token.removeprefix("#")
        if name not in witnesses.targets:
            yield Diagnostic(
                "E-WIT-UNDECLARED", f"@{attribute} points to {token!r}, which names no <witness>", file, line,
                hint=f'Declare <witness xml:id="{name}"> in the listWit, or correct the pointer',
            )
        elif not token.startswith("#"):
            yield Diagnostic(
                "W-WIT-POINTER", f"@{attribute} has {token!r}, a siglum rather than a pointer", file, line,
                severity=Severity.WARNING, hint=f"Write '#{token}'",
            )


def _check_transposition_links(root: etree._Element, file: str) -> Iterator[Diagnostic]:
    """An app's @corresp (one place of a transposition) points to another app, which points back."""
    apps = {app.get(XML_ID): app for app in root.iter(APP) if app.get(XML_ID)}
    for app in root.iter(APP):
        target = app.get("corresp")
        if target is None:
            continue
        other = apps.get(target.removeprefix("#")) if target.startswith("#") else None
        if other is None or other is app:
            yield Diagnostic(
                "E-APP-CORRESP", f"@corresp points to {target!r}, which is no other <app> of the file", file,
                app.sourceline or 0, hint="Point to the xml:id of the app at the other place of the transposition",
            )
        elif other.get("corresp") != f"#{app.get(XML_ID)}":
            yield Diagnostic(
                "W-APP-CORRESP-ONE-WAY", f"@corresp points to {target!r}, whose @corresp does not point back",
                file, app.sourceline or 0, severity=Severity.WARNING,
                hint=f'Give that app corresp="#{app.get(XML_ID)}"',
            )


# ---------------------------------------------------------------- apparatus


class _Spans:
    """Each witness's state along the text, and how many are active.

    The count lets an app at the top cost what its readings cost, not what
    the list of witnesses costs.
    """

    def __init__(self, states: dict[str, str]):
        self.states = states
        self.active = sum(1 for state in states.values() if state == ACTIVE)
        self.open_lacunae: dict[str, int] = {}

    def active_in(self, context: frozenset[str]) -> int:
        if len(context) == len(self.states):
            return self.active
        return sum(1 for siglum in context if self.states[siglum] == ACTIVE)

    def move(self, siglum: str, marker: etree._Element) -> str:
        """Apply a span marker; return the state the witness was in."""
        before = self.states[siglum]
        after = SPAN_TRANSITIONS[marker.tag][1]
        self.active += (after == ACTIVE) - (before == ACTIVE)
        self.states[siglum] = after
        if marker.tag == LACUNA_START:
            self.open_lacunae[siglum] = marker.sourceline or 0
        else:
            self.open_lacunae.pop(siglum, None)
        return before


def _check_apparatus(
    root: etree._Element, witnesses: ListWit, file: str, exempt: frozenset[str] = frozenset()
) -> Iterator[Diagnostic]:
    """One walk: every app holds each active witness once and no inactive one; span markers are in order."""
    text = root.find(q("text"))
    if text is None:
        return
    readings = reading_witnesses(text, witnesses)
    spans = _Spans(initial_states(text, readings, witnesses))
    # Per open app: inactive witnesses in its readings, until a marker there makes them active.
    waiting: list[dict[str, int]] = []
    for event, node, frame in walk(text, witnesses.sigla, readings):
        if node.tag == APP and event == "start":
            waiting.append({})
            yield from _check_app(node, frame.context, readings, spans, waiting[-1], witnesses, file, exempt)
        elif node.tag == APP:
            for siglum, line in waiting.pop().items():
                message = f"witness #{siglum} is not active here, yet is in a reading"
                yield _partition(node, message, file, line)
        elif node.tag in SPAN_MARKERS and event == "start":
            yield from _check_marker(node, frame.reading, spans, waiting, witnesses, file)
    for siglum, line in spans.open_lacunae.items():
        yield Diagnostic(
            "W-SPAN", f"the lacuna of witness #{siglum} that begins here never ends", file, line,
            severity=Severity.WARNING, hint="Close it with <lacunaEnd/>, or end the witness with <witEnd/>",
        )


def _check_app(
    app: etree._Element, context: frozenset[str], readings: dict, spans: _Spans,
    waiting: dict[str, int], witnesses: ListWit, file: str, exempt: frozenset[str] = frozenset(),
) -> Iterator[Diagnostic]:
    """Each witness of the context in one reading; an inactive one only where its reading makes it active.

    That last is known only at the app's end: ``waiting`` keeps it till then.
    """
    found = app_readings(app)
    if not found:
        yield Diagnostic(
            "E-APP-EMPTY", "an <app> with no <lem> or <rdg>", file, app.sourceline or 0,
            hint="Give each witness's reading, or remove the app",
        )
        return
    seen: dict[str, int] = {}
    active_named = 0
    for reading in found:
        line = reading.sourceline or 0
        # A <lem> without @wit stands for the rest of the witnesses: only those active here.
        implicit = reading.get("wit") is None
        for siglum in sorted(readings[reading]):
            if siglum in seen:
                message = f"witness #{siglum} is in two readings (lines {seen[siglum]} and {line})"
                yield _partition(app, message, file, line)
            elif siglum not in context:
                message = f"witness #{siglum} is in a reading, but not in the reading this app stands in"
                yield _partition(app, message, file, line)
            elif spans.states[siglum] == ACTIVE:
                seen[siglum] = line
                active_named += 1
            elif not implicit:
                seen[siglum] = line
                waiting[siglum] = line
    # An entry beside the text (@loc, TEI from elsewhere) need not name the witnesses of the text there.
    if active_named < spans.active_in(context) and app.get("loc") is None:
        for siglum in witnesses.sigla:
            if siglum in context and siglum not in seen and spans.states[siglum] == ACTIVE and siglum not in exempt:
                message = f"witness #{siglum} is active here but in no reading"
                yield _partition(app, message, file, app.sourceline or 0)


def _partition(app: etree._Element, message: str, file: str, line: int) -> Diagnostic:
    name = app.get(XML_ID)
    where = f"app {name!r}: " if name else "app: "
    return Diagnostic(
        "E-APP-PARTITION", where + message, file, line,
        hint="Each active witness is in exactly one <lem> or <rdg> of every app; an inactive one is in none",
    )


def _check_marker(
    marker: etree._Element, reading: frozenset[str] | None, spans: _Spans,
    waiting: list[dict[str, int]], witnesses: ListWit, file: str,
) -> Iterator[Diagnostic]:
    """Apply a span marker, warning where it is misplaced or out of order."""
    line = marker.sourceline or 0
    name = etree.QName(marker).localname
    sigla = marker_witnesses(marker, reading, witnesses)
    if not sigla:
        message = f"<{name}/> concerns no witness: neither its @wit nor its reading's names a declared one"
        yield _span(message, file, line)
    elif reading is None or next(marker.iterancestors(APP)).get("type") != "lacuna":
        yield _span(f"<{name}/> stands outside a reading of an <app type=\"lacuna\">", file, line)
    expected = SPAN_TRANSITIONS[marker.tag][0]
    for siglum in sorted(sigla):
        before = spans.move(siglum, marker)
        if before != expected:
            yield _span(f"<{name}/> for witness #{siglum}, which is {_STATE_WORDS[before]} here", file, line)
        if spans.states[siglum] == ACTIVE:
            for app_waiting in waiting:
                app_waiting.pop(siglum, None)


def _span(message: str, file: str, line: int) -> Diagnostic:
    return Diagnostic("W-SPAN", message, file, line, severity=Severity.WARNING, hint=_SPAN_HINT)
