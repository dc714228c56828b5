"""Files that ship with the package: the schema, the stylesheets, the bundled seeds."""

from __future__ import annotations

from importlib import resources
from pathlib import Path

_CHECKOUT = Path(__file__).resolve().parent.parent


def resource_dir(name: str) -> Path:
    """The folder ``name`` (``schema``, ``xslt``, ``seeds``) as installed, or in a source checkout.

    A wheel carries these folders inside the package; an editable install or a
    plain checkout has them at the top of the repository.
    """
    packaged = Path(str(resources.files("edition"))) / name
    if packaged.is_dir():
        return packaged
    return _CHECKOUT / name
