"""Reader for web pages such as government notices: main text, headings and metadata.

Steps: sniff the declared charset and decode; flatten absurdly deep nesting; parse with
lexbor and drop everything a reader never sees (scripts, styles, templates, hidden
elements); take the main content with trafilatura, or with a plain paragraph scan when
trafilatura finds too little; classify 来源/发布时间/打印本页 lines as FURNITURE; read the
title, date, publisher and URL from meta tags and the text near the top.
"""

from __future__ import annotations

import logging
import re
from collections.abc import Iterable, Iterator
from dataclasses import dataclass
from datetime import UTC, date, datetime, timedelta, timezone
from typing import Any

import trafilatura
from lxml import etree
from selectolax.lexbor import (
    LexborDocumentOptions,
    LexborHTMLParser,
    LexborNode,
    SelectolaxError,
)

from plantrack.errors import BrokenFileError, EmptyInputError, NoTextError
from plantrack.ingest.encoding import decode_text
from plantrack.model import Block, BlockRole, SourceDocument, SourceFormat

log = logging.getLogger(__name__)

# --- limits -----------------------------------------------------------------------

# Nesting deeper than this is flattened before parsing: lexbor's tree builder is
# quadratic in depth for block elements (100 000 nested <div> take minutes) and lxml,
# which trafilatura uses, stops at 256 anyway.
_MAX_DEPTH = 256
# Above this many start tags trafilatura gets slow (seconds per MB); the paragraph
# scan alone is used.
_MAX_TAGS_FOR_TRAFILATURA = 50_000
# trafilatura's result is replaced by the paragraph scan when it holds fewer body
# characters than this and the scan finds at least twice as many.
_MIN_MAIN_CHARS = 100
# Block offsets: a block's first word is looked for this far ahead of the previous
# block; all searches together scan at most this many times the page's length.
_OFFSET_WINDOW = 20_000
_OFFSET_BUDGET = 8
# 来源/发布时间 are looked for in this many characters of page text from the top.
_META_TEXT_WINDOW = 6_000
_FURNITURE_MAX_CHARS = 120

# China Standard Time: the zone of a time that a Chinese page gives without one.
CST = timezone(timedelta(hours=8), "CST")

# --- patterns ---------------------------------------------------------------------

_CHARSET_META = re.compile(rb"<meta\b[^>]*?charset\s*=\s*[\"']?\s*([A-Za-z0-9_:.+-]+)", re.I)
_CHARSET_XML = re.compile(rb"<\?xml\b[^>]*?encoding\s*=\s*[\"']([A-Za-z0-9_:.+-]+)", re.I)

# Tags for the depth scan; comments and raw-text elements (whose content the parser
# does not read as tags) are skipped whole. Attributes are bounded in length so that
# thousands of "<a" without a ">" cannot make the scan quadratic.
_TAG_TOKEN = re.compile(
    r"<!--.*?(?:-->|\Z)"
    r"|<(script|style|textarea|xmp|title|iframe|noembed|noframes)\b[^>]{0,4096}>"
    r".*?(?:</\1\s*>|\Z)"
    r"|<(/?)([A-Za-z][A-Za-z0-9:-]{0,64})\b[^>]{0,4096}>",
    re.S | re.I,
)
_VOID_TAGS = frozenset(
    {
        *("area", "base", "br", "col", "embed", "hr", "img", "input", "link", "meta"),
        *("param", "source", "track", "wbr"),
        # elements whose end tag is implied: they do not deepen the tree when unclosed
        *("p", "li", "dt", "dd", "option", "optgroup", "tr", "td", "th", "thead"),
        *("tbody", "tfoot", "colgroup", "caption", "rb", "rt", "rp"),
    }
)

_INVISIBLE_TAGS = (
    "script, style, noscript, template, iframe, frame, frameset, object, embed, applet, "
    "svg, math, canvas, audio, video, select, textarea, button, input, dialog, map"
)
_HIDDEN_STYLE = re.compile(r"display\s*:\s*none|visibility\s*:\s*hidden", re.I)
_XML_UNSAFE = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\ufffe\uffff]")

