"""The one small hierarchy of exceptions the library raises; only the CLI prints them."""

from __future__ import annotations

from .model import Diagnostic


class EditionError(Exception):
    """A problem with the user's input or settings, to be reported without a traceback."""

    def __init__(self, message: str, *, file: str = "", line: int = 0, column: int = 0, hint: str = ""):
        super().__init__(message)
        self.message = message
        self.file = file
        self.line = line
        self.column = column
        self.hint = hint

    def __str__(self) -> str:
        where = f"{self.file}:{self.line}:{self.column}: " if self.file else ""
        text = f"{where}{self.message}"
        if self.hint:
            text += f". {self.hint}"
        return text


class CatalogueError(EditionError):
    """The manifest is missing, malformed, or names sources that are not there."""


class IngestError(EditionError):
    """A witness's source file cannot be read as text."""


class TEIError(EditionError):
    """A TEI file cannot be read at all (not well-formed, unsafe, too large)."""

    def __init__(self, message: str, *, diagnostics: tuple[Diagnostic, ...] = (), **where):
        super().__init__(message, **where)
        self.diagnostics = diagnostics


class OutputError(EditionError):
    """The output folder is unsafe to write or could not be written whole."""


class CollationError(EditionError):
    """The witnesses of a work cannot be collated (an empty witness, no base)."""
