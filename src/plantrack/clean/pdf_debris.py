"""Undo what PDF text extraction does to a Chinese document.

- watermark characters printed one per line (征/求/意/见/稿) are dropped and reported;
- page-number lines (7, - 7 -, 第7页, 7/40) are dropped and reported;
- lines broken mid-sentence are joined without a space (a space only between two
  Latin words); a paragraph ends after sentence-final punctuation on a short line or a
  line the PDF closed with a space, after a heading line, or before one.
"""

from __future__ import annotations

import re
import statistics
from dataclasses import dataclass, field

from plantrack.clean.normalize import Piece

_LONE_CJK = re.compile(r"^[\u4e00-\u9fff]$")
_PAGE_NUMBER = re.compile(
    r"^(?:[-—–－]\s*)?(?:第\s*)?(\d{1,3})(?:\s*页)?(?:\s*[/／]\s*\d{1,3}|\s*共\s*\d{1,3}\s*页)?(?:\s*[-—–－])?$"
)
# A line that opens a section: 前言, 一、, （一）, 1. / 1、, （1）, 专栏 1, 附件.
HEADING_START = re.compile(
    r"^(?:前\s*言|序\s*言|引\s*言|结\s*语|附\s*件|专\s*栏\s*[0-9一二三四五六七八九十]+"
    r"|[一二三四五六七八九十]{1,3}\s*、|[（(]\s*[一二三四五六七八九十]{1,3}\s*[)）]"
    r"|[0-9]{1,2}\s*[.．、](?![0-9])|[（(]\s*[0-9]{1,2}\s*[)）]|——)"
)
_SENTENCE_END = tuple("。！？；：…!?;:")
_CLOSERS = "”’」』）)》】"
_LATIN_END = re.compile(r"[A-Za-z]$")
_LATIN_START = re.compile(r"^[A-Za-z]")


@dataclass(slots=True)
class Line:
    text: str  # stripped
    start: int  # source offset of text[0]
    page: int | None
    trailing_space: bool  # the PDF closed the line with a space
    width: float = 0.0  # printed width, in Chinese characters

    def __post_init__(self) -> None:
        self.width = _visual_width(self.text)


@dataclass(slots=True)
class DebrisResult:
    paragraphs: list[tuple[list[Piece], int | None]]  # pieces and page of the first line
    removed: dict[str, list[str]] = field(default_factory=dict)


def split_lines(text: str, base: int, page: int | None) -> list[Line | None]:
    """Lines with their source offsets; None stands for a blank line."""
    out: list[Line | None] = []
    pos = 0
    for raw in text.split("\n"):
        stripped = raw.strip(" \t\u3000\u00a0\r\f\v")
        if stripped:
            lead = len(raw) - len(raw.lstrip(" \t\u3000\u00a0\r\f\v"))
            out.append(
                Line(
                    text=stripped,
                    start=base + pos + lead,
                    page=page,
                    trailing_space=raw.rstrip("\r") != raw.rstrip(),
                )
            )
        else:
            out.append(None)
        pos += len(raw) + 1
    return out


def _visual_width(s: str) -> float:
    """Printed width in Chinese characters: an ASCII character counts one half."""
    ascii_chars = len(s.encode("ascii", "ignore"))
    spaces = s.count(" ")
    return (len(s) - ascii_chars) + 0.5 * (ascii_chars - spaces)


def remove_debris(lines: list[Line | None]) -> tuple[list[Line], dict[str, list[str]]]:
    """Drop watermark runs and page-number lines; blank lines are dropped too."""
    removed: dict[str, list[str]] = {}
    content = [ln for ln in lines if ln is not None]
    drop = [False] * len(content)
    # Watermarks: three or more consecutive lines of a single Chinese character.
    i = 0
    while i < len(content):
        j = i
        while j < len(content) and _LONE_CJK.match(content[j].text):
            j += 1
        if j - i >= 3:
            removed.setdefault("watermark", []).append("".join(c.text for c in content[i:j]))
            for k in range(i, j):
                drop[k] = True
            # A page number printed right after the watermark.
            if j < len(content) and _PAGE_NUMBER.match(content[j].text):
                removed.setdefault("page_number", []).append(content[j].text)
                drop[j] = True
                j += 1
        i = max(j, i + 1)
    for k, ln in enumerate(content):
        if not drop[k] and _PAGE_NUMBER.match(ln.text):
            value = int(_PAGE_NUMBER.match(ln.text).group(1))  # type: ignore[union-attr]
            if 0 < value < 1000:
                removed.setdefault("page_number", []).append(ln.text)
                drop[k] = True
    return [ln for k, ln in enumerate(content) if not drop[k]], removed


def _ends_paragraph(line: Line, nxt: Line | None, typical: float) -> bool:
    if nxt is None:
        return True
    if HEADING_START.match(nxt.text):
        return True
    text = line.text.rstrip(_CLOSERS) or line.text
    width = line.width
    if HEADING_START.match(line.text) and width < 0.8 * typical and not text.endswith(("，", "、")):
        return True
    if text.endswith(_SENTENCE_END):
        return line.trailing_space or width < 0.9 * typical
    # A short line that does not end a sentence: a title or a heading without number.
    return width < 0.6 * typical


def join_lines(lines: list[Line]) -> list[tuple[list[Piece], int | None]]:
    """Group lines into paragraphs; each paragraph is the pieces of its lines."""
    widths = sorted(ln.width for ln in lines)
    # The typical width of a full line: the upper quartile, since many lines are short.
    typical = widths[(len(widths) * 3) // 4] if widths else 0.0
    typical = max(typical, statistics.median(widths) if widths else 0.0)
    paragraphs: list[tuple[list[Piece], int | None]] = []
    current: list[Piece] = []
    page: int | None = None
    for k, ln in enumerate(lines):
        if not current:
            page = ln.page
        elif _LATIN_END.search(current[-1][0]) and _LATIN_START.match(ln.text):
            current.append((" ", ln.start))
        current.append((ln.text, ln.start))
        nxt = lines[k + 1] if k + 1 < len(lines) else None
        if _ends_paragraph(ln, nxt, typical):
            paragraphs.append((current, page))
            current = []
    if current:
        paragraphs.append((current, page))
    return paragraphs


def clean_pdf_lines(lines: list[Line | None]) -> DebrisResult:
    content, removed = remove_debris(lines)
    return DebrisResult(paragraphs=join_lines(content), removed=removed)
