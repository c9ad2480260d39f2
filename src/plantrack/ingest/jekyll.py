"""Jekyll / Markdown posts: YAML front matter and an HTML or Markdown body.

The body is rendered with markdown-it (raw HTML passes through) and walked with
selectolax. Paragraphs become BODY blocks; the items of a 相关报道 list become
RELATED blocks with their links; chart widgets, hidden elements, the source line,
the share link and navigation links become FURNITURE (kept aside, never text), and
what they tell (sector codes, source, canonical link) goes into the metadata.
"""

from __future__ import annotations

import logging
import re
from datetime import date, datetime
from typing import Any

import yaml
from markdown_it import MarkdownIt
from selectolax.lexbor import LexborNode

from plantrack.errors import EncodingError, InputError, NoTextError
from plantrack.ingest.encoding import decode_text
from plantrack.ingest.html import parse_untrusted
from plantrack.model import Block, BlockRole, SourceDocument, SourceFormat

log = logging.getLogger(__name__)

_FRONT_MATTER = re.compile(r"\A\ufeff?---[ \t]*\n(.*?)\n---[ \t]*(?:\n|\Z)", re.S)
_BR = re.compile(r"<br\s*/?>", re.I)
_SKIP_TAGS = frozenset(
    [
        "script",
        "style",
        "noscript",
        "template",
        "iframe",
        "object",
        "embed",
        "img",
        "svg",
        "canvas",
        "form",
        "button",
        "input",
        "select",
        "textarea",
        "video",
        "audio",
        "map",
    ]
)
_BLOCK_TAGS = frozenset(
    [
        "p",
        "h1",
        "h2",
        "h3",
        "h4",
        "h5",
        "h6",
        "li",
        "pre",
        "blockquote",
        "td",
        "th",
        "dd",
        "dt",
        "figcaption",
    ]
)
_HEADING_TAGS = {f"h{i}": i for i in range(1, 7)}
_HIDDEN_STYLE = re.compile(r"display\s*:\s*none|visibility\s*:\s*hidden", re.I)
_RELATED_HEADINGS = re.compile(r"^(相关(报道|新闻|阅读|文章|链接)|延伸阅读|推荐阅读)$")
_SOURCE_LINE = re.compile(r"^[（(]?\s*(?:文章|信息|稿件)?来源\s*[:：]\s*(.+?)\s*[)）]?$")
_NAV_TEXT = re.compile(r"返回|首页|上一篇|下一篇|更多|分享到|打印|关闭")
_CODE_IN_ATTR = re.compile(r"^(?:K\s+)?([A-Z]{0,3}\d{3,6})\b")
_CODE_IN_URL = re.compile(r"/\d{1,3}\.([A-Z]{0,3}\d{3,6})\b")
_DATE_FORMATS = (
    "%Y-%m-%d %H:%M:%S %z",
    "%Y-%m-%d %H:%M %z",
    "%Y-%m-%d %H:%M:%S",
    "%Y-%m-%d %H:%M",
    "%Y-%m-%dT%H:%M:%S%z",
    "%Y-%m-%dT%H:%M:%S",
)

_markdown = MarkdownIt("commonmark", {"html": True, "linkify": False})


def parse_post_date(value: str) -> datetime | date | None:
    """A Jekyll date ("2022-05-20 21:45:07 +0800") as a datetime keeping its zone."""
    value = value.strip()
    for fmt in _DATE_FORMATS:
        try:
            return datetime.strptime(value, fmt)
        except ValueError:
            continue
    try:
        return date.fromisoformat(value[:10])
    except ValueError:
        return None


def _as_list(value: Any) -> list[str]:
    if value is None:
        return []
    if isinstance(value, list):
        return [str(v) for v in value if str(v).strip()]
    return [v for v in re.split(r"[\s,，]+", str(value)) if v]


def read(data: bytes, *, name: str, content_hash: str) -> SourceDocument:
    text, encoding = decode_text(data)
    text = text.replace("\r\n", "\n").replace("\r", "\n")
    m = _FRONT_MATTER.match(text)
    if not m:
        raise EncodingError("front matter is not closed by a '---' line")
    try:
        front = yaml.load(m.group(1), Loader=yaml.BaseLoader) or {}
    except yaml.YAMLError as exc:
        raise InputError(f"the YAML front matter is invalid: {exc}") from exc
    if not isinstance(front, dict):
        raise InputError("the YAML front matter is not a mapping of keys to values")

    body_offset = m.end()
    metadata: dict[str, Any] = {
        "layout": front.get("layout"),
        "title": str(front.get("title") or "").strip() or None,
        "categories": _as_list(front.get("categories") or front.get("category")),
        "tags": _as_list(front.get("tags")),
    }
    if front.get("date"):
        metadata["date"] = parse_post_date(str(front["date"]))
    for key in ("source", "author", "url", "permalink"):
        if front.get(key):
            metadata[key] = str(front[key])

    walker = _BodyWalker(text, body_offset)
    walker.walk(text[body_offset:])
    metadata.update(walker.metadata)
    if not any(b.role is not BlockRole.FURNITURE for b in walker.blocks) and not metadata["title"]:
        raise NoTextError("the post has neither a title nor body text")
    return SourceDocument(
        name=name,
        content_hash=content_hash,
        format=SourceFormat.JEKYLL,
        size=len(data),
        encoding=encoding,
        metadata=metadata,
        blocks=walker.blocks,
    )


