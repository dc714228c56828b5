"""Bytes to lines: the only place in the project where a source file's bytes become text.

Decoding is strict: a byte that is not valid in the declared encoding, or a
control character, stops ingest with the line and column where it stands,
because a witness read wrongly would be collated wrongly without a sign.
"""

from __future__ import annotations

import hashlib
import re
from pathlib import Path

from ..errors import IngestError

MAX_BYTES = 20 * 1024 * 1024
ENCODINGS = {"utf-8": "utf-8", "utf8": "utf-8", "gb18030": "gb18030", "big5": "big5"}
BOM = "\ufeff"

_LINE_BREAK = re.compile(r"\r\n|\r|\n")
# C0 controls but tab, LF and CR; DEL; C1 controls (the mark of text decoded with the
# wrong code page); and the Unicode line and paragraph separators, which would break lines
# that no editor shows as broken.
_CONTROL = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\x7f-\x9f\u2028\u2029]")


def read_source(path: Path, name: str) -> tuple[bytes, str]:
    """Read a source file whole; return its bytes and their SHA-256 (hex).

    ``name`` is how messages name the file (as the catalogue gives it).
    """
    try:
        size = path.stat().st_size
        if size > MAX_BYTES:
            raise IngestError(f"the file is {size / 1024 / 1024:.1f} MB, over the limit of "
                              f"{MAX_BYTES // 1024 // 1024} MB for one source", file=name,
                              hint="split it, and catalogue the part that holds the witness")
        data = path.read_bytes()
    except IsADirectoryError:
        raise IngestError("this is a folder, not a text file", file=name,
                          hint="name a text file in the catalogue") from None
    except FileNotFoundError:
        raise IngestError("no such file", file=name,
                          hint="check the file name in the catalogue") from None
    except OSError as error:
        raise IngestError(f"cannot read the file: {error.strerror}", file=name) from None
    return data, hashlib.sha256(data).hexdigest()


def decode(data: bytes, encoding: str, name: str) -> str:
    """Decode ``data`` strictly; an undecodable byte raises IngestError at its line and column."""
    codec = ENCODINGS.get(encoding.lower())
    if codec is None:
        raise IngestError(f"unsupported encoding {encoding!r}", file=name,
                          hint="use utf-8 (the default), gb18030 or big5")
    if codec != "utf-8":
        _refuse_utf8_declared_legacy(data, codec, name)
    try:
        return data.decode(codec)
    except UnicodeDecodeError as error:
        line, column = _position(data[:error.start].decode(codec))
        raise IngestError(f"byte 0x{data[error.start]:02X} is not valid {codec}", file=name,
                          line=line, column=column,
                          hint=_encoding_hint(codec)) from None


def _refuse_utf8_declared_legacy(data: bytes, codec: str, name: str) -> None:
    """Refuse UTF-8 bytes catalogued as GB18030 or Big5: they may decode without an error, as mojibake."""
    if data.isascii():
        return
    try:
        data.decode("utf-8")
    except UnicodeDecodeError:
        return
    at = next(i for i, byte in enumerate(data) if byte >= 0x80)
    line, column = _position(data[:at].decode("ascii"))
    raise IngestError(f"the catalogue says {codec} but the bytes are UTF-8", file=name, line=line,
                      column=column, hint='remove encoding = "…" from the catalogue (UTF-8 is the default)')


def split_lines(text: str, name: str) -> list[str]:
    """Check ``text`` for control characters and split it into lines (LF, CRLF or CR)."""
    bad = _CONTROL.search(text)
    if bad:
        line, column = _position(text[:bad.start()])
        raise IngestError(f"control character U+{ord(bad.group()):04X} in the text", file=name,
                          line=line, column=column,
                          hint="remove it; a text source has none (is this a binary or UTF-16 file?)")
    lines = _LINE_BREAK.split(text)
    if lines[-1] == "":
        lines.pop()
    return lines


def count_lines(data: bytes) -> int:
    """Number of lines in ``data`` without decoding it (LF, CRLF or CR end a line).

    Valid for UTF-8, GB18030 and Big5, where bytes 0x0A and 0x0D only ever
    stand for line breaks.
    """
    breaks = data.count(b"\n") + data.count(b"\r") - data.count(b"\r\n")
    return breaks + (1 if data and not data.endswith((b"\n", b"\r")) else 0)


def _position(before: str) -> tuple[int, int]:
    """1-based line and column of the character that follows ``before``."""
    lines = _LINE_BREAK.split(before)
    return len(lines), len(lines[-1]) + 1


def _encoding_hint(codec: str) -> str:
    if codec == "utf-8":
        return ("save the file as UTF-8, or if it is GB18030 or Big5 say so with "
                "encoding = \"gb18030\" or \"big5\" in the catalogue")
    return f"check that the file really is {codec}, or convert it to UTF-8"
