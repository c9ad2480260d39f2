"""Document context: date, type and report year from content, with their evidence.

Every sentence here is our own; each rule has cases it must infer and cases it must not.
"""

from __future__ import annotations

import random
import re
import time
from datetime import date
from pathlib import Path

import pytest

from plantrack import context as context_module
from plantrack.clean import clean
from plantrack.context import (
    body_type,
    infer_context,
    infer_report_year,
    mask_book_titles,
    url_date,
)
from plantrack.model import DocType, SourceFormat
from plantrack.pipeline import analyse_path, process_bytes
from plantrack.structure import infer_meta, structure
from tests.conftest import source_of

BODY = "青川市加快发展氢能产业，推动加氢站建设，提升产业链配套能力，形成协同发展格局。"


def _published(text: str, url: str | None = None) -> date | None:
    published = infer_context(text, url=url).published
    assert published is None or isinstance(published, date)
    return published


# -- publication date: must infer -----------------------------------------------------------


@pytest.mark.parametrize(
    ("text", "expected", "cue"),
    [
        (f"发布时间：2022-05-06\n{BODY}", date(2022, 5, 6), "发布时间"),
        (f"**发布日期**: 2023年10月26日\n{BODY}", date(2023, 10, 26), "发布日期"),
        (f"成文日期：2020年7月1日\n{BODY}", date(2020, 7, 1), "成文日期"),
        (
            "2019年青川市政府工作报告\n——2019年1月8日在青川市第十五届人民代表大会第三次会议上\n"
            f"各位代表：\n{BODY}",
            date(2019, 1, 8),
            "——2019年1月8日在",
        ),
        (f"新华社杭州2018年3月7日电（记者 王某）{BODY}", date(2018, 3, 7), "2018年3月7日电"),
        (f"青川日报\n2016-04-21 10:05:33 来源：青川日报\n{BODY}", date(2016, 4, 21), "10:05:33"),
        (f"来源：青川新闻网 2015年9月3日\n{BODY}", date(2015, 9, 3), "来源"),
        (f"资讯中心\n2021-10-29\n作者：王某\n{BODY}", date(2021, 10, 29), "2021-10-29"),
        (
            f"{BODY}\n附件：重点项目表\n青川市人民政府办公室\n2022年8月30日",
            date(2022, 8, 30),
            "2022年8月30日",
        ),
        (
            f"青川市人民政府关于印发行动计划的通知\n各区县人民政府：\n现将计划印发给你们。\n"
            f"青川市人民政府\n2024年2月5日\n{BODY}",
            date(2024, 2, 5),
            "2024年2月5日",
        ),
    ],
)
def test_published_from_the_text(text: str, expected: date, cue: str) -> None:
    context = infer_context(text)
    assert context.published == expected
    assert cue in context.evidence["published"]


@pytest.mark.parametrize(
    ("url", "expected"),
    [
        ("http://news.example.cn/gn/2024/05-17/1234567.shtml", date(2024, 5, 17)),
        ("https://news.example.com/20190308/n123456789.shtml", date(2019, 3, 8)),
        ("http://example.cn/redian/2020/0615/4711.html", date(2020, 6, 15)),
        ("http://example.cn/jrzg/2016-09/12/content_1234567.htm", date(2016, 9, 12)),
        ("http://example.cn/c/2021-11-02/998877.shtml", date(2021, 11, 2)),
        ("http://example.cn/system/2010/04/09/000123.shtml", date(2010, 4, 9)),
        ("http://example.cn/zw/news/123/20180522/456.html", date(2018, 5, 22)),
        ("http://example.cn/a/content_2013-07-30_123.htm", date(2013, 7, 30)),
    ],
)
def test_date_in_the_address(url: str, expected: date) -> None:
    assert url_date(url)[0] == expected
    context = infer_context(BODY, url=url)
    assert context.published == expected and url in context.evidence["published"]


