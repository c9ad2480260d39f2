"""Reader for Word documents (DOCX): paragraphs and tables in body order.

Paragraphs styled as headings (Heading N / 标题 N / Title, or given an outline level)
become HEADING blocks; every other paragraph is a BODY block. A table row becomes one
BODY block whose non-empty cells are joined by " | ", where the table stands.
Headers, footers, footnotes and text boxes are not read.
"""

from __future__ import annotations

import io
import logging
import re
import zipfile
import zlib
from collections.abc import Iterator
from datetime import UTC, date, datetime
from typing import Any

import docx
from docx.document import Document as DocxDocument
from docx.opc.exceptions import OpcError
from docx.oxml.ns import qn
from docx.styles.style import BaseStyle
from lxml import etree

from plantrack.errors import BrokenFileError, EmptyInputError, NoTextError, TooLargeError
from plantrack.model import Block, BlockRole, SourceDocument, SourceFormat

log = logging.getLogger(__name__)

# What python-docx, zipfile and lxml raise on a damaged package.
_BROKEN = (
    OpcError,
    zipfile.BadZipFile,
    zlib.error,
    KeyError,
    ValueError,
    EOFError,
    OSError,
    NotImplementedError,  # a ZIP compression method Python lacks
    etree.LxmlError,
)
# Refuse packages that expand beyond this (a ZIP bomb would exhaust memory).
_MAX_UNPACKED_BYTES = 256 * 1024 * 1024

_CELL_SEPARATOR = " | "

_W_P = qn("w:p")
_W_R = qn("w:r")
_W_TBL = qn("w:tbl")
_W_TR = qn("w:tr")
_W_TC = qn("w:tc")
_W_SDT = qn("w:sdt")
_W_SDT_CONTENT = qn("w:sdtContent")
_W_CUSTOM_XML = qn("w:customXml")
_W_DEL = qn("w:del")
_W_MOVE_FROM = qn("w:moveFrom")
_W_TXBX = qn("w:txbxContent")
_W_PPR = qn("w:pPr")
_W_PSTYLE = qn("w:pStyle")
_W_OUTLINE = qn("w:outlineLvl")
_W_VAL = qn("w:val")

_HEADING_STYLE = re.compile(r"^(?:heading|标题)\s*([1-9])$", re.I)
_TITLE_STYLE = re.compile(r"^(?:title|标题)$", re.I)
_JUNK_TITLE = re.compile(r"^(?:microsoft\s+word\s*-|untitled\b|无标题|文档\d*$|document\d*$)", re.I)
_JUNK_AUTHORS = frozenset(
    {"", "anonymous", "unknown", "user", "admin", "administrator", "微软用户"}
)


def read(data: bytes, *, name: str, content_hash: str) -> SourceDocument:
    """Read a DOCX's body paragraphs and tables in order. Raises an InputError subclass."""
    if not data:
        raise EmptyInputError("the file is empty")
    _check_unpacked_size(data)
    try:
        document = docx.Document(io.BytesIO(data))
        blocks = list(_blocks(document))
        metadata = _metadata(document, blocks)
    except _BROKEN as exc:
        raise BrokenFileError(f"the Word document is damaged and cannot be opened: {exc}") from exc

    if not any(b.text.strip() for b in blocks):
        raise NoTextError("the Word document has no text")
    return SourceDocument(
        name=name,
        content_hash=content_hash,
        format=SourceFormat.DOCX,
        size=len(data),
        encoding=None,
        metadata=metadata,
        blocks=blocks,
    )


def _check_unpacked_size(data: bytes) -> None:
    try:
        with zipfile.ZipFile(io.BytesIO(data)) as archive:
            unpacked = sum(info.file_size for info in archive.infolist())
    except (zipfile.BadZipFile, EOFError, ValueError, OSError) as exc:
        raise BrokenFileError(f"the Word document is damaged (not a readable ZIP: {exc})") from exc
    if unpacked > _MAX_UNPACKED_BYTES:
        raise TooLargeError(
            f"the Word document expands to {unpacked / 1048576:.0f} MB, above the limit of "
            f"{_MAX_UNPACKED_BYTES / 1048576:.0f} MB"
        )


# --- body -------------------------------------------------------------------------


def _blocks(document: DocxDocument) -> Iterator[Block]:
    styles = _StyleLevels(document)
    for element in _block_elements(document.element.body):
        if element.tag == _W_P:
            text = _paragraph_text(element).strip()
            if not text:
                continue
            level = styles.heading_level(element)
            if level is None:
                yield Block(text=text, role=BlockRole.BODY)
            else:
                yield Block(text=text, role=BlockRole.HEADING, level=level)
        else:
            yield from _table_blocks(element)


