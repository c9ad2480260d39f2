# ruff: noqa: E501
"""Generate a synthetic benchmark corpus in the formats of the seed documents.

    .venv/bin/python scripts/make_bench_corpus.py --out benchmarks/out/corpus --n 2000

About 40% Jekyll news posts (front matter + HTML, like seed 000), 40% plans as
PDF-extracted text with the debris of seed 004 (empty line after every line,
lines cut mid-sentence, one-character-per-line watermark runs, page numbers,
leading-space page starts, spaces around digits), 20% government notice pages
encoded in GBK; optionally a few real PDFs (--pdfs K). Every document is
recombined from sentence templates written for PlanTrack with random numbers,
years, indicators and places (real province names, made-up city names), so no
two documents are the same; sizes run from about 2 KB to 40 KB.

Deterministic: the same (n, seed, pdfs) gives the same bytes.
"""

from __future__ import annotations

import argparse
import math
import random
import sys
import time
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))

from make_examples import (
    extracted_text,
    gov_notice_html,
    jekyll_post,
    layout,
    pages_as_text_lines,
    render_pdf,
)

# ---------------------------------------------------------------------------
# Vocabulary
# ---------------------------------------------------------------------------

PROVINCES = [
    "河南省",
    "黑龙江省",
    "山东省",
    "河北省",
    "山西省",
    "吉林省",
    "辽宁省",
    "安徽省",
    "江西省",
    "湖北省",
    "湖南省",
    "四川省",
    "陕西省",
    "甘肃省",
    "贵州省",
    "云南省",
    "江苏省",
    "浙江省",
    "福建省",
    "广东省",
]
# Made-up city names: a first and a last syllable that do not name a real
# prefecture-level city in the combinations used here often enough to matter.
CITY_A = "青双云临永丰嘉泽松柳桐凤鹤金玉明远汇宁昌瑞华"
CITY_B = "川桥阳原岭泉湖平丘峰源滨湾溪谷坪"

ORG_SUFFIX = ["发展和改革委员会", "工业和信息化局", "人民政府办公室", "能源局", "商务局"]
INSTITUTES = [
    "衡石证券研究所",
    "远川产业咨询",
    "中景汽车研究院",
    "启明产业研究院",
    "方略证券",
    "汇泽能源研究中心",
    "岭南产经研究院",
]
MEDIA = [
    ("jiangcheng", "江城财讯"),
    ("zhongyuan", "中原车市观察"),
    ("beifang", "北方产经"),
    ("xinneng", "新能源周刊"),
    ("chanye", "产业观察网"),
]
NEWS_CATS = [
    ("difang", "地方动态"),
    ("kuaixun", "市场快讯"),
    ("yanbao", "机构观点"),
    ("zhengce", "政策速递"),
]


@dataclass(frozen=True)
class Indicator:
    name: str
    unit: str
    lo: float
    hi: float
    decimals: int
    kind: str  # amount | count | ratio
    subs: tuple[str, ...] = ()


