"""Document context: when a document was published, what kind it is and which year's
goals it sets, inferred from its content (and the address it was collected from), each
with the text that gave it.

The statement grammar compares a year with the document's date (2008年 in a report of
2009 is the past), reads 今年 against it, and takes every item of a work report's
主要预期目标 list as a target of the report's year. Most real documents come as plain
text with no metadata, so the date is read from the body:

- a metadata date (a post's front matter, an HTML meta tag) wins;
- a labelled date: 发布时间：2022-05-06, **发布日期**: 2023年10月26日;
- a report's speech line: ——2009年1月11日在山西省第十一届人民代表大会第二次会议上;
- a news dateline with a full date: 新华社北京2017年6月26日电;
- a page's byline timestamp: 2017-06-26 09:17:12 来源:经济参考报;
- a line that is only a date: 2021-10-29, 国务院 / 2021年12月12日 (a signature);
- a date in the source address: /2025/03-05/, /20070613/, /2022/1215/, 2019-12-02.

A dateline with month and day only (新华社北京6月12日电, 9月22日消息, 李强5日在…) never
invents a year: it refines a page date from a timestamp, a date line or the address (the
story's day rather than the page's), or takes the year of the address or of a labelled
month (2022年1月). Dates inside 《…》, in running text (a birth date, 1949年10月1日) and in
lists of timestamps (a related-news block) are not the document's date.

Pure: text in, context out. Each pattern runs once over the text (or over its head), so
time grows with the text.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from datetime import date, datetime, timedelta
from urllib.parse import unquote, urlsplit

from plantrack.model import DocType

__all__ = [
    "Context",
    "PageDate",
    "body_type",
    "infer_context",
    "infer_published",
    "infer_report_year",
    "mask_book_titles",
    "text_url",
    "url_date",
]

_FULL_CN = r"(?:19|20)\d{2}\s*年\s*\d{1,2}\s*月\s*\d{1,2}\s*日"
_FULL_ISO = r"(?:19|20)\d{2}[-/.]\d{1,2}[-/.]\d{1,2}(?!\d)"
_FULL = rf"(?:{_FULL_CN}|{_FULL_ISO})"
_PARTS = re.compile(r"((?:19|20)\d{2})\s*[年\-/.]\s*(\d{1,2})\s*[月\-/.]\s*(\d{1,2})")
_TIME = r"\d{1,2}:\d{2}(?::\d{2})?"

_BOOK_TITLE = re.compile(r"《[^《》\n]{0,80}》")

# 发布时间：2022-05-06, **发布日期**: 2023年10月26日 (but not 更新时间 or 截止日期)
_LABEL = (
    r"(?:(?:发布|发表|发文|印发|公布|成文|发稿|出版)(?:时间|日期)|(?<!更新|截止|有效|统计|开始|结束|服务)"
    r"(?:日期|时间))[*\s]*[:：][*\s]*"
)
_LABELLED = re.compile(rf"{_LABEL}(?P<d>{_FULL})")
_LABELLED_MONTH = re.compile(
    rf"{_LABEL}(?P<y>(?:19|20)\d{{2}})\s*[年\-/.]\s*(?P<m>\d{{1,2}})(?!\d)"
)
# ——2009年1月11日在山西省第十一届人民代表大会第二次会议上
_SPEECH = re.compile(
    rf"(?m)^[ \t]*[—－\-–]{{1,2}}[ \t]*(?P<d>{_FULL_CN})[ \t]*在[^\n]{{2,60}}?(?:会议|大会|会)上"
)
# 新华社北京2017年6月26日电, 2017年6月26日消息
_DATELINE_FULL = re.compile(rf"^[^\n。]{{0,24}}?(?P<d>{_FULL_CN})[ \t]*(?:电|讯|消息)")
# 2017-06-26 09:17:12 来源:经济参考报; 来源:新华网2025-03-06 08:45; 2019年12月02日 20:16 | 来源
_TIMESTAMP = re.compile(
    rf"(?P<d>{_FULL})[ \t]*(?:{_TIME}|[|｜丨 \t]*(?:来源|稿源))"
    rf"|(?:来源|稿源)[:：]?[^\n]{{0,20}}?(?P<d2>{_FULL})"
)
# the time a page was updated or fetched is not when it was published
_NOT_PUBLISHED = re.compile(
    r"(?:更新|修改|抓取|采集|访问|截止|浏览)(?:时间|日期)?[*\s]*[:：]?[*\s]*$"
)
# _FULL written to start with a set of characters (19|20 → [12] and the next digit after
# it): the engine skips in C to the next 1 or 2 instead of trying every position.
_FULL_FAST = (
    r"(?:[12](?:(?<=1)9|(?<=2)0)\d{2}"
    r"(?:\s*年\s*\d{1,2}\s*月\s*\d{1,2}\s*日|[-/.]\d{1,2}[-/.]\d{1,2}(?!\d)))"
)
_LISTED = re.compile(rf"(?P<d>{_FULL_FAST})(?:[ \t]*{_TIME})?")
# a line that is only a date, maybe after a bullet or an issuer: 2021-10-29, 国务院 2021年12月12日
_DATE_LINE = re.compile(
    rf"(?m)^[ \t]*(?:[-•·*]+[ \t]*)?(?:[\u4e00-\u9fff（）()]{{2,30}}[ \t]+)?(?P<d>{_FULL})"
    rf"(?:[ \t]+{_TIME})?[ \t]*$"
)
# Month and day (or day) of a dateline, at the start of the lead: 新华社北京6月12日电,
# 9月22日消息, 12月15日，美联储…, 今天（9月27日）, 中国证券报1月12日从…获悉, 李强5日在…
_VERB = r"(?:在|从|举行|召开|发布|印发|公布|宣布|披露|表示|说|获悉)"
_PREFIX = r"^[^\n。，,]{0,24}?"


def _md(i: int, *, month: bool = False) -> str:
    """Month (optional unless `month`) and day of a date with no year, as groups m{i}, d{i}."""
    with_month = rf"(?<![年\d])(?P<m{i}>\d{{1,2}})[ \t]*月[ \t]*"
    if month:
        return rf"{with_month}(?P<d{i}>\d{{1,2}})[ \t]*日"
    return rf"(?:{with_month}|(?<![年月\d]))(?P<d{i}>\d{{1,2}})[ \t]*日"


_PARTIAL = re.compile(
    rf"(?:{_PREFIX}{_md(1)}[ \t]*(?:电|讯))"
    rf"|(?:{_PREFIX}{_md(2, month=True)}[ \t]*消息)"
    rf"|(?:^[ \t]*{_md(3, month=True)}[ \t]*(?:上午|下午|晚间?|凌晨)?[ \t]*[,，:： ])"
    rf"|(?:(?:今天|今日)[ \t]*[（(][ \t]*{_md(4)}[ \t]*[)）])"
    rf"|(?:{_PREFIX}{_md(5)}(?:上午|下午)?{_VERB})"
)

# Dates in an address: /2025/03-05/, /20070613/, 2022-12-15, /2022/1215/, /2009-01/13/
_URL_FULL = re.compile(
    r"(?<!\d)((?:19|20)\d{2})[-_/]?(0[1-9]|1[0-2])[-_/]?(0[1-9]|[12]\d|3[01])(?!\d)"
    r"|(?<!\d)((?:19|20)\d{2})[-_/](\d{1,2})[-_/](\d{1,2})(?!\d)"
)
_URL_YEAR = re.compile(r"/((?:19|20)\d{2})(0[1-9]|1[0-2])?(?=/)")
# 来源: https://…, 原文链接：…, 地址:http://…
_TEXT_URL = re.compile(
    r"(?:来源|原文链接|原文地址|原文|地址|链接|网址|URL|url|Source|source)[*\s]*[:：][*\s]*(?P<u>https?://[^\s<>\"'）)，,]+)"
)

# -- document type from the body ------------------------------------------------------------

_ADDRESS = re.compile(r"(?m)^[ \t]*各位代表[ \t]*[:：，,]")
_REPORT_LINE = re.compile(
    r"(?m)^[ \t]*(?:(?:19|20)\d{2}年)?[\u4e00-\u9fff]{0,12}政府工作报告"
    r"(?:[（(][^）)\n]{1,12}[)）])?[ \t]*$"
)
_PLAN_WORDS = r"(?:规划|行动计划|三年计划|工作计划|实施方案|工作方案|行动方案|规划纲要|纲要)"
_PLAN_LINE = re.compile(
    rf"(?m)^[ \t#*]*(?:附件[0-9一二三四五六七八九十]*[ \t]*)?"
    rf"[^\n。；;，,:：!?！？《》\0]{{2,50}}{_PLAN_WORDS}"
    r"[ \t]*(?:[（(][^（）()\n]{1,20}[)）])?[ \t*]*$"
)

# -- report year -----------------------------------------------------------------------

# 2009年山西省政府工作报告, 关于…2025年国民经济和社会发展计划草案的报告, 2024年工作要点
_TITLE_REPORT_YEAR = re.compile(
    r"((?:19|20)\d{2})\s*年[^，。,；;\n]{0,12}?"
    r"(?:政府工作报告|国民经济和社会发展计划|工作要点|工作计划|主要预期目标|预期目标)"
)
_GAP = r"[^。；;！？!?\n，,:：\0]{0,16}?"
# 2009年四川省经济社会发展的主要预期目标 (not 到2025年…, 2025年前…, 2016—2020年…)
_GOALS_YEAR = re.compile(
    rf"(?<![到至—–\-~～])((?:19|20)\d{{2}})\s*年(?![底末前内初—–\-~～至到])({_GAP})(?:主要)?预期目标"
)
# 今年发展主要预期目标, 今年经济社会发展的主要目标
_GOALS_THIS_YEAR = re.compile(rf"(?:今年|本年度|全年)({_GAP})(?:主要预期目标|预期目标|主要目标)")
_WORK_REPORT = re.compile(r"政府工作报告|工作报告")
_REVIEW = re.compile(r"总结|回顾")

_EVIDENCE_MAX = 80
_BYLINE_SPAN = 300  # a byline or a dateline opens its line: read no further
_LIST_GAP = " \t\n-•·*|｜丨"


@dataclass(frozen=True, slots=True)
class PageDate:
    """A date the text gives and the text that gave it; `rank` orders the kinds of
    evidence (lower wins); `refinable` dates are a page's, which a dateline's day refines."""

    value: date
    evidence: str
    rank: int
    refinable: bool = False


@dataclass(frozen=True, slots=True)
class Context:
    """What the content says of a document: its date, type and report year, with the text
    that gave each (`evidence`: field name → text)."""

    published: datetime | date | None = None
    doc_type: DocType | None = None  # None: the body does not say
    report_year: int | None = None
    evidence: dict[str, str] = field(default_factory=dict)


def mask_book_titles(text: str) -> str:
    """`text` with every 《…》 replaced by NULs of the same length (offsets hold)."""
    return _BOOK_TITLE.sub(lambda m: "\0" * len(m.group()), text)


def _clip(s: str) -> str:
    s = " ".join(s.split())
    return s if len(s) <= _EVIDENCE_MAX else s[: _EVIDENCE_MAX - 1] + "…"


def _full_date(s: str, *, earliest: int = 1949) -> date | None:
    m = _PARTS.search(s)
    if m is None:
        return None
    y, mo, d = int(m.group(1)), int(m.group(2)), int(m.group(3))
    if not earliest <= y <= 2099:
        return None
    try:
        return date(y, mo, d)
    except ValueError:
        return None


def url_date(url: str) -> tuple[date | None, int | None, int | None, str]:
    """The date an address names: (full date or None, year, month, the matched part).
    Only the path and the query are read; years before 1990 are not a web page's."""
    try:
        parts = urlsplit(url.strip())
    except ValueError:
        return None, None, None, ""
    where = unquote(parts.path + ("?" + parts.query if parts.query else ""))
    for m in _URL_FULL.finditer(where):
        g = m.groups()
        y, mo, d = (g[0], g[1], g[2]) if g[0] else (g[3], g[4], g[5])
        try:
            found = date(int(y), int(mo), int(d))
        except ValueError:
            continue
        if 1990 <= found.year <= 2099:
            return found, found.year, found.month, m.group()
    for m in _URL_YEAR.finditer(where):
        y = int(m.group(1))
        if 1990 <= y <= 2099:
            return None, y, int(m.group(2)) if m.group(2) else None, m.group().lstrip("/")
    return None, None, None, ""


