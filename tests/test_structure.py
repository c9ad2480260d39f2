"""Structure stage: headings, sections, sentences and document metadata."""

from __future__ import annotations

import copy
import pickle
import sys
from collections.abc import Callable
from types import FrameType

import pytest

from plantrack.clean import clean
from plantrack.model import (
    Block,
    BlockRole,
    DocStatus,
    DocType,
    Section,
    SectionKind,
    SourceDocument,
    SourceFormat,
)
from plantrack.structure import infer_period, infer_region, parse_heading, structure
from tests.conftest import source_of


@pytest.mark.parametrize(
    ("text", "kind", "number", "title"),
    [
        ("前言", SectionKind.PREFACE, None, "前言"),
        ("一、行业背景与产业基础", SectionKind.CHAPTER, "一", "行业背景与产业基础"),
        ("十二、附则", SectionKind.CHAPTER, "十二", "附则"),
        ("（三）发展目标", SectionKind.SECTION, "三", "发展目标"),
        ("(二)基本原则", SectionKind.SECTION, "二", "基本原则"),
        ("1. 国内外产业发展概况", SectionKind.ITEM, "1", "国内外产业发展概况"),
        ("2、推动产业链协同发展。引导企业转型。", SectionKind.ITEM, "2", "推动产业链协同发展"),
        ("3．促进产业集聚发展", SectionKind.ITEM, "3", "促进产业集聚发展"),
        ("（1）加快建设充电桩", SectionKind.SUBITEM, "1", "加快建设充电桩"),
        ("专栏2新能源汽车产能盘活工程", SectionKind.BOX, "2", "新能源汽车产能盘活工程"),
        ("专栏 三：重点项目", SectionKind.BOX, "三", "重点项目"),
    ],
)
def test_headings(text: str, kind: SectionKind, number: str | None, title: str) -> None:
    h = parse_heading(text)
    assert h is not None
    assert (h.kind, h.number, h.title) == (kind, number, title)


@pytest.mark.parametrize(
    "text",
    [
        "2021年全省汽车产业实现营业收入407.7亿元。",
        "1.5万辆新能源汽车投入运营。",
        "一是我省新能源汽车产业规模偏小。",
        "前言部分已经说明。",
        "（注：数据来源于统计局）以下为正文内容，此处是一个很长很长的说明性句子不应被当作标题处理的内容部分",
        "3、" + "长" * 60 + "，后面还有。",
        "",
    ],
)
def test_not_headings(text: str) -> None:
    assert parse_heading(text) is None


def _doc(
    paragraphs: list[str], fmt: SourceFormat = SourceFormat.TEXT, **md: object
) -> SourceDocument:
    return source_of("\n".join(paragraphs), fmt=fmt, **md)


def test_section_tree_nests_and_closes() -> None:
    doc = structure(
        clean(
            _doc(
                [
                    "一、总体要求",
                    "正文甲。",
                    "（一）指导思想",
                    "正文乙。",
                    "1. 加快建设。正文丙。",
                    "专栏1 重点工程",
                    "专栏内容。",
                    "（二）基本原则",
                    "正文丁。",
                    "二、重点任务",
                    "正文戊。",
                ]
            )
        )
    )
    top = doc.root.children
    assert [s.label for s in top] == ["一、总体要求", "二、重点任务"]
    first = top[0]
    assert [s.label for s in first.children] == ["（一）指导思想", "（二）基本原则"]
    inner = first.children[0].children
    assert [s.kind for s in inner] == [SectionKind.ITEM, SectionKind.BOX]
    assert doc.text[inner[0].paragraphs[0].start : inner[0].paragraphs[0].end] == "正文丙。"
    assert doc.text[first.start : first.end].endswith("正文丁。")
    path = doc.section_path(doc.text.index("专栏内容"))
    assert [s.label for s in path] == ["一、总体要求", "（一）指导思想", "专栏1 重点工程"]