TOPICS: dict[str, dict] = {
    "新能源汽车": {
        "indicators": [
            Indicator(
                "新能源汽车年产量", "万辆", 0.5, 80, 1, "amount", ("纯电动汽车", "新能源商用车")
            ),
            Indicator(
                "新能源汽车产业营业收入", "亿元", 20, 3000, 1, "amount", ("整车制造", "关键零部件")
            ),
            Indicator("新能源汽车保有量", "万辆", 0.5, 120, 2, "amount"),
            Indicator("公共充电桩", "个", 500, 60000, 0, "count", ("直流快充桩", "乡镇公共充电桩")),
            Indicator("集中式充（换）电站", "座", 20, 3000, 0, "count"),
            Indicator("换电站", "座", 5, 300, 0, "count"),
            Indicator("动力电池产能", "GWh", 2, 300, 0, "amount"),
            Indicator("新能源汽车销量占比", "%", 5, 60, 1, "ratio"),
            Indicator("整车企业本地配套率", "%", 10, 70, 0, "ratio"),
            Indicator("整车产能利用率", "%", 20, 90, 0, "ratio"),
        ],
        "sections": [
            "做强整车制造",
            "补齐关键零部件短板",
            "完善充换电基础设施",
            "扩大推广应用",
            "培育后市场服务",
            "推进智能网联融合",
        ],
        "boxes": [
            "整车产能提升工程",
            "动力电池配套工程",
            "充换电网络建设工程",
            "公共领域车辆电动化工程",
        ],
    },
    "氢能": {
        "indicators": [
            Indicator("氢能产业产值", "亿元", 5, 800, 1, "amount"),
            Indicator("氢燃料电池汽车推广数量", "辆", 50, 8000, 0, "count"),
            Indicator("加氢站", "座", 1, 80, 0, "count"),
            Indicator("可再生能源制氢能力", "万吨/年", 0.1, 30, 1, "amount"),
            Indicator("燃料电池系统产能", "套/年", 500, 50000, 0, "amount"),
            Indicator("氢能相关企业", "家", 5, 300, 0, "count"),
        ],
        "sections": [
            "扩大可再生能源制氢规模",
            "推动燃料电池汽车示范应用",
            "布局加氢基础设施",
            "培育氢能装备制造",
        ],
        "boxes": ["风光制氢一体化示范工程", "燃料电池汽车示范工程", "加氢网络建设工程"],
    },
    "新型储能": {
        "indicators": [
            Indicator("新型储能装机规模", "万千瓦", 5, 3000, 0, "amount"),
            Indicator("储能产业营业收入", "亿元", 10, 2000, 1, "amount"),
            Indicator("储能电池产能", "GWh", 1, 200, 0, "amount"),
            Indicator("储能电站", "座", 2, 200, 0, "count"),
            Indicator("储能系统成本降幅", "%", 10, 40, 0, "ratio"),
        ],
        "sections": ["推动储能规模化应用", "壮大储能装备制造", "完善储能市场机制"],
        "boxes": ["共享储能电站建设工程", "储能电池制造工程"],
    },
    "光伏风电": {
        "indicators": [
            Indicator("光伏发电装机容量", "万千瓦", 10, 6000, 0, "amount"),
            Indicator("风电装机容量", "万千瓦", 10, 5000, 0, "amount"),
            Indicator("可再生能源发电量", "亿千瓦时", 5, 2000, 1, "amount"),
            Indicator("非化石能源消费比重", "%", 8, 40, 1, "ratio"),
            Indicator("可再生能源发电装机占比", "%", 20, 75, 1, "ratio"),
            Indicator("分布式光伏项目", "个", 50, 20000, 0, "count"),
        ],
        "sections": ["加快风电光伏基地建设", "推进分布式光伏开发", "提升电网消纳能力"],
        "boxes": ["风光基地建设工程", "整县屋顶分布式光伏开发工程"],
    },
    "数字经济": {
        "indicators": [
            Indicator("数字经济核心产业增加值", "亿元", 20, 5000, 1, "amount"),
            Indicator("5G基站", "个", 1000, 120000, 0, "count"),
            Indicator("数字经济核心产业增加值占地区生产总值比重", "%", 3, 15, 1, "ratio"),
            Indicator("规模以上工业企业关键工序数控化率", "%", 40, 80, 1, "ratio"),
            Indicator("上云企业", "家", 200, 30000, 0, "count"),
            Indicator("数据中心标准机架", "万架", 0.5, 30, 1, "amount"),
        ],
        "sections": ["夯实数字基础设施", "推动产业数字化转型", "壮大数字产业", "提升数字治理能力"],
        "boxes": ["5G网络建设工程", "工业互联网平台培育工程", "数据中心集群工程"],
    },
}

