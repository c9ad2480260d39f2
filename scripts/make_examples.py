# ruff: noqa: E501
"""Regenerate examples/corpus/: PlanTrack's own sample documents.

Every document is fictional and written for PlanTrack (青川市 in 黑龙江省 and
双桥市 in 河南省 do not exist). The source texts live in this file as Python
data; the files in examples/corpus/ are derived from them deterministically:

    qingchuan_nev_plan_2023-2025.pdf   plan rendered with reportlab (STSong-Light)
    qingchuan_nev_plan_2023-2025.txt   the same layout as "PDF-extracted" text
    shuangqiao_charging_notice.html    government notice page, GBK bytes
    news_*.md / news_*.txt             Jekyll news posts (front matter + HTML)
    qingchuan_hydrogen_opinion.docx    python-docx document with a target table

Run:  .venv/bin/python scripts/make_examples.py [--out DIR]

The helpers (layout, extracted_text, jekyll_post, gov_notice_html) are also
used by scripts/make_bench_corpus.py.
"""

from __future__ import annotations

import argparse
import datetime as dt
import hashlib
import html
import io
import re
import zipfile
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass, field
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
CORPUS = ROOT / "examples" / "corpus"

WATERMARK = "征求意见稿"
FONT = "STSong-Light"

# ---------------------------------------------------------------------------
# Source text: 青川市新能源汽车产业发展规划（2023—2025年）（征求意见稿）
#
# Block kinds: title, subtitle, org (cover lines, centred); h1c (centred
# chapter heading), h1 (一、), h2 (（一）), p (paragraph, also "1. " items and
# "——" lines), box (专栏 title; opens a box), bp (paragraph inside a box),
# endbox, blank (an empty spacer line).
# ---------------------------------------------------------------------------