@pytest.mark.parametrize(
    "url",
    [
        "https://example.com/article/68651",
        "https://example.cn/p/434694.html",
        "https://example.cn/newshow.php?did=65ccb2a29c1b4b8d97c50b96ea8e23bd&newsid=6675462",
        "https://example.cn/nw12344/5e53f1fe1b1543f38a49153eb563cfbb.html",
        "https://example.cn/2019/13-45/1.html",  # no such month
        "https://example.cn/1950/01-02/1.html",  # before the web
    ],
)
def test_no_date_in_the_address(url: str) -> None:
    assert url_date(url)[0] is None
    assert infer_context(BODY, url=url).published is None


def test_partial_dateline_takes_the_year_of_the_address() -> None:
    text = f"新华社广州7月3日电（记者 李某）{BODY}"
    context = infer_context(text, url="https://news.example.cn/20230704/n1.shtml")
    # the story's day, not the page's
    assert context.published == date(2023, 7, 3)
    assert "7月3日电" in context.evidence["published"]
    assert "20230704" in context.evidence["published"]
    # an address with a year only gives the year
    assert _published(text, "http://example.cn/news/2015/abc.html") == date(2015, 7, 3)


@pytest.mark.parametrize(
    ("text", "url", "expected"),
    [
        (f"9月22日消息，{BODY}", "http://example.cn/2022/0923/1.html", date(2022, 9, 22)),
        (f"(资料图)\n12月15日，{BODY}", "http://example.cn/2022/1215/1.html", date(2022, 12, 15)),
        (
            f"青川市教育局今天（4月8日）举行新闻发布会。{BODY}",
            "http://e.cn/2021/0408/1.html",
            date(2021, 4, 8),
        ),
        (
            f"市长王某5日在市政府常务会议上说，{BODY}",
            "http://e.cn/2020/03-06/1.html",
            date(2020, 3, 5),
        ),
        (
            f"青川日报1月12日从市发展改革委获悉，{BODY}",
            "http://e.cn/2017/0113/1.html",
            date(2017, 1, 12),
        ),
        # a dateline of 31 December on a page of 2 January is last year's
        (f"新华社北京12月31日电 {BODY}", "http://e.cn/2021/0102/1.html", date(2020, 12, 31)),
        # a dateline far from the page date does not move it
        (f"4月25日，{BODY}", "http://e.cn/2017/0714/1.html", date(2017, 7, 14)),
    ],
)
def test_partial_datelines_refine_the_page_date(text: str, url: str, expected: date) -> None:
    assert _published(text, url) == expected


def test_partial_dateline_refines_a_byline_timestamp() -> None:
    text = f"稿源：青川新闻网 | 2008-11-13 10:42:46\n新华网纽约11月12日电（记者 张某）{BODY}"
    assert _published(text) == date(2008, 11, 12)


def test_partial_dateline_never_invents_a_year() -> None:
    for text in (
        f"新华社北京6月12日电 {BODY}",
        f"9月22日消息，{BODY}",
        f"青川市市长5日在会上说，{BODY}",
    ):
        context = infer_context(text)
        assert context.published is None
        assert "dateline" in context.evidence and "published" not in context.evidence


def test_a_labelled_month_gives_the_year_of_a_dateline() -> None:
    text = f"发布日期：2022年1月\n青川日报1月12日从市政府获悉，{BODY}"
    assert _published(text) == date(2022, 1, 12)
    assert _published(f"发布日期：2022年1月\n{BODY}") is None  # a month is not a date


def test_a_labelled_address_in_the_text_is_read() -> None:
    text = f"# 青川市氢能规划\n**来源**: https://www.example.gov.cn/zhengce/2022-01/12/content_1.htm\n{BODY}"
    assert _published(text) == date(2022, 1, 12)


