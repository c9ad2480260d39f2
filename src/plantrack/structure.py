"""Structure: CleanText -> Document (section tree, sentences, document metadata).

Sections come from Chinese heading numbering: 前言, 一、, （一）, 1., （1）, 专栏 N,
plus headings the source marked up itself (h2, Word heading styles) and the related
items of a news post. Metadata is inferred from the title and the text: issuing
region, document type, draft status, plan period, publication date, report year; a
title is inferred where the source has none. Date, type and report year come from
`plantrack.context` when the source does not give them, with the text that gave each
kept in `DocumentMeta.evidence`.
"""

from __future__ import annotations

import re
from collections import Counter
from dataclasses import dataclass
from datetime import date, datetime
from itertools import pairwise
from typing import Any

from plantrack.context import body_type, infer_context, mask_book_titles
from plantrack.model import (
    BlockRole,
    CleanParagraph,
    CleanText,
    DocStatus,
    DocType,
    Document,
    DocumentMeta,
    Section,
    SectionKind,
    SourceFormat,
    Span,
)
from plantrack.normalize.regions import find_provinces, province_by_name

_CN_NUM = "一二三四五六七八九十"

# Heading patterns, tried in this order; group "num" is the number, "rest" what follows.
_HEADINGS: tuple[tuple[SectionKind, re.Pattern[str]], ...] = (
    (SectionKind.PREFACE, re.compile(r"^(?P<rest>前言|序言|引言|结语|结束语)$")),
    (
        SectionKind.BOX,
        re.compile(
            rf"^专栏\s*(?P<num>[0-9]{{1,2}}|[{_CN_NUM}]{{1,3}})\s*[:：.、]?\s*(?P<rest>.*)$"
        ),
    ),
    (SectionKind.CHAPTER, re.compile(rf"^(?P<num>[{_CN_NUM}]{{1,3}})\s*、\s*(?P<rest>.+)$")),
    (
        SectionKind.SECTION,
        re.compile(rf"^[（(]\s*(?P<num>[{_CN_NUM}]{{1,3}})\s*[)）]\s*(?P<rest>.+)$"),
    ),
    (SectionKind.SUBITEM, re.compile(r"^[（(]\s*(?P<num>[0-9]{1,2})\s*[)）]\s*(?P<rest>.+)$")),
    (SectionKind.ITEM, re.compile(r"^(?P<num>[0-9]{1,2})\s*[.．、](?![0-9])\s*(?P<rest>.+)$")),
)
_RANK = {
    SectionKind.PREFACE: 1,
    SectionKind.CHAPTER: 1,
    SectionKind.SECTION: 2,
    SectionKind.ITEM: 3,
    SectionKind.SUBITEM: 4,
}
# The characters a heading can open with (the first of each of _HEADINGS).
_HEADING_FIRST = frozenset(f"前序引结专{_CN_NUM}（(0123456789")
_TITLE_END = re.compile(r"[。！？；!?;]")
_SENTENCE = re.compile(r"[^。！？；!?;\n]*(?:[。！？；!?;]+[”’」』）)]*|$)")
_SENTENCE_LINES = re.compile(_SENTENCE.pattern, re.M)
_MAX_TITLE = 40


@dataclass(slots=True)
class _Heading:
    kind: SectionKind
    number: str | None
    title: str
    body_start: int | None  # where body text begins inside the same paragraph, if any


def parse_heading(text: str) -> _Heading | None:
    """The heading a paragraph opens with, or None. Pure and cheap: tried on every paragraph."""
    if not text or len(text) > 2000 or text[0] not in _HEADING_FIRST:
        return None
    for kind, pattern in _HEADINGS:
        m = pattern.match(text)
        if not m:
            continue
        num = m.groupdict().get("num")
        rest = m.group("rest")
        rest_start = m.start("rest")
        if kind in (SectionKind.PREFACE, SectionKind.BOX):
            return _Heading(kind, num, rest.strip(), None)
        end = _TITLE_END.search(rest)
        if end is None:
            if len(rest) <= _MAX_TITLE:
                return _Heading(kind, num, rest.strip(), None)
            return None  # a long numbered paragraph: a list item of running text
        if end.start() > _MAX_TITLE:
            return None
        title = rest[: end.start()].strip()
        body = rest_start + end.end()
        return _Heading(kind, num, title, body if body < len(text) else None)
    return None