def text_url(text: str) -> tuple[str | None, str]:
    """A source address the text labels itself (来源: https://…), with its label."""
    m = _TEXT_URL.search(text)
    return (m.group("u"), m.group()) if m else (None, "")


def _lead_lines(masked: str, limit: int = 3000) -> list[tuple[int, str]]:
    """(offset, line) of the head of a text: the lines before the first paragraph of
    running text, and that paragraph."""
    out: list[tuple[int, str]] = []
    pos = 0
    head = masked[:limit]
    for line in head.split("\n"):
        if line.strip():
            out.append((pos, line))
            running = len(line) >= 60 and ("。" in line or line.count("，") + line.count(",") >= 3)
            if running:
                break
        pos += len(line) + 1
    return out


def _date_line_matches(masked: str) -> tuple[list[re.Match[str]], set[int]]:
    """Lines that are only a date, less those in a list of such lines (a related-news
    block), and the offsets of the lines left out."""
    found = list(_DATE_LINE.finditer(masked))
    keep: list[re.Match[str]] = []
    listed: set[int] = set()
    for i, m in enumerate(found):
        before = found[i - 1] if i else None
        after = found[i + 1] if i + 1 < len(found) else None
        in_list = (before is not None and not masked[before.end() : m.start()].strip()) or (
            after is not None and not masked[m.end() : after.start()].strip()
        )
        if in_list:
            listed.add(m.start())
        else:
            keep.append(m)
    return keep, listed


