"""Raw issue bytes -> text, refusing what is not text or cannot be told apart.

Archives hold UTF-8 (with or without a BOM), UTF-16 with a BOM, GB18030 (a
superset of GBK and GB2312) and, from Hong Kong, Taiwan and Macau, Big5.  A
BOM decides; else strict UTF-8 (multi-byte UTF-8 is practically never valid
by accident).  Otherwise GB18030 and Big5 are the candidates, and almost any
Big5 file is also valid GB18030 (decoding it so gives fluent-looking garbage),
so the `chardet` detector decides between the candidates that decode.
Measured (bench/bench_encoding.py) on the five sample issues, as GB18030,
GBK and Big5 (simplified text with the characters Big5 lacks dropped, and
converted to traditional first), cut into pieces of 10 to 1,000 bytes at
line ends: chardet 7 named the right family in every piece from 20 bytes
on, and its confidence for the right family led the other by at least 0.037
(median 0.4-0.5; whole issues: 0.5-0.9); charset-normalizer 3.4 named the
right family for only 81% of 10-byte and 90% of 20-byte GB18030 pieces, and
gives no comparable confidence.  (UTF-16 and UTF-8 with a BOM are decided by
the BOM; the two detectors agreed on all of them.)  A file whose candidates
are closer than MARGIN (only pieces of about 10 bytes, where chardet also
erred once) is refused with the candidates named, as is one chardet finds to
be some other encoding (Japanese, Korean, Western).  We never replace an
undecodable byte: a wrong guess would silently corrupt the archive.

Control characters other than newline and tab (form feed, vertical tab,
escape, DEL, C1 controls) and the XML non-characters U+FFFE and U+FFFF have
no place in article text and make feeds invalid XML: they are removed, and
`Decoded.removed` says from which line.  Line breaks are normalised to '\\n'
first (so '\\r' is not one of them); line numbers are those of the raw file.
"""

from __future__ import annotations

import codecs
import re
from dataclasses import dataclass

from ..text import CONTROL_CHARACTERS

CONTROL_SHARE_LIMIT = 0.01
"""Text dumps hold almost no control characters; more than this share means
binary data (an image, a PDF, a zip) was passed by mistake."""

MARGIN = 0.03
"""The detector's confidence for the chosen encoding must lead the next
candidate's by this much (measured minimum on 20+ byte pieces: 0.037)."""

_ALLOWED_CONTROLS = set("\t\n\r\f\v")
_STRAY = re.compile(f"[\r{CONTROL_CHARACTERS}]")  # text.py's rule; a lone CR too
_NAMES = {"\f": "form feed", "\v": "vertical tab", "\x1b": "escape", "\x7f": "delete", "\x85": "next line",
          "\ufffe": "non-character", "\uffff": "non-character"}
_FAMILIES = {"gb18030": ("gb18030",), "big5": ("big5", "cp950", "big5hkscs")}
"""Candidate encodings, each with the codecs tried in turn (Big5 has vendor extensions)."""
_DETECTED = {"gb18030": "gb18030", "gb2312": "gb18030", "gbk": "gb18030", "cp936": "gb18030",
             "big5": "big5", "cp950": "big5", "big5hkscs": "big5"}


class UnreadableInput(Exception):
    """The file cannot be imported; the message says why and what to do."""


@dataclass(frozen=True, slots=True)
class Decoded:
    text: str
    """The issue text, newlines normalised to '\\n', BOM and stray controls removed."""
    encoding: str
    """Name of the encoding that decoded it, for the review report."""
    removed: tuple[tuple[int, str], ...] = ()
    """(raw file line, description) of each control character removed."""


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
    text, removed = strip_controls(text)
    return Decoded(text, encoding, removed)


def strip_controls(text: str) -> tuple[str, tuple[tuple[int, str], ...]]:
    """`text` without stray control characters, and where each one was."""
    if not _STRAY.search(text):
        return text, ()
    removed = []
    for number, line in enumerate(text.split("\n"), start=1):
        for ch in _STRAY.findall(line):
            removed.append((number, f"U+{ord(ch):04X}" + (f" ({_NAMES[ch]})" if ch in _NAMES else "")))
    return _STRAY.sub("", text), tuple(removed)


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
    try:
        return data.decode("utf-8"), "utf-8"
    except UnicodeDecodeError:
        pass
    # In GB18030 and Big5, as in ASCII, a byte below 0x20 is always a control
    # character: binary data is recognised before any guess at the encoding.
    controls = sum(1 for b in data if b < 0x20 and b not in b"\t\n\r\f\v")
    if controls > CONTROL_SHARE_LIMIT * len(data):
        raise UnreadableInput(
            f"{name}: this looks like binary data, not a text dump of an issue; "
            "export the issue as plain text (UTF-8 or GB18030) and import that"
        )
    return _detect(data, name)


def _strictly(data: bytes, codec: str) -> str | None:
    try:
        return data.decode(codec)
    except (UnicodeDecodeError, LookupError):
        return None


def _detect(data: bytes, name: str) -> tuple[str, str]:
    """GB18030 or Big5, as the detector decides among those that decode."""
    import chardet  # only for files that are not UTF-8: keep the common path's imports light

    candidates: dict[str, tuple[str, str]] = {}
    for family, codecs_ in _FAMILIES.items():
        for codec in codecs_:
            text = _strictly(data, codec)
            if text is not None:
                candidates[family] = (text, codec)
                break
    results = chardet.detect_all(data, ignore_threshold=True)
    confidence: dict[str, float] = {}
    foreign: tuple[str, float] | None = None
    for result in results:
        encoding, score = result["encoding"] or "", float(result["confidence"] or 0.0)
        family = _DETECTED.get(encoding.lower())
        if family:
            confidence.setdefault(family, score)
        elif foreign is None and encoding and _strictly(data, encoding) is not None:
            foreign = (encoding, score)
    ranked = sorted(candidates, key=lambda f: -confidence.get(f, 0.0))
    if not ranked:
        guess = f" (it looks like {foreign[0]})" if foreign else ""
        raise UnreadableInput(
            f"{name}: not valid UTF-8, GB18030 or Big5 text{guess}; convert it to UTF-8 "
            "(e.g. `iconv -f ENCODING -t UTF-8`) and import it again"
        )
    best = ranked[0]
    lead = confidence.get(best, 0.0)
    if foreign and foreign[1] >= lead + MARGIN:
        raise UnreadableInput(
            f"{name}: this looks like {foreign[0]} text (confidence {foreign[1]:.2f}), not Chinese "
            f"({_named(ranked, confidence)}); convert it to UTF-8 (e.g. `iconv -f {foreign[0]} -t UTF-8`) "
            "and import it again"
        )
    if len(ranked) > 1 and lead < confidence.get(ranked[1], 0.0) + MARGIN:
        raise UnreadableInput(
            f"{name}: cannot tell the encoding: it could be {_named(ranked, confidence)}; convert it to "
            "UTF-8 from the right one (e.g. `iconv -f BIG5 -t UTF-8`) and import it again"
        )
    return candidates[best][0], candidates[best][1]


def _named(families: list[str], confidence: dict[str, float]) -> str:
    label = {"gb18030": "GB18030", "big5": "Big5"}
    return " or ".join(f"{label[f]} (confidence {confidence.get(f, 0.0):.2f})" for f in families)