_BLOCK_TAGS = frozenset(
    {
        *("address", "article", "aside", "blockquote", "body", "br", "center", "dd"),
        *("details", "dialog", "dir", "div", "dl", "dt", "fieldset", "figcaption"),
        *("figure", "footer", "form", "h1", "h2", "h3", "h4", "h5", "h6", "header"),
        *("hgroup", "hr", "html", "li", "main", "menu", "nav", "ol", "p", "pre"),
        *("section", "summary", "table", "tbody", "td", "tfoot", "th", "thead", "tr", "ul"),
    }
)
_FALLBACK_SELECTOR = "h1, h2, h3, h4, h5, h6, p, li, tr"
_HEADING_TAGS = {f"h{i}": i for i in range(1, 7)}
# Site navigation, footers and widgets: by tag, or by a class or id token such as
# "nav", "main-menu", "site_footer", "breadcrumb".
_BOILERPLATE_TAGS = "nav, footer, aside, [class], [id]"
_BOILERPLATE_TOKEN = re.compile(
    r"^(?:[a-z0-9]+[-_])?(?:nav|navbar|navigation|menu|breadcrumbs?|crumbs?|footer|sidebar|"
    r"share|sharebar|toolbar|copyright)$",
    re.I,
)
# Boilerplate is not removed if it would take more than this share of the page's text.
_MAX_BOILERPLATE_SHARE = 0.8

# Lines that are page furniture, not text: source/date lines, counters, buttons.
_FURNITURE = re.compile(
    r"(?:^|[\s|｜】\]])(?:信息|文章|稿件|新闻)?来源\s*[:：]"
    r"|^(?:发布|发文|更新)(?:时间|日期|机构|单位)\s*[:：]"
    r"|(?:^|\s)(?:发布时间|发布日期)\s*[:：]"
    r"|^(?:时间|日期)\s*[:：]\s*\d{4}"
    r"|(?:浏览|阅读|点击|访问)(?:次数|量|数)\s*[:：]|^(?:浏览|阅读|点击)(?:次数|量)\s*\d+"
    r"|打印本页|打印此页|关闭窗口|关闭本页|【\s*(?:打印|关闭)\s*】"
    r"|^分享到|^【?\s*字[号体]\s*[:：]|^责任编辑\s*[:：]|^扫一扫|^[上下]一篇\s*[:：]"
    r"|^(?:当前位置|您的位置|您当前的位置|您现在的位置)\s*[:：]|^首页\s*[>＞»]"
    r"|^(?:索引号|主题分类|主题词|公开方式|公开范围|信息分类|生成日期|成文日期|发文字号)\s*[:：]"
)

# The end of a labelled value: two spaces, a bracket or bar, the next "label：", the line end.
_LABEL_STOP = r"(?=\s{2,}|[|｜【\[]|\s+[^\s:：]{1,6}[:：]|\s*分享|$)"
_SOURCE_TEXT = re.compile(
    r"(?:^|(?<=[\s|｜】\])）]))(?:信息|文章|稿件|新闻)?来源\s*[:：]\s*(.{1,60}?)" + _LABEL_STOP,
    re.M,
)
_ISSUER_TEXT = re.compile(
    r"(?:发布机构|发文机关|发布单位)\s*[:：]\s*(.{1,60}?)" + _LABEL_STOP,
    re.M,
)
_DATE_VALUE = (
    r"(\d{4}\s*[-/.年]\s*\d{1,2}\s*[-/.月]\s*\d{1,2}\s*日?"
    r"(?:[T\s]*\d{1,2}:\d{2}(?::\d{2})?)?)"
)
_PUBLISHED_TEXT = re.compile(r"(?:发布|发文|印发)(?:时间|日期)\s*[:：]\s*" + _DATE_VALUE)
_DATE_TEXT = re.compile(r"(?:时间|日期)\s*[:：]\s*" + _DATE_VALUE)
_DATE_PARTS = re.compile(
    r"(\d{4})\s*[-/.年]\s*(\d{1,2})\s*[-/.月]\s*(\d{1,2})\s*日?"
    r"(?:(?:T|\s*)(\d{1,2}):(\d{2})(?::(\d{2}))?(?:\.\d+)?\s*(Z|[+-]\d{2}:?\d{2})?)?"
)