class _BodyWalker:
    """Turns a rendered post body into blocks and metadata."""

    def __init__(self, source: str, body_offset: int) -> None:
        self.source = source
        self.cursor = body_offset
        self.blocks: list[Block] = []
        self.metadata: dict[str, Any] = {}
        self.codes: list[str] = []
        self.in_related = False
        self.related_title: str | None = None
        self.related_link: str | None = None

    def walk(self, body: str) -> None:
        html = _markdown.render(body)
        tree, _ = parse_untrusted(_BR.sub("\n", html))
        root = tree.body
        if root is not None:
            self._visit(root)
        self._flush_related_without_summary()
        if self.codes:
            self.metadata["codes"] = list(dict.fromkeys(self.codes))

    # -- traversal -------------------------------------------------------------------
    def _visit(self, node: LexborNode) -> None:
        child = node.child
        while child is not None:
            tag = child.tag or ""
            if tag in ("-text", "_text"):
                text = (child.text_content or "").strip()
                if text:
                    self._paragraph(text, [])
            elif tag.startswith("-") or tag.startswith("_") or tag == "!--":
                pass  # comments and other non-elements
            elif self._hidden(child) or tag in _SKIP_TAGS:
                self._collect_codes(child)
            elif tag in _BLOCK_TAGS and not self._has_block_child(child):
                self._block(child, tag)
            else:
                self._visit(child)
            child = child.next

    @staticmethod
    def _hidden(node: LexborNode) -> bool:
        attrs = node.attributes
        if "hidden" in attrs or attrs.get("aria-hidden") == "true":
            return True
        return bool(_HIDDEN_STYLE.search(attrs.get("style") or ""))

    @staticmethod
    def _has_block_child(node: LexborNode) -> bool:
        return any((c.tag or "") in _BLOCK_TAGS or c.tag == "div" for c in node.iter())

    def _collect_codes(self, node: LexborNode) -> None:
        for el in [node, *node.traverse()]:
            attrs = el.attributes
            for key in ("data-code", "data-code2"):
                m = _CODE_IN_ATTR.match(attrs.get(key) or "")
                if m:
                    self.codes.append(m.group(1))
            m = _CODE_IN_URL.search(attrs.get("href") or "")
            if m:
                self.codes.append(m.group(1))

    def _text(self, node: LexborNode) -> str:
        parts: list[str] = []
        for el in node.traverse(include_text=True):
            tag = el.tag or ""
            if tag in ("-text", "_text"):
                parent = el.parent
                if parent is not None and self._inside_skipped(parent, node):
                    continue
                parts.append(el.text_content or "")
        return re.sub(r"[ \t\u3000]+", " ", "".join(parts)).strip()

    def _inside_skipped(self, el: LexborNode, stop: LexborNode) -> bool:
        cur: LexborNode | None = el
        while cur is not None and cur != stop:
            if (cur.tag or "") in _SKIP_TAGS or self._hidden(cur):
                return True
            cur = cur.parent
        return (stop.tag or "") in _SKIP_TAGS

    def _block(self, node: LexborNode, tag: str) -> None:
        links = [
            (a.attributes.get("href") or "", self._text(a))
            for a in node.css("a")
            if not self._hidden(a)
        ]
        self._collect_codes(node)
        text = self._text(node)
        if not text:
            if links or node.css_first("img"):
                self._furniture("", "widget")
            return
        if tag in _HEADING_TAGS:
            if _RELATED_HEADINGS.match(text):
                self._flush_related_without_summary()
                self.in_related = True
                self._furniture(text, "related-heading")
                return
            self._flush_related_without_summary()
            self.in_related = False
            self._emit(Block(text=text, role=BlockRole.HEADING, level=_HEADING_TAGS[tag]))
            return
        for part in (p.strip() for p in text.split("\n")):
            if part:
                self._paragraph(part, links)

    def _paragraph(self, text: str, links: list[tuple[str, str]]) -> None:
        m = _SOURCE_LINE.match(text)
        if m and len(text) <= 60:
            self.metadata.setdefault("source", m.group(1).strip("（）() "))
            self._furniture(text, "source")
            return
        link_text = "".join(t for _, t in links)
        only_links = bool(links) and len(re.sub(r"[\s｜|/·]", "", link_text)) >= len(
            re.sub(r"[\s｜|/·]", "", text)
        )
        if only_links and len(links) == 1 and links[0][1] == links[0][0]:
            self.metadata.setdefault("canonical_url", links[0][0])
            self._furniture(text, "share-link", link=links[0][0])
            return
        if only_links and all(_NAV_TEXT.search(t) for _, t in links):
            self._furniture(text, "navigation")
            return
        if self.in_related:
            if only_links and len(links) == 1:
                self._flush_related_without_summary()
                self.related_title, self.related_link = links[0][1], links[0][0]
                return
            self._emit(
                Block(
                    text=text,
                    role=BlockRole.RELATED,
                    title=self.related_title,
                    link=self.related_link,
                )
            )
            self.related_title = self.related_link = None
            return
        self._emit(Block(text=text, role=BlockRole.BODY))

    def _flush_related_without_summary(self) -> None:
        if self.related_title:
            self._emit(
                Block(
                    text=self.related_title,
                    role=BlockRole.RELATED,
                    title=self.related_title,
                    link=self.related_link,
                )
            )
        self.related_title = self.related_link = None

    def _furniture(self, text: str, what: str, link: str | None = None) -> None:
        self.blocks.append(Block(text=text, role=BlockRole.FURNITURE, title=what, link=link))

    def _emit(self, block: Block) -> None:
        probe = block.text[:12]
        pos = self.source.find(probe, self.cursor) if probe else -1
        if pos >= 0:
            self.cursor = pos + len(probe)
            block = Block(
                text=block.text,
                role=block.role,
                level=block.level,
                link=block.link,
                title=block.title,
                source_start=pos,
            )
        self.blocks.append(block)