PLAN: list[tuple[str, str]] = [
    ("title", "青川市新能源汽车产业发展规划"),
    ("title", "（2023—2025年）"),
    ("subtitle", "（征求意见稿）"),
    ("org", "青川市工业和信息化局"),
    ("org", "2023年2月"),
    ("h1c", "前  言"),
    ("blank", ""),
    (
        "p",
        "新能源汽车集成了新能源、新材料和新一代信息技术等多领域成果，正在深刻改变汽车产品形态、交通出行方式和能源消费结构。加快发展新能源汽车产业，是青川市推动老工业基地转型升级、培育经济增长新引擎、落实碳达峰碳中和要求的现实选择。",
    ),
    (
        "p",
        "近年来，青川市依托汽车制造基础和石墨资源优势，推动新能源汽车产业从无到有、由小到大，初步形成了整车制造、电池材料、电机电控和充换电服务协同发展的格局。为抢抓产业变革窗口期，依据国家和黑龙江省关于新能源汽车产业发展的部署要求，结合《青川市国民经济和社会发展第十四个五年规划和二〇三五年远景目标纲要》，编制本规划。规划期限为2023—2025年，展望至2030年。",
    ),
    ("h1", "一、发展基础与面临形势"),
    ("h2", "（一）发展基础"),
    (
        "p",
        "产业规模较快增长。2022年全市汽车及零部件产业实现营业收入186.4亿元，同比增长12.3%；其中新能源汽车相关产业实现营业收入41.7亿元，同比增长56.8%，占汽车及零部件产业的比重由2020年的9.6%提高到22.4%。全市现有整车生产企业4家、规模以上汽车零部件企业37家，2022年生产新能源汽车1.42万辆，同比增长83.1%。",
    ),
    (
        "p",
        "配套资源优势突出。全市已探明晶质石墨资源储量约1.2亿吨，约占全省已探明储量的17%。现有石墨及负极材料企业12家，2022年负极材料产能达到3.5万吨，实现产值28.6亿元，同比增长41.5%。",
    ),
    (
        "p",
        "推广应用稳步推进。截至2022年底，全市新能源汽车保有量达到1.86万辆，同比增长47.2%，占全市汽车保有量的3.1%；累计建成公共充电桩2140个、换电站6座、加氢站1座，中心城区公共充电服务半径缩小到3公里以内。",
    ),
    (
        "p",
        "同时也要看到，我市新能源汽车产业仍处于起步阶段：一是整车企业规模偏小，2022年整车产能利用率不足35%；二是动力电池、驱动电机等核心部件本地配套率仅为18%左右；三是高寒条件下充电设施运行效率偏低，冬季公共充电桩平均时间利用率不足8%；四是高层次研发人才和高技能人才短缺。",
    ),
    ("h2", "（二）面临形势"),
    (
        "p",
        "从外部环境看，汽车产业电动化、智能化转型全面提速。2022年我国新能源汽车产销量连续八年位居全球第一，整车和动力电池产业链日趋完善，新能源汽车新车销量占比达到25%[数据来源：中国汽车工业协会]以上，产业发展已由政策驱动转向市场驱动。预计到2025年，全国新能源汽车新车销量占比将达到45%左右，动力电池需求量将超过1000GWh。",
    ),
    (
        "p",
        "从区域竞争看，长三角、珠三角和中部地区新能源汽车产业集群加快扩张，头部企业在全国布局产能，中小城市争取整车项目的难度明显加大。我市必须立足寒地测试、石墨资源和面向东北亚开放等比较优势，找准细分赛道，走差异化发展道路。",
    ),
    ("h1", "二、总体要求"),
    ("h2", "（一）指导思想"),
    (
        "p",
        "坚持新发展理念，以推动高质量发展为主题，以整车带动、材料支撑、应用牵引为主线，着力补链、延链、强链，推动产业集聚和创新协同，把青川市建设成为东北地区重要的新能源汽车及关键材料产业基地。",
    ),
    ("h2", "（二）基本原则"),
    (
        "p",
        "——坚持市场主导、政府引导。充分发挥市场在资源配置中的决定性作用，强化企业主体地位，更好发挥政府在规划引导、政策支持和环境营造方面的作用。",
    ),
    (
        "p",
        "——坚持整零协同、集聚发展。以整车企业带动零部件企业协同发展，引导项目向重点园区集中，提高本地配套水平。",
    ),
    (
        "p",
        "——坚持应用牵引、适度超前。以公共领域车辆电动化带动市场需求，适度超前建设充换电和加氢基础设施。",
    ),
    ("h2", "（三）发展目标"),
    (
        "p",
        "到2025年，全市新能源汽车产业规模和配套能力实现倍增，产业链供应链韧性明显增强，推广应用水平走在全省前列。",
    ),
    (
        "p",
        "——产业规模。全市新能源汽车年产量突破5万辆，力争达到8万辆；新能源汽车相关产业营业收入达到120亿元以上，年均增长40%以上。",
    ),
    (
        "p",
        "——配套能力。动力电池产能达到15GWh，负极材料产能达到10万吨；整车企业本地配套率由2022年的18%提高到35%以上。",
    ),
    (
        "p",
        "——创新能力。规模以上新能源汽车企业研发投入强度不低于2.5%，新建省级以上企业技术中心、工程研究中心等创新平台10个以上。",
    ),
    (
        "p",
        "——推广应用。全市新能源汽车保有量超过6万辆，新增和更新的城市公交车、巡游出租车中新能源汽车比例达到100%，环卫、邮政、城市物流等公共领域新增车辆中新能源汽车比例不低于80%。",
    ),
    (
        "p",
        "——基础设施。累计建成公共充电桩8000个以上，其中直流快充桩不少于3000个；建成换电站20座、加氢站3座，全市车桩比（含个人充电桩）降至2.5:1以下。",
    ),
    (
        "p",
        "展望2030年，全市新能源汽车年产量达到15万辆，相关产业营业收入突破300亿元，建成具有全国影响力的寒地新能源汽车产业集群。",
    ),
    ("h1", "三、重点任务"),
    ("h2", "（一）做强整车制造"),
    (
        "p",
        "1. 提高存量产能利用率。支持北辰汽车青川基地导入新平台、新车型，推动闲置产能通过合资合作、委托代工等方式盘活利用，到2025年整车产能利用率提高到70%以上。",
    ),
    (
        "p",
        "2. 发展寒地新能源商用车。支持青川客车、松岭专用车等企业开发低温续航性能突出的纯电动客车、换电式重型卡车和环卫专用车，到2025年新能源商用车年产量达到1.2万辆。",
    ),
    ("box", "专栏 1  整车产能提升工程"),
    (
        "bp",
        "乘用车平台改造。支持北辰汽车青川基地实施纯电动乘用车平台技术改造，总投资28亿元，2024年底前形成年产5万辆纯电动乘用车的生产能力。",
    ),
    (
        "bp",
        "商用车扩能。推动青川客车新能源客车扩能项目建设，新增年产3000辆纯电动客车产能；支持松岭专用车建设换电重卡生产线，年产能达到5000辆。",
    ),
    (
        "bp",
        "氢燃料电池汽车示范。在城际物流、矿区运输等场景开展示范运营，2023—2025年累计推广氢燃料电池汽车不少于200辆。",
    ),
    ("endbox", ""),
    ("h2", "（二）补齐关键零部件短板"),
    (
        "p",
        "1. 壮大石墨负极材料产业。推动石墨资源就地深加工，延伸发展球形石墨、人造石墨和硅碳负极材料，到2025年负极材料产能达到10万吨，产值突破50亿元。",
    ),
    (
        "p",
        "2. 引进动力电池及电驱动项目。围绕本地整车需求，引进动力电池电芯、电池包和驱动电机、电控系统项目，到2025年动力电池产能达到15GWh，驱动电机配套能力达到10万台套。",
    ),
    ("box", "专栏 2  石墨负极材料产业链延伸工程"),
    (
        "bp",
        "负极材料一体化项目。建设年产5万吨人造石墨负极材料一体化项目，总投资42亿元，分两期实施，一期2万吨于2023年内开工建设。",
    ),
    (
        "bp",
        "提纯及球化技术攻关。建设石墨提纯与球化工程技术中心，天然石墨球化收率由目前的45%左右提高到60%以上，高纯石墨纯度达到99.99%。",
    ),
    (
        "bp",
        "配套材料引进。引进隔膜、电解液、导电剂等配套材料企业2—3家，形成较为完整的电池材料产业链。",
    ),
    ("endbox", ""),
    ("h2", "（三）完善充换电基础设施"),
    (
        "p",
        "1. 优化公共充电网络。按照“中心城区加密、县城补齐、乡镇覆盖”的思路布局公共充电设施，到2025年实现城市建成区公共充电服务半径不超过1公里，乡镇公共充电站覆盖率达到100%。",
    ),
    (
        "p",
        "2. 推进居住区充电设施建设。新建住宅小区固定车位100%建设充电设施或预留安装条件；既有住宅小区按照“一区一策”推进改造，到2025年完成改造不少于120个。",
    ),
    ("box", "专栏 3  充换电网络建设工程"),
    (
        "bp",
        "公共充电桩。2023年新建公共充电桩1500个，2024年新建2000个，2025年新建2400个，三年累计新建5900个。",
    ),
    (
        "bp",
        "换电站和加氢站。在出租车和重型卡车集中区域新建换电站14座；在青川经济技术开发区和松岭物流园各新建加氢站1座。",
    ),
    (
        "bp",
        "寒地适配改造。推广具备低温预热功能的充电设备，冬季公共充电桩平均时间利用率提高到15%以上。",
    ),
    ("endbox", ""),
    ("h2", "（四）扩大推广应用"),
    (
        "p",
        "1. 推动公共领域车辆电动化。2023年起，全市新增和更新的公交车、巡游出租车全部使用新能源汽车，党政机关新购公务用车中新能源汽车比例原则上不低于60%。",
    ),
    (
        "p",
        "2. 促进个人消费。2023—2025年每年安排新能源汽车消费券不少于3000万元，开展新能源汽车下乡活动，力争农村地区新能源汽车销量年均增长30%以上。",
    ),
    ("h1", "四、空间布局"),
    ("p", "按照“一核两园”的总体布局，引导新能源汽车产业集聚发展。"),
    ("h2", "（一）青川经济技术开发区整车制造核心区"),
    (
        "p",
        "重点发展新能源乘用车、商用车整车制造和电池包、电驱动系统，到2025年园区新能源汽车产值达到45亿元。",
    ),
    ("h2", "（二）松岭石墨新材料产业园"),
    (
        "p",
        "重点发展石墨提纯、球形石墨和负极材料，到2025年园区负极材料产值突破40亿元，入驻企业超过20家。",
    ),
    ("h2", "（三）北湖寒地测试产业园"),
    (
        "p",
        "建设冰雪路面、低温环境等测试场景，到2025年建成各类测试道路40公里，年服务测试车辆2000台次以上。",
    ),
    ("h1", "五、保障措施"),
    ("h2", "（一）加强组织领导"),
    (
        "p",
        "成立由市政府主要领导任组长的新能源汽车产业发展领导小组，建立“一个产业、一位市领导、一个工作专班”的推进机制，定期调度重点项目进展。",
    ),
    ("h2", "（二）加大财政金融支持"),
    (
        "p",
        "2023—2025年，市财政每年安排新能源汽车产业发展专项资金不少于2亿元；设立规模为10亿元的新能源汽车产业投资基金，引导社会资本投入50亿元以上。",
    ),
    ("h2", "（三）强化人才支撑"),
    (
        "p",
        "实施新能源汽车人才专项计划，到2025年引进培育高层次研发人才200名以上、高技能人才3000名以上，支持青川职业技术学院开设新能源汽车相关专业。",
    ),
    ("h2", "（四）做好监测评估"),
    (
        "p",
        "建立规划实施年度监测和中期评估制度，2024年开展规划中期评估，评估结果作为调整政策和安排资金的重要依据。",
    ),
]