def _page_dates(
    masked: str,
    lead: list[tuple[int, str]],
    url: str | None,
    date_lines: list[re.Match[str]],
    listed: set[int],
) -> list[PageDate]:
    """Every full date the text and the address give, with its rank."""
    out: list[PageDate] = []
    head = masked[:3000]
    m = _LABELLED.search(head)
    if m and (d := _full_date(m.group("d"))):
        out.append(PageDate(d, m.group(), 2))
    m = _SPEECH.search(masked)
    if m and (d := _full_date(m.group("d"))):
        out.append(PageDate(d, m.group(), 3))
    lead_end = lead[-1][0] + len(lead[-1][1]) if lead else 0
    for _, line in lead:
        m = _DATELINE_FULL.search(line[:_BYLINE_SPAN])
        if m and (d := _full_date(m.group("d"))):
            out.append(PageDate(d, m.group(), 4))
            break
    for off, line in lead:
        stamp = _byline_stamp(line[:_BYLINE_SPAN])
        if stamp is not None and off not in listed:
            d = _full_date(stamp.group("d") or stamp.group("d2") or "")
            if d is not None:
                out.append(PageDate(d, stamp.group(), 5, refinable=True))
                break
    in_head = [m for m in date_lines if m.start() < lead_end]
    if in_head and (d := _full_date(in_head[0].group("d"))):
        out.append(PageDate(d, in_head[0].group(), 6, refinable=True))
    if url:
        full, _, _, part = url_date(url)
        if full is not None:
            out.append(PageDate(full, f"{part} in {url}", 7, refinable=True))
    later = [m for m in date_lines if m.start() >= lead_end]
    if later and (d := _full_date(later[-1].group("d"))):
        out.append(PageDate(d, later[-1].group(), 8, refinable=True))
    listed_stamp = _page_clock(masked)
    if listed_stamp is not None:
        out.append(PageDate(listed_stamp[0], listed_stamp[1], 9, refinable=True))
    return out


