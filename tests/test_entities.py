"""Entities (extract/entities.py): names found by grammar, linked to their sections, no
sentence fragments taken for names; and a plan's spatial layout."""

from __future__ import annotations

import dataclasses
import re
import time
from dataclasses import dataclass
from pathlib import Path

import pytest

from plantrack.extract import entities as ent_module
from plantrack.extract.entities import LayoutRole, find_entities, spatial_layout
from plantrack.model import Document, Entity
from plantrack.normalize import regions
from plantrack.pipeline import process_bytes, process_source
from tests.conftest import source_of

REPO = Path(__file__).resolve().parents[1]
SEED_004 = REPO.parent / "shared" / "seeds" / "004_0a1f08db3fe563dd.txt"
CORPUS = REPO / "examples" / "corpus"
QINGCHUAN_PLAN = CORPUS / "qingchuan_nev_plan_2023-2025.txt"

ACCEPTANCE = {
    "沃尔沃": "enterprise",
    "一汽哈轻": "enterprise",
    "贝特瑞": "enterprise",
    "东安动力": "enterprise",
    "龙华汽车": "enterprise",
    "哈尔滨": "city",
    "大庆": "city",
    "鹤岗": "city",
    "鸡西": "city",
    "黑河": "city",
    "大兴安岭": "city",
    "大庆高新技术产业开发区": "park",
    "鹤岗石墨新材料产业园": "park",
}

SEED_PARKS = (
    "大庆高新技术产业开发区",
    "哈尔滨经济技术开发区",
    "哈尔滨高新技术产业开发区",
    "绥化经济技术开发区",
    "黑河寒区试车高新技术产业园",
    "漠河红河谷智能网联汽车寒区测试基地",
    "鹤岗石墨新材料产业园",
    "鸡西石墨产业园区",
)


def _words(words: str) -> list[str]:
    return words.split()


# A name is never one of these words alone, never starts with a verb or cue, never
# holds sentence punctuation.
GENERIC = set(
    _words("企业 公司 集团 园区 开发区 基地 产业园 产业园区 产业基地 新区 高校 大学 学院 城市")
)
BAD_STARTS = tuple(
    _words("支持 推动 加快 打造 重点 依托 鼓励 引进 建设 发展 积极 以 在 对 和 与 等")
)
PUNCTUATION = re.compile(r"[，,。；;：:！？!?、“”\"《》【】\[\]\n]")


def _doc(path: Path) -> Document:
    if not path.is_file():
        pytest.skip(f"needs {path}")
    return process_bytes(path.read_bytes(), path.name)


@pytest.fixture(scope="module")
def seed() -> Document:
    return _doc(SEED_004)


@pytest.fixture(scope="module")
def seed_entities(seed: Document) -> list[Entity]:
    return find_entities(seed)


def _by_name(entities: list[Entity]) -> dict[str, Entity]:
    return {e.name: e for e in entities}


def _names(text: str) -> set[tuple[str, str]]:
    doc = process_source(source_of(text))
    return {(e.kind, e.name) for e in find_entities(doc) if e.kind != "segment"}


# ------------------------------------------------------------------------ seed 004


def test_seed_acceptance_names_with_their_kind(seed_entities: list[Entity]) -> None:
    found = {(e.name, e.kind) for e in seed_entities}
    missing = {(n, k) for n, k in ACCEPTANCE.items() if (n, k) not in found}
    assert not missing


def test_seed_grammar_finds_names_without_the_known_lists(
    seed: Document, monkeypatch: pytest.MonkeyPatch
) -> None:
    rules = ent_module._rules()
    bare = dataclasses.replace(rules, ent_known=(), uni_known=())
    monkeypatch.setattr(ent_module, "_rules", lambda: bare)
    found = {(e.name, e.kind) for e in find_entities(seed)}
    for name in ("沃尔沃", "一汽哈轻", "贝特瑞", "东安动力", "龙华汽车", "东安汽发", "北方建成"):
        assert (name, "enterprise") in found, name
    for name in ("哈工大", "东北林大", "哈工程", "哈理工"):
        assert (name, "university") in found, name