FILLERS = [
    "坚持统筹规划、分步实施，推动{topic}产业链上下游协同发展",
    "强化要素保障，优先保障{topic}重点项目用地、用能和环境容量需求",
    "完善{topic}产业政策体系，加强财政、金融、人才等政策协同",
    "支持龙头企业牵头组建创新联合体，开展关键核心技术攻关",
    "建立重点项目清单化管理机制，实行月调度、季通报",
    "引导社会资本参与{topic}领域投资建设和运营",
    "深化与周边地区的产业协作，推动优势互补、错位发展",
    "加强标准体系建设，积极参与国家和行业标准制定",
    "优化营商环境，持续压减项目审批时限",
    "推动{topic}与文旅、物流、农业等领域融合发展",
    "健全安全监管体系，压实企业安全生产主体责任",
    "加大招商引资力度，围绕产业链薄弱环节开展精准招商",
    "支持高校、科研院所与企业共建实验室和中试基地",
    "鼓励金融机构开发适合{topic}企业特点的信贷产品",
    "建立统计监测制度，定期发布{topic}产业发展报告",
    "做好政策宣传解读，营造全社会支持{topic}发展的良好氛围",
]
INTRO = [
    "{topic}是推动能源结构调整和产业转型升级的重要方向，也是培育经济增长新动能的关键领域",
    "近年来，{city}{topic}产业从小到大、由弱变强，已经成为全市工业经济的重要增长点",
    "当前，{topic}产业正处于技术加速迭代和市场快速扩张的重要窗口期，区域竞争日趋激烈",
    "为加快{topic}产业发展，依据国家和{prov}有关部署，结合{city}实际，制定本规划",
]
CHAPTERS = ["发展基础与面临形势", "总体要求", "重点任务", "空间布局", "保障措施"]
BASE_SECTIONS = {
    "发展基础与面临形势": ["发展基础", "面临形势", "存在问题"],
    "总体要求": ["指导思想", "基本原则", "发展目标"],
    "空间布局": ["核心区", "产业园", "特色集聚区"],
    "保障措施": ["加强组织领导", "加大财政金融支持", "强化人才支撑", "做好监测评估"],
}
CN_NUM = "一二三四五六七八九十"


# ---------------------------------------------------------------------------
# Numbers and sentences
# ---------------------------------------------------------------------------


def fmt(v: float, decimals: int) -> str:
    if decimals <= 0:
        return str(round(v))
    s = f"{v:.{decimals}f}".rstrip("0").rstrip(".")
    return s


def nice(rng: random.Random, v: float, decimals: int) -> float:
    """Round targets the way plans do (5万辆, 120亿元, 8000个)."""
    if v >= 1000:
        mag = 10 ** (int(math.log10(v)) - 1)
        return round(v / mag) * mag
    if v >= 100:
        return round(v / 10) * 10
    if decimals == 0 or v >= 20:
        return round(v)
    return round(v, 1 if rng.random() < 0.7 else decimals)


@dataclass
class Ctx:
    rng: random.Random
    province: str
    city: str
    topic: str
    y0: int  # baseline year
    yt: int  # target year
    subject: str  # 全市 / 全省 ...
    values: dict[str, tuple[float, float]] = field(default_factory=dict)

    def pct(self, lo: float = 1.0, hi: float = 80.0) -> str:
        return fmt(self.rng.uniform(lo, hi), 1)


def _values(ctx: Ctx, ind: Indicator) -> tuple[float, float]:
    """(baseline, target) of an indicator, fixed for the whole document."""
    if ind.name not in ctx.values:
        ctx.values[ind.name] = _draw_values(ctx, ind)
    return ctx.values[ind.name]


def _is_flow(ind: Indicator) -> bool:
    return any(w in ind.name for w in ("产量", "收入", "产值", "增加值", "发电量"))


def _draw_values(ctx: Ctx, ind: Indicator) -> tuple[float, float]:
    rng = ctx.rng
    base = math.exp(rng.uniform(math.log(ind.lo), math.log(ind.hi)))
    if ind.kind == "ratio":
        base = rng.uniform(ind.lo, ind.hi * 0.8)
        target = min(99.0, base + rng.uniform(3, 25))
        return round(base, ind.decimals), float(round(target))
    growth = rng.uniform(0.08, 0.45)
    target = base * (1 + growth) ** max(1, ctx.yt - ctx.y0)
    return round(base, ind.decimals), nice(rng, target, ind.decimals)