def _page_clock(masked: str) -> tuple[date, str] | None:
    """The latest of a page's listed timestamps (a related-news block: - 2025年03月12日
    21:05:10 …), when they all fall in one year: the time the page was made, a last
    resort that at least gives the year."""
    stamps = list(_LISTED.finditer(masked))
    dates: list[tuple[date, str]] = []
    for i, m in enumerate(stamps):
        before = stamps[i - 1] if i else None
        after = stamps[i + 1] if i + 1 < len(stamps) else None
        run = (before is not None and not masked[before.end() : m.start()].strip(_LIST_GAP)) or (
            after is not None and not masked[m.end() : after.start()].strip(_LIST_GAP)
        )
        d = _full_date(m.group("d"), earliest=1990) if run else None
        if d is not None:
            dates.append((d, m.group()))
    if not dates or len({d.year for d, _ in dates}) > 1:
        return None
    latest = max(dates)
    return latest[0], f"latest of {len(dates)} listed timestamps: {latest[1]}"


def _byline_stamp(line: str) -> re.Match[str] | None:
    """The first timestamp of a line that is not one of a run of timestamps (a list of
    related items run together: - 2025年03月12日 21:05:10 - 2025年03月12日 17:28:40)."""
    stamps = list(_TIMESTAMP.finditer(line))
    for i, m in enumerate(stamps):
        before = stamps[i - 1] if i else None
        after = stamps[i + 1] if i + 1 < len(stamps) else None
        run = (before is not None and not line[before.end() : m.start()].strip(_LIST_GAP)) or (
            after is not None and not line[m.end() : after.start()].strip(_LIST_GAP)
        )
        if not run and not _NOT_PUBLISHED.search(line[max(0, m.start() - 12) : m.start()]):
            return m
    return None