def _block_elements(container: etree._Element) -> Iterator[etree._Element]:
    """Paragraphs and tables of a body, in order, looking inside content controls."""
    for child in container:
        if child.tag in (_W_P, _W_TBL):
            yield child
        elif child.tag in (_W_SDT, _W_SDT_CONTENT, _W_CUSTOM_XML):
            yield from _block_elements(child)


def _table_blocks(table: etree._Element) -> Iterator[Block]:
    for row in table.iter(_W_TR):
        if _nearest(row, _W_TBL) is not table:
            continue  # a row of a table nested in a cell: read with that cell
        cells = [_cell_text(tc) for tc in row.iter(_W_TC) if _nearest(tc, _W_TR) is row]
        text = _CELL_SEPARATOR.join(c for c in cells if c)
        if text:
            yield Block(text=text, role=BlockRole.BODY)


def _cell_text(cell: etree._Element) -> str:
    """A cell's paragraphs (nested tables included) on one line."""
    parts = (_paragraph_text(p).strip() for p in cell.iter(_W_P) if not _in_text_box(p, cell))
    return " ".join(" ".join(p.split()) for p in parts if p)


def _paragraph_text(p: etree._Element) -> str:
    """The visible text of a paragraph: its runs, also inside hyperlinks, insertions,
    smart tags, fields and content controls; not deleted text, not text boxes."""
    parts: list[str] = []
    for run in p.iter(_W_R):
        owner = run.getparent()
        skip = False
        while owner is not None and owner is not p:
            if owner.tag in (_W_DEL, _W_MOVE_FROM, _W_P, _W_TXBX):
                skip = True
                break
            owner = owner.getparent()
        if not skip:
            parts.append(run.text or "")  # CT_R.text maps w:tab, w:br, w:cr to \t and \n
    return "".join(parts)


def _nearest(element: etree._Element, tag: str) -> etree._Element | None:
    parent = element.getparent()
    while parent is not None and parent.tag != tag:
        parent = parent.getparent()
    return parent


def _in_text_box(p: etree._Element, stop: etree._Element) -> bool:
    parent = p.getparent()
    while parent is not None and parent is not stop:
        if parent.tag == _W_TXBX:
            return True
        parent = parent.getparent()
    return False


class _StyleLevels:
    """Heading level of a paragraph from its style name or outline level."""

    def __init__(self, document: DocxDocument) -> None:
        self._styles = document.styles
        self._cache: dict[str | None, int | None] = {}

    def heading_level(self, p: etree._Element) -> int | None:
        ppr = p.find(_W_PPR)
        if ppr is not None:
            own = _outline_level(ppr)
            if own is not None:
                return own or None
        style_id = None
        if ppr is not None and (pstyle := ppr.find(_W_PSTYLE)) is not None:
            style_id = pstyle.get(_W_VAL)
        if style_id not in self._cache:
            self._cache[style_id] = self._style_level(style_id)
        return self._cache[style_id]

    def _style_level(self, style_id: str | None) -> int | None:
        if style_id is None:
            return None
        style = next((s for s in self._styles if s.style_id == style_id), None)
        seen = 0
        while style is not None and seen < 10:  # follow "based on", guarding against loops
            name = (style.name or "").strip()
            if m := _HEADING_STYLE.match(name):
                return int(m.group(1))
            if _TITLE_STYLE.match(name):
                return 1
            ppr = style.element.find(_W_PPR)
            if ppr is not None and (level := _outline_level(ppr)) is not None:
                return level or None
            style = _base_style(style)
            seen += 1
        return None


def _base_style(style: BaseStyle) -> BaseStyle | None:
    base = getattr(style, "base_style", None)
    return base if isinstance(base, BaseStyle) else None


def _outline_level(ppr: etree._Element) -> int | None:
    """1-9 for a heading outline level, 0 for "body text" (level 9), None if unset."""
    outline = ppr.find(_W_OUTLINE)
    if outline is None:
        return None
    try:
        value = int(outline.get(_W_VAL, ""))
    except ValueError:
        return None
    return value + 1 if 0 <= value <= 8 else 0


# --- metadata ---------------------------------------------------------------------


def _metadata(document: DocxDocument, blocks: list[Block]) -> dict[str, Any]:
    meta: dict[str, Any] = {}
    props = document.core_properties
    title = " ".join((props.title or "").split())
    if not title or _JUNK_TITLE.match(title):
        heading = next((b for b in blocks if b.role is BlockRole.HEADING), None)
        title = heading.text.replace("\n", " ") if heading else ""
    if title:
        meta["title"] = title
    author = (props.author or "").strip()
    if author.lower() not in _JUNK_AUTHORS:
        meta["author"] = author
    when = _aware(props.created) or _aware(props.modified)
    if when is not None:
        meta["date"] = when
    return meta


def _aware(value: datetime | date | None) -> datetime | date | None:
    if isinstance(value, datetime) and value.tzinfo is None:
        return value.replace(tzinfo=UTC)  # OOXML dates are UTC (W3CDTF with Z)
    return value
