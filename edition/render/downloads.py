"""Files to download beside the pages: each witness as plain text, all TEI in one archive.

Both are made from the TEI alone and are the same bytes for the same
documents: the text of a witness is the one the build checks it with
(``edition.tei.rebuild.block_texts``), and the archive has fixed
times, modes and order.
"""

from __future__ import annotations

import io
import zipfile


ARCHIVE = "downloads/edition-tei.zip"
# The earliest time a zip entry can carry: no build time reaches the archive.
_ZIP_TIME = (1980, 1, 1, 0, 0, 0)


def plain_text(blocks: list[str]) -> bytes:
    """A witness's blocks as a text file: one block per paragraph, blank lines between, a final line end.

    A witness with no text gives an empty file.
    """
    return ("\n\n".join(blocks) + "\n").encode("utf-8") if blocks else b""


def tei_archive(files: dict[str, bytes]) -> bytes:
    """A zip of ``files`` (name in the archive → bytes), in name order, with fixed times and modes.

    The same files give the same bytes, whenever and wherever it is made.
    """
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w") as archive:
        for name in sorted(files):
            info = zipfile.ZipInfo(name, date_time=_ZIP_TIME)
            info.compress_type = zipfile.ZIP_DEFLATED
            info.create_system = 3  # Unix, so that the mode below means the same everywhere
            info.external_attr = 0o644 << 16
            archive.writestr(info, files[name], compresslevel=9)
    return buffer.getvalue()