def test_seed_enterprises_from_lists(seed_entities: list[Entity]) -> None:
    names = {e.name for e in seed_entities if e.kind == "enterprise"}
    # 依托龙华汽车、通联客车、龙江客车等新能源客车生产企业
    assert {"龙华汽车", "通联客车", "龙江客车"} <= names
    # 鼓励北方建成、一重新能源、牡丹江森田特种车辆等专用车生产企业
    assert {"北方建成", "一重新能源", "牡丹江森田特种车辆"} <= names
    # 支持哈尔滨奥瑞德公司、大庆溢泰半导体材料有限公司、哈尔滨科友半导体等企业
    assert {"哈尔滨奥瑞德公司", "大庆溢泰半导体材料有限公司", "哈尔滨科友半导体"} <= names
    # 骨干企业主要有大庆沃尔沃、一汽哈轻等 / 支持东安动力、东安汽发加大…
    assert {"大庆沃尔沃", "东安汽发", "中国一汽集团"} <= names


def test_seed_parks_are_names_not_clauses(seed_entities: list[Entity]) -> None:
    parks = [e.name for e in seed_entities if e.kind == "park"]
    assert set(SEED_PARKS) <= set(parks)
    # 新能源汽车寒地测试基地, 开发区（园区）, 新能源汽车产业基地 describe, they do not name
    assert not [p for p in parks if p.startswith(("新能源", "国家", "全省"))]
    assert "开发区" not in parks


def test_seed_universities_and_segments(seed_entities: list[Entity]) -> None:
    kinds = {(e.name, e.kind) for e in seed_entities}
    for name in ("哈工大", "东北林大", "哈工程", "哈理工"):
        assert (name, "university") in kinds
    segments = (
        "动力电池 驱动电机 电控系统 负极材料 氢燃料电池 增程器 DHT混动系统 充换电 汽车电子 石墨烯"
    )
    for name in _words(segments):
        assert (name, "segment") in kinds, name


def test_seed_entities_link_to_their_sections(seed_entities: list[Entity]) -> None:
    by_name = _by_name(seed_entities)
    assert by_name["贝特瑞"].sections == ("（三）产业基础",)
    assert by_name["东安动力"].sections == ("（一）一带引领",)
    assert by_name["龙华汽车"].sections == ("专栏2 新能源汽车产能盘活工程",)
    assert by_name["鹤岗石墨新材料产业园"].sections == ("（三）多园支撑",)
    assert by_name["哈工大"].sections == ("（三）加强人才队伍建设",)
    assert by_name["沃尔沃"].sections == (
        "（三）产业基础",
        "专栏2 新能源汽车产能盘活工程",
        "专栏3 整零协同推进工程",
        "（一）一带引领",
    )
    assert by_name["齐齐哈尔"].sections == ("（一）一带引领",)


def test_seed_mentions_point_at_the_names(seed: Document, seed_entities: list[Entity]) -> None:
    for e in seed_entities:
        assert e.mentions == tuple(sorted(set(e.mentions)))
        assert len(set(e.sections)) == len(e.sections)
        for s, t in e.mentions:
            written = seed.text[s:t]
            if e.kind == "city":
                assert written.startswith(e.name), (e.name, written)
                assert not seed.text.startswith("省", t), "吉林 in 吉林省 names no city"
            elif e.kind != "segment":
                assert written == e.name
    firsts = [e.mentions[0][0] for e in seed_entities]
    assert firsts == sorted(firsts)
    # one entity per kind and name
    assert len({(e.kind, e.name) for e in seed_entities}) == len(seed_entities)


def test_seed_learned_names_are_found_wherever_they_appear(
    seed: Document, seed_entities: list[Entity]
) -> None:
    by_name = _by_name(seed_entities)
    text = seed.text
    assert len(by_name["贝特瑞"].mentions) == text.count("贝特瑞")
    assert len(by_name["一汽哈轻"].mentions) == text.count("一汽哈轻") == 2
    # 大庆沃尔沃 is an entity of its own: short and full forms stay apart
    assert len(by_name["沃尔沃"].mentions) == text.count("沃尔沃") - text.count("大庆沃尔沃")
    assert by_name["黑河"].mentions[0] < by_name["大兴安岭"].mentions[0]