def _rank(kind: SectionKind, level: int | None) -> int:
    if kind is SectionKind.HEADING:
        return max(1, level or 1)
    return _RANK.get(kind, 1)


def build_sections(clean: CleanText, title: str) -> Section:
    """The section tree of a clean text."""
    text = clean.text
    root = Section(SectionKind.ROOT, 0, None, title, 0, len(text))
    stack: list[tuple[Section, int]] = [(root, 0)]  # (section, rank)

    def close_to(rank: int, at: int) -> None:
        while len(stack) > 1 and (stack[-1][1] >= rank or stack[-1][0].kind is SectionKind.BOX):
            sec, _ = stack.pop()
            sec.end = at

    def open_section(sec: Section, rank: int) -> None:
        parent = stack[-1][0]
        sec.level = parent.level + 1
        parent.children.append(sec)
        stack.append((sec, rank))

    for para in clean.paragraphs:
        if para.role is BlockRole.TITLE:
            continue
        if (
            para.role is BlockRole.BODY
            and para.end > para.start
            and text[para.start] not in _HEADING_FIRST
        ):
            # the common case: a paragraph of running text (parse_heading would say so)
            stack[-1][0].paragraphs.append(Span(para.start, para.end))
            continue
        ptext = text[para.start : para.end]
        if para.role is BlockRole.RELATED:
            close_to(1, para.start - 1 if para.start else 0)
            sec = Section(
                SectionKind.RELATED,
                1,
                None,
                para.title or ptext[:30],
                para.start,
                para.end,
                link=para.link,
            )
            open_section(sec, 1)
            sec.paragraphs.append(Span(para.start, para.end))
            continue
        heading = parse_heading(ptext)
        if heading is None and para.role is BlockRole.HEADING:
            heading = _Heading(SectionKind.HEADING, None, ptext, None)
        if heading is None:
            stack[-1][0].paragraphs.append(Span(para.start, para.end))
            continue
        at = max(para.start - 1, 0)
        if heading.kind is SectionKind.BOX:
            # A box belongs to the chapter or section it stands in; it closes items.
            close_to(3, at)
            rank = stack[-1][1] + 1
        else:
            rank = _rank(heading.kind, para.level)
            close_to(rank, at)
        sec = Section(heading.kind, 0, heading.number, heading.title, para.start, para.end)
        open_section(sec, rank)
        if heading.body_start is not None:
            sec.paragraphs.append(Span(para.start + heading.body_start, para.end))
    close_to(0, len(text))
    return root


def split_sentences(clean: CleanText) -> list[Span]:
    """Sentences end at 。！？； (with closing quotes) and at paragraph ends."""
    text = clean.text
    paragraphs = clean.paragraphs
    if _paragraphs_are_lines(text, paragraphs):
        # one pass over the text: a match never crosses a line break, and $ is a line's end
        spans = []
        for m in _SENTENCE_LINES.finditer(text):
            s, e = m.span()
            if e > s:
                while s < e and text[s].isspace():
                    s += 1
                if e > s:
                    spans.append(Span(s, e))
        return spans
    spans = []
    for para in paragraphs:
        chunk = text[para.start : para.end]
        for m in _SENTENCE.finditer(chunk):
            s, e = m.span()
            while s < e and chunk[s].isspace():
                s += 1
            if e > s:
                spans.append(Span(para.start + s, para.start + e))
    return spans


