"""End to end over the real documents in ../shared/seeds: ingest → clean → structure."""

from __future__ import annotations

import re
from datetime import datetime, timedelta

from plantrack.model import DocStatus, DocType, Document, SectionKind
from tests.conftest import SEEDS


def test_plan_text_joins_lines_through_watermark_and_page_number(seed_plan: Document) -> None:
    text = seed_plan.text
    assert "以传统汽车工业为支撑的新能源汽车产业将驶入高速发展阶段" in text
    assert "2021年前三季度全球新能源汽车累计销量同比增长138%" in text
    assert "到2025年累计建成各类充电桩2.5万个" in text
    assert "公路运输占交通运输碳排放的85%[数据来源：中国环境与发展国际合作委员会]以上" in text


def test_plan_text_has_no_debris_lines(seed_plan: Document) -> None:
    lines = seed_plan.text.split("\n")
    assert not [ln for ln in lines if ln in set("征求意见稿")]
    assert not [ln for ln in lines if re.fullmatch(r"\s*\d+\s*", ln)]
    assert not [ln for ln in lines if not ln.strip()]
    # no space left between Chinese and digits
    assert not re.search(r"[\u4e00-\u9fff] +\d|\d +[\u4e00-\u9fff]", seed_plan.text)
    assert seed_plan.clean.removed["watermark"] == ["征求意见稿", "征求意见稿"]
    assert seed_plan.clean.removed["page_number"] == ["7", "16"]


def test_plan_outline(seed_plan: Document) -> None:
    chapters = [s for s in seed_plan.root.children if s.kind is SectionKind.CHAPTER]
    assert [c.number for c in chapters] == list("一二三四五")
    assert chapters[0].title == "行业背景与产业基础"
    assert chapters[4].title == "保障措施"
    assert seed_plan.root.children[0].kind is SectionKind.PREFACE
    tasks = chapters[2]
    assert [s.number for s in tasks.children if s.kind is SectionKind.SECTION] == list(
        "一二三四五六"
    )
    boxes = [s for s in seed_plan.sections() if s.kind is SectionKind.BOX]
    assert [(b.number, b.title) for b in boxes] == [
        ("1", "新能源汽车核心技术攻关工程"),
        ("2", "新能源汽车产能盘活工程"),
        ("3", "整零协同推进工程"),
        ("4", "衍生经济培育工程"),
        ("5", "基础设施健全工程"),
    ]
    # boxes sit inside the （一）… section they appear in
    assert all(seed_plan.section_path(b.start)[-2].kind is SectionKind.SECTION for b in boxes)
    goals = next(s for s in chapters[1].children if s.title == "发展目标")
    assert "累计建成各类充电桩2.5万个" in seed_plan.text[goals.start : goals.end]


def test_plan_item_heading_keeps_its_body(seed_plan: Document) -> None:
    item = next(s for s in seed_plan.sections() if s.title == "发挥龙头企业的主导作用")
    assert item.kind is SectionKind.ITEM and item.number == "1"
    body = seed_plan.text[item.paragraphs[0].start : item.paragraphs[0].end]
    assert body.startswith("大力扶持优势企业做大做强")


def test_plan_metadata(seed_plan: Document) -> None:
    meta = seed_plan.meta
    assert meta.region == "黑龙江省"
    assert (meta.period_start, meta.period_end) == (2022, 2025)
    assert meta.status is DocStatus.DRAFT
    assert meta.doc_type is DocType.PLAN
    assert meta.title_inferred
    assert meta.title == "黑龙江省新能源汽车产业发展规划（2022—2025年）"


def test_plan_offsets_map_back_to_source(seed_plan: Document) -> None:
    source = seed_plan.source
    raw = (SEEDS / source.name).read_text("utf-8")
    text = seed_plan.text
    for phrase in ("IEA", "407.7", "专栏", "沃尔沃"):
        i = text.index(phrase)
        j = seed_plan.clean.offset_map.to_source(i)
        assert j is not None and raw[j : j + len(phrase)] == phrase


def test_news_metadata(seed_news: Document) -> None:
    meta = seed_news.meta
    assert meta.title == "河南：到2025年全省努力建成3000亿级新能源汽车产业集群"
    assert meta.published == datetime(2022, 5, 20, 21, 45, 7).replace(
        tzinfo=meta.published.tzinfo  # type: ignore[union-attr]
    )
    assert meta.published.utcoffset() == timedelta(hours=8)  # type: ignore[union-attr]
    assert meta.source == "财联社"
    assert meta.region == "河南省"
    assert meta.doc_type is DocType.NEWS
    assert meta.codes == ["BK0900"]
    assert meta.canonical_url and "infoCode=NW202205202386868880" in meta.canonical_url
    assert meta.categories == ["cailianshe"] and meta.tags == ["财联社新闻"]


def test_news_body_related_and_furniture(seed_news: Document) -> None:
    text = seed_news.text
    assert "新能源汽车年产量突破150万辆" in text
    assert "充电桩15万个以上" in text
    assert "重型载货车辆、工程车辆绿色替代率达到50%以上" in text
    for junk in ("返回首页", "K图", "finews", "文章来源", "相关报道", "eastmoney", "<", "display"):
        assert junk not in text
    related = [s for s in seed_news.sections() if s.kind is SectionKind.RELATED]
    assert [r.title for r in related] == [
        "河南：研究组建省汽车产业投资集团 整合新能源汽车资源",
        "河南：引进培育动力电池龙头企业 加快形成千亿级动力电池产业集群",
    ]
    assert related[0].link == "https://finance.eastmoney.com/a/202205202386869519.html"
    assert related[1].link == "https://finance.eastmoney.com/a/202205202386870017.html"
    assert "千亿级动力电池产业集群" in text[related[1].start : related[1].end]
    # the three body paragraphs come before the related items, outside them
    body = [text[p.start : p.end] for p in seed_news.root.paragraphs]
    assert len(body) == 3
    assert body[0].startswith("河南省人民政府办公厅发布") and body[2].startswith("除应急车辆外")
    assert all(p.end <= related[0].start for p in seed_news.root.paragraphs)
