"""Plain text: decoded with encoding detection; a PDF dump is told apart from prose."""

from __future__ import annotations

import re

from plantrack.errors import NoTextError
from plantrack.ingest.encoding import decode_text
from plantrack.model import Block, SourceDocument, SourceFormat

_SENTENCE_END = "。！？；：…”’」』）)!?;:.>》】"
_LONE_CHAR_LINE = re.compile(r"^[ \t]*[\u4e00-\u9fff][ \t]*$", re.M)


def looks_like_pdf_dump(text: str) -> bool:
    """True for text extracted from a PDF: lines cut at a fixed width, mid-sentence.

    Evidence: many lines that end without punctuation although the next line goes
    on, or watermark characters printed one per line.
    """
    lines = [ln.strip() for ln in text[:200_000].splitlines() if ln.strip()]
    if len(lines) < 6:
        return False
    if len(_LONE_CHAR_LINE.findall(text[:200_000])) >= 4:
        return True
    open_ended = sum(1 for ln in lines[:-1] if ln[-1] not in _SENTENCE_END)
    return open_ended / (len(lines) - 1) >= 0.3


def read(data: bytes, *, name: str, content_hash: str) -> SourceDocument:
    text, encoding = decode_text(data)
    text = text.replace("\r\n", "\n").replace("\r", "\n")
    if not text.strip():
        raise NoTextError("the file decodes to whitespace only")
    fmt = SourceFormat.PDF_TEXT if looks_like_pdf_dump(text) else SourceFormat.TEXT
    return SourceDocument(
        name=name,
        content_hash=content_hash,
        format=fmt,
        size=len(data),
        encoding=encoding,
        metadata={},
        blocks=[Block(text=text, source_start=0)],
    )