# 来源 values that name no one ("this site", "original").
_NOT_A_PUBLISHER = frozenset({"本网", "本站", "原创", "网络", "互联网", "未知"})
_DATE_META_KEYS = (
    "pubdate",
    "publishdate",
    "publish_date",
    "publish-date",
    "article:published_time",
    "og:article:published_time",
    "datepublished",
    "dc.date.issued",
    "dcterms.issued",
    "dc.date",
    "date",
)
_TITLE_SEPARATOR = re.compile(r"\s*[_|｜]\s*|\s+[-–—]{1,2}\s+")
# A whole title that is only a site name; a title segment that names a site or column.
_SITE_ONLY = re.compile(
    r"(?:网站|门户|官网|首页|政府网|新闻网|人民政府|客户端)$"
    r"|^(?:www\.)?[a-z0-9-]+(?:\.[a-z0-9-]+)*\.(?:cn|com|net|org|gov|edu)(?:\.cn)?$",
    re.I,
)
_SITE_SEGMENT = re.compile(
    _SITE_ONLY.pattern + r"|(?<!互联)(?<!物联)(?<![电管光])网$|(?:平台|频道|政府|新闻|在线|中心|报|"
    r"局|委|厅|办|部|政策文件|通知公告|政务公开|工作动态|要闻|资讯|栏目|专题)$",
    re.I,
)


@dataclass(frozen=True, slots=True)
class _Piece:
    """One line of extracted text; level is set for a heading."""

    text: str
    level: int | None = None


# --- entry point ------------------------------------------------------------------


def read(data: bytes, *, name: str, content_hash: str) -> SourceDocument:
    """Read a web page's main text and metadata. Raises an InputError subclass."""
    if not data.strip():
        raise EmptyInputError("the file is empty" if not data else "the file holds only whitespace")
    html, encoding = decode_text(data, sniff_charset(data))

    try:
        page, tag_count = parse_untrusted(html)
        head_meta = _head_metadata(page)
        _drop_invisible(page)
        first_h1 = _first_heading(page)
        page_lines = _node_lines(page.body) if page.body is not None else []
        _drop_boilerplate(page, sum(len(line) for line in page_lines))
    except (SelectolaxError, UnicodeError) as exc:
        raise BrokenFileError(f"the page cannot be parsed as HTML ({exc})") from exc

    traf_doc = None
    if tag_count <= _MAX_TAGS_FOR_TRAFILATURA:
        traf_doc = _trafilatura(page.html or "")
    else:
        log.info("%s: %d tags, main-content extraction skipped", name, tag_count)
    pieces = _xml_pieces(traf_doc.body) if traf_doc is not None else []
    if _body_chars(pieces) < _MIN_MAIN_CHARS:
        fallback = _fallback_pieces(page)
        if _body_chars(fallback) >= 2 * max(_body_chars(pieces), 1):
            log.debug("%s: trafilatura found too little, using the paragraph scan", name)
            pieces = fallback

    blocks = _blocks(pieces, html)
    if not any(b.role is not BlockRole.FURNITURE for b in blocks):
        raise NoTextError("the page has no readable text")

    metadata = _metadata(head_meta, first_h1, page_lines, traf_doc)
    metadata["encoding"] = encoding
    if metadata.get("title"):
        title_at = _title_offset(html, metadata["title"])
        if title_at is not None:
            metadata["title_offset"] = title_at
    return SourceDocument(
        name=name,
        content_hash=content_hash,
        format=SourceFormat.HTML,
        size=len(data),
        encoding=encoding,
        metadata=metadata,
        blocks=blocks,
    )


def sniff_charset(data: bytes) -> str | None:
    """The charset a page declares in its first 4 KB (meta charset, http-equiv, XML)."""
    head = data[:4096]
    m = _CHARSET_META.search(head) or _CHARSET_XML.search(head)
    return m.group(1).decode("ascii", "replace") if m else None


# --- parsing and cleaning ---------------------------------------------------------


def parse_untrusted(html: str) -> tuple[LexborHTMLParser, int]:
    """Parse HTML that may be hostile; returns the tree and the number of start tags.

    Tags nested deeper than _MAX_DEPTH are flattened first (lexbor slows down sharply
    with depth), and DOM mutation events are off: mirroring <option>s into
    <selectedcontent> is quadratic and adds nothing we read.
    """
    flat, tag_count = _limit_depth(html)
    return LexborHTMLParser(flat, options=LexborDocumentOptions.WO_EVENTS), tag_count


