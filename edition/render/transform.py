"""Running the stylesheets of ``xslt/`` on TEI, safely and in linear time.

The stylesheets are compiled once, with every file and network access
denied to them and no extension functions. What XSLT 1.0 cannot do in
linear time (number every entry of a document) is done here beforehand, on
a copy of the TEI that the stylesheets read as ``r:n``.
"""

from __future__ import annotations

import copy
from functools import lru_cache

from lxml import etree

from ..errors import EditionError
from ..resources import resource_dir
from ..tei.read import q
from .views import R_NS, is_base

R_N = f"{{{R_NS}}}n"
APP = q("app")
READINGS = (q("lem"), q("rdg"))


@lru_cache(maxsize=None)
def stylesheet(name: str) -> etree.XSLT:
    """The compiled stylesheet ``xslt/<name>``, as installed or in a source checkout."""
    path = resource_dir("xslt") / name
    parser = etree.XMLParser(resolve_entities=False, no_network=True, load_dtd=False)
    return etree.XSLT(etree.parse(str(path), parser), access_control=etree.XSLTAccessControl.DENY_ALL)


def transform(name: str, document: etree._ElementTree, **params: str) -> etree._Element | None:
    """Apply ``xslt/<name>``; the result is one HTML element, or None when the input has nothing to show."""
    quoted = {key.replace("_", "-"): etree.XSLT.strparam(value) for key, value in params.items()}
    try:
        result = stylesheet(name)(document, **quoted)
    except etree.XSLTApplyError as error:
        raise EditionError(f"the stylesheet {name} failed: {error}",
                           hint="the TEI may be nested too deeply to render") from None
    return result.getroot()


def numbered(tree: etree._ElementTree) -> etree._ElementTree:
    """A copy of the TEI whose entries in the reading text carry their number (``r:n``) in document order.

    An entry inside a reading that the reading text does not show (a nested
    entry of a non-base reading) gets no number, marker or footnote.
    """
    root = copy.deepcopy(tree.getroot())
    number = 0
    for app in root.iter(APP):
        if all(is_base(reading) for reading in app.iterancestors(*READINGS)):
            number += 1
            app.set(R_N, str(number))
    return etree.ElementTree(root)