PLAN_META = {
    "title": "青川市新能源汽车产业发展规划（2023—2025年）（征求意见稿）",
    "author": "青川市工业和信息化局",
    "subject": "PlanTrack sample document (fictional)",
    "creator": "PlanTrack scripts/make_examples.py",
    "keywords": "新能源汽车, 规划, 征求意见稿, 青川市",
}

# How many pages of the .txt show the watermark and page number in the
# extracted text (as in the real seed, only some pages do). They are the first
# pages whose text ends mid-sentence, so the watermark run lands inside a
# sentence.
PLAN_TXT_WATERMARK_COUNT = 2

# ---------------------------------------------------------------------------
# Layout: blocks -> pages of lines (shared by the PDF and the .txt)
# ---------------------------------------------------------------------------

PAGE_W, PAGE_H = 595.28, 841.89
BODY_SIZE = 12.0
BODY_CHARS = 30
TEXT_W = BODY_SIZE * BODY_CHARS  # 360 pt: about 30 Chinese characters
LEFT = (PAGE_W - TEXT_W) / 2
TOP = PAGE_H - 78
BOTTOM = 70
PAGE_NO_Y = 40
BOX_PAD = 8.0


@dataclass(frozen=True)
class Style:
    size: float
    leading: float
    align: str = "left"  # left | center
    first_indent: float = 0.0  # in em
    indent: float = 0.0  # in pt, every line
    width: float = TEXT_W
    space_before: float = 0.0
    keep_with_next: bool = False


STYLES: dict[str, Style] = {
    "title": Style(20, 32, "center", space_before=4),
    "subtitle": Style(15, 28, "center"),
    "org": Style(13, 22, "center"),
    "h1c": Style(15, 28, "center", space_before=18, keep_with_next=True),
    "h1": Style(14, 26, space_before=8, keep_with_next=True),
    "h2": Style(12, 23, first_indent=2, keep_with_next=True),
    "p": Style(12, 23, first_indent=2),
    "box": Style(
        12,
        22,
        "center",
        indent=BOX_PAD,
        width=TEXT_W - 2 * BOX_PAD,
        space_before=12,
        keep_with_next=True,
    ),
    "bp": Style(10.5, 18, first_indent=2, indent=BOX_PAD, width=TEXT_W - 2 * BOX_PAD),
    "blank": Style(12, 12),
}


@dataclass
class Line:
    text: str
    kind: str
    size: float
    x: float
    y: float
    align: str
    end: bool  # last line of its paragraph or heading
    in_box: bool = False


@dataclass
class Page:
    number: int
    lines: list[Line] = field(default_factory=list)
    boxes: list[tuple[float, float]] = field(default_factory=list)  # (top, bottom) of box parts


Measure = Callable[[str, float], float]

_TOKEN = re.compile(r"[0-9A-Za-z.%:+]+|.", re.S)
_NO_LINE_START = set("，。、；：？！）》」』”’〕】%,.;:!?)")


def approx_width(text: str, size: float) -> float:
    """Width with full-width CJK and half-width ASCII: close to STSong-Light."""
    ascii_n = sum(1 for ch in text if ord(ch) < 0x2000)
    return (len(text) - ascii_n * 0.5) * size


def stsong_width(text: str, size: float) -> float:
    from reportlab.pdfbase import pdfmetrics

    _register_font()
    return pdfmetrics.stringWidth(text, FONT, size)


def wrap(
    text: str, size: float, first_width: float, width: float, measure: Measure = approx_width
) -> list[str]:
    """Cut a paragraph into lines of a fixed width; digit runs stay whole and
    closing punctuation never starts a line (it hangs past the margin)."""
    lines: list[str] = []
    cur: list[str] = []
    cur_w = 0.0
    limit = first_width
    for tok in _TOKEN.findall(text):
        tw = measure(tok, size)
        if cur and cur_w + tw > limit + 0.01 and tok[0] not in _NO_LINE_START:
            lines.append("".join(cur))
            cur, cur_w, limit = [], 0.0, width
        cur.append(tok)
        cur_w += tw
    if cur or not lines:
        lines.append("".join(cur))
    return lines


def layout(blocks: Sequence[tuple[str, str]], measure: Measure = approx_width) -> list[Page]:
    """Place blocks on A4 pages; returns the pages with positioned lines."""
    pages = [Page(1)]
    y = TOP
    in_box = False
    box_top: float | None = None

    def new_page() -> None:
        nonlocal y, box_top
        if in_box and box_top is not None:
            pages[-1].boxes.append((box_top, y))
        pages.append(Page(len(pages) + 1))
        y = TOP
        box_top = y + 4 if in_box else None

    for i, (kind, text) in enumerate(blocks):
        if kind == "endbox":
            if box_top is not None:
                pages[-1].boxes.append((box_top, y - 6))
            y -= 14
            in_box, box_top = False, None
            continue
        st = STYLES[kind]
        if y < TOP:
            y -= st.space_before
        if kind == "box":
            in_box = True
        chars_w = st.first_indent * st.size
        parts = (
            wrap(text, st.size, st.width - chars_w, st.width, measure) if kind != "blank" else [""]
        )
        need = st.leading * (len(parts) if not st.keep_with_next else len(parts) + 2)
        if st.keep_with_next and y - need < BOTTOM:
            new_page()
        if kind == "box" and box_top is None:
            box_top = y - 2
        for j, part in enumerate(parts):
            if y - st.leading < BOTTOM:
                new_page()
            y -= st.leading
            x = LEFT + st.indent + (chars_w if j == 0 else 0.0)
            if st.align == "center":
                x = LEFT + st.indent + st.width / 2
            pages[-1].lines.append(
                Line(part, kind, st.size, x, y, st.align, j == len(parts) - 1, in_box)
            )
        del i
    if in_box and box_top is not None:
        pages[-1].boxes.append((box_top, y - 6))
    return pages