def target_sentence(ctx: Ctx, ind: Indicator) -> str:
    rng = ctx.rng
    base, target = _values(ctx, ind)
    v, b = fmt(target, ind.decimals), fmt(base, ind.decimals)
    u = ind.unit
    if ind.kind == "ratio":
        form = rng.randrange(4)
        if form == 0:
            s = f"到{ctx.yt}年，{ind.name}由{ctx.y0}年的{b}%提高到{v}%{rng.choice(['', '以上', '左右'])}"
        elif form == 1:
            s = f"到{ctx.yt}年，{ctx.subject}{ind.name}{rng.choice(['达到', '力争达到', '不低于'])}{v}%"
        elif form == 2:
            lo = max(1, int(target) - rng.randint(2, 6))
            s = f"到{ctx.yt}年，{ind.name}保持在{lo}%—{v}%之间"
        else:
            s = f"力争{ctx.yt}年{ind.name}超过{v}%，较{ctx.y0}年提高{fmt(target - base, 1)}个百分点"
        return s
    if ind.kind == "count":
        form = rng.randrange(3)
        if form == 0:
            s = f"到{ctx.yt}年，{ctx.subject}累计建成{ind.name}{v}{u}{rng.choice(['', '以上'])}"
        elif form == 1:
            s = f"{ctx.yt}年底前新建{ind.name}不少于{v}{u}"
        else:
            s = f"力争到{ctx.yt}年{ind.name}总数达到{v}{u}"
    else:
        verb = rng.choice(["达到", "突破", "超过", "力争达到", "力争突破", "达到"])
        q = rng.choice(["", "以上", "左右"]) if verb in ("达到", "力争达到") else ""
        s = f"到{ctx.yt}年，{ctx.subject}{ind.name}{verb}{v}{u}{q}"
    if ind.subs and rng.random() < 0.5:
        share = rng.uniform(0.2, 0.7)
        s += f"，其中{rng.choice(ind.subs)}{fmt(nice(rng, target * share, ind.decimals), ind.decimals)}{u}"
    if ind.kind == "amount" and rng.random() < 0.4:
        s += f"，年均增长{fmt(rng.uniform(5, 45), 0)}%{rng.choice(['', '以上', '左右'])}"
    return s


def baseline_sentence(ctx: Ctx, ind: Indicator) -> str:
    rng = ctx.rng
    base, _ = _values(ctx, ind)
    b, u = fmt(base, ind.decimals), ind.unit
    trend = "同比增长" if rng.random() < 0.85 else "同比下降"
    if ind.kind == "ratio":
        return f"{ctx.y0}年{ctx.subject}{ind.name}为{b}%，较上年{rng.choice(['提高', '提高', '下降'])}{ctx.pct(0.3, 9)}个百分点"
    if ind.kind == "count":
        add = fmt(base * rng.uniform(0.05, 0.4), 0)
        return f"截至{ctx.y0}年底，{ctx.subject}累计建成{ind.name}{b}{u}，较上年增加{add}{u}"
    form = rng.randrange(3) if _is_flow(ind) else 0
    if form == 0:
        return f"{ctx.y0}年{ctx.subject}{ind.name}达到{b}{u}，{trend}{ctx.pct(1, 90)}%"
    if form == 1:
        return f"{ctx.y0}年，{ctx.subject}实现{ind.name.replace('年', '')}{b}{u}，{trend}{ctx.pct(1, 60)}%，占{ctx.province}的{ctx.pct(2, 40)}%"
    period, share = rng.choice([("前三季度", 0.72), ("上半年", 0.46), ("一季度", 0.21)])
    part = fmt(round(base * share, max(ind.decimals, 1)), max(ind.decimals, 1))
    return f"{ctx.y0 + 1}年{period}，{ctx.subject}{ind.name.replace('年', '')}{part}{u}，{trend}{ctx.pct(1, 70)}%"


