"""One test per sample document in examples/corpus: what a reader must find in it."""

from __future__ import annotations

import re
from datetime import timedelta

import pytest

from plantrack.model import DocStatus, DocType, Document, SectionKind, SourceFormat
from plantrack.pipeline import process_bytes
from tests.conftest import CORPUS


def _load(name: str) -> Document:
    return process_bytes((CORPUS / name).read_bytes(), name)


PLAN_OUTLINE_TOP = [
    "前言",
    "一、发展基础与面临形势",
    "二、总体要求",
    "三、重点任务",
    "四、空间布局",
    "五、保障措施",
]
PLAN_BOXES = [
    ("1", "整车产能提升工程"),
    ("2", "石墨负极材料产业链延伸工程"),
    ("3", "充换电网络建设工程"),
]


def test_every_example_is_read_and_the_folder_holds_only_documents() -> None:
    names = sorted(p.name for p in CORPUS.iterdir())
    assert len(names) >= 8
    formats = {_load(n).source.format for n in names}
    assert formats == {
        SourceFormat.JEKYLL,
        SourceFormat.HTML,
        SourceFormat.PDF,
        SourceFormat.PDF_TEXT,
        SourceFormat.DOCX,
    }


@pytest.mark.parametrize(
    "name", ["qingchuan_nev_plan_2023-2025.pdf", "qingchuan_nev_plan_2023-2025.txt"]
)
def test_plan_as_pdf_and_as_pdf_text(name: str) -> None:
    doc = _load(name)
    assert doc.meta.title == "青川市新能源汽车产业发展规划（2023—2025年）（征求意见稿）"
    assert doc.meta.region == "青川市"
    assert doc.meta.doc_type is DocType.PLAN
    assert doc.meta.status is DocStatus.DRAFT
    assert (doc.meta.period_start, doc.meta.period_end) == (2023, 2025)
    assert [
        s.label for s in doc.root.children if s.kind is not SectionKind.ROOT
    ] == PLAN_OUTLINE_TOP
    boxes = [(s.number, s.title) for s in doc.sections() if s.kind is SectionKind.BOX]
    assert boxes == PLAN_BOXES
    text = doc.text
    # sentences that the watermark and a page number cut in two are whole again
    assert "截至2022年底，全市新能源汽车保有量达到1.86万辆" in text
    assert "到2025年完成改造不少于120个" in text
    assert "新能源汽车新车销量占比达到25%[数据来源：中国汽车工业协会]以上" in text
    assert "累计建成公共充电桩8000个以上，其中直流快充桩不少于3000个" in text
    assert not re.search(r"^[征求意见稿]$|^\d+$", text, re.M)
    assert doc.clean.removed["watermark"]


def test_plan_pdf_pages_are_known() -> None:
    doc = _load("qingchuan_nev_plan_2023-2025.pdf")
    assert doc.source.page_count == 6
    pages = [p.page for p in doc.clean.paragraphs]
    assert pages[0] == 1 and max(p for p in pages if p) == 6
    assert pages == sorted(pages)


def test_gbk_notice_page() -> None:
    doc = _load("shuangqiao_charging_notice.html")
    assert doc.source.encoding == "gb18030"
    assert doc.meta.title == "双桥市发展和改革委员会关于加快充电基础设施建设的通知"
    assert doc.meta.doc_type is DocType.NOTICE
    assert doc.meta.source == "双桥市发展和改革委员会"
    assert str(doc.meta.published)[:10] == "2023-03-15"
    assert "联系人：王喆" in doc.text  # 喆 is in GBK, not in GB2312
    assert "到2025年，全市累计建成集中式充（换）电站300座以上、公共充电桩1.2万个以上" in doc.text
    for junk in ("浏览次数", "欢迎访问", "function", "首页", "发布时间"):
        assert junk not in doc.text
    assert [s.label for s in doc.root.children][:2] == ["一、总体目标", "二、重点任务"]


@pytest.mark.parametrize(
    ("name", "title_start", "region", "related"),
    [
        ("news_20230302_qingchuan_plan.md", "黑龙江青川：", "青川市", 2),  # the title's city
        ("news_20230316_shuangqiao_charging.md", "河南双桥：", "双桥市", 1),
        ("news_20230412_shuangqiao_q1_sales.md", "双桥市一季度", "双桥市", 0),
        ("news_20231208_institution_forecast_2024.txt", "衡石证券：", None, 0),
    ],
)
def test_news_posts(name: str, title_start: str, region: str | None, related: int) -> None:
    doc = _load(name)
    assert doc.source.format is SourceFormat.JEKYLL  # even the one named .txt
    assert doc.meta.doc_type is DocType.NEWS and doc.meta.status is DocStatus.FINAL
    assert doc.meta.title.startswith(title_start)
    assert doc.meta.region == region
    assert doc.meta.published is not None and doc.meta.published.utcoffset() == timedelta(hours=8)  # type: ignore[union-attr]
    assert doc.meta.source and doc.meta.codes and doc.meta.canonical_url
    items = [s for s in doc.sections() if s.kind is SectionKind.RELATED]
    assert len(items) == related and all(s.link and s.link.startswith("https://") for s in items)
    for junk in ("返回", "K图", "share.example.com", "文章来源", "<"):
        assert junk not in doc.text


def test_forecast_post_keeps_its_ranges() -> None:
    doc = _load("news_20231208_institution_forecast_2024.txt")
    assert "同比增长30%—40%" in doc.text and "同比增长25%~30%" in doc.text


def test_docx_opinion_with_table() -> None:
    doc = _load("qingchuan_hydrogen_opinion.docx")
    assert doc.meta.title == "青川市人民政府办公室关于支持氢能产业发展的实施意见"
    assert doc.meta.doc_type is DocType.OPINION and doc.meta.region == "青川市"
    labels = [s.label for s in doc.root.children]
    assert labels == ["一、发展目标", "二、重点任务", "三、支持政策", "四、保障措施"]
    assert "氢燃料电池汽车推广数量 | 500辆以上" in doc.text
    assert "截至2022年底，全市已建成加氢站1座" in doc.text