def test_seed_segments_inside_names_are_not_mentions(seed_entities: list[Entity]) -> None:
    by_name = _by_name(seed_entities)
    company = by_name["大庆溢泰半导体材料有限公司"].mentions[0]
    assert all(
        not (s < company[1] and company[0] < t)
        for e in seed_entities
        if e.kind == "segment"
        for s, t in e.mentions
    )
    park = by_name["大庆高新技术产业开发区"].mentions[0]
    # a city inside a park's name is kept: the park is in it
    assert park[0] in [s for s, _ in by_name["大庆"].mentions]


# ---------------------------------------------------------------- no fragments


def _corpus_docs() -> list[Path]:
    return [*sorted(p for p in CORPUS.iterdir() if p.is_file()), SEED_004]


@pytest.mark.parametrize("path", _corpus_docs(), ids=lambda p: p.name)
def test_no_sentence_fragment_is_a_name(path: Path) -> None:
    doc = _doc(path)
    for e in find_entities(doc):
        assert e.kind in ("enterprise", "park", "university", "city", "segment")
        assert 2 <= len(e.name) <= 20, e.name
        assert not PUNCTUATION.search(e.name), e.name
        assert not e.name.startswith(BAD_STARTS), e.name
        assert e.name not in GENERIC, e.name
        assert "的" not in e.name, e.name


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("加快建设新能源汽车产业园，支持企业入驻园区。", set()),
        ("支持有条件的地区建设氢能产业园区。", set()),
        ("带动动力电池、驱动电机、电控系统等产业链关键企业在我省聚集。", set()),
        ("加强与物流、金融、铁路、海关等企业和部门的沟通。", set()),
        ("引进隔膜、电解液、导电剂等配套材料企业2—3家。", set()),
        ("研究组建省汽车产业投资集团，打造具有国际竞争力的平台化、专业化企业集团。", set()),
        ("组建新能源汽车产业投资有限公司。", set()),
        ("以整车企业为龙头，以科技创新为核心的产业体系。", set()),
        ("在商场、车站等地建设充电桩。", set()),
        ("推动上市公司、平台公司、合资公司发展壮大。", set()),
        ("开拓新区域市场，建设国家级示范区。", set()),
        ("围绕建设国家石墨高端专用原料和新材料产业基地发展定位。", set()),
        ("支持大庆、哈尔滨建设智能网联示范区。", {("city", "大庆"), ("city", "哈尔滨")}),
        (
            "推动沃尔沃、吉利等车企加快电动化。",
            {("enterprise", "沃尔沃"), ("enterprise", "吉利")},
        ),
        (
            "鼓励企业与哈尔滨工业大学、东北林业大学等高校合作。",
            {("university", "哈尔滨工业大学"), ("university", "东北林业大学")},
        ),
        (
            "依托哈尔滨经济技术开发区和松岭物流园建设加氢站。",
            {("park", "哈尔滨经济技术开发区"), ("park", "松岭物流园"), ("city", "哈尔滨")},
        ),
        (
            "支持中国（黑龙江）自由贸易试验区建设。",
            {("park", "中国（黑龙江）自由贸易试验区")},
        ),
        (
            "引进宁德时代、比亚迪等头部企业。",
            {("enterprise", "宁德时代"), ("enterprise", "比亚迪")},
        ),
        (
            "以贝特瑞为核心的负极材料产业集群，以哈尔滨、大庆为核心的产业发展带。",
            {("enterprise", "贝特瑞"), ("city", "哈尔滨"), ("city", "大庆")},
        ),
    ],
)
def test_grammar_on_sentences(text: str, expected: set[tuple[str, str]]) -> None:
    assert _names(text) == expected


# ---------------------------------------------------------------- find_regions