def _paragraphs_are_lines(text: str, paragraphs: list[CleanParagraph]) -> bool:
    """Whether the paragraphs are the lines of the text: one after the other, a line break
    between two, none inside one (as `clean` makes them)."""
    if not paragraphs:
        return not text
    if paragraphs[0].start != 0 or paragraphs[-1].end != len(text):
        return False
    if text.count("\n") != len(paragraphs) - 1:
        return False
    return all(a.end + 1 == b.start for a, b in pairwise(paragraphs))


# -- metadata ---------------------------------------------------------------------------

_PERIOD = re.compile(r"((?:19|20)\d{2})\s*年?\s*[—–\-－~～至到]{1,2}\s*((?:19|20)\d{2})\s*年?")
_PERIOD_CUE = re.compile(
    r"(期限为|期限是|规划期为?|规划期限|实施期为?|时间跨度为?|时限为)\s*[:：]?\s*$"
)
_BOOK_TITLE = re.compile(r"《[^《》]{0,80}》")
_DRAFT = re.compile(r"征求意见稿|草案|送审稿|讨论稿|意见征求稿")
_TYPE_BY_TITLE: tuple[tuple[re.Pattern[str], DocType], ...] = (
    (re.compile(r"通知|公告|通告|公示"), DocType.NOTICE),
    (re.compile(r"意见"), DocType.OPINION),
    (re.compile(r"规划|计划|方案|纲要"), DocType.PLAN),
    (re.compile(r"报告"), DocType.REPORT),
)
_TYPE_BY_TEXT: tuple[tuple[re.Pattern[str], DocType], ...] = (
    (re.compile(r"特制定本规划|制定本规划|本规划|本方案|本计划"), DocType.PLAN),
    (re.compile(r"提出如下意见|提出以下意见|本意见"), DocType.OPINION),
    (re.compile(r"特此通知|通知如下"), DocType.NOTICE),
)
_TYPE_WORD = {DocType.PLAN: "规划", DocType.OPINION: "意见", DocType.NOTICE: "通知"}
_CITY = re.compile(r"^(?:关于)?([\u4e00-\u9fff]{2,4}?(?:市|自治州|地区|盟))")
_TITLE_CITY = re.compile(r"^[省：:]?([\u4e00-\u9fff]{2,3})[：:]")
# What follows a city's name when the city issues the document.
_ISSUER = re.compile(
    r"人民政府|政府|发展和改革委员会|发改委|工业和信息化局|工信局|商务局|科技局|财政局|委员会|办公室"
)
_SUBJECT = re.compile(r"([\u4e00-\u9fff]{2,8}产业)")
_TITLE_ADDENDUM = re.compile(r"^[（(][^（）()]{1,20}[)）]$")  # （2023—2025年）, （征求意见稿）
_NOT_SUBJECT = re.compile(r"[省市县我全本该]")  # a place or a pronoun, not an industry
_LOCAL_SCOPE = re.compile(r"我省|全省|本省")


def _ranges_outside_book_titles(text: str) -> list[re.Match[str]]:
    masked = _BOOK_TITLE.sub(lambda m: "\0" * len(m.group()), text)
    return list(_PERIOD.finditer(masked))


def infer_period(title: str, text: str) -> tuple[int, int] | None:
    """The plan period: from the title, else a range after 期限为/规划期, else none."""
    for m in _PERIOD.finditer(title):
        a, b = int(m.group(1)), int(m.group(2))
        if a < b:
            return a, b
    for m in _ranges_outside_book_titles(text):
        a, b = int(m.group(1)), int(m.group(2))
        if a < b and _PERIOD_CUE.search(text[max(0, m.start() - 12) : m.start()]):
            return a, b
    return None


def infer_region(title: str, text: str) -> str | None:
    """The issuing region: the most specific place the title names (河南郑州：… → 郑州市,
    青川市…规划 → 青川市), else the province the text names most."""
    return region_with_evidence(title, text)[0]


