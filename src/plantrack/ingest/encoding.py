"""Decode bytes of text whose encoding is unknown or only declared.

Order of evidence: a byte-order mark, then a declared charset (HTTP header or HTML
meta), then UTF-8 if the bytes are valid UTF-8, then charset-normalizer's detection.
GB2312 and GBK are always read as GB18030, their superset, so that characters outside
GB2312 that real pages use anyway decode instead of failing.
"""

from __future__ import annotations

import codecs
import logging
import re

from charset_normalizer import from_bytes

from plantrack.errors import EncodingError

log = logging.getLogger(__name__)

_BOMS: tuple[tuple[bytes, str], ...] = (
    (codecs.BOM_UTF8, "utf-8-sig"),
    (codecs.BOM_UTF32_LE, "utf-32"),
    (codecs.BOM_UTF32_BE, "utf-32"),
    (codecs.BOM_UTF16_LE, "utf-16"),
    (codecs.BOM_UTF16_BE, "utf-16"),
)

# Encodings that a wider one reads correctly, and which we read with the wider one.
_SUPERSETS = {
    "gb2312": "gb18030",
    "gbk": "gb18030",
    "cp936": "gb18030",
    "euc-cn": "gb18030",
    "x-gbk": "gb18030",
    "ascii": "utf-8",
    "us-ascii": "utf-8",
    "iso-8859-1": "cp1252",
    "latin-1": "cp1252",
}

# Replacement characters and control characters other than whitespace.
_BAD_CHARS = re.compile("[\ufffd\x00-\x08\x0e-\x1f\x7f-\x9f]")

# Share of replacement or control characters above which a decoding is rejected.
_MAX_BAD_SHARE = 0.02


def canonical_encoding(name: str) -> str:
    """Python's name for an encoding, widened to its superset (GB2312 → GB18030)."""
    try:
        py_name = codecs.lookup(name.strip().strip("'\"")).name
    except LookupError:
        return ""
    return _SUPERSETS.get(py_name, _SUPERSETS.get(name.strip().lower(), py_name))


def bom_encoding(data: bytes) -> str | None:
    for bom, enc in _BOMS:
        if data.startswith(bom):
            return enc
    return None


def bad_char_share(text: str) -> float:
    """Share of characters that betray a wrong decoding or binary data."""
    if not text:
        return 0.0
    return len(_BAD_CHARS.findall(text)) / len(text)


def decode_text(data: bytes, declared: str | None = None) -> tuple[str, str]:
    """Decode `data`; returns (text, encoding used). Raises EncodingError if nothing fits."""
    enc = bom_encoding(data)
    if enc:
        try:
            return data.decode(enc), enc
        except UnicodeDecodeError as exc:
            raise EncodingError(f"byte-order mark says {enc} but the bytes are not: {exc}") from exc

    candidates: list[str] = []
    if declared:
        c = canonical_encoding(declared)
        if c:
            candidates.append(c)
    candidates.append("utf-8")
    for enc in candidates:
        try:
            text = data.decode(enc)
        except UnicodeDecodeError:
            continue
        if bad_char_share(text) <= _MAX_BAD_SHARE:
            return text, enc

    best = from_bytes(data[:200_000]).best()
    if best is not None and best.encoding:
        enc = canonical_encoding(best.encoding) or best.encoding
        try:
            text = data.decode(enc)
        except UnicodeDecodeError:
            text = data.decode(enc, errors="replace")
        if bad_char_share(text) <= _MAX_BAD_SHARE:
            return text, enc
        log.debug("detected %s but %.1f%% bad characters", enc, 100 * bad_char_share(text))

    # Chinese text in GB18030 that the detector missed (short texts often are).
    try:
        text = data.decode("gb18030")
    except UnicodeDecodeError:
        pass
    else:
        if bad_char_share(text) <= _MAX_BAD_SHARE and _cjk_share(text) > 0.2:
            return text, "gb18030"
    raise EncodingError("not text in any encoding we can read (binary data or an unknown charset)")


def _cjk_share(text: str) -> float:
    if not text:
        return 0.0
    return sum(1 for ch in text if "\u4e00" <= ch <= "\u9fff") / len(text)
