"""The values that flow between PlanTrack's pipeline stages.

ingest -> SourceDocument -> clean -> CleanText -> structure -> Document

This module imports nothing of ours: readers, cleaners, the store and the CLI all
depend on it, never the other way round.
"""

from __future__ import annotations

import bisect
from dataclasses import dataclass, field
from datetime import date, datetime
from decimal import Decimal
from enum import StrEnum
from typing import Any


class SourceFormat(StrEnum):
    JEKYLL = "jekyll"  # Markdown/Jekyll post: YAML front matter + HTML or Markdown body
    HTML = "html"  # a web page such as a government notice
    PDF = "pdf"  # a PDF with a text layer
    PDF_TEXT = "pdf_text"  # plain text extracted from a PDF (page debris included)
    TEXT = "text"  # plain text that is not a PDF dump
    DOCX = "docx"


class BlockRole(StrEnum):
    TITLE = "title"  # the document's title, when the source gives it apart from the body
    BODY = "body"  # running text
    HEADING = "heading"  # a heading marked up as such by the source (h1-h6, Word heading style)
    RELATED = "related"  # an item of a 相关报道 / related-news list
    FURNITURE = "furniture"  # navigation, share links, widgets, source lines: kept aside, not text


@dataclass(frozen=True, slots=True)
class Block:
    """One piece of a source document's body as its reader found it.

    `text` may still hold PDF debris (line breaks, watermarks, page numbers); the
    clean stage removes it. `source_start` is the offset of `text` in the decoded
    source (characters), so a clean offset can be traced back to the file.
    """

    text: str
    role: BlockRole = BlockRole.BODY
    page: int | None = None
    level: int | None = None  # heading level when role is HEADING
    link: str | None = None  # link target of a RELATED item or a FURNITURE link
    title: str | None = None  # title of a RELATED item
    source_start: int | None = None


@dataclass(slots=True)
class SourceDocument:
    """What a reader makes of one file's bytes: format, raw metadata and body blocks."""

    name: str  # the file's name, as given
    content_hash: str  # sha256 of the file's bytes, hex
    format: SourceFormat
    size: int  # bytes
    encoding: str | None = None
    metadata: dict[str, Any] = field(default_factory=dict)
    blocks: list[Block] = field(default_factory=list)
    page_count: int | None = None

    @property
    def body_blocks(self) -> list[Block]:
        return [b for b in self.blocks if b.role is not BlockRole.FURNITURE]

    @property
    def furniture(self) -> list[Block]:
        return [b for b in self.blocks if b.role is BlockRole.FURNITURE]


@dataclass(frozen=True, slots=True)
class OffsetMap:
    """Maps offsets in a clean text back to offsets in the source.

    Stored as runs: run i starts at clean offset `clean_starts[i]` and source offset
    `source_starts[i]`, and inside a run both advance together. Memory grows with
    the number of edits, not with the length of the text.
    """

    clean_starts: tuple[int, ...] = ()
    source_starts: tuple[int, ...] = ()

    def to_source(self, clean_offset: int) -> int | None:
        if not self.clean_starts or clean_offset < 0:
            return None
        i = bisect.bisect_right(self.clean_starts, clean_offset) - 1
        if i < 0:
            return None
        return self.source_starts[i] + (clean_offset - self.clean_starts[i])

    def as_pairs(self) -> list[list[int]]:
        return [[c, s] for c, s in zip(self.clean_starts, self.source_starts, strict=True)]

    @classmethod
    def from_pairs(cls, pairs: list[list[int]]) -> OffsetMap:
        return cls(tuple(p[0] for p in pairs), tuple(p[1] for p in pairs))


@dataclass(frozen=True, slots=True)
class Span:
    start: int
    end: int


@dataclass(frozen=True, slots=True)
class CleanParagraph:
    """A paragraph of the clean text, with where it came from."""

    start: int
    end: int
    role: BlockRole = BlockRole.BODY
    page: int | None = None
    level: int | None = None
    link: str | None = None
    title: str | None = None