def _limit_depth(html: str) -> tuple[str, int]:
    """The page with start/end tags beyond _MAX_DEPTH removed (their text kept), and
    the number of start tags. The depth is estimated from the tags, as a parser would
    nest them: end tags of elements that are not open are ignored, and "/>" closes
    an element only inside SVG or MathML."""
    depth = tags = foreign = 0
    open_count: dict[str, int] = {}
    dropped: dict[str, int] = {}
    cuts: list[tuple[int, int]] = []
    for m in _TAG_TOKEN.finditer(html):
        name = m.group(3)
        if name is None:
            continue  # comment or raw-text element
        name = name.lower()
        if m.group(2) == "/":
            if dropped.get(name):
                dropped[name] -= 1
                cuts.append(m.span())
            elif open_count.get(name):
                open_count[name] -= 1
                depth -= 1
                foreign -= name in ("svg", "math")
            continue
        tags += 1
        if name in _VOID_TAGS or (foreign and m.group(0).endswith("/>")):
            continue
        if depth >= _MAX_DEPTH:
            dropped[name] = dropped.get(name, 0) + 1
            cuts.append(m.span())
        else:
            depth += 1
            open_count[name] = open_count.get(name, 0) + 1
            foreign += name in ("svg", "math")
    if not cuts:
        return html, tags
    log.info("flattening %d tags nested deeper than %d", len(cuts), _MAX_DEPTH)
    parts: list[str] = []
    pos = 0
    for start, end in cuts:
        parts.append(html[pos:start])
        pos = end
    parts.append(html[pos:])
    return "".join(parts), tags


def _drop_invisible(page: LexborHTMLParser) -> None:
    """Remove what a browser does not show as text: scripts, styles, templates,
    embedded objects, form controls, hidden elements."""
    doomed = page.css(_INVISIBLE_TAGS)
    for node in page.css('[hidden], [aria-hidden="true"], [style]'):
        attrs = node.attributes
        style = attrs.get("style") or ""
        if "hidden" in attrs or attrs.get("aria-hidden") == "true" or _HIDDEN_STYLE.search(style):
            doomed.append(node)
    for node in _outermost(doomed):
        node.decompose()


def _drop_boilerplate(page: LexborHTMLParser, page_chars: int) -> None:
    """Remove navigation, footers and share widgets, unless that empties the page."""
    found = [
        node
        for node in page.css(_BOILERPLATE_TAGS)
        if node.tag in ("nav", "footer", "aside")
        or any(
            _BOILERPLATE_TOKEN.match(token)
            for token in f"{node.attributes.get('class') or ''} {node.id or ''}".split()
        )
    ]
    doomed = _outermost(found)
    chars = sum(len(_norm(node.text(separator=" "))) for node in doomed)
    if chars > _MAX_BOILERPLATE_SHARE * page_chars:
        log.debug("boilerplate-looking elements hold most of the text; kept")
        return
    for node in doomed:
        node.decompose()


def _outermost(nodes: list[LexborNode]) -> list[LexborNode]:
    """The nodes that are not inside another node of the list (removing one removes
    the nodes inside it). Each ancestor is visited once, so the cost stays linear."""
    marked = {node.mem_id for node in nodes}
    inside: dict[int, bool] = {}  # node id -> the node or one of its ancestors is marked
    out: list[LexborNode] = []
    seen: set[int] = set()  # a node matched twice is removed once
    for node in nodes:
        if node.mem_id in seen:
            continue
        seen.add(node.mem_id)
        chain: list[int] = []
        verdict = False
        parent = node.parent
        while parent is not None:
            pid = parent.mem_id
            if pid in inside:
                verdict = inside[pid]
                break
            chain.append(pid)
            if pid in marked:
                verdict = True
                break
            parent = parent.parent
        for pid in chain:
            inside[pid] = verdict
        if not verdict:
            out.append(node)
    return out


def _node_lines(node: LexborNode) -> list[str]:
    """The text of a node, one line per block element or <br>."""
    parts: list[str] = []
    for child in node.traverse(include_text=True):
        tag = child.tag
        if tag == "-text":
            parts.append(child.text_content or "")
        elif tag in _BLOCK_TAGS:
            parts.append("\n")
    return [line for line in map(_norm, "".join(parts).split("\n")) if line]


def _norm(text: str) -> str:
    """Whitespace of a line collapsed (full-width and no-break spaces too), ends stripped."""
    return " ".join(text.split())


# --- main content -----------------------------------------------------------------