# ---------------------------------------------------------------------------
# "PDF-extracted" text with the debris of seed 004
# ---------------------------------------------------------------------------

_CJK = "\u3400-\u4dbf\u4e00-\u9fff"
_SPACE_BEFORE = re.compile(rf"([{_CJK}])([0-9A-Za-z])")
_SPACE_AFTER = re.compile(rf"([0-9A-Za-z])([{_CJK}])")


def space_digits(line: str) -> str:
    """The gaps an extractor leaves where a Latin font run meets Chinese text:
    "到2025年增长138%" -> "到 2025 年增长 138%" (no gap after "%")."""
    return _SPACE_AFTER.sub(r"\1 \2", _SPACE_BEFORE.sub(r"\1 \2", line))


def extracted_text(
    pages: Sequence[Sequence[tuple[str, bool]]],
    watermark_pages: Iterable[int] = (),
    watermark: str = WATERMARK,
) -> str:
    """Render pages of (line, ends_paragraph) like seed 004's extractor did.

    Every line is followed by an empty line; a line that ends a paragraph or
    heading keeps a trailing space; digits are spaced off Chinese; the first
    line of a page starts with a space and the previous page ends with a bare
    newline; on watermark pages the watermark comes out one character per line
    after the page's text, then the page number, then a lone-space line, and
    the next page continues (often mid-sentence) without the leading space.
    """
    marks = set(watermark_pages)
    out: list[str] = []
    lead = True
    for number, lines in enumerate(pages, 1):
        rendered = [space_digits(t) + (" " if end else "") for t, end in lines] or [" "]
        if lead:
            rendered[0] = " " + rendered[0]
        text = "\n\n".join(rendered)
        if number in marks:
            text += (
                "\n\n" + "\n".join(watermark) + "\n\n\n\n" + f"{number} " + "\n\n" + " " + "\n\n"
            )
            lead = False
        else:
            text += "\n"
            lead = True
        out.append(text)
    return "".join(out)


def mid_sentence_pages(pages: Sequence[Sequence[tuple[str, bool]]], k: int) -> list[int]:
    """Numbers of k pages (every other one of those, not the last, whose last
    line does not end its paragraph), so some mid-sentence page breaks show
    the watermark and others only the leading space."""
    found = [n for n, lines in enumerate(pages[:-1], 1) if lines and not lines[-1][1]]
    return found[::2][:k]


def pages_as_text_lines(pages: Sequence[Page]) -> list[list[tuple[str, bool]]]:
    return [[(ln.text, ln.end) for ln in p.lines] for p in pages]


# ---------------------------------------------------------------------------
# PDF
# ---------------------------------------------------------------------------

_font_registered = False


def _register_font() -> None:
    global _font_registered
    if not _font_registered:
        from reportlab.pdfbase import pdfmetrics
        from reportlab.pdfbase.cidfonts import UnicodeCIDFont

        pdfmetrics.registerFont(UnicodeCIDFont(FONT))
        _font_registered = True


def render_pdf(pages: Sequence[Page], meta: dict[str, str], watermark: str = WATERMARK) -> bytes:
    """Draw laid-out pages; each page gets a diagonal watermark drawn one
    character at a time (so extraction yields one character per line) and a
    page number at the bottom. invariant=1 makes the bytes reproducible."""
    from reportlab.lib.pagesizes import A4
    from reportlab.pdfgen import canvas

    _register_font()
    buf = io.BytesIO()
    c = canvas.Canvas(buf, pagesize=A4, invariant=1, pageCompression=1)
    c.setTitle(meta.get("title", ""))
    c.setAuthor(meta.get("author", ""))
    c.setSubject(meta.get("subject", ""))
    c.setCreator(meta.get("creator", ""))
    c.setKeywords(meta.get("keywords", ""))
    c.setProducer("ReportLab (invariant)")
    for page in pages:
        c.setStrokeGray(0.2)
        c.setLineWidth(0.8)
        for top, bottom in page.boxes:
            c.rect(LEFT - 2, bottom, TEXT_W + 4, top - bottom, stroke=1, fill=0)
        c.setFillGray(0)
        for ln in page.lines:
            if not ln.text:
                continue
            c.setFont(FONT, ln.size)
            if ln.align == "center":
                c.drawCentredString(ln.x, ln.y, ln.text)
            else:
                c.drawString(ln.x, ln.y, ln.text)
        if watermark:
            c.saveState()
            c.setFillColorRGB(0.78, 0.78, 0.78)
            c.setFillAlpha(0.45)
            c.setFont(FONT, 56)
            for k, ch in enumerate(watermark):
                # A trailing space: pdfium drops a text object that holds a
                # single CJK character of a non-embedded CID font.
                c.drawString(150 + k * 62, 610 - k * 92, ch + " ")
            c.restoreState()
        c.setFont(FONT, 10.5)
        c.setFillGray(0)
        c.drawCentredString(PAGE_W / 2, PAGE_NO_Y, str(page.number))
        c.showPage()
    c.save()
    return buf.getvalue()


# ---------------------------------------------------------------------------
# Jekyll news posts (like seed 000)
# ---------------------------------------------------------------------------


def _hex(seed: str, n: int = 32) -> str:
    return hashlib.md5(seed.encode("utf-8")).hexdigest()[:n]


def stock_widget(
    code: str,
    market: str = "90",
    host: str = "quote.example.com",
    pic_host: str = "kline.example.com",
) -> str:
    token = _hex(code)
    return (
        '<!-- EM_StockImg_Start --><p style="text-align:center;">'
        f'<a href="https://{host}/unify/r/{market}.{code}" data-code="{code}|{market}|1" data-code2="{code}|{market}|3|" class="EmImageRemark" target="_blank">'
        f'<img src="https://{pic_host}/GetPic.aspx?nid={market}.{code}&imageType=k&token={token}&at=1" border="0" alt="K图 {code}_0" '
        f'data-code="K {code}|{market}|1" data-code2="K {code}|{market}|3|" style="border:#d1d1d1 1px solid;" width="578" height="276" /></a></p>'
        "<!-- EM_StockImg_End -->"
    )