def _partial_dateline(lead: list[tuple[int, str]]) -> tuple[int | None, int, str] | None:
    """(month or None, day, text) of the first dateline that has no year."""
    for _, line in lead:
        m = _PARTIAL.search(line[:_BYLINE_SPAN])
        if m is None:
            continue
        for i in range(1, 6):
            day = m.group(f"d{i}")
            if day is not None:
                month = m.group(f"m{i}")
                d = int(day)
                mo = int(month) if month else None
                if 1 <= d <= 31 and (mo is None or 1 <= mo <= 12):
                    return mo, d, m.group().strip()
    return None


def _refine(page: date, month: int | None, day: int) -> date | None:
    """The dateline's date within a month before the page's date, or None."""
    tries: list[tuple[int, int]]
    if month is not None:
        tries = [(page.year, month), (page.year - 1, month)]
    else:
        last = (page.year, page.month - 1) if page.month > 1 else (page.year - 1, 12)
        tries = [(page.year, page.month), last]
    for y, mo in tries:
        try:
            found = date(y, mo, day)
        except ValueError:
            continue
        if timedelta(0) <= page - found <= timedelta(days=31):
            return found
    return None


def infer_published(
    text: str,
    *,
    url: str | None = None,
    metadata_date: datetime | date | None = None,
    masked: str | None = None,
) -> tuple[datetime | date | None, str, str]:
    """(published date, its evidence, a dateline without a year that no year completed).

    `url` is the address the document was collected from (or one the text labels);
    `masked` is `text` with 《…》 masked, when the caller has it."""
    if isinstance(metadata_date, datetime | date):
        return metadata_date, f"date: {metadata_date.isoformat()}", ""
    masked = mask_book_titles(text) if masked is None else masked
    lead = _lead_lines(masked)
    date_lines, listed = _date_line_matches(masked)
    if not url:
        url = text_url(text)[0]
    candidates = _page_dates(masked, lead, url, date_lines, listed)
    partial = _partial_dateline(lead)
    if candidates:
        best = min(candidates, key=lambda c: c.rank)
        evidence = _clip(best.evidence)
        if partial is not None and best.refinable:
            found = _refine(best.value, partial[0], partial[1])
            if found is not None:
                return found, _clip(f"{partial[2]} + {evidence}"), ""
        return best.value, evidence, ""
    # No full date: a dateline's month and day take a year from the address or a label.
    year, month, source = None, None, ""
    if url:
        _, year, month, part = url_date(url)
        source = f"{part} in {url}"
    m = _LABELLED_MONTH.search(masked[:3000])
    if year is None and m:
        year, month, source = int(m.group("y")), int(m.group("m")), m.group()
    if partial is not None and year is not None:
        mo = partial[0] or month
        if mo is not None:
            try:
                return date(year, mo, partial[1]), _clip(f"{partial[2]} + {source}"), ""
            except ValueError:
                pass
    return None, "", partial[2] if partial else ""


