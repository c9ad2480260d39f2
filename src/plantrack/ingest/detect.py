"""Choose a reader from a file's content, never from its name."""

from __future__ import annotations

import io
import re
import zipfile

from plantrack.errors import EmptyInputError, UnsupportedFormatError
from plantrack.model import SourceFormat

# Binary formats we recognise only to refuse them with a clear reason.
_BINARY_SIGNATURES: tuple[tuple[bytes, str], ...] = (
    (b"\x89PNG\r\n\x1a\n", "a PNG image"),
    (b"\xff\xd8\xff", "a JPEG image"),
    (b"GIF8", "a GIF image"),
    (b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1", "an old Office file (.doc/.xls); save it as DOCX or PDF"),
    (b"\x1f\x8b", "a gzip archive"),
    (b"Rar!", "a RAR archive"),
    (b"7z\xbc\xaf\x27\x1c", "a 7-Zip archive"),
    (b"\x7fELF", "an executable"),
    (b"MZ", "an executable"),
)

_FRONT_MATTER = re.compile(
    rb"\A(?:\xef\xbb\xbf)?---[ \t]*\r?\n(.*?)\r?\n---[ \t]*(?:\r?\n|\Z)", re.S
)
_YAML_KEY = re.compile(rb"^[A-Za-z_][\w-]*[ \t]*:", re.M)
_HTML_START = re.compile(
    rb"\A(?:\xef\xbb\xbf)?\s*(?:<!--.*?-->\s*)*<(?:!doctype\s+html|html|head|body|meta|title)\b",
    re.I | re.S,
)
_HTML_TAG = re.compile(
    rb"</?(?:p|div|span|br|table|td|tr|a|h[1-6]|li|ul|script|style)\b[^>]*>", re.I
)


def sniff_format(data: bytes) -> SourceFormat:
    """The format of a file's bytes. Raises EmptyInputError or UnsupportedFormatError."""
    if not data.strip():
        raise EmptyInputError("the file is empty" if not data else "the file holds only whitespace")
    head = data[:4096]
    if b"%PDF-" in head[:1024]:
        return SourceFormat.PDF
    if head.startswith(b"PK\x03\x04"):
        return _sniff_zip(data)
    for sig, what in _BINARY_SIGNATURES:
        if head.startswith(sig):
            raise UnsupportedFormatError(f"this is {what}, not a document PlanTrack reads")
    m = _FRONT_MATTER.match(data[:65536])
    if m and _YAML_KEY.search(m.group(1)):
        return SourceFormat.JEKYLL
    if _HTML_START.match(head) or len(_HTML_TAG.findall(head)) >= 3:
        return SourceFormat.HTML
    # Text; whether it is a PDF dump is decided by the text reader once it is decoded.
    return SourceFormat.TEXT


def _sniff_zip(data: bytes) -> SourceFormat:
    try:
        names = set(zipfile.ZipFile(io.BytesIO(data)).namelist())
    except (zipfile.BadZipFile, EOFError, ValueError) as exc:
        raise UnsupportedFormatError(f"a ZIP container that cannot be opened ({exc})") from exc
    if "word/document.xml" in names:
        return SourceFormat.DOCX
    if any(n.startswith("xl/") for n in names):
        raise UnsupportedFormatError("this is a spreadsheet (XLSX), not a document PlanTrack reads")
    raise UnsupportedFormatError("a ZIP archive that is not a Word document")