@dataclass(slots=True)
class CleanText:
    """One readable text (paragraphs separated by a newline) and its map to the source."""

    source: SourceDocument
    text: str
    paragraphs: list[CleanParagraph]
    offset_map: OffsetMap
    removed: dict[str, list[str]] = field(default_factory=dict)  # what was dropped, by reason


class SectionKind(StrEnum):
    ROOT = "root"
    PREFACE = "preface"  # 前言 / 序言 / 引言
    CHAPTER = "chapter"  # 一、
    SECTION = "section"  # （一）
    ITEM = "item"  # 1.
    SUBITEM = "subitem"  # （1）
    BOX = "box"  # 专栏 N
    HEADING = "heading"  # a heading marked up by the source (h2, Word Heading 1 …)
    RELATED = "related"  # a related-news item of a post


@dataclass(slots=True)
class Section:
    kind: SectionKind
    level: int  # 0 for the root
    number: str | None  # 一, （一）→ 一, 1, 专栏 2 → 2
    title: str
    start: int  # clean-text offsets covering the heading and everything under it
    end: int
    link: str | None = None
    children: list[Section] = field(default_factory=list)
    paragraphs: list[Span] = field(default_factory=list)  # paragraphs directly in this section

    @property
    def label(self) -> str:
        """How the section is named in an outline or a path: 一、, （一）, 1., 专栏2 …"""
        n = self.number
        match self.kind:
            case SectionKind.CHAPTER:
                return f"{n}、{self.title}"
            case SectionKind.SECTION:
                return f"（{n}）{self.title}"
            case SectionKind.ITEM:
                return f"{n}. {self.title}"
            case SectionKind.SUBITEM:
                return f"（{n}）{self.title}"
            case SectionKind.BOX:
                return f"专栏{n} {self.title}".rstrip()
            case _:
                return self.title

    def walk(self) -> list[Section]:
        out: list[Section] = [self]
        for child in self.children:
            out.extend(child.walk())
        return out


class DocType(StrEnum):
    NEWS = "news"
    PLAN = "plan"
    OPINION = "opinion"
    NOTICE = "notice"
    REPORT = "report"
    OTHER = "other"


class DocStatus(StrEnum):
    FINAL = "final"
    DRAFT = "draft"


@dataclass(slots=True)
class DocumentMeta:
    title: str
    title_inferred: bool = False
    region: str | None = None  # full official name of the issuing region
    doc_type: DocType = DocType.OTHER
    status: DocStatus = DocStatus.FINAL
    period_start: int | None = None
    period_end: int | None = None
    published: datetime | date | None = None
    source: str | None = None  # 文章来源 / publisher
    canonical_url: str | None = None
    categories: list[str] = field(default_factory=list)
    tags: list[str] = field(default_factory=list)
    codes: list[str] = field(default_factory=list)  # stock / sector codes (BK0900)
    extra: dict[str, Any] = field(default_factory=dict)
    # The year whose goals a work report or an annual plan sets (2009年政府工作报告 → 2009;
    # 今年发展主要预期目标 → the publication year), whatever the document's type.
    report_year: int | None = None
    # Field name → the text that gave it ("published": "——2009年1月11日在…会议上",
    # "doc_type": "各位代表：", "report_year": "2009年四川省经济社会发展的主要预期目标").
    evidence: dict[str, str] = field(default_factory=dict)


def _no_index() -> None:
    return None


