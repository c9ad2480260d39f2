"""Clean: SourceDocument -> CleanText (one readable text and its map to the source).

Paragraphs are joined by a single newline. PDF debris is removed for PDFs and PDF
dumps; every format gets the same character normalisation. The title, when a reader
found it apart from the body (front matter, <title>), becomes the first paragraph.
"""

from __future__ import annotations

from dataclasses import replace

from plantrack.clean.normalize import Piece, clean_paragraphs, clean_pieces
from plantrack.clean.pdf_debris import Line, clean_pdf_lines, split_lines
from plantrack.model import (
    Block,
    BlockRole,
    CleanParagraph,
    CleanText,
    OffsetMap,
    SourceDocument,
    SourceFormat,
)

PDF_FORMATS = frozenset({SourceFormat.PDF, SourceFormat.PDF_TEXT})


class _Builder:
    """Accumulates paragraphs into one text and the run-length offset map."""

    def __init__(self) -> None:
        self.parts: list[str] = []
        self.length = 0
        self.clean_starts: list[int] = []
        self.source_starts: list[int] = []
        self.paragraphs: list[CleanParagraph] = []

    def add(self, pieces: list[Piece], block: Block | None, page: int | None = None) -> None:
        if not pieces:
            return
        parts = self.parts
        clean_starts = self.clean_starts
        source_starts = self.source_starts
        length = self.length
        if parts:
            parts.append("\n")
            length += 1
        start = length
        # a new run where a piece does not continue the last run in the source
        last_clean = clean_starts[-1] if clean_starts else 0
        last_source = source_starts[-1] if source_starts else 0
        have_run = bool(clean_starts)
        for text, src in pieces:
            if not have_run or last_source + (length - last_clean) != src:
                clean_starts.append(length)
                source_starts.append(src)
                last_clean, last_source, have_run = length, src, True
            parts.append(text)
            length += len(text)
        self.length = length
        role = block.role if block else BlockRole.BODY
        self.paragraphs.append(
            CleanParagraph(
                start=start,
                end=length,
                role=role,
                page=page if page is not None else (block.page if block else None),
                level=block.level if block else None,
                link=block.link if block else None,
                title=block.title if block else None,
            )
        )

    def offset_map(self) -> OffsetMap:
        return OffsetMap(tuple(self.clean_starts), tuple(self.source_starts))


def _block_bases(blocks: list[Block]) -> list[int]:
    """Source offset of each block: its own, or its place in the blocks joined by newlines."""
    bases: list[int] = []
    virtual = 0
    for b in blocks:
        bases.append(b.source_start if b.source_start is not None else virtual)
        virtual += len(b.text) + 1
    return bases


def clean(source: SourceDocument) -> CleanText:
    """Turn a source document into clean text. Pure: same input, same output."""
    builder = _Builder()
    removed: dict[str, list[str]] = {}
    body = source.body_blocks
    bases = _block_bases(body)
    pdf = source.format in PDF_FORMATS

    title = str(source.metadata.get("title") or "").strip()
    first_text = body[0].text.strip() if body else ""
    if title and first_text != title and source.format not in PDF_FORMATS:
        pos = source.metadata.get("title_offset")
        title_block = Block(text=title, role=BlockRole.TITLE, source_start=pos)
        builder.add(
            clean_pieces([(title, pos if isinstance(pos, int) else 0)], pdf=False), title_block
        )

    if pdf:
        lines: list[Line | None] = []
        for block, base in zip(body, bases, strict=True):
            lines.extend(split_lines(block.text, base, block.page))
        result = clean_pdf_lines(lines)
        removed.update(result.removed)
        cleaned = clean_paragraphs([pieces for pieces, _ in result.paragraphs], pdf=True)
        for pieces, (_, page) in zip(cleaned, result.paragraphs, strict=True):
            builder.add(pieces, None, page)
    else:
        raw_lines: list[list[Piece]] = []
        line_blocks: list[Block] = []
        for i, (block, base) in enumerate(zip(body, bases, strict=True)):
            if i == 0 and title and first_text == title:
                block = replace(block, role=BlockRole.TITLE)  # the source's own title line
            pos = 0
            for raw in block.text.split("\n"):
                if raw.strip():
                    raw_lines.append([(raw, base + pos)])
                    line_blocks.append(block)
                pos += len(raw) + 1
        cleaned = clean_paragraphs(raw_lines, pdf=False)
        for pieces, block in zip(cleaned, line_blocks, strict=True):
            builder.add(pieces, block)

    for block in source.furniture:
        if block.text:
            removed.setdefault(block.title or "furniture", []).append(block.text)
    return CleanText(
        source=source,
        text="".join(builder.parts),
        paragraphs=builder.paragraphs,
        offset_map=builder.offset_map(),
        removed=removed,
    )