def jekyll_post(
    *,
    title: str,
    date: str,
    category: str,
    tag: str,
    code: str,
    paragraphs: Sequence[str],
    source: str,
    info_code: str,
    back_label: str,
    related: Sequence[tuple[str, str, str]] = (),
    site: str = "news.example.com",
    share_host: str = "share.example.com",
) -> str:
    """A post as the seed's site stores it: front matter, one long HTML line
    (hidden <p>, stock widget, paragraphs, 相关报道, source), then Markdown."""
    body = ['<p style="display:none;height:1px;overflow:hidden;"><br /></p>', stock_widget(code)]
    for k, para in enumerate(paragraphs):
        body.append(f"<p>{para}<br /></p>" if k == 0 else f"<p>{para}</p>")
    if related:
        body.append('<h3 class="emh3">相关报道</h3>')
        for url, headline, summary in related:
            body.append(f'<p><a href="{url}">{headline}</a></p><p>{summary}</p>')
    body.append(f'<p class="em_media">（文章来源：{source}）</p>')
    return (
        "---\n"
        "layout: post\n"
        f'title: "{title}"\n'
        f"date: {date} +0800\n"
        f"categories: {category}\n"
        f"tags: {tag}\n"
        "---\n"
        + "".join(body)
        + "\n\n"
        + f"<https://{share_host}/html_News/NewsShare.html?infoCode={info_code}>\n\n"
        + f"[返回{back_label}](//{site}/category/{category}.html)｜[返回首页](//{site}/)\n"
    )


NEWS: list[dict] = [
    {
        "file": "news_20230302_qingchuan_plan.md",
        "title": "黑龙江青川：到2025年新能源汽车年产量力争达到8万辆",
        "date": "2023-03-02 19:36:21",
        "category": "jiangcheng",
        "tag": "江城财讯",
        "back_label": "江城财讯",
        "code": "BK0999",
        "info_code": "NW202303021000236541",
        "source": "江城财讯",
        "paragraphs": [
            "青川市工业和信息化局发布《青川市新能源汽车产业发展规划（2023—2025年）》征求意见稿，提出到2025年，全市新能源汽车年产量突破5万辆，力争达到8万辆，新能源汽车相关产业营业收入达到120亿元以上，年均增长40%以上。",
            "征求意见稿提出，到2025年全市动力电池产能达到15GWh，负极材料产能达到10万吨，整车企业本地配套率由2022年的18%提高到35%以上；累计建成公共充电桩8000个以上，其中直流快充桩不少于3000个，建成换电站20座、加氢站3座。",
            "数据显示，2022年青川市汽车及零部件产业实现营业收入186.4亿元，同比增长12.3%；截至2022年底，全市新能源汽车保有量达到1.86万辆。",
        ],
        "related": [
            (
                "https://news.example.com/a/202302271000118842.html",
                "青川：三年内负极材料产能将扩大近两倍",
                "青川市近日召开石墨产业推进会，会议提出，全市将加快建设年产5万吨人造石墨负极材料一体化项目，项目总投资42亿元，一期2万吨计划于2023年内开工。到2025年，全市负极材料产能有望从2022年的3.5万吨提升至10万吨。",
            ),
            (
                "https://news.example.com/a/202302201000109375.html",
                "黑龙江多地加快布局寒地新能源汽车测试产业",
                "记者从有关方面获悉，青川市北湖寒地测试产业园计划到2025年建成各类测试道路40公里，年服务测试车辆2000台次以上。目前园区已签约测试服务项目6个，总投资约9.5亿元。",
            ),
        ],
    },
    {
        "file": "news_20230316_shuangqiao_charging.md",
        "title": "河南双桥：到2025年累计建成公共充电桩1.2万个以上",
        "date": "2023-03-16 10:05:48",
        "category": "difang",
        "tag": "地方动态",
        "back_label": "地方动态",
        "code": "BK0988",
        "info_code": "NW202303161000251207",
        "source": "中原车市观察",
        "paragraphs": [
            "双桥市发展和改革委员会印发《关于加快充电基础设施建设的通知》，提出到2025年，全市累计建成集中式充（换）电站300座以上、公共充电桩1.2万个以上，其中直流快充桩占比不低于60%。",
            "通知明确，对2023年1月1日至2025年12月31日期间建成投运的直流快充桩，按照每千瓦200元给予一次性建设补贴，单个项目补贴最高不超过100万元；对年度平均时间利用率达到10%以上的公共充电站，按照每千瓦时0.1元给予运营补贴。",
            "截至2022年底，双桥市累计建成公共充电桩4380个、充（换）电站126座，新能源汽车保有量达到5.72万辆。",
        ],
        "related": [
            (
                "https://news.example.com/a/202302101000097731.html",
                "双桥：新能源汽车推广应用实施方案印发",
                "双桥市印发新能源汽车推广应用实施方案，提出2023年全市新增新能源汽车2万辆以上，公交车、巡游出租车新增及更新车辆全部使用新能源汽车。",
            ),
        ],
    },
    {
        "file": "news_20230412_shuangqiao_q1_sales.md",
        "title": "双桥市一季度新能源乘用车零售2.37万辆 同比增长62.4%",
        "date": "2023-04-12 08:15:03",
        "category": "kuaixun",
        "tag": "市场快讯",
        "back_label": "市场快讯",
        "code": "BK0988",
        "info_code": "NW202304121000287715",
        "source": "中原车市观察",
        "paragraphs": [
            "据双桥市汽车流通行业协会统计，2023年一季度全市新能源乘用车零售2.37万辆，同比增长62.4%；新能源汽车零售渗透率达到31.5%，较上年同期提高9.8个百分点。",
            "其中，3月份全市新能源乘用车零售9862辆，同比增长47.3%，环比增长18.6%。纯电动车型占新能源乘用车零售量的比重为72.6%，插电式混合动力车型占27.4%。",
            "从销售额看，一季度全市汽车零售额实现86.2亿元，同比增长5.6%，其中新能源汽车零售额34.9亿元，同比增长71.2%。自主品牌新能源车型的市场份额为68.3%，较2022年全年提高4.1个百分点。",
            "充电设施方面，截至2023年3月底，全市累计建成公共充电桩4960个，一季度新增580个，同比多增210个。",
            "协会预计，二季度全市新能源乘用车零售量将在2.6万辆至2.9万辆之间，全年渗透率有望超过35%。",
        ],
        "related": [],
    },
    {
        "file": "news_20231208_institution_forecast_2024.txt",
        "title": "衡石证券：预计2024年国内新能源汽车销量约1150万辆 同比增长20%左右",
        "date": "2023-12-08 16:42:55",
        "category": "yanbao",
        "tag": "机构观点",
        "back_label": "机构观点",
        "code": "BK0999",
        "info_code": "NW202312081000574420",
        "source": "江城财讯",
        "paragraphs": [
            "衡石证券研究所发布2024年度汽车行业投资策略报告，预计2024年国内新能源汽车销量约1150万辆，同比增长20%左右，新能源汽车渗透率有望提升至40%以上。",
            "报告预计，2024年新能源乘用车出口量将超过150万辆，同比增长30%—40%；新能源商用车销量约45万辆，其中燃料电池汽车销量有望达到1万辆。",
            "产业链方面，报告预计2024年国内动力电池装车量将达到480GWh左右，同比增长25%~30%；受原材料价格回落影响，磷酸铁锂电池包均价有望降至0.6元/Wh以下。",
            "报告同时提示，2023年前三季度新能源汽车行业平均毛利率约为14.8%，较上年同期下降1.6个百分点，2024年价格竞争可能进一步加剧，预计前十家企业市场份额合计超过85%。",
            "展望2025年，报告认为新能源汽车渗透率将达到45%—50%，年销量有望突破1400万辆。",
        ],
        "related": [],
    },
]