class _SectionIndex:
    """Where each section's children start and end, for `Document.section_path`.

    Built once per section tree, in time linear in the number of sections. Where a
    section's children are in order and do not overlap (as `structure` builds them), the
    child holding an offset is found by bisection; elsewhere (a tree built by hand) by
    the same scan as before, so the answer never changes.
    """

    __slots__ = ("nodes", "root")

    def __init__(self, root: Section) -> None:
        self.root = root
        # id(section) → (children, their starts, their ends, bisectable)
        self.nodes: dict[int, tuple[list[Section], list[int], list[int], bool]] = {}
        stack = [root]
        while stack:
            node = stack.pop()
            children = node.children
            if not children:
                continue
            starts = [c.start for c in children]
            ends = [c.end for c in children]
            ordered = all(
                ends[i] <= starts[i + 1] and starts[i] <= ends[i] for i in range(len(children) - 1)
            )
            self.nodes[id(node)] = (list(children), starts, ends, ordered)
            stack.extend(children)

    def fresh(self, root: Section) -> bool:
        return root is self.root

    def __reduce__(self) -> tuple[Any, tuple[()]]:
        # Keyed by object ids, the index means nothing to a copy or in another process (a
        # worker sends its documents back pickled): those get None and build their own.
        return (_no_index, ())

    def path(self, offset: int) -> list[Section]:
        path: list[Section] = []
        node = self.root
        nodes = self.nodes
        while True:
            entry = nodes.get(id(node))
            if entry is None:
                return path
            children, starts, ends, ordered = entry
            if ordered:
                # children in order and apart: only the last one that starts at or before
                # the offset can hold it
                i = bisect.bisect_right(starts, offset) - 1
                inner = children[i] if i >= 0 and offset < ends[i] else None
            else:
                inner = next((c for c in children if c.start <= offset < c.end), None)
            if inner is None:
                return path
            path.append(inner)
            node = inner


@dataclass(slots=True)
class Document:
    """A structured document: clean text, section tree, sentences and metadata.

    The section tree is not changed once the document is built: `section_path` keeps
    an index of it (rebuilt when `root` is replaced)."""

    source: SourceDocument
    clean: CleanText
    meta: DocumentMeta
    root: Section
    sentences: list[Span]
    _index: _SectionIndex | None = field(default=None, init=False, repr=False, compare=False)

    @property
    def text(self) -> str:
        return self.clean.text

    def sections(self) -> list[Section]:
        """Every section but the root, in document order."""
        return self.root.walk()[1:]

    def section_path(self, offset: int) -> list[Section]:
        """The chain of sections (outermost first) holding a clean-text offset.

        O(depth × log(sections)): each level's child is found by bisection over the
        starts of the children, indexed on the first call."""
        index = self._index
        if index is None or not index.fresh(self.root):
            index = self._index = _SectionIndex(self.root)
        return index.path(offset)

    def sentence_range(self, start: int, end: int) -> range:
        """Indices of the sentences that overlap [start, end), found by bisection
        (sentences are in order and do not overlap)."""
        sentences = self.sentences
        lo = bisect.bisect_right(sentences, start, key=_span_end)
        hi = bisect.bisect_left(sentences, end, lo, key=_span_start)
        return range(lo, hi)


def _span_start(span: Span) -> int:
    return span.start


def _span_end(span: Span) -> int:
    return span.end


class StatementKind(StrEnum):
    TARGET = "target"  # a commitment of the issuing authority, with a deadline
    BASELINE = "baseline"  # a measured fact about the past or present
    FORECAST = "forecast"  # a projection that is not the author's commitment


@dataclass(slots=True)
class Statement:
    """A quantified statement found in a document (see ../shared/eval/SCHEMA.md)."""

    kind: StatementKind
    scope: str | None  # full official name of the place the figure is about
    year: int | None  # deadline (target), observed year (baseline), forecast year
    indicator: str  # what is measured, in the document's words
    value: Decimal  # in the canonical unit; for a range its lower end
    unit: str
    comparator: str  # >=, >, =, <=, <
    stretch: bool  # 力争, 争取, 努力, 力求
    cumulative: bool  # 累计 …
    part_of: str | None  # indicator of the total a breakdown belongs to
    text: str  # the shortest phrase that states the figure
    start: int  # offsets of `text` in the clean text
    end: int
    value_high: Decimal | None = None  # upper end of a range
    section: str = ""  # section path, labels joined by " › "
    cues: dict[str, str] = field(default_factory=dict)  # why: kind, year, comparator …
    mentions: int = 1
    indicator_id: str | None = None  # taxonomy id (data/indicators.toml); None: unmapped
    scope_code: str | None = None  # administrative division code of the scope


@dataclass(frozen=True, slots=True)
class Entity:
    """An actor or place a document names: enterprise, park, university, city, segment."""

    kind: str
    name: str
    mentions: tuple[tuple[int, int], ...]  # clean-text offsets
    sections: tuple[str, ...]  # labels of the sections that name it