def _trafilatura(html: str) -> Any:
    """trafilatura's extraction (a Document with an XML .body), or None."""
    try:
        return trafilatura.bare_extraction(
            _XML_UNSAFE.sub("", html),
            favor_recall=True,
            # no second opinion from readability/jusText: our own paragraph scan is the
            # fallback, and skipping theirs halves the time per page
            fast=True,
            with_metadata=True,
            include_comments=False,
            include_tables=True,
            include_images=False,
            include_links=False,
            deduplicate=False,
            # markup only: a free-text search takes "第1995条" for a year
            date_extraction_params={"original_date": True, "extensive_search": False},
        )
    # trafilatura is a best-effort helper with a fallback behind it: whatever it raises
    # on hostile markup must not lose the page.
    except Exception as exc:
        log.warning(
            "trafilatura failed (%s: %s), using the paragraph scan", type(exc).__name__, exc
        )
        return None


_XML_CONTAINERS = frozenset({"body", "div", "list", "table", "quote", "section", "main"})
_XML_INLINE_BREAKS = frozenset({"lb"})
_XML_NESTED_BLOCKS = frozenset({"p", "head", "item", "list", "table", "row", "quote", "code"})


def _xml_pieces(body: etree._Element | None) -> list[_Piece]:
    """Lines of trafilatura's XML body: <head rend="hN"> as headings, <p>, <item> and
    table rows (cells joined by " | ") as text."""
    pieces: list[_Piece] = []
    if body is None:
        return pieces

    def walk(element: etree._Element) -> None:
        for child in element:
            tag = child.tag
            if not isinstance(tag, str):
                continue  # comment or processing instruction
            if tag in _XML_CONTAINERS:
                if child.text and child.text.strip():
                    pieces.extend(_Piece(line) for line in _lines(child.text))
                walk(child)
            elif tag == "row":
                cells = (" ".join(_lines(_xml_text(c))) for c in child if c.tag == "cell")
                text = " | ".join(c for c in cells if c)
                if text:
                    pieces.append(_Piece(text))
            else:
                level = _heading_level(child.get("rend")) if tag == "head" else None
                pieces.extend(_Piece(line, level) for line in _lines(_xml_text(child)))
            if child.tail and child.tail.strip():
                pieces.extend(_Piece(line) for line in _lines(child.tail))

    walk(body)
    return pieces


def _xml_text(element: etree._Element) -> str:
    """Text of an element; <lb/> and nested blocks start a new line."""
    parts = [element.text or ""]
    for child in element:
        if isinstance(child.tag, str):
            if child.tag in _XML_INLINE_BREAKS:
                parts.append("\n")
            elif child.tag in _XML_NESTED_BLOCKS:
                parts.append("\n" + _xml_text(child) + "\n")
            else:
                parts.append(_xml_text(child))
        parts.append(child.tail or "")
    return "".join(parts)


def _heading_level(rend: str | None) -> int:
    if rend and len(rend) == 2 and rend[0] == "h" and rend[1] in "123456":
        return int(rend[1])
    return 3


def _lines(text: str) -> Iterator[str]:
    for line in text.split("\n"):
        line = _norm(line)
        if line:
            yield line


def _fallback_pieces(page: LexborHTMLParser) -> list[_Piece]:
    """Headings, paragraphs, list items and table rows of the body; of nested ones
    (a <p> in an <li>) only the innermost."""
    body = page.body
    if body is None:
        return []
    nodes = body.css(_FALLBACK_SELECTOR)
    selected = {node.mem_id for node in nodes}
    containers: set[int] = set()
    walked: set[int] = set()  # ancestors already visited: the walk stops there
    for node in nodes:
        parent = node.parent
        while parent is not None and parent.mem_id not in walked:
            walked.add(parent.mem_id)
            if parent.mem_id in selected:
                containers.add(parent.mem_id)
            parent = parent.parent

    pieces: list[_Piece] = []
    for node in (n for n in nodes if n.mem_id not in containers):
        tag = node.tag or ""
        if tag == "tr":
            cells = (" ".join(_node_lines(c)) for c in node.iter() if c.tag in ("td", "th"))
            text = " | ".join(c for c in cells if c)
            if text:
                pieces.append(_Piece(text))
        else:
            level = _HEADING_TAGS.get(tag)
            pieces.extend(_Piece(line, level) for line in _node_lines(node))
    if not pieces:
        pieces = [_Piece(line) for line in _node_lines(body)]
    return pieces