# ---------------------------------------------------------------------------
# Government notice page (GBK)
# ---------------------------------------------------------------------------

GOV_NAV = [
    "首页",
    "机构概况",
    "政务公开",
    "政策文件",
    "政策解读",
    "互动交流",
    "办事服务",
    "专题专栏",
]


def gov_notice_html(
    *,
    site_name: str,
    site_host: str,
    title: str,
    doc_no: str,
    addressee: str,
    body: Sequence[tuple[str, str]],
    signer: str,
    sign_date: str,
    publish_date: str,
    column: str = "通知公告",
    icp: str = "豫ICP备00000000号-1",
    address: str = "",
    table: tuple[str, Sequence[str], Sequence[Sequence[str]]] | None = None,
    related: Sequence[tuple[str, str]] = (),
    hits: int = 1024,
    charset: str = "gb2312",
) -> str:
    """A full government web page. body: (kind, text) with kind in
    h (一、 heading), p (indented paragraph), annex (附件 line)."""
    e = html.escape
    nav = "".join(
        f'<li><a href="/{"" if k == 0 else f"col{k:02d}/"}">{e(n)}</a></li>'
        for k, n in enumerate(GOV_NAV)
    )
    paras = [f'<p style="text-align:center;">{e(doc_no)}</p>', f"<p>{e(addressee)}</p>"]
    for kind, text in body:
        if kind == "h":
            paras.append(f'<p style="text-indent:2em;"><strong>{e(text)}</strong></p>')
        elif kind == "annex":
            paras.append(f"<p>　　{e(text)}</p>")
        else:
            paras.append(f'<p style="text-indent:2em;">{e(text)}</p>')
    paras.append(f'<p style="text-align:right;">{e(signer)}</p>')
    paras.append(f'<p style="text-align:right;">{e(sign_date)}</p>')
    if table:
        caption, head, rows = table
        trs = "".join("<tr>" + "".join(f"<td>{e(c)}</td>" for c in row) + "</tr>" for row in rows)
        paras.append(
            f'<p style="text-align:center;"><strong>{e(caption)}</strong></p>'
            '<table class="MsoTable" border="1" cellspacing="0" cellpadding="4" align="center">'
            "<tr>" + "".join(f"<th>{e(h)}</th>" for h in head) + "</tr>" + trs + "</table>"
        )
    rel = "".join(
        f'<li><a href="/zwgk/{k:04d}.html">{e(t)}</a><span>{e(d)}</span></li>'
        for k, (t, d) in enumerate(related, 1)
    )
    return f"""<!DOCTYPE html PUBLIC "-//W3C//DTD XHTML 1.0 Transitional//EN" "http://www.w3.org/TR/xhtml1/DTD/xhtml1-transitional.dtd">
<html xmlns="http://www.w3.org/1999/xhtml">
<head>
<meta http-equiv="Content-Type" content="text/html; charset={charset}" />
<meta http-equiv="X-UA-Compatible" content="IE=edge" />
<title>{e(title)}_{e(column)}_{e(site_name)}</title>
<meta name="keywords" content="{e(site_name)},{e(column)}" />
<meta name="ArticleTitle" content="{e(title)}" />
<meta name="PubDate" content="{publish_date} 09:30" />
<link rel="stylesheet" type="text/css" href="/css/style.css" />
<style type="text/css">
body {{ margin:0; font-family:"宋体",SimSun; font-size:14px; }}
.nav li {{ float:left; padding:0 18px; }}
.article h1 {{ font-size:22px; text-align:center; color:#b40000; }}
.content p {{ line-height:2em; }}
</style>
<script type="text/javascript">
var _siteStat = _siteStat || [];
_siteStat.push(["page", "{column}"]);
</script>
</head>
<body>
<div class="top">
  <div class="logo"><a href="/"><img src="/images/logo.png" alt="{e(site_name)}" /></a></div>
  <div class="search"><form action="/search" method="get"><input type="text" name="q" value="请输入关键字" /><input type="submit" value="搜索" /></form></div>
  <div class="toplinks"><a href="/">设为首页</a> | <a href="/">加入收藏</a> | <a href="/wza/">无障碍浏览</a></div>
</div>
<div class="nav"><ul>{nav}</ul></div>
<div class="position">当前位置：<a href="/">首页</a> &gt; <a href="/col02/">政务公开</a> &gt; <a href="/col02/tzgg/">{e(column)}</a></div>
<div class="article">
  <h1>{e(title)}</h1>
  <div class="info">来源：{e(site_name)}&nbsp;&nbsp;&nbsp;发布时间：{publish_date}&nbsp;&nbsp;&nbsp;浏览次数：<span id="hits">0</span>&nbsp;&nbsp;&nbsp;【字号：<a href="javascript:doZoom(16)">大</a> <a href="javascript:doZoom(14)">中</a> <a href="javascript:doZoom(12)">小</a>】</div>
  <div class="content" id="zoom">
{chr(10).join(paras)}
  </div>
  <div class="tools"><a href="javascript:window.print()">【打印本页】</a>&nbsp;<a href="javascript:window.close()">【关闭窗口】</a></div>
  <div class="share">分享到：<a href="#">微信</a> <a href="#">微博</a></div>
</div>
<div class="related"><h3>相关文件</h3><ul>{rel}</ul></div>
<div class="footer">
  <p>主办单位：{e(site_name)}&nbsp;&nbsp;承办：{e(site_name[:3])}大数据中心</p>
  <p>地址：{e(address)}&nbsp;&nbsp;网站域名：{site_host}</p>
  <p>{e(icp)}&nbsp;&nbsp;网站标识码：4100000000</p>
</div>
<script type="text/javascript">
(function () {{
  var hits = {hits} + new Date().getDate();
  var el = document.getElementById("hits");
  if (el) {{ el.innerHTML = hits; }}
  var tip = "欢迎访问{site_name}网站，本页浏览次数：" + hits;
  if (window.console) {{ console.log(tip); }}
}})();
function doZoom(size) {{ document.getElementById("zoom").style.fontSize = size + "px"; }}
</script>
</body>
</html>
"""