def region_with_evidence(title: str, text: str) -> tuple[str | None, str]:
    """`infer_region` and the text that gave it."""
    head = text[:20000]
    for prov, i in find_provinces(title):
        # 黑龙江青川：… — a news title names the province, then the city
        named = i + len(prov.name if title.startswith(prov.name, i) else prov.short)
        rest = title[named:]
        m = _TITLE_CITY.match(rest)
        if m:
            city = _city_in_text(m.group(1), head)
            if city:
                return city, title[i : named + m.end()]
        return prov.name, title[i:named]
    m = _CITY.match(title)
    if m:
        return m.group(1), m.group(1)
    counts = Counter(p.name for p, _ in find_provinces(head))
    if counts:
        name, n = counts.most_common(1)[0]
        local = _LOCAL_SCOPE.search(head)
        if n >= 2 or local:
            return name, f"{name} ×{n}" + (f", {local.group()}" if local else "")
    m = _CITY.match(text[:200])
    if m and (_ISSUER.match(text, m.end()) or _known_region(m.group(1))):
        return m.group(1), text[m.start() : m.end() + 8]
    return None, ""


def _city_in_text(short: str, text: str) -> str | None:
    """The full name of a city the text names by its short name (青川 → 青川市)."""
    for suffix in ("市", "地区", "自治州", "盟", "县"):
        if short + suffix in text:
            return short + suffix
    return _known_region(short)


def _known_region(name: str) -> str | None:
    """The full name of a real division, when the regions table knows the name."""
    from plantrack.normalize import regions

    resolve = getattr(regions, "resolve_region", None)
    region = resolve(name) if resolve is not None else None
    return region.name if region is not None and region.level != "province" else None


def infer_type(fmt: SourceFormat, title: str, text: str) -> DocType:
    """The document type: a post is news; else the title's word (通知, 意见, 规划, 报告);
    else the body's (特制定本规划; 各位代表; a plan's header line; a 政府工作报告 and its
    预期目标)."""
    kind, _ = title_type(fmt, title, text)
    if kind is DocType.OTHER:
        kind = body_type(mask_book_titles(text))[0] or DocType.OTHER
    return kind


def title_type(fmt: SourceFormat, title: str, text: str) -> tuple[DocType, str]:
    """The type the format, the title or a plan's own words give, with the text that gave it;
    OTHER when they say nothing (the body's other cues are `context.body_type`'s)."""
    if fmt is SourceFormat.JEKYLL:
        return DocType.NEWS, "format: jekyll post"
    bare = _DRAFT.sub("", title)  # 征求意见稿 says nothing of the type
    for pattern, kind in _TYPE_BY_TITLE:
        if pattern.search(bare):
            return kind, bare
    head = text[:5000]
    for pattern, kind in _TYPE_BY_TEXT:
        m = pattern.search(head)
        if m:
            return kind, m.group()
    return DocType.OTHER, ""


def infer_published(
    metadata: dict[str, Any], text: str, source_url: str | None = None
) -> datetime | date | None:
    """The publication date: the metadata's, else one the text or the address gives
    (see `plantrack.context`)."""
    url = source_url or metadata.get("url") or metadata.get("canonical_url")
    value = metadata.get("date")
    return infer_context(
        text,
        url=str(url) if url else None,
        metadata_date=value if isinstance(value, datetime | date) else None,
    ).published


def _first_paragraph_title(clean: CleanText) -> str | None:
    """A short first paragraph naming a plan, opinion or notice is the title of a PDF."""
    paragraphs = [clean.text[p.start : p.end] for p in clean.paragraphs[:6]]
    for i, t in enumerate(paragraphs[:2]):
        if len(t) > 60:
            continue  # too long for a title (the test below), whatever it holds
        if not _DRAFT.sub("", t).strip("（）() "):
            continue  # a bare 征求意见稿 line names the status, not the document
        names_a_document = any(p.search(t) for p, _ in _TYPE_BY_TITLE)
        if len(t) <= 60 and names_a_document and not _TITLE_END.search(t):
            if parse_heading(t) is not None:
                continue
            # A cover page sets the period and status on lines of their own.
            for more in paragraphs[i + 1 :]:
                if not _TITLE_ADDENDUM.match(more):
                    break
                t += more
            return t
    return None


