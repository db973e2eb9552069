"""Raw issue bytes -> text, refusing what is not text.

Archives hold UTF-8 (with or without a BOM), UTF-16 with a BOM, and GB18030
(a superset of GBK and GB2312).  We try them strictly in that order and never
replace undecodable bytes: a wrong guess would silently corrupt the archive.
"""

from __future__ import annotations

import codecs
from dataclasses import dataclass

CONTROL_SHARE_LIMIT = 0.01
"""Text dumps hold almost no control characters; more than this share means
binary data (an image, a PDF, a zip) was passed by mistake."""

_ALLOWED_CONTROLS = set("\t\n\r\f\v")


class UnreadableInput(Exception):
    """The file cannot be imported; the message says why and what to do."""


@dataclass(frozen=True, slots=True)
class Decoded:
    text: str
    """The issue text, newlines normalised to '\\n', BOM removed."""
    encoding: str
    """Name of the encoding that decoded it, for the review report."""


def decode(data: bytes, name: str) -> Decoded:
    """Decode one raw issue or raise UnreadableInput naming the file."""
    if not data.strip():
        raise UnreadableInput(f"{name}: the file is empty; nothing to import")
    text, encoding = _decode_text(data, name)
    controls = sum(1 for ch in text if ch < " " and ch not in _ALLOWED_CONTROLS)
    if "\x00" in text or controls > CONTROL_SHARE_LIMIT * len(text):
        raise UnreadableInput(
            f"{name}: this looks like binary data, not a text dump of an issue; "
            "export the issue as plain text (UTF-8 or GB18030) and import that"
        )
    text = text.replace("\r\n", "\n").replace("\r", "\n")
    return Decoded(text, encoding)


def _decode_text(data: bytes, name: str) -> tuple[str, str]:
    for bom, encoding in ((codecs.BOM_UTF8, "utf-8-sig"),
                          (codecs.BOM_UTF16_LE, "utf-16"),
                          (codecs.BOM_UTF16_BE, "utf-16")):
        if data.startswith(bom):
            try:
                return data.decode(encoding), encoding
            except UnicodeDecodeError as exc:
                raise UnreadableInput(
                    f"{name}: starts with a {encoding} byte-order mark but byte "
                    f"{exc.start} is not {encoding}; re-export the file"
                ) from None
    if b"\x00" in data:
        raise UnreadableInput(
            f"{name}: contains NUL bytes, so it is binary data or UTF-16 without "
            "a byte-order mark; export the issue as UTF-8 text"
        )
    for encoding in ("utf-8", "gb18030"):
        try:
            return data.decode(encoding), encoding
        except UnicodeDecodeError:
            continue
    raise UnreadableInput(
        f"{name}: not valid UTF-8 or GB18030 text; convert it to UTF-8 "
        "(e.g. `iconv -f BIG5 -t UTF-8`) and import it again"
    )