def forecast_sentence(ctx: Ctx, ind: Indicator) -> str:
    rng = ctx.rng
    _base, target = _values(ctx, ind)
    v, u = fmt(target, ind.decimals), ind.unit
    year = rng.choice([ctx.y0 + 1, ctx.yt])
    inst = rng.choice(INSTITUTES)
    if ind.kind == "ratio":
        return f"{inst}预计，{year}年{ind.name}将达到{v}%左右"
    form = rng.randrange(3)
    if form == 0:
        return f"预计到{year}年，{ctx.subject}{ind.name}将达到{v}{u}左右"
    if form == 1:
        lo = fmt(rng.uniform(5, 25), 0)
        hi = fmt(float(lo) + rng.uniform(3, 15), 0)
        return f"据{inst}预计，{year}年{ind.name}有望突破{v}{u}，同比增长{lo}%—{hi}%"
    lo_v = fmt(nice(rng, target * 0.85, ind.decimals), ind.decimals)
    return f"{inst}预测，{year}年{ind.name}将在{lo_v}{u}至{v}{u}之间"


def policy_sentence(ctx: Ctx) -> str:
    rng = ctx.rng
    item = rng.choice(
        [
            "直流快充桩",
            "固定式加氢站",
            "新型储能电站",
            "分布式光伏项目",
            "工业互联网平台",
            "技术改造项目",
        ]
    )
    unit = rng.choice(["千瓦", "千瓦时", "万元投资"])
    return (
        f"对{ctx.y0 + 1}年1月1日至{ctx.yt}年12月31日期间建成投运的{item}，按照每{unit}{rng.choice([50, 100, 150, 200, 300])}元给予补助，"
        f"单个项目最高不超过{rng.choice([50, 100, 200, 300, 500])}万元"
    )


def filler(ctx: Ctx) -> str:
    return ctx.rng.choice(FILLERS).format(topic=ctx.topic)


Sentence = Callable[[Ctx, Indicator], str]
MIXES: dict[str, tuple[tuple[Sentence, float], ...]] = {
    "plan": ((target_sentence, 0.45), (baseline_sentence, 0.25), (forecast_sentence, 0.1)),
    "policy": ((target_sentence, 0.6), (baseline_sentence, 0.2), (forecast_sentence, 0.05)),
    "flash": ((baseline_sentence, 0.75), (forecast_sentence, 0.1), (target_sentence, 0.05)),
    "forecast": ((forecast_sentence, 0.6), (baseline_sentence, 0.25), (target_sentence, 0.05)),
}


def paragraph(ctx: Ctx, mix: str, n_sent: int | None = None) -> str:
    rng = ctx.rng
    inds = TOPICS[ctx.topic]["indicators"]
    out = []
    for _ in range(n_sent or rng.randint(2, 5)):
        r = rng.random()
        acc = 0.0
        chosen = None
        for fn, p in MIXES[mix]:
            acc += p
            if r < acc:
                chosen = fn
                break
        if chosen is None:
            sent = policy_sentence(ctx) if rng.random() < 0.15 else filler(ctx)
        else:
            sent = chosen(ctx, rng.choice(inds))
        if any(sent[:14] == prev[:14] for prev in out):
            continue  # no near-repeats inside one paragraph
        out.append(sent)
    text = ""
    for k, s in enumerate(out):
        text += s + ("。" if k == len(out) - 1 or rng.random() < 0.6 else "；")
    return text


# ---------------------------------------------------------------------------
# Documents
# ---------------------------------------------------------------------------


def make_ctx(rng: random.Random) -> Ctx:
    province = rng.choice(PROVINCES)
    a, b = rng.choice(CITY_A), rng.choice(CITY_B)
    y0 = rng.randint(2019, 2023)
    return Ctx(
        rng,
        province,
        f"{a}{b}市",
        rng.choice(list(TOPICS)),
        y0,
        y0 + rng.choice([2, 3, 3, 5, 7]),
        rng.choice(["全市", "全市", "全市", "市域", "园区"]),
    )


def log_size(rng: random.Random, lo: int, hi: int) -> int:
    return int(math.exp(rng.uniform(math.log(lo), math.log(hi))))


def _date(rng: random.Random, year: int) -> str:
    return f"{year}-{rng.randint(1, 12):02d}-{rng.randint(1, 28):02d} {rng.randint(7, 22):02d}:{rng.randint(0, 59):02d}:{rng.randint(0, 59):02d}"