NOTICE = {
    "site_name": "双桥市发展和改革委员会",
    "site_host": "fgw.shuangqiao.example.gov.cn",
    "title": "双桥市发展和改革委员会关于加快充电基础设施建设的通知",
    "doc_no": "双发改能源〔2023〕46号",
    "addressee": "各县（市、区）发展改革委，市直有关单位，国网双桥供电公司：",
    "body": [
        (
            "p",
            "为贯彻落实国家和省关于加快推进充电基础设施建设的部署要求，进一步优化我市新能源汽车使用环境，促进新能源汽车消费，经市政府同意，现就加快充电基础设施建设有关事项通知如下。",
        ),
        ("h", "一、总体目标"),
        (
            "p",
            "截至2022年底，全市累计建成公共充电桩4380个、充（换）电站126座，新能源汽车保有量达到5.72万辆，但仍存在布局不均衡、县乡覆盖不足、部分设施利用率偏低等问题。",
        ),
        (
            "p",
            "到2025年，全市累计建成集中式充（换）电站300座以上、公共充电桩1.2万个以上，其中直流快充桩占比不低于60%；建成换电站40座、加氢站5座。城市建成区公共充电服务半径缩小到1公里以内，高速公路服务区充电设施覆盖率达到100%，乡镇公共充电站实现全覆盖。2023年，全市新建公共充电桩3000个以上。",
        ),
        ("h", "二、重点任务"),
        (
            "p",
            "（一）加密城市公共充电网络。在商业综合体、交通枢纽、公共停车场等区域集中布局快充站，2023年中心城区新建公共充电站不少于60座。",
        ),
        (
            "p",
            "（二）推进居住社区充电设施建设。新建住宅小区固定车位100%建设充电设施或预留安装条件；既有住宅小区按照“能建尽建”原则推进改造，到2025年完成改造不少于200个。",
        ),
        (
            "p",
            "（三）完善县乡充电网络。每个县（市）城区至少建成3座集中式充电站，每个乡镇至少建成1座公共充电站，2024年底前实现乡镇全覆盖。",
        ),
        ("h", "三、支持政策"),
        (
            "p",
            "（一）建设补贴。对2023年1月1日至2025年12月31日期间建成投运的直流快充桩，按照每千瓦200元给予一次性建设补贴，单个项目补贴最高不超过100万元。",
        ),
        (
            "p",
            "（二）运营补贴。对年度平均时间利用率达到10%以上的公共充电站，按照每千瓦时0.1元给予运营补贴，补贴期限3年。",
        ),
        (
            "p",
            "（三）电价支持。集中式充（换）电设施用电执行工商业电价，2025年底前免收需量（容量）电费。",
        ),
        ("h", "四、保障措施"),
        (
            "p",
            "各县（市、区）要将充电基础设施纳入国土空间规划，每年3月底前报送年度建设计划；市发展改革委会同有关部门按季度调度建设进展，对完成情况较好的县（市、区）予以通报表扬。",
        ),
        ("p", "联系人：王喆（市发展改革委能源科）"),  # 喆 is in GBK, not in GB2312
        ("annex", "附件：双桥市2023年公共充电设施建设任务分解表"),
    ],
    "signer": "双桥市发展和改革委员会",
    "sign_date": "2023年3月15日",
    "publish_date": "2023-03-15",
    "address": "双桥市人民路88号",
    "table": (
        "双桥市2023年公共充电设施建设任务分解表",
        ["县（市、区）", "新建公共充电桩（个）", "其中直流快充桩（个）", "新建充（换）电站（座）"],
        [
            ["河东区", "800", "520", "16"],
            ["河西区", "700", "450", "14"],
            ["高新区", "600", "400", "12"],
            ["临湖县", "500", "300", "10"],
            ["安平县", "400", "230", "8"],
            ["合计", "3000", "1900", "60"],
        ],
    ),
    "related": [
        ("双桥市新能源汽车推广应用实施方案（2023—2025年）", "2023-02-10"),
        ("关于做好2023年春节期间充电服务保障工作的通知", "2023-01-12"),
        ("双桥市2022年国民经济和社会发展统计公报", "2023-03-01"),
    ],
    "hits": 1024,
}

# ---------------------------------------------------------------------------
# DOCX: 青川市 hydrogen opinion
# ---------------------------------------------------------------------------