def body_type(masked: str, lead: list[tuple[int, str]] | None = None) -> tuple[DocType | None, str]:
    """The document type the body shows when the title says nothing, with its cue.

    A work report addresses 各位代表, opens with its speech line or has a title line of its
    own (2009年山西省政府工作报告); a plan has a header line (…行动计划（2021-2023年）). A
    news item that reports on a work report stays what it is: its 主要预期目标 give the
    context a report year (`infer_report_year`), not a type."""
    address = _ADDRESS.search(masked) or _SPEECH.search(masked)
    if address:
        return DocType.REPORT, _clip(address.group())
    lead = _lead_lines(masked) if lead is None else lead
    lead_end = lead[-1][0] + len(lead[-1][1]) if lead else 0
    head = masked[:lead_end]
    line = _REPORT_LINE.search(head)
    if line:
        return DocType.REPORT, _clip(line.group())
    line = _PLAN_LINE.search(head)
    if line:
        return DocType.PLAN, _clip(line.group())
    return None, ""


def infer_report_year(
    title: str,
    masked: str,
    published: datetime | date | None,
    doc_type: DocType,
) -> tuple[int | None, str]:
    """The year whose goals a work report or an annual plan sets, with its evidence:
    the title's year (2009年山西省政府工作报告), a year before 预期目标 in the body
    (2009年四川省经济社会发展的主要预期目标), 今年…预期目标 (the publication year), or
    the year a work report was given (its speech line, its date)."""
    years = [int(m.group(1)) for m in _TITLE_REPORT_YEAR.finditer(title)]
    if years:
        return max(years), _clip(title)
    best: tuple[int, str] | None = None
    for m in _GOALS_YEAR.finditer(masked) if "预期目标" in masked else ():
        y = int(m.group(1))
        if best is None or y > best[0]:
            best = (y, m.group())
    if best is not None:
        return best[0], _clip(best[1])
    published_year = published.year if isinstance(published, datetime | date) else None
    this_year = _GOALS_THIS_YEAR.search(masked)
    if this_year and published_year is not None:
        return published_year, _clip(this_year.group())
    if doc_type is DocType.REPORT and not _REVIEW.search(title):
        speech = _SPEECH.search(masked)
        if speech and (d := _full_date(speech.group("d"))):
            return d.year, _clip(speech.group())
        named = _WORK_REPORT.search(title) or _WORK_REPORT.search(masked[:400])
        if published_year is not None and named:
            return published_year, _clip(named.string[max(0, named.start() - 12) : named.end()])
    return None, ""


def infer_context(
    text: str,
    *,
    title: str = "",
    title_type: DocType = DocType.OTHER,
    url: str | None = None,
    metadata_date: datetime | date | None = None,
) -> Context:
    """Date, type (when `title_type` says nothing) and report year of a text."""
    masked = mask_book_titles(text)
    evidence: dict[str, str] = {}
    published, why, partial = infer_published(
        text, url=url, metadata_date=metadata_date, masked=masked
    )
    if published is not None:
        evidence["published"] = why
    elif partial:
        evidence["dateline"] = partial  # a month and day with no year to put them in
    doc_type: DocType | None = None
    if title_type is DocType.OTHER:
        doc_type, cue = body_type(masked)
        if doc_type is not None:
            evidence["doc_type"] = cue
    report_year, cue = infer_report_year(title, masked, published, doc_type or title_type)
    if report_year is not None:
        evidence["report_year"] = cue
    return Context(published, doc_type, report_year, evidence)