def test_cities_without_find_regions(seed: Document, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.delattr(regions, "find_regions", raising=False)
    cities = {e.name for e in find_entities(seed) if e.kind == "city"}
    assert {"哈尔滨", "大庆", "鹤岗", "鸡西", "黑河", "大兴安岭", "齐齐哈尔", "绥化"} <= cities


@dataclass(frozen=True)
class _FakeRegion:
    code: str
    name: str
    short: str
    level: str


def test_cities_from_find_regions(monkeypatch: pytest.MonkeyPatch) -> None:
    text = "松岭县与北湖省签署合作协议。"

    def fake(text_: str, *, within: object = None) -> list[tuple[_FakeRegion, int, int]]:
        return [
            (_FakeRegion("239901", "松岭县", "松岭", "county"), 0, 3),
            (_FakeRegion("990000", "北湖省", "北湖", "province"), 4, 7),
        ]

    monkeypatch.setattr(regions, "find_regions", fake, raising=False)
    doc = process_source(source_of(text))
    cities = [(e.name, e.mentions) for e in find_entities(doc) if e.kind == "city"]
    assert cities == [("松岭", ((0, 3),))]


# ---------------------------------------------------------------------- layout


def test_seed_spatial_layout(seed: Document) -> None:
    roles = spatial_layout(seed)
    assert [(r.role, r.section) for r in roles] == [
        ("一带", "（一）一带引领"),
        ("两翼: 动力电池负极材料产业集聚区", "（二）两翼协同"),
        ("两翼: 寒地新能源测试产业集聚区", "（二）两翼协同"),
        ("多园", "（三）多园支撑"),
    ]
    belt, anode, cold, parks = roles
    assert belt.cities == ("哈尔滨", "大庆", "齐齐哈尔", "牡丹江", "绥化")
    assert {"沃尔沃", "东安动力"} <= set(belt.enterprises)
    assert belt.description.startswith("以哈尔滨、大庆、齐齐哈尔、牡丹江、绥化等地为核心")
    assert anode.cities == ("鹤岗", "鸡西", "哈尔滨", "七台河")
    assert anode.description.startswith("以鹤岗、鸡西、哈尔滨、七台河等城市为核心")
    assert cold.cities == ("黑河", "大兴安岭")
    assert parks.parks == SEED_PARKS
    assert parks.description.startswith("立足“一带两翼”")
    assert all(isinstance(r, LayoutRole) for r in roles)


def test_example_plan_parks_and_layout() -> None:
    doc = _doc(QINGCHUAN_PLAN)
    entities = find_entities(doc)
    parks = {e.name for e in entities if e.kind == "park"}
    assert {"青川经济技术开发区", "松岭石墨新材料产业园", "北湖寒地测试产业园"} <= parks
    assert ("青川职业技术学院", "university") in {(e.name, e.kind) for e in entities}
    roles = spatial_layout(doc, entities)
    assert [(r.role, r.parks) for r in roles] == [
        ("一核: 青川经济技术开发区整车制造核心区", ("青川经济技术开发区",)),
        ("两园: 松岭石墨新材料产业园", ("松岭石墨新材料产业园",)),
        ("两园: 北湖寒地测试产业园", ("北湖寒地测试产业园",)),
    ]


def test_no_layout_section_no_roles() -> None:
    doc = process_source(source_of("支持大庆高新技术产业开发区建设。"))
    assert [e.name for e in find_entities(doc) if e.kind == "park"] == ["大庆高新技术产业开发区"]
    assert spatial_layout(doc) == []


def test_time_grows_with_the_text_not_faster() -> None:
    # cue words, list separators and company endings in long runs with no delimiter
    # (a page without punctuation): each one is read once, not up to the next delimiter
    # again for every cue
    unit = "支持东安动力建设大庆产业园和龙华汽车有限公司、哈尔滨工业大学推动通联客车新材料加快发展"
    times = []
    for n in (100, 400):
        doc = process_source(source_of(unit * n + "。\n"))
        best = float("inf")
        for _ in range(2):
            start = time.perf_counter()
            spatial_layout(doc, find_entities(doc))
            best = min(best, time.perf_counter() - start)
        times.append(best)
    assert times[1] < times[0] * 4 * 2.5  # four times the text, not sixteen times the time