def test_order_of_evidence() -> None:
    labelled = f"发布时间：2021-08-18\n据水利部网站8月16日消息，{BODY}"
    assert _published(labelled, "http://e.cn/2021/0820/1.html") == date(2021, 8, 18)
    # a date line of the document itself beats the address of the page
    signed = f"青川市人民政府\n2021年12月12日\n{BODY}"
    assert _published(signed, "http://e.cn/2022-01/12/content_1.htm") == date(2021, 12, 12)
    # a metadata date beats everything the text says
    context = infer_context(f"发布时间：2021-08-18\n{BODY}", metadata_date=date(2021, 8, 19))
    assert context.published == date(2021, 8, 19)


# -- publication date: must not infer -------------------------------------------------------


@pytest.mark.parametrize(
    "text",
    [
        f"王某，男，1965年3月12日出生，现任青川市副市长。{BODY}",
        f"{BODY}\n1949年10月1日，中华人民共和国成立，青川从此翻开新的一页。",
        f"{BODY}\n公司于2023年5月9日召开董事会，审议通过了年度报告。",
        f"《2021年12月12日青川市政府常务会议纪要》\n{BODY}",
        f"{BODY}\n《2021年12月12日青川市政府常务会议纪要》",
        f"依据《青川市国民经济和社会发展第十四个五年规划和2035年远景目标纲要》，{BODY}",
        f"更新时间：2026-01-26 11:25:36\n{BODY}",
        f"{BODY}\n10月1日，青川市举行升旗仪式。",
        f"{BODY}\n2008年是极不平凡的一年。",
    ],
)
def test_dates_in_running_text_are_not_the_publication_date(text: str) -> None:
    context = infer_context(text)
    assert context.published is None
    assert "published" not in context.evidence


def test_a_list_of_timestamps_is_furniture() -> None:
    related = "相关新闻：\n- 2025年03月12日 21:05:10\n- 2025年03月12日 17:28:40\n- 2025年03月11日 10:19:15"
    # the page's own byline wins over its related-news block
    assert _published(f"2025-03-05 08:00 来源：青川新闻网\n{BODY}\n{related}") == date(2025, 3, 5)
    # alone, the block only says when the page was made: the latest, as a last resort
    context = infer_context(f"{BODY}\n{related}")
    assert context.published == date(2025, 3, 12)
    assert "listed timestamps" in context.evidence["published"]
    # run together on one line, too
    assert _published(f"{BODY}\n{related.replace(chr(10), '')}") == date(2025, 3, 12)
    # a block spanning two years says nothing
    mixed = "- 2024年12月30日 10:00\n- 2025年01月02日 09:00"
    assert _published(f"{BODY}\n{mixed}") is None
    # nor a signature inside such a block
    assert _published(f"{BODY}\n青川市人民政府\n{mixed}") is None


# -- document type --------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("text", "kind", "cue"),
    [
        (f"各位代表：\n现在，我代表市人民政府向大会作报告。{BODY}", DocType.REPORT, "各位代表"),
        (
            f"——2024年1月20日在青川市第十六届人民代表大会第二次会议上\n{BODY}",
            DocType.REPORT,
            "2024年1月20日在",
        ),
        (f"2024年青川市政府工作报告\n{BODY}", DocType.REPORT, "政府工作报告"),
        (
            f"附件\n青川市氢能产业发展三年行动计划\n（2024—2026年）\n{BODY}",
            DocType.PLAN,
            "行动计划",
        ),
        (f"青川市加氢站建设实施方案（2023-2025年）\n{BODY}", DocType.PLAN, "实施方案"),
        (f"# 青川市“十四五”氢能产业发展规划\n{BODY}", DocType.PLAN, "发展规划"),
    ],
)
def test_type_from_the_body(text: str, kind: DocType, cue: str) -> None:
    context = infer_context(text)
    assert context.doc_type is kind
    assert cue in context.evidence["doc_type"]