HYDROGEN: dict = {
    "title": "青川市人民政府办公室关于支持氢能产业发展的实施意见",
    "doc_no": "青政办发〔2023〕12号",
    "addressee": "各区、县人民政府，市政府各部门，各直属机构：",
    "intro": "为抢抓氢能产业发展机遇，发挥我市风电资源和工业副产氢优势，加快培育氢能产业新增长点，经市政府同意，现提出如下实施意见。",
    "sections": [
        ("h1", "一、发展目标"),
        (
            "p",
            "截至2022年底，全市已建成加氢站1座，推广氢燃料电池汽车48辆，工业副产氢年产量约2.3万吨，氢能相关企业8家。",
        ),
        (
            "p",
            "到2025年，全市氢能产业链初步形成，氢能产业产值达到50亿元，氢燃料电池汽车推广数量力争达到500辆，建成加氢站3座以上，可再生能源制氢能力达到每年1万吨。",
        ),
        ("table", ""),
        ("h1", "二、重点任务"),
        ("h2", "（一）扩大可再生能源制氢规模"),
        (
            "p",
            "依托北湖风电基地建设风电制氢一体化示范项目，一期电解槽规模20兆瓦，2024年建成投产；到2025年可再生能源制氢成本降至每公斤25元以下。",
        ),
        ("h2", "（二）推动氢燃料电池汽车示范应用"),
        (
            "p",
            "在城际物流、环卫、公交等领域推广氢燃料电池汽车，2023年推广不少于100辆，2024年累计推广不少于300辆。",
        ),
        ("h2", "（三）完善加氢基础设施"),
        (
            "p",
            "在青川经济技术开发区、松岭物流园布局固定式加氢站，鼓励利用现有加油站改扩建油氢合建站，单站日加氢能力不低于500公斤。",
        ),
        ("h1", "三、支持政策"),
        (
            "p",
            "对新建日加氢能力500公斤及以上的固定式加氢站，按照设备投资额的30%给予补助，单站最高不超过300万元。",
        ),
        (
            "p",
            "对氢燃料电池汽车运营企业，按照车辆年度实际运营里程给予每公里1元的运营补贴，每辆车每年最高不超过3万元。",
        ),
        ("h1", "四、保障措施"),
        (
            "p",
            "市发展改革委、市工业和信息化局牵头建立氢能产业发展工作机制，每半年调度一次重点项目进展，将氢能项目纳入市级重点项目库。",
        ),
        ("p", "本意见自印发之日起施行，有效期至2025年12月31日。"),
    ],
    "table_head": ("指标", "2025年目标"),
    "table_rows": [
        ("氢能产业产值", "50亿元"),
        ("氢燃料电池汽车推广数量", "500辆以上"),
        ("加氢站数量", "3座以上"),
        ("可再生能源制氢能力", "1万吨/年"),
        ("氢能相关企业", "20家以上"),
        ("燃料电池系统产能", "2000套/年"),
    ],
    "signer": "青川市人民政府办公室",
    "sign_date": "2023年4月20日",
}

FIXED_TIME = dt.datetime(2023, 4, 20, 9, 0, 0)


def normalize_zip(data: bytes) -> bytes:
    """Rewrite a ZIP with fixed timestamps so the bytes are reproducible."""
    src = zipfile.ZipFile(io.BytesIO(data))
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as dst:
        for info in src.infolist():
            zi = zipfile.ZipInfo(info.filename, date_time=(2023, 4, 20, 9, 0, 0))
            zi.compress_type = zipfile.ZIP_DEFLATED
            zi.external_attr = 0o644 << 16
            dst.writestr(zi, src.read(info.filename))
    return out.getvalue()


def render_hydrogen_docx(spec: dict) -> bytes:
    from docx import Document
    from docx.enum.text import WD_ALIGN_PARAGRAPH
    from docx.oxml.ns import qn
    from docx.shared import Pt

    doc = Document()
    normal = doc.styles["Normal"]
    normal.font.name = "SimSun"
    normal.font.size = Pt(12)
    normal.element.rPr.rFonts.set(qn("w:eastAsia"), "宋体")

    cp = doc.core_properties
    cp.title = spec["title"]
    cp.author = spec["signer"]
    cp.last_modified_by = spec["signer"]
    cp.subject = "PlanTrack sample document (fictional)"
    cp.keywords = "氢能, 实施意见, 青川市"
    cp.comments = "Written for PlanTrack; 青川市 is fictional."
    cp.revision = 1
    cp.created = FIXED_TIME
    cp.modified = FIXED_TIME
    cp.last_printed = FIXED_TIME

    doc.add_heading(spec["title"], level=0)
    p = doc.add_paragraph(spec["doc_no"])
    p.alignment = WD_ALIGN_PARAGRAPH.CENTER
    doc.add_paragraph(spec["addressee"])
    doc.add_paragraph(spec["intro"])
    for kind, text in spec["sections"]:
        if kind == "h1":
            doc.add_heading(text, level=1)
        elif kind == "h2":
            doc.add_heading(text, level=2)
        elif kind == "table":
            cap = doc.add_paragraph("表1  青川市氢能产业发展主要指标")
            cap.alignment = WD_ALIGN_PARAGRAPH.CENTER
            table = doc.add_table(rows=1, cols=2)
            table.style = "Table Grid"
            for cell, head in zip(table.rows[0].cells, spec["table_head"], strict=True):
                cell.text = head
            for name, target in spec["table_rows"]:
                cells = table.add_row().cells
                cells[0].text = name
                cells[1].text = target
        else:
            doc.add_paragraph(text)
    for text in (spec["signer"], spec["sign_date"]):
        p = doc.add_paragraph(text)
        p.alignment = WD_ALIGN_PARAGRAPH.RIGHT
    buf = io.BytesIO()
    doc.save(buf)
    return normalize_zip(buf.getvalue())


# ---------------------------------------------------------------------------
# Driver
# ---------------------------------------------------------------------------


def build_plan() -> tuple[bytes, str, list[Page]]:
    pages = layout(PLAN, measure=stsong_width)
    pdf = render_pdf(pages, PLAN_META)
    lines = pages_as_text_lines(pages)
    txt = extracted_text(lines, mid_sentence_pages(lines, PLAN_TXT_WATERMARK_COUNT))
    return pdf, txt, pages


def build_all(out: Path) -> list[Path]:
    out.mkdir(parents=True, exist_ok=True)
    written: list[Path] = []

    def put(name: str, data: bytes) -> None:
        path = out / name
        path.write_bytes(data)
        written.append(path)

    pdf, txt, _pages = build_plan()
    put("qingchuan_nev_plan_2023-2025.pdf", pdf)
    put("qingchuan_nev_plan_2023-2025.txt", txt.encode("utf-8"))

    notice = {k: v for k, v in NOTICE.items()}
    put("shuangqiao_charging_notice.html", gov_notice_html(**notice).encode("gbk"))

    for item in NEWS:
        post = jekyll_post(**{k: v for k, v in item.items() if k != "file"})
        put(item["file"], post.encode("utf-8"))

    put("qingchuan_hydrogen_opinion.docx", render_hydrogen_docx(HYDROGEN))
    return written


def main(argv: Sequence[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument(
        "--out", type=Path, default=CORPUS, help="output directory (default: examples/corpus)"
    )
    args = ap.parse_args(argv)
    for path in build_all(args.out):
        print(f"{path.stat().st_size:>8}  {path}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