# Every match of _FURNITURE holds one of these words (each alternative names one), so a
# text without any is not furniture: this scan is some 30× cheaper than _FURNITURE's.
_FURNITURE_WORD = re.compile(
    "来源|时间|日期|机构|单位|浏览|阅读|点击|访问|打印|关闭|分享到|字号|字体|责任编辑|扫一扫"
    "|一篇|位置|首页|索引号|主题分类|主题词|公开方式|公开范围|信息分类|发文字号"
)


def _is_furniture(text: str) -> bool:
    return (
        len(text) <= _FURNITURE_MAX_CHARS
        and _FURNITURE_WORD.search(text) is not None
        and _FURNITURE.search(text) is not None
    )


def _body_chars(pieces: Iterable[_Piece]) -> int:
    return sum(len(p.text) for p in pieces if not _is_furniture(p.text))


def _blocks(pieces: list[_Piece], html: str) -> list[Block]:
    """Blocks with roles and the offset of their text in the decoded page."""
    body_at = re.search(r"<body\b", html, re.I)
    pos = body_start = body_at.start() if body_at else 0
    finder = _OffsetFinder(html)
    blocks: list[Block] = []
    for piece in pieces:
        furniture = _is_furniture(piece.text)
        start, end = finder.find(piece.text, pos)
        if furniture:
            # trafilatura may move a source/date line; it does not advance the search
            if start is None:
                start, _ = finder.find(piece.text, body_start)
        elif start is not None:
            pos = end
        if furniture:
            role = BlockRole.FURNITURE
        elif piece.level is not None:
            role = BlockRole.HEADING
        else:
            role = BlockRole.BODY
        blocks.append(
            Block(
                text=piece.text,
                role=role,
                level=piece.level if role is BlockRole.HEADING else None,
                source_start=start,
            )
        )
    return blocks


class _OffsetFinder:
    """Finds block texts in the page, scanning at most _OFFSET_BUDGET times its length
    in all (pages whose text cannot be found must not cost blocks × page length)."""

    def __init__(self, html: str) -> None:
        self.html = html
        self.budget = _OFFSET_BUDGET * len(html) + 100_000

    def find(self, text: str, pos: int) -> tuple[int | None, int]:
        """Where `text` starts at or after pos, or its first word (markup may split the
        text) within _OFFSET_WINDOW; (None, pos) if neither is found."""
        if self.budget <= 0:
            return None, pos
        limit = min(len(self.html), pos + self.budget)
        at = self.html.find(text, pos, limit)
        if at >= 0:
            self.budget -= at + len(text) - pos
            return at, at + len(text)
        self.budget -= limit - pos
        head = re.split(r"\s| \| ", text, maxsplit=1)[0][:30]
        if len(head) >= 2:
            limit = min(len(self.html), pos + _OFFSET_WINDOW)
            at = self.html.find(head, pos, limit)
            self.budget -= (at + len(head) if at >= 0 else limit) - pos
            if at >= 0:
                return at, at + len(head)
        return None, pos


# --- metadata ---------------------------------------------------------------------


def _head_metadata(page: LexborHTMLParser) -> dict[str, str]:
    """meta name/property → content (first wins), plus <title>, canonical and og URLs."""
    meta: dict[str, str] = {}
    for node in page.css("meta"):
        attrs = node.attributes
        key = attrs.get("name") or attrs.get("property") or attrs.get("itemprop")
        content = attrs.get("content")
        if key and content and content.strip():
            meta.setdefault(key.strip().lower(), _norm(content))
    title = page.css_first("title")
    if title is not None:
        meta["<title>"] = _norm(title.text())
    for node in page.css("link[rel]"):
        if "canonical" in (node.attributes.get("rel") or "").lower().split():
            href = (node.attributes.get("href") or "").strip()
            if href:
                meta.setdefault("<canonical>", href)
    return meta


def _title_offset(html: str, title: str) -> int | None:
    """Where the title stands in the page: in the body (an <h1>) rather than <title>."""
    body_at = re.search(r"<body\b", html, re.I)
    start = body_at.start() if body_at else 0
    at = html.find(title, start, start + 4 * _OFFSET_WINDOW)
    if at < 0:
        at = html.find(title, 0, start)
    return at if at >= 0 else None