def infer_meta(clean: CleanText, source_url: str | None = None) -> DocumentMeta:
    """The metadata of a document: what its source says, else what its content shows,
    with the text that gave each inferred field in `evidence`.

    `source_url` is the address the document was collected from; without it the
    metadata's `url` / `canonical_url` (or an address the text labels) is read."""
    source = clean.source
    md = source.metadata
    text = clean.text
    title = str(md.get("title") or "").strip() or _first_paragraph_title(clean) or ""
    inferred = not title
    removed_text = " ".join(" ".join(v) for v in clean.removed.values())
    status = (
        DocStatus.DRAFT
        if _DRAFT.search(title) or _DRAFT.search(removed_text) or _DRAFT.search(text[:1000])
        else DocStatus.FINAL
    )
    period = infer_period(title, text)
    region, region_cue = region_with_evidence(title, text)
    doc_type, type_cue = title_type(source.format, title, text)
    url = source_url or md.get("url") or md.get("canonical_url")
    date_md = md.get("date")
    context = infer_context(
        text,
        title=title,
        title_type=doc_type,
        url=str(url) if url else None,
        metadata_date=date_md if isinstance(date_md, datetime | date) else None,
    )
    evidence = dict(context.evidence)
    if context.doc_type is not None:
        doc_type = context.doc_type
    elif type_cue:
        evidence["doc_type"] = type_cue
    if doc_type is DocType.NEWS:
        status = DocStatus.FINAL  # a news item about a draft is itself published
    if inferred:
        title = _infer_title(region, doc_type, period, text, source.name)
    source_name = md.get("source") or md.get("publisher")
    province = province_by_name(region) if region else None
    if region and region_cue:
        evidence["region"] = region_cue
    return DocumentMeta(
        title=title,
        title_inferred=inferred,
        region=province.name if province else region,
        doc_type=doc_type,
        status=status,
        period_start=period[0] if period else None,
        period_end=period[1] if period else None,
        published=context.published,
        source=str(source_name) if source_name else None,
        canonical_url=md.get("canonical_url") or md.get("url") or source_url,
        categories=list(md.get("categories") or []),
        tags=list(md.get("tags") or []),
        codes=list(md.get("codes") or []),
        extra={k: v for k, v in md.items() if k in ("author", "layout", "pdf_created")},
        report_year=context.report_year,
        evidence=evidence,
    )


def _infer_title(
    region: str | None, doc_type: DocType, period: tuple[int, int] | None, text: str, name: str
) -> str:
    subject = _main_subject(text[:30000])
    word = _TYPE_WORD.get(doc_type, "文件")
    if doc_type is DocType.PLAN and subject:
        word = "发展规划"
    span = f"（{period[0]}—{period[1]}年）" if period else ""
    if not (region or subject):
        return name
    return f"{region or ''}{subject}{word}{span}"


def _main_subject(text: str) -> str:
    """The industry a text is about: the longest ending in 产业 that is nearly as frequent
    as the most frequent one (新能源汽车产业 rather than 汽车产业 or 省新能源汽车产业)."""
    counts: Counter[str] = Counter()
    for m in _SUBJECT.finditer(text):
        phrase = m.group(1)
        for i in range(len(phrase) - 3):
            if not _NOT_SUBJECT.search(phrase[i:]):
                counts[phrase[i:]] += 1
    if not counts:
        return ""
    best = counts.most_common(1)[0][1]
    return max((s for s, n in counts.items() if n >= 0.6 * best), key=len)


def structure(clean: CleanText, source_url: str | None = None) -> Document:
    """Build the Document of a clean text. Pure: same input, same output."""
    meta = infer_meta(clean, source_url)
    root = build_sections(clean, meta.title)
    return Document(
        source=clean.source, clean=clean, meta=meta, root=root, sentences=split_sentences(clean)
    )