def test_source_headings_and_related_items() -> None:
    src = source_of(
        Block(text="工作目标", role=BlockRole.HEADING, level=2, source_start=0),
        Block(text="到2025年建成充电桩1万个。", source_start=10),
        Block(text="摘要一。", role=BlockRole.RELATED, title="相关一", link="https://e.example/1"),
        fmt=SourceFormat.HTML,
    )
    doc = structure(clean(src))
    kinds = [(s.kind, s.title, s.link) for s in doc.sections()]
    assert kinds == [
        (SectionKind.HEADING, "工作目标", None),
        (SectionKind.RELATED, "相关一", "https://e.example/1"),
    ]


def test_sentences_split_on_chinese_punctuation() -> None:
    doc = structure(clean(_doc(["第一句。第二句！“第三句？”第四句；", "没有句号的段落"])))
    assert [doc.text[s.start : s.end] for s in doc.sentences] == [
        "第一句。",
        "第二句！",
        "“第三句？”",
        "第四句；",
        "没有句号的段落",
    ]


def test_period_prefers_title_then_cue_and_skips_cited_titles() -> None:
    text = "为贯彻《产业发展规划（2021—2035年）》精神，特制定本规划，期限为2022—2025年。"
    assert infer_period("", text) == (2022, 2025)
    assert infer_period("某市氢能规划（2023-2027年）", text) == (2023, 2027)
    assert infer_period("", "贯彻《产业发展规划（2021—2035年）》精神。") is None
    assert infer_period("", "预计2020—2025年复合增长率将达到45%。") is None


def test_region_from_title_short_name_city_or_text() -> None:
    assert infer_region("河南：到2025年建成产业集群", "") == "河南省"
    assert infer_region("青川市新能源汽车产业发展规划", "") == "青川市"
    assert (
        infer_region("", "黑龙江省汽车工业基础雄厚，加强黑龙江省与吉林省合作，我省……") == "黑龙江省"
    )
    assert infer_region("", "没有地名的文本。") is None


def test_document_type_status_and_inferred_title() -> None:
    doc = structure(
        clean(
            _doc(
                [
                    "征求意见稿",
                    "为推动发展，特制定本规划，期限为2023—2025年。",
                    "河南省氢能产业发展迅速，河南省氢能产业基础较好。",
                ],
            )
        )
    )
    assert doc.meta.status is DocStatus.DRAFT
    assert doc.meta.doc_type is DocType.PLAN
    assert doc.meta.title_inferred
    assert doc.meta.title == "河南省氢能产业发展规划（2023—2025年）"


@pytest.mark.parametrize(
    ("title", "kind"),
    [
        ("关于加快充电基础设施建设的通知", DocType.NOTICE),
        ("关于进一步加快新能源汽车产业发展的指导意见", DocType.OPINION),
        ("青川市新能源汽车产业发展规划（2023—2025年）", DocType.PLAN),
        ("2023年政府工作报告", DocType.REPORT),
    ],
)
def test_type_from_title(title: str, kind: DocType) -> None:
    doc = structure(clean(_doc(["正文。"], SourceFormat.HTML, title=title)))
    assert doc.meta.doc_type is kind


def test_news_posts_are_news_whatever_their_title() -> None:
    doc = structure(clean(_doc(["正文。"], SourceFormat.JEKYLL, title="某省发布指导意见")))
    assert doc.meta.doc_type is DocType.NEWS


def test_type_from_the_body_when_the_title_says_nothing() -> None:
    report = structure(clean(_doc(["各位代表：", "现在，我代表市人民政府向大会作报告。"])))
    assert report.meta.doc_type is DocType.REPORT
    assert report.meta.evidence["doc_type"] == "各位代表："
    titled = structure(clean(_doc(["各位代表：", "正文。"], SourceFormat.HTML, title="某市通知")))
    assert titled.meta.doc_type is DocType.NOTICE and titled.meta.evidence["doc_type"] == "某市通知"