def _first_heading(page: LexborHTMLParser) -> str | None:
    """The text of the first <h1> that has any (a logo <h1> holds only an image)."""
    for node in page.css("body h1"):
        text = _norm(node.text())
        if text:
            return text
    return None


def _metadata(
    head: dict[str, str], first_h1: str | None, page_lines: list[str], traf_doc: Any
) -> dict[str, Any]:
    meta: dict[str, Any] = {}
    top = "\n".join(page_lines)[:_META_TEXT_WINDOW]

    title = _title(head, first_h1, getattr(traf_doc, "title", None))
    if title:
        meta["title"] = title

    when = _first_date(head.get(k) for k in _DATE_META_KEYS)
    if when is None:
        m = _PUBLISHED_TEXT.search(top) or _DATE_TEXT.search(top)
        when = parse_date(m.group(1)) if m else None
    if when is None:
        when = parse_date(getattr(traf_doc, "date", None) or "")
    if when is not None:
        meta["date"] = when

    publisher = _publisher(head, top)
    if publisher:
        meta["publisher"] = publisher

    for url in (head.get("<canonical>"), head.get("og:url")):
        if url and re.match(r"https?://", url, re.I):
            meta["url"] = url
            break
    return meta


def _title(head: dict[str, str], first_h1: str | None, traf_title: str | None) -> str | None:
    for candidate in (
        head.get("articletitle"),
        head.get("og:title"),
        head.get("<title>"),
        first_h1,
        traf_title,
    ):
        title = strip_site_name(candidate or "")
        if title and not _SITE_ONLY.search(title):
            return title
    return strip_site_name(head.get("<title>") or "") or None


def strip_site_name(title: str) -> str:
    """A page title without the site name around it: "通知_示例市人民政府门户网站" → "通知"."""
    title = _norm(title)
    cuts = list(_TITLE_SEPARATOR.finditer(title))
    if not cuts:
        return title
    bounds = [0, *(x for m in cuts for x in m.span()), len(title)]
    segments = [(bounds[i], bounds[i + 1]) for i in range(0, len(bounds), 2)]

    def is_site(seg: tuple[int, int]) -> bool:
        text = title[seg[0] : seg[1]]
        return len(text) <= 40 and _SITE_SEGMENT.search(text) is not None

    while len(segments) > 1 and is_site(segments[-1]):
        segments.pop()
    longest = max(b - a for a, b in segments)
    while len(segments) > 1 and is_site(segments[0]) and segments[0][1] - segments[0][0] < longest:
        segments.pop(0)
    return title[segments[0][0] : segments[-1][1]].strip()


def _publisher(head: dict[str, str], top: str) -> str | None:
    for pattern in (_SOURCE_TEXT, _ISSUER_TEXT):
        m = pattern.search(top)
        value = m.group(1).strip(" ：:|｜") if m else ""
        if value and value not in _NOT_A_PUBLISHER:
            return value
        if pattern is _SOURCE_TEXT and head.get("contentsource"):
            return head["contentsource"]
    for key in ("author", "og:site_name", "sitename"):
        if head.get(key):
            return head[key]
    return None


def _first_date(values: Iterable[str | None]) -> datetime | date | None:
    for value in values:
        if value:
            when = parse_date(value)
            if when is not None:
                return when
    return None


def parse_date(text: str) -> datetime | date | None:
    """A date in a page: 2022-05-20, 2022/5/20, 2022年5月20日, with an optional time.

    With a time the result is an aware datetime (China Standard Time unless the text
    names a zone); without one, a date. None when the text holds no valid date.
    """
    m = _DATE_PARTS.search(text)
    if not m:
        return None
    year, month, day, hour, minute, second, zone = m.groups()
    try:
        day_only = date(int(year), int(month), int(day))
        if not 1949 <= day_only.year <= 2100:
            return None
        if hour is None:
            return day_only
        return datetime(
            day_only.year,
            day_only.month,
            day_only.day,
            int(hour),
            int(minute),
            int(second or 0),
            tzinfo=_zone(zone),
        )
    except ValueError:
        return None


def _zone(text: str | None) -> timezone:
    if not text:
        return CST
    if text == "Z":
        return UTC
    sign = -1 if text[0] == "-" else 1
    digits = text[1:].replace(":", "")
    return timezone(sign * timedelta(hours=int(digits[:2]), minutes=int(digits[2:4] or 0)))