def news_doc(rng: random.Random, i: int) -> tuple[str, bytes]:
    ctx = make_ctx(rng)
    kind = rng.choice(["policy", "policy", "flash", "forecast"])
    ind = rng.choice(TOPICS[ctx.topic]["indicators"])
    lead = {"policy": target_sentence, "flash": baseline_sentence, "forecast": forecast_sentence}[
        kind
    ](ctx, ind)
    parts = lead.split("，")
    rest = parts[1] if len(parts) > 1 else ""
    place = f"{ctx.province.removesuffix('省')}{ctx.city.removesuffix('市')}"
    if parts[0].endswith(("预计", "预测")):  # an institution's forecast
        inst = parts[0].removeprefix("据")[:-2]
        title = f"{inst}：预计{rest}" if parts[0].endswith("预计") else f"{inst}：{rest}"
    else:
        timed = parts[0].startswith(("到", "截至", "力争", "预计")) and rest
        headline = parts[0] + rest if timed else parts[0]
        title = f"{place}：{headline.replace('全市', '').replace('市域', '')}"
    title = title[:48]
    target = log_size(rng, 2600, 14000)
    paras = [f"{ctx.city}{rng.choice(ORG_SUFFIX)}近日发布消息，{lead}。"]
    size = 1500 + len(paras[0]) * 3
    while size < target:
        p = paragraph(ctx, kind)
        paras.append(p)
        size += len(p.encode("utf-8")) + 10
    related = []
    if rng.random() < 0.45:
        for k in range(rng.randint(1, 3)):
            rel = paragraph(ctx, rng.choice(["policy", "flash"]), rng.randint(1, 3))
            related.append(
                (
                    f"https://news.example.com/a/{ctx.y0}{i:06d}{k:02d}{rng.randint(1000, 9999)}.html",
                    f"{ctx.city}：{rel.split('，')[0].split('。')[0]}"[:40],
                    rel,
                )
            )
    cat, tag = rng.choice(NEWS_CATS)
    media = rng.choice(MEDIA)
    post = jekyll_post(
        title=title.replace('"', "'"),
        date=_date(rng, min(ctx.y0 + 1, 2024)),
        category=cat,
        tag=tag,
        code=f"BK{rng.randint(400, 1199):04d}",
        paragraphs=paras,
        related=related,
        source=media[1],
        info_code=f"NW{ctx.y0}{i:08d}{rng.randint(100000, 999999)}",
        back_label=tag,
    )
    return rng.choice([".md", ".md", ".txt"]), post.encode("utf-8")