@pytest.mark.parametrize(
    "text",
    [
        # news about a report or a plan is not that report or plan
        f"青川市市长在政府工作报告中提出今年发展主要预期目标。{BODY}",
        f"两部委正式印发《青川市加氢站建设实施方案》\n{BODY}",
        f"青川市发布氢能产业规划 提出三大目标\n{BODY}",
        f"{BODY}\n各位代表认为，这一目标切实可行。",
        f"青川市将编制氢能产业发展规划，{BODY}",
    ],
)
def test_no_type_from_the_body(text: str) -> None:
    assert infer_context(text).doc_type is None


def test_the_title_decides_before_the_body() -> None:
    text = f"各位代表：\n{BODY}"
    assert infer_context(text, title_type=DocType.NOTICE).doc_type is None
    assert body_type(mask_book_titles(text))[0] is DocType.REPORT


# -- report year ----------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("title", "text", "published", "kind", "expected", "cue"),
    [
        ("2019年青川市政府工作报告", BODY, None, DocType.REPORT, 2019, "2019年青川市政府工作报告"),
        (
            "关于2023年国民经济和社会发展计划执行情况与2024年国民经济和社会发展计划草案的报告",
            BODY,
            None,
            DocType.REPORT,
            2024,
            "2024年",
        ),
        (
            "",
            f"2024年全市经济社会发展的主要预期目标是：{BODY}",
            None,
            DocType.OTHER,
            2024,
            "预期目标",
        ),
        (
            "",
            f"2016年青川市生产总值增长的预期目标为7%。{BODY}",
            None,
            DocType.OTHER,
            2016,
            "预期目标",
        ),
        # a news item that reports on a work report: the publication year
        (
            "",
            f"市长在政府工作报告中提出，今年发展主要预期目标是：{BODY}",
            date(2023, 1, 9),
            DocType.OTHER,
            2023,
            "今年",
        ),
        (
            "",
            f"今年经济社会发展的主要目标是：{BODY}",
            date(2018, 2, 1),
            DocType.OTHER,
            2018,
            "今年",
        ),
        # a work report with nothing but its speech line, or its date
        (
            "",
            f"——2021年1月15日在青川市第十五届人民代表大会第五次会议上\n{BODY}",
            None,
            DocType.REPORT,
            2021,
            "——2021年1月15日",
        ),
        ("青川市政府工作报告", BODY, date(2022, 1, 20), DocType.REPORT, 2022, "政府工作报告"),
    ],
)
def test_report_year(
    title: str, text: str, published: date | None, kind: DocType, expected: int, cue: str
) -> None:
    year, evidence = infer_report_year(title, mask_book_titles(text), published, kind)
    assert year == expected and cue in evidence


@pytest.mark.parametrize(
    ("title", "text", "published", "kind"),
    [
        ("", f"今年发展主要预期目标是：{BODY}", None, DocType.OTHER),  # no date, no year
        ("", f"到2025年主要预期目标全面实现。{BODY}", date(2021, 1, 1), DocType.OTHER),
        ("", f"2021—2025年预期目标如下。{BODY}", None, DocType.OTHER),
        ("", f"展望2035年远景目标，{BODY}", date(2021, 1, 1), DocType.OTHER),
        ("", f"“十四五”时期经济社会发展主要目标是：{BODY}", date(2021, 1, 1), DocType.OTHER),
        ("", f"依据《2024年主要预期目标解读》，{BODY}", None, DocType.OTHER),
        ("2023年青川市工作总结", BODY, date(2024, 1, 5), DocType.REPORT),
        ("青川市氢能产业发展报告", BODY, date(2024, 1, 5), DocType.REPORT),  # not a work report
        ("", f"今年的政府工作报告提出，加快建设加氢站。{BODY}", date(2025, 3, 6), DocType.OTHER),
    ],
)
def test_no_report_year(title: str, text: str, published: date | None, kind: DocType) -> None:
    assert infer_report_year(title, mask_book_titles(text), published, kind) == (None, "")


# -- through the structure stage and the pipeline ------------------------------------------------