def test_published_is_not_any_date_near_the_end() -> None:
    tail = "公司于2025年12月15日召开董事会，审议通过了议案。"
    assert structure(clean(_doc(["正文。", tail]))).meta.published is None
    signed = structure(clean(_doc(["正文。", "某市人民政府", "2023年10月24日"])))
    assert str(signed.meta.published) == "2023-10-24"
    assert signed.meta.evidence["published"] == "2023年10月24日"


# -- growth: the work done grows with the text, not faster ---------------------------


def python_work(fn: Callable[[], object]) -> int:
    """Python calls and lines run by `fn`: a count of work, the same on any machine
    (wall time on a shared machine is too noisy to assert on)."""
    count = 0

    def tracer(frame: FrameType, event: str, arg: object) -> Callable[..., object]:
        nonlocal count
        count += 1
        return tracer

    previous = sys.gettrace()
    sys.settrace(tracer)
    try:
        fn()
    finally:
        sys.settrace(previous)
    return count


_PLAN_PART = [
    "一、总体要求",
    "到2025年，全市新能源汽车产量达到10万辆。",
    "（一）指导思想",
    "坚持创新驱动。推动产业集聚发展。",
    "1. 加快建设充电桩。新建公共充电桩1000个。",
    "（1）完善网络",
    "专栏1 重点工程",
    "专栏内容。",
    "（二）基本原则",
    "正文丁，正文戊；正文己。",
]


def _plan(copies: int) -> SourceDocument:
    return _doc(_PLAN_PART * copies)


def test_section_path_finds_the_same_sections_as_a_scan() -> None:
    doc = structure(clean(_plan(5)))

    def scan(offset: int) -> list[Section]:
        path, node = [], doc.root
        while inner := next((c for c in node.children if c.start <= offset < c.end), None):
            path.append(inner)
            node = inner
        return path

    assert len(doc.sections()) == 30
    for offset in range(-1, len(doc.text) + 2):
        assert doc.section_path(offset) == scan(offset)


def test_section_path_work_per_sentence_does_not_grow_with_the_sections() -> None:
    def work(copies: int) -> int:
        doc = structure(clean(_plan(copies)))
        doc.section_path(0)  # the index is built once, in time linear in the sections
        return python_work(lambda: [doc.section_path(s.start) for s in doc.sentences])

    small, large = work(20), work(80)
    # 4× the sections and sentences: 4× the work (a scan of the sections is 16×)
    assert large <= 4.4 * small, (small, large)


def test_sentence_range_is_the_sentences_that_overlap() -> None:
    doc = structure(clean(_plan(3)))
    n = len(doc.text)
    for start, end in [(0, n), (5, 40), (17, 17), (n - 3, n + 5), (200, 100)]:
        want = [i for i, s in enumerate(doc.sentences) if s.end > start and s.start < end]
        assert list(doc.sentence_range(start, end)) == want


@pytest.mark.parametrize("fmt", [SourceFormat.TEXT, SourceFormat.PDF_TEXT, SourceFormat.HTML])
def test_clean_and_structure_work_grows_with_the_text(fmt: SourceFormat) -> None:
    def work(copies: int) -> int:
        source = _doc(_PLAN_PART * copies, fmt, title="青川市新能源汽车产业发展规划")
        return python_work(lambda: structure(clean(source)))

    small, large = work(20), work(80)
    assert large <= 4.6 * small, (small, large)


def test_section_path_after_a_copy_or_a_round_trip_through_pickle() -> None:
    doc = structure(clean(_plan(2)))
    offset = doc.text.index("专栏内容")
    want = [s.label for s in doc.section_path(offset)]  # the index is built
    for other in (pickle.loads(pickle.dumps(doc)), copy.deepcopy(doc)):
        assert [s.label for s in other.section_path(offset)] == want
