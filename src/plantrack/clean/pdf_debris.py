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


@dataclass(slots=True)
class Line:
    text: str  # stripped
    start: int  # source offset of text[0]
    page: int | None
    trailing_space: bool  # the PDF closed the line with a space
    width: float = -1.0  # printed width, in Chinese characters; computed when not given

    def __post_init__(self) -> None:
        if self.width < 0:
            self.width = _visual_width(self.text)


@dataclass(slots=True)
class DebrisResult:
    paragraphs: list[tuple[list[Piece], int | None]]  # pieces and page of the first line
    removed: dict[str, list[str]] = field(default_factory=dict)


_EDGE = " \t\u3000\u00a0\r\f\v"  # what a line is stripped of


def split_lines(text: str, base: int, page: int | None) -> list[Line | None]:
    """Lines with their source offsets; None stands for a blank line."""
    out: list[Line | None] = []
    append = out.append
    pos = base
    for raw in text.split("\n"):
        stripped = raw.strip(_EDGE)
        if not stripped:
            append(None)
            pos += len(raw) + 1
            continue
        # _visual_width, inline
        if stripped.isascii():
            width = 0.5 * (len(stripped) - stripped.count(" "))
        else:
            n = len(stripped.encode("ascii", "ignore"))
            width = (len(stripped) - n) + 0.5 * (n - stripped.count(" "))
        if len(stripped) == len(raw):  # most lines: nothing to strip
            # the PDF closed the line with a space: a space other than those stripped
            append(Line(raw, pos, page, raw[-1].isspace(), width))
        else:
            lead = len(raw) - len(raw.lstrip(_EDGE))
            append(Line(stripped, pos + lead, page, raw.rstrip("\r") != raw.rstrip(), width))
        pos += len(raw) + 1
    return out


def _visual_width(s: str) -> float:
    """Printed width in Chinese characters: an ASCII character counts one half."""
    if not s.isascii():
        ascii_chars = len(s.encode("ascii", "ignore"))
        spaces = s.count(" ")
        return (len(s) - ascii_chars) + 0.5 * (ascii_chars - spaces)
    return 0.5 * (len(s) - s.count(" "))


# The first character of a page-number line (_PAGE_NUMBER: a dash, 第 or a digit).
_PAGE_FIRST = frozenset("-—–－第")
_LONE_RUN = re.compile("1{3,}")


def remove_debris(lines: list[Line | None]) -> tuple[list[Line], dict[str, list[str]]]:
    """Drop watermark runs and page-number lines; blank lines are dropped too."""
    removed: dict[str, list[str]] = {}
    content = [ln for ln in lines if ln is not None]
    texts = [ln.text for ln in content]
    n = len(texts)
    drop = [False] * n
    # Watermarks: three or more consecutive lines of a single Chinese character.
    lone = "".join(["1" if len(t) == 1 and "\u4e00" <= t <= "\u9fff" else "0" for t in texts])
    for run in _LONE_RUN.finditer(lone):
        i, j = run.span()
        removed.setdefault("watermark", []).append("".join(texts[i:j]))
        drop[i:j] = [True] * (j - i)
        # A page number printed right after the watermark.
        if j < n and _PAGE_NUMBER.match(texts[j]):
            removed.setdefault("page_number", []).append(texts[j])
            drop[j] = True
    for k, t in enumerate(texts):
        if (t[0] in _PAGE_FIRST or t[0].isdecimal()) and not drop[k]:
            m = _PAGE_NUMBER.match(t)
            if m and 0 < int(m.group(1)) < 1000:
                removed.setdefault("page_number", []).append(t)
                drop[k] = True
    if not any(drop):
        return content, removed
    return [ln for ln, dropped in zip(content, drop, strict=True) if not dropped], removed


def _ends_paragraph(line: Line, heading: bool, next_heading: bool | None, typical: float) -> bool:
    """Whether a paragraph ends after `line`; `heading` and `next_heading` tell whether it
    and the next line open a section (None: no next line)."""
    if next_heading is None or next_heading:
        return True
    text = line.text.rstrip(_CLOSERS) or line.text
    width = line.width
    if heading and width < 0.8 * typical and not text.endswith(("，", "、")):
        return True
    if text.endswith(_SENTENCE_END):
        return line.trailing_space or width < 0.9 * typical
    # A short line that does not end a sentence: a title or a heading without number.
    return width < 0.6 * typical


_LATIN = frozenset("ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz")


def join_lines(lines: list[Line]) -> list[tuple[list[Piece], int | None]]:
    """Group lines into paragraphs; each paragraph is the pieces of its lines."""
    widths = sorted(ln.width for ln in lines)
    # The typical width of a full line: the upper quartile, since many lines are short.
    typical = widths[(len(widths) * 3) // 4] if widths else 0.0
    typical = max(typical, statistics.median(widths) if widths else 0.0)
    # each line is tried as a heading once
    headings: list[bool | None] = [HEADING_START.match(ln.text) is not None for ln in lines]
    headings.append(None)  # after the last line
    paragraphs: list[tuple[list[Piece], int | None]] = []
    current: list[Piece] = []
    page: int | None = None
    for k, ln in enumerate(lines):
        if not current:
            page = ln.page
        elif current[-1][0][-1] in _LATIN and ln.text[0] in _LATIN:
            current.append((" ", ln.start))
        current.append((ln.text, ln.start))
        if _ends_paragraph(ln, bool(headings[k]), headings[k + 1], typical):
            paragraphs.append((current, page))
            current = []
    if current:
        paragraphs.append((current, page))
    return paragraphs


def clean_pdf_lines(lines: list[Line | None]) -> DebrisResult:
    content, removed = remove_debris(lines)
    return DebrisResult(paragraphs=join_lines(content), removed=removed)