def test_meta_keeps_the_evidence() -> None:
    doc = structure(
        clean(
            source_of(
                "\n".join(
                    [
                        "2009年青川市政府工作报告",
                        "——2009年1月11日在青川市第十三届人民代表大会第二次会议上",
                        "各位代表：",
                        "2009年全市经济社会发展的主要预期目标是：生产总值增长9%。黑龙江省青川市……我省",
                    ]
                )
            )
        )
    )
    meta = doc.meta
    assert meta.doc_type is DocType.REPORT
    assert meta.published == date(2009, 1, 11)
    assert meta.report_year == 2009
    assert meta.evidence["published"].startswith("——2009年1月11日")
    assert meta.evidence["doc_type"] == "2009年青川市政府工作报告"
    assert meta.evidence["report_year"] == "2009年青川市政府工作报告"
    assert meta.region == "黑龙江省" and "黑龙江省" in meta.evidence["region"]


def test_news_posts_keep_their_date_and_type() -> None:
    src = source_of(
        "新华社北京6月12日电 各位代表：……",
        fmt=SourceFormat.JEKYLL,
        title="某省发布规划",
        date=date(2022, 5, 20),
    )
    meta = infer_meta(clean(src))
    assert meta.doc_type is DocType.NEWS and meta.published == date(2022, 5, 20)
    assert meta.evidence["doc_type"] == "format: jekyll post"


def test_source_url_hint() -> None:
    data = f"新华社北京6月12日电（记者 某某）{BODY}".encode()
    plain = process_bytes(data, "a.txt")
    assert plain.meta.published is None and plain.meta.evidence["dateline"]
    url = "https://news.example.com/20070613/n250548007.shtml"
    hinted = process_bytes(data, "a.txt", source_url=url)
    assert hinted.meta.published == date(2007, 6, 12)
    assert hinted.meta.canonical_url == url and hinted.source.metadata["url"] == url
    # the metadata's own address is read too
    src = source_of(f"新华社北京6月12日电 {BODY}", url=url)
    assert infer_meta(clean(src)).published == date(2007, 6, 12)
    assert structure(clean(source_of(f"新华社北京6月12日电 {BODY}")), url).meta.published == date(
        2007, 6, 12
    )


def test_analyse_path_takes_the_source_url(tmp_path: Path) -> None:
    path = tmp_path / "flash.txt"
    path.write_text(f"9月22日消息，{BODY}", encoding="utf-8")
    assert analyse_path(path, 10**6).document.meta.published is None
    url = "http://example.cn/2022/0922/1.html"
    assert analyse_path(path, 10**6, source_url=url).document.meta.published == date(2022, 9, 22)


def test_time_grows_with_the_text() -> None:
    """Each rule is one pass: ten times the text takes about ten times as long."""
    unit = (BODY + "2021年3月5日，青川市召开会议。\n2008年是极不平凡的一年。\n") * 200

    def cost(text: str) -> float:
        best = float("inf")
        for _ in range(3):
            start = time.perf_counter()
            infer_context(text, title="青川市政府工作报告", url="http://e.cn/2020/0101/1.html")
            best = min(best, time.perf_counter() - start)
        return best

    small, large = cost(unit), cost(unit * 10)
    assert large < 30 * max(small, 1e-4)


def test_listed_timestamps_pattern_matches_as_written_first() -> None:
    """_LISTED starts with a set of characters (fast); it finds the dates _FULL finds."""
    reference = re.compile(rf"(?P<d>{context_module._FULL})(?:[ \t]*{context_module._TIME})?")
    pieces = [*"12 019年月日-/.: \t\n0123456789中", "2019年3月5日", "2020-01-02", "12:30"]
    rng = random.Random(11)
    for _ in range(20000):
        text = "".join(rng.choice(pieces) for _ in range(rng.randint(0, 20)))
        want = [(m.span(), m.group("d")) for m in reference.finditer(text)]
        got = [(m.span(), m.group("d")) for m in context_module._LISTED.finditer(text)]
        assert got == want, text