def plan_blocks(ctx: Ctx, target_chars: int, draft: bool) -> list[tuple[str, str]]:
    rng = ctx.rng
    y1 = ctx.y0 + 1
    blocks: list[tuple[str, str]] = [
        ("title", f"{ctx.city}{ctx.topic}产业发展规划"),
        ("title", f"（{y1}—{ctx.yt}年）"),
    ]
    if draft:
        blocks.append(("subtitle", "（征求意见稿）"))
    blocks += [
        ("org", f"{ctx.city}{rng.choice(ORG_SUFFIX)}"),
        ("org", f"{y1}年{rng.randint(1, 12)}月"),
        ("h1c", "前  言"),
        ("blank", ""),
    ]
    intro = [s.format(topic=ctx.topic, city=ctx.city, prov=ctx.province) for s in INTRO]
    blocks.append(("p", "。".join(intro[:2]) + "。"))
    blocks.append(("p", f"{intro[3]}。规划期限为{y1}—{ctx.yt}年，展望至{ctx.yt + 5}年。"))
    topic = TOPICS[ctx.topic]
    # Skeleton: the five chapters with a few sections each, then paragraphs,
    # numbered items and boxes are added to random sections until the
    # document is long enough.
    skeleton: list[tuple[str, list[tuple[str, list[tuple[str, str]]]]]] = []
    for name in CHAPTERS:
        pool = topic["sections"] if name == "重点任务" else BASE_SECTIONS[name]
        secs = pool[: rng.randint(2, len(pool))] if name != "重点任务" else pool
        skeleton.append((name, [(sec, []) for sec in secs]))
    chars = sum(len(t) for _, t in blocks)
    box_no = 0
    while True:
        for name, secs in skeleton:
            for sec, body in secs:
                if chars >= target_chars and body:
                    continue
                if name == "重点任务":
                    item = sum(1 for k, t in body if k == "p") + 1
                    new = [("p", f"{item}. {filler(ctx)}。" + paragraph(ctx, "plan"))]
                    if rng.random() < 0.3:
                        box_no += 1
                        new.append(("box", f"专栏 {box_no}  {rng.choice(topic['boxes'])}"))
                        new += [
                            ("bp", paragraph(ctx, "policy", rng.randint(1, 3)))
                            for _ in range(rng.randint(2, 4))
                        ]
                        new.append(("endbox", ""))
                elif sec == "基本原则":
                    new = [("p", f"——{filler(ctx)}。")]
                else:
                    new = [("p", paragraph(ctx, "policy" if name == "保障措施" else "plan"))]
                body += new
                chars += sum(len(t) for _, t in new)
        if chars >= target_chars:
            break
    for c_no, (name, secs) in enumerate(skeleton):
        blocks.append(("h1", f"{CN_NUM[c_no]}、{name}"))
        for s_no, (sec, body) in enumerate(secs):
            blocks.append(("h2", f"（{CN_NUM[s_no]}）{sec}"))
            blocks += body
    return blocks


def plan_text_doc(rng: random.Random, i: int) -> tuple[str, bytes]:
    ctx = make_ctx(rng)
    target = log_size(rng, 2000, 40000)
    draft = rng.random() < 0.8
    blocks = plan_blocks(ctx, int(target / 2.9), draft)
    lines = pages_as_text_lines(layout(blocks))
    candidates = list(range(1, len(lines)))
    marks = (
        sorted(rng.sample(candidates, k=min(len(candidates), rng.randint(0, 3)))) if draft else []
    )
    text = extracted_text(lines, marks)
    return ".txt", text.encode("utf-8")


def notice_doc(rng: random.Random, i: int) -> tuple[str, bytes]:
    ctx = make_ctx(rng)
    org = f"{ctx.city}{rng.choice(ORG_SUFFIX)}"
    short = (
        ctx.city[0]
        + {
            "发展和改革委员会": "发改",
            "工业和信息化局": "工信",
            "人民政府办公室": "政办",
            "能源局": "能源",
            "商务局": "商务",
        }[org[len(ctx.city) :]]
    )
    action = rng.choice(["加快", "进一步推动", "支持", "促进"])
    title = f"{org}关于{action}{ctx.topic}产业发展的通知"
    target = log_size(rng, 3000, 26000)
    body: list[tuple[str, str]] = [
        (
            "p",
            f"为贯彻落实国家和{ctx.province}关于{ctx.topic}产业发展的决策部署，经{ctx.city}人民政府同意，现就有关事项通知如下。",
        )
    ]
    size = 4200
    h = 0
    while size < target:
        heads = ["总体目标", "重点任务", "支持政策", "保障措施", "工作要求"]
        body.append(("h", f"{CN_NUM[h % 10]}、{heads[h % len(heads)]}"))
        for k in range(rng.randint(1, 4)):
            p = paragraph(ctx, "policy")
            if heads[h % len(heads)] != "总体目标" and rng.random() < 0.6:
                p = f"（{CN_NUM[k]}）{filler(ctx)}。" + p
            body.append(("p", p))
            size += len(p) * 2 + 60
        h += 1
    table = None
    if rng.random() < 0.3:
        ind = rng.choice(TOPICS[ctx.topic]["indicators"])
        rows = [
            [f"{c}区", fmt(nice(rng, rng.uniform(ind.lo, ind.hi) / 5, ind.decimals), ind.decimals)]
            for c in "东西南北中"[: rng.randint(3, 5)]
        ]
        table = (
            f"{ctx.city}{ctx.yt}年{ind.name}任务分解表",
            ["县（市、区）", f"{ind.name}（{ind.unit}）"],
            rows,
        )
        body.append(("annex", f"附件：{table[0]}"))
    page = gov_notice_html(
        site_name=org,
        site_host=f"www{i}.gov.example.cn",
        title=title,
        doc_no=f"{short}〔{ctx.y0 + 1}〕{rng.randint(1, 199)}号",
        addressee="各县（市、区）人民政府，市政府各部门，各有关单位：",
        body=body,
        signer=org,
        sign_date=f"{ctx.y0 + 1}年{rng.randint(1, 12)}月{rng.randint(1, 28)}日",
        publish_date=f"{ctx.y0 + 1}-{rng.randint(1, 12):02d}-{rng.randint(1, 28):02d}",
        address=f"{ctx.city}人民路{rng.randint(1, 300)}号",
        table=table,
        related=[
            (f"{ctx.city}{t}", f"{ctx.y0}-{rng.randint(1, 12):02d}-{rng.randint(1, 28):02d}")
            for t in rng.sample(
                [
                    "国民经济和社会发展统计公报",
                    f"{ctx.topic}产业发展规划",
                    "重点项目建设计划",
                    "优化营商环境若干措施",
                ],
                2,
            )
        ],
        hits=rng.randint(100, 99999),
        charset=rng.choice(["gb2312", "gb2312", "gbk", "GBK"]),
    )
    return rng.choice([".html", ".html", ".htm"]), page.encode("gbk")


def pdf_doc(rng: random.Random, i: int) -> tuple[str, bytes]:
    ctx = make_ctx(rng)
    blocks = plan_blocks(ctx, log_size(rng, 1500, 5000), draft=True)
    meta = {
        "title": blocks[0][1] + blocks[1][1],
        "author": blocks[3][1],
        "creator": "PlanTrack make_bench_corpus.py",
    }
    return ".pdf", render_pdf(layout(blocks), meta)


MAKERS = {"news": news_doc, "plan": plan_text_doc, "notice": notice_doc, "pdf": pdf_doc}


def generate(out_dir: Path, n: int, seed: int = 0, pdfs: int = 0) -> list[Path]:
    """Write n documents to out_dir (about 40% news posts, 40% PDF-text plans,
    20% GBK notices, of which `pdfs` are replaced by real PDFs) and return
    their paths in order. The same arguments always give the same bytes."""
    out_dir.mkdir(parents=True, exist_ok=True)
    n_news = round(n * 0.4)
    n_plan = round(n * 0.4)
    n_pdf = min(pdfs, n)
    kinds = ["news"] * n_news + ["plan"] * n_plan + ["notice"] * (n - n_news - n_plan)
    order = random.Random(f"plantrack-bench-{seed}-{n}")
    order.shuffle(kinds)
    for k in range(n_pdf):
        kinds[k * max(1, n // max(1, n_pdf))] = "pdf"
    paths: list[Path] = []
    for i, kind in enumerate(kinds):
        rng = random.Random(f"plantrack-bench-{seed}-{i}")
        ext, data = MAKERS[kind](rng, i)
        path = out_dir / f"{i:05d}_{kind}{ext}"
        path.write_bytes(data)
        paths.append(path)
    return paths


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(
        description="Generate a synthetic benchmark corpus in the seed formats."
    )
    ap.add_argument("--out", type=Path, required=True, help="output directory")
    ap.add_argument("--n", type=int, default=2000, help="number of documents (default 2000)")
    ap.add_argument("--seed", type=int, default=0, help="random seed (default 0)")
    ap.add_argument(
        "--pdfs", type=int, default=0, help="how many of the documents are real PDFs (default 0)"
    )
    args = ap.parse_args(argv)
    t0 = time.perf_counter()
    paths = generate(args.out, args.n, args.seed, args.pdfs)
    total = sum(p.stat().st_size for p in paths)
    print(
        f"wrote {len(paths)} documents, {total / 1e6:.1f} MB, to {args.out} in {time.perf_counter() - t0:.1f}s"
    )
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
