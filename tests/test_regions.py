"""Administrative divisions: the table, resolving names, 全省/全市, names in running text."""

from __future__ import annotations

from collections import Counter

import pytest

from plantrack.model import Document
from plantrack.normalize.regions import (
    Region,
    find_provinces,
    find_regions,
    province_by_name,
    provinces,
    region_by_code,
    regions,
    resolve_local,
    resolve_region,
    resolve_regions,
    text_rules,
)

# ---------------------------------------------------------------------------- the table


def test_counts() -> None:
    levels = Counter(r.level for r in regions())
    assert levels["province"] == 34
    assert levels["prefecture"] == 333  # 293 cities, 7 地区, 3 盟, 30 自治州
    assert 2840 <= levels["county"] <= 2860


def test_codes_are_unique_and_well_formed() -> None:
    codes = [r.code for r in regions()]
    assert len(codes) == len(set(codes))
    assert all(len(c) == 6 and c.isdigit() for c in codes)


def test_hierarchy_is_consistent() -> None:
    for r in regions():
        assert r.province_code == r.code[:2] + "0000", r
        if r.level == "province":
            assert r.prefecture_code is None and r.parent is None
        elif r.level == "prefecture":
            assert r.code.endswith("00") and r.prefecture_code is None
            assert r.parent is not None and r.parent.level == "province"
        else:
            assert not r.code.endswith("00"), r
            if r.prefecture_code is not None:
                assert r.prefecture_code == r.code[:4] + "00"
                assert region_by_code(r.prefecture_code) is not None


def test_region_by_code() -> None:
    harbin = region_by_code("230100")
    assert harbin is not None and harbin.name == "哈尔滨市" and harbin.level == "prefecture"
    assert region_by_code("2301") == harbin
    assert region_by_code("23") == region_by_code("230000")
    assert region_by_code("999999") is None
    assert region_by_code("哈尔滨") is None


def test_recent_changes_are_in() -> None:
    """The data is current: renamed and new divisions with their new codes."""
    for name, code in [
        ("错那市", "540581"),  # 2023, was 错那县 540530
        ("米林市", "540481"),  # 2023
        ("白杨市", "659012"),  # 2023
        ("和安县", "653229"),  # December 2024
        ("和康县", "653228"),
        ("偃师区", "410307"),  # 2021, was 偃师市 410381
        ("蓬莱区", "370614"),  # 2020, was 蓬莱市 370684
        ("临平区", "330113"),  # 2021
        ("两江新区", "500157"),  # November 2025, in place of 江北区 and 渝北区
    ]:
        region = resolve_region(name)
        assert region is not None and region.code == code, name
    assert resolve_region("错那县") is None
    assert resolve_region("渝北区") is None
    jiangbei = resolve_region("江北区")  # only Ningbo's is left
    assert jiangbei is not None and jiangbei.code == "330205"
    assert resolve_region("襄樊市") is None


def test_provinces_table_unchanged() -> None:
    assert len(provinces()) == 34
    hlj = province_by_name("黑龙江")
    assert hlj is not None and hlj.name == "黑龙江省" and hlj.code == "230000"
    assert hlj.abbr == ("黑", "龙江")
    assert province_by_name("黑") is None
    assert [(p.name, i) for p, i in find_provinces("吉林省和黑龙江")] == [
        ("吉林省", 0),
        ("黑龙江省", 4),
    ]


# ------------------------------------------------------------------------ provinces


@pytest.mark.parametrize("province", provinces(), ids=lambda p: p.short)
def test_every_province_by_full_short_and_abbreviation(province) -> None:  # type: ignore[no-untyped-def]
    for written in (province.name, province.short, *province.abbr):
        region = resolve_region(written)
        assert region is not None, written
        assert (region.code, region.level) == (province.code, "province"), written
        assert region.name == province.name and region.short == province.short


@pytest.mark.parametrize(
    ("written", "code"),
    [
        ("内蒙古", "150000"),
        ("内蒙古自治区", "150000"),
        ("广西", "450000"),
        ("广西壮族自治区", "450000"),
        ("西藏", "540000"),
        ("宁夏", "640000"),
        ("宁夏回族自治区", "640000"),
        ("新疆", "650000"),
        ("新疆维吾尔自治区", "650000"),
        ("香港", "810000"),
        ("香港特别行政区", "810000"),
        ("澳门", "820000"),
        ("台湾", "710000"),
        ("豫", "410000"),
        ("黑", "230000"),
        ("粤", "440000"),
        ("龙江", "230000"),
        ("蜀", "510000"),
        (" 吉林 ", "220000"),  # the province, not 吉林市
    ],
)
def test_province_names(written: str, code: str) -> None:
    region = resolve_region(written)
    assert region is not None and region.code == code


def test_abbreviations_only_as_the_whole_input() -> None:
    assert find_regions("豫黑粤") == []
    assert find_regions("龙江振兴") == []
    assert resolve_region("豫北") is None


# ----------------------------------------------------------------------- prefectures

PREFECTURES = [
    ("哈尔滨", "230100", "哈尔滨市"),
    ("齐齐哈尔", "230200", "齐齐哈尔市"),
    ("鸡西", "230300", "鸡西市"),
    ("鹤岗", "230400", "鹤岗市"),
    ("双鸭山", "230500", "双鸭山市"),
    ("大庆", "230600", "大庆市"),
    ("伊春", "230700", "伊春市"),
    ("佳木斯", "230800", "佳木斯市"),
    ("七台河", "230900", "七台河市"),
    ("牡丹江", "231000", "牡丹江市"),
    ("黑河", "231100", "黑河市"),
    ("绥化", "231200", "绥化市"),
    ("大兴安岭", "232700", "大兴安岭地区"),
    ("郑州", "410100", "郑州市"),
    ("开封", "410200", "开封市"),
    ("洛阳", "410300", "洛阳市"),
    ("石家庄", "130100", "石家庄市"),
    ("鄂尔多斯", "150600", "鄂尔多斯市"),
    ("呼伦贝尔", "150700", "呼伦贝尔市"),
    ("兴安盟", "152200", "兴安盟"),
    ("锡林郭勒", "152500", "锡林郭勒盟"),
    ("阿拉善", "152900", "阿拉善盟"),
    ("延边", "222400", "延边朝鲜族自治州"),
    ("延边州", "222400", "延边朝鲜族自治州"),
    ("吉林市", "220200", "吉林市"),
    ("东莞", "441900", "东莞市"),
    ("中山", "442000", "中山市"),
    ("儋州", "460400", "儋州市"),
    ("嘉峪关", "620200", "嘉峪关市"),
    ("三沙", "460300", "三沙市"),
    ("海南州", "632500", "海南藏族自治州"),
    ("恩施州", "422800", "恩施土家族苗族自治州"),
    ("湘西", "433100", "湘西土家族苗族自治州"),
    ("巴州", "652800", "巴音郭楞蒙古自治州"),
    ("克州", "653000", "克孜勒苏柯尔克孜自治州"),
    ("伊犁", "654000", "伊犁哈萨克自治州"),
    ("喀什", "653100", "喀什地区"),
    ("阿里", "542500", "阿里地区"),
    ("深圳", "440300", "深圳市"),
    ("襄阳", "420600", "襄阳市"),
    ("毕节", "520500", "毕节市"),
    ("吐鲁番", "650400", "吐鲁番市"),
    ("那曲", "540600", "那曲市"),
    ("西双版纳", "532800", "西双版纳傣族自治州"),
]


@pytest.mark.parametrize(("short", "code", "full"), PREFECTURES)
def test_prefectures_by_short_and_full_name(short: str, code: str, full: str) -> None:
    for written in (short, full):
        region = resolve_region(written)
        assert region is not None, written
        assert (region.code, region.name, region.level) == (code, full, "prefecture")
        assert region.province_code == code[:2] + "0000"


@pytest.mark.parametrize(
    ("full", "short"),
    [
        ("哈尔滨市", "哈尔滨"),
        ("大兴安岭地区", "大兴安岭"),
        ("鄂尔多斯市", "鄂尔多斯"),
        ("延边朝鲜族自治州", "延边"),
        ("兴安盟", "兴安"),
        ("吉林市", "吉林市"),  # 吉林 is the province
        ("海南藏族自治州", "海南州"),  # 海南 is the province
        ("德宏傣族景颇族自治州", "德宏"),
        ("博尔塔拉蒙古自治州", "博尔塔拉"),
    ],
)
def test_prefecture_short_names(full: str, short: str) -> None:
    region = resolve_region(full)
    assert region is not None and region.short == short


# -------------------------------------------------------------------------- counties

COUNTIES = [
    ("宾县", None, "230125"),
    ("巴彦县", None, "230126"),
    ("五常市", None, "230184"),
    ("漠河市", None, "232701"),
    ("嘉定区", None, "310114"),
    ("嘉定", None, "310114"),
    ("浦东新区", None, "310115"),
    ("神农架林区", None, "429021"),
    ("仙桃市", None, "429004"),
    ("济源市", None, "419001"),
    ("石河子市", None, "659001"),
    ("义乌市", None, "330782"),
    ("昆山市", None, "320583"),
    ("和县", None, "340523"),
    ("长阳土家族自治县", None, "420528"),
    ("长阳县", None, "420528"),
    ("东乡族自治县", None, "622926"),
    # duplicates, told apart by `within` (a name, a short name or a code)
    ("朝阳区", "北京", "110105"),
    ("朝阳区", "长春市", "220104"),
    ("朝阳", "北京市", "110105"),
    ("鼓楼区", "南京", "320106"),
    ("鼓楼区", "福州市", "350102"),
    ("鼓楼区", "3203", "320302"),
    ("鼓楼区", "410200", "410204"),
    ("长安区", "西安", "610116"),
    ("长安区", "石家庄", "130102"),
    ("西安区", "辽源", "220403"),
    ("西安区", "牡丹江", "231005"),
    ("通州区", "北京", "110112"),
    ("通州区", "南通", "320612"),
    ("城区", "晋城", "140502"),
    ("城区", "阳泉市", "140302"),
    ("南沙区", "广州", "440115"),
    ("南沙区", "三沙", "460303"),
    ("新华区", "沧州", "130902"),
]


@pytest.mark.parametrize(("name", "within", "code"), COUNTIES)
def test_counties(name: str, within: str | None, code: str) -> None:
    region = resolve_region(name, within=within)
    assert region is not None and region.code == code
    assert region.level == "county"


def test_county_parents() -> None:
    binxian = resolve_region("宾县")
    assert binxian is not None
    assert (binxian.province_code, binxian.prefecture_code) == ("230000", "230100")
    assert [a.name for a in binxian.ancestors()] == ["宾县", "哈尔滨市", "黑龙江省"]
    chaoyang = resolve_region("朝阳区", within="北京")
    assert chaoyang is not None and chaoyang.prefecture_code is None  # a municipality
    assert chaoyang.parent is not None and chaoyang.parent.name == "北京市"
    xiantao = resolve_region("仙桃市")
    assert xiantao is not None and xiantao.prefecture_code is None
    assert xiantao.province.name == "湖北省"


def test_duplicates_without_within() -> None:
    assert resolve_region("朝阳区") is None  # Beijing's or Changchun's
    assert resolve_region("鼓楼区") is None
    assert {r.code for r in resolve_regions("鼓楼区")} == {"320106", "320302", "350102", "410204"}
    # a higher level wins
    chaoyang = resolve_region("朝阳")
    assert chaoyang is not None and chaoyang.code == "211300"  # 朝阳市, Liaoning
    jilin = resolve_region("吉林")
    assert jilin is not None and jilin.level == "province"
    longjiang = resolve_region("龙江")
    assert longjiang is not None and longjiang.name == "黑龙江省"  # not 龙江县


def test_within_does_not_hide_other_places() -> None:
    beijing = resolve_region("北京", within="黑龙江省")
    assert beijing is not None and beijing.code == "110000"
    assert resolve_region("鼓楼区", within="黑龙江省") is None


def test_unknown_names() -> None:
    for name in ("", "  ", "火星", "北湖省", "中国", "长江"):
        assert resolve_region(name) is None, name


# ----------------------------------------------------------------------- 全省 / 全市


@pytest.mark.parametrize(
    ("word", "issuer", "expected"),
    [
        ("全省", "哈尔滨市", "230000"),
        ("我省", "黑龙江省", "230000"),
        ("本省", "230000", "230000"),
        ("省内", "郑州", "410000"),
        ("全市", "哈尔滨市", "230100"),
        ("我市", "哈尔滨", "230100"),
        ("市内", "大庆市", "230600"),
        ("全市", "宾县", "230100"),  # a county document: its city
        ("全省", "宾县", "230000"),
        ("全市", "北京市", "110000"),  # a municipality is a 市
        ("本市", "上海", "310000"),
        ("全区", "广西壮族自治区", "450000"),
        ("我区", "南宁市", "450000"),  # an autonomous region's city: the region
        ("全区", "大兴安岭地区", "232700"),
        ("全县", "宾县", "230125"),
        ("全州", "延边州", "222400"),
        ("全市", "义乌市", "330782"),  # a county-level city
    ],
)
def test_resolve_local(word: str, issuer: str, expected: str) -> None:
    region = resolve_local(word, issuer)
    assert region is not None and region.code == expected


@pytest.mark.parametrize(
    ("word", "issuer"),
    [
        ("全市", "黑龙江省"),  # no city above a province
        ("全市", "230000"),
        ("全县", "哈尔滨市"),
        ("全省", "北京市"),  # a municipality is not a 省
        ("全省", None),
        ("全省", "火星"),
        ("全国", "郑州"),
        ("全省范围", "郑州"),
    ],
)
def test_resolve_local_none(word: str, issuer: str | None) -> None:
    assert resolve_local(word, issuer) is None


# ------------------------------------------------------------------------ in text


def _found(text: str, within: str | None = None) -> list[tuple[str, str]]:
    return [(text[s:e], r.code) for r, s, e in find_regions(text, within=within)]


PLAN_SENTENCES = [
    (
        "重点打造以哈尔滨、大庆为核心的新能源汽车及零部件产业发展带，以鹤岗、鸡西为核心的"
        "动力电池负极材料产业集聚区，以黑河、大兴安岭为核心的新能源汽车寒地测试产业集群。",
        [
            ("哈尔滨", "230100"),
            ("大庆", "230600"),
            ("鹤岗", "230400"),
            ("鸡西", "230300"),
            ("黑河", "231100"),
            ("大兴安岭", "232700"),
        ],
    ),
    (
        "以哈尔滨、大庆、齐齐哈尔、牡丹江、绥化等地为核心构建新能源汽车产业发展带。",
        [
            ("哈尔滨", "230100"),
            ("大庆", "230600"),
            ("齐齐哈尔", "230200"),
            ("牡丹江", "231000"),
            ("绥化", "231200"),
        ],
    ),
    (
        "以鹤岗、鸡西、哈尔滨、七台河等城市为核心，以黑河和大兴安岭地区试验基地为支撑。",
        [
            ("鹤岗", "230400"),
            ("鸡西", "230300"),
            ("哈尔滨", "230100"),
            ("七台河", "230900"),
            ("黑河", "231100"),
            ("大兴安岭地区", "232700"),
        ],
    ),
    (
        "立足黑龙江省新能源汽车产业发展格局，漠河红河谷智能网联汽车寒区试验场。",
        [("黑龙江省", "230000")],
    ),
    (
        "郑州、洛阳、新乡、许昌4个城市开展试点，河南省全省推广。",
        [
            ("郑州", "410100"),
            ("洛阳", "410300"),
            ("新乡", "410700"),
            ("许昌", "411000"),
            ("河南省", "410000"),
        ],
    ),
]


@pytest.mark.parametrize(("text", "expected"), PLAN_SENTENCES)
def test_find_regions_in_plan_sentences(text: str, expected: list[tuple[str, str]]) -> None:
    assert _found(text) == expected


def test_find_regions_spans_and_levels() -> None:
    text = "黑龙江省哈尔滨市宾县"
    found = find_regions(text)
    assert [(r.level, s, e) for r, s, e in found] == [
        ("province", 0, 4),
        ("prefecture", 4, 8),
        ("county", 8, 10),
    ]
    assert all(isinstance(r, Region) for r, _, _ in found)


def test_longest_name_first() -> None:
    assert _found("马鞍山市和鞍山市") == [("马鞍山市", "340500"), ("鞍山市", "210300")]
    assert _found("峨眉山市") == [("峨眉山市", "511181")]
    assert _found("吉林省吉林市") == [("吉林省", "220000"), ("吉林市", "220200")]
    assert _found("大兴安岭地区") == [("大兴安岭地区", "232700")]


def test_duplicates_in_text() -> None:
    assert _found("北京市朝阳区和长春市朝阳区") == [
        ("北京市", "110000"),
        ("朝阳区", "110105"),
        ("长春市", "220100"),
        ("朝阳区", "220104"),
    ]
    assert _found("，朝阳区，", within="长春") == [("朝阳区", "220104")]
    assert _found("，鼓楼区，") == []  # four of them, nothing to go by
    assert _found("，鼓楼区，", within="南京市") == [("鼓楼区", "320106")]


@pytest.mark.parametrize(
    "text",
    [
        "长安汽车一季度销量增长明显，长城汽车紧随其后。",
        "学生要学好普通化学和交通化工专业课程。",
        "永安、太平、东方、白山、中山都是常见的词语。",
        "要在长白山和小兴安岭开展森林保护。",
        "大理石材料、三明治、普洱茶、哈密瓜、和田玉等产品。",
        "实现长治久安，反对文山会海，确保社会大同。",
        "宁德时代是动力电池龙头企业，阿里巴巴布局云计算。",
        "形成都市圈，创新乡村治理模式，隆重庆祝建党百年。",
        "长江西岸和黄河南岸生态保护，华北京津冀协同发展。",
        "保持人民币汇率在合理均衡水平上的基本稳定。",
        "其中山区面积较大，沿海城市和新兴城市发展较快。",
        "提高县域经济实力，示范县创建工作，省市和县三级联动。",
        "加快江南区域一体化和中原区块链产业发展。",
        "消费市场回暖，合作市场扩大，比如县城商业网点。",
        "推进朝阳产业发展，光伏组件日照时数充足。",
        "幸福安康的生活，来宾和嘉宾，真金白银的投入。",
        "合理确定西部地区的发展方向，稳定西藏。",
    ],
)
def test_ordinary_words_are_not_places(text: str) -> None:
    found = _found(text)
    # 西藏 is the only place in these sentences
    assert [name for name, _ in found] in ([], ["西藏"]), found


def test_tricky_words_next_to_real_places() -> None:
    assert _found("大连市场监管局") == [("大连", "210200")]
    assert _found("广西南宁") == [("广西", "450000"), ("南宁", "450100")]
    assert _found("香港澳门") == [("香港", "810000"), ("澳门", "820000")]
    assert _found("以上海为龙头") == [("上海", "310000")]
    assert _found("大同市和白银市") == [("大同市", "140200"), ("白银市", "620400")]
    assert _found("濮阳市范县、安徽省和县") == [
        ("濮阳市", "410900"),
        ("范县", "410926"),
        ("安徽省", "340000"),
        ("和县", "340523"),
    ]
    assert _found("上海市金山区") == [("上海市", "310000"), ("金山区", "310116")]
    assert _found("其中山区") == []


def test_text_rules_are_consistent() -> None:
    rules = text_rules()
    shorts = {r.short for r in regions() if r.level == "prefecture"}
    assert rules.common_word_shorts <= shorts
    names = {r.name for r in regions()} | {a for r in regions() for a in r.aliases}
    assert rules.common_word_counties <= names
    assert rules.parent_only <= rules.common_word_counties
    assert rules.generic_county_names <= names
    assert not rules.not_places & names


@pytest.mark.seeds
def test_find_regions_on_the_heilongjiang_plan(seed_plan: Document) -> None:
    found = find_regions(seed_plan.text, within=seed_plan.meta.region)
    names = {r.name for r, _, _ in found}
    assert {
        "黑龙江省",
        "哈尔滨市",
        "大庆市",
        "鹤岗市",
        "鸡西市",
        "黑河市",
        "大兴安岭地区",
        "七台河市",
        "齐齐哈尔市",
        "牡丹江市",
        "绥化市",
    } <= names
    # nothing outside these provinces is named in the plan
    assert {r.province_code for r, _, _ in found} <= {
        "230000",  # 黑龙江
        "220000",  # 吉林
        "210000",  # 辽宁
        "110000",  # 北京
        "310000",  # 上海
    }


def test_find_regions_on_a_long_text() -> None:
    text = "以哈尔滨、大庆、齐齐哈尔、牡丹江、绥化等地为核心构建新能源汽车产业发展带。" * 3000
    found = find_regions(text)
    assert len(found) == 5 * 3000
    assert [r.short for r, _, _ in found[-5:]] == ["哈尔滨", "大庆", "齐齐哈尔", "牡丹江", "绥化"]


def test_offsets_are_in_characters() -> None:
    # characters outside the Basic Multilingual Plane count as one, as in Python
    found = find_regions("😀𝄞哈尔滨市，")
    assert [(r.name, s, e) for r, s, e in found] == [("哈尔滨市", 2, 6)]


def test_find_provinces_leftmost_longest() -> None:
    found = find_provinces("黑龙江省内蒙古自治区吉林市")
    assert [(p.name, i) for p, i in found] == [
        ("黑龙江省", 0),
        ("内蒙古自治区", 4),
        ("吉林省", 10),
    ]
    assert find_provinces("") == [] and find_regions("") == []


def test_lone_surrogates_do_not_stop_the_scan() -> None:
    found = find_regions("\ud800哈尔滨市\udfff大庆市")
    assert [(r.name, s, e) for r, s, e in found] == [("哈尔滨市", 1, 5), ("大庆市", 6, 9)]


def test_region_index_gives_what_each_piece_gives_alone() -> None:
    from plantrack.normalize.regions import RegionIndex

    text = "黑龙江省哈尔滨市宾县，濮阳市范县、安徽省和县。形成都市圈，北京市朝阳区和长春市朝阳区。"
    index = RegionIndex(text)
    pieces = [(0, 11), (11, 23), (23, 29), (29, len(text)), (2, 9), (5, 5), (0, len(text))]
    for start, end in pieces:
        expected = find_regions(text[start:end], within="黑龙江省")
        assert index.find_regions(start, end, within="黑龙江省") == expected, (start, end)
    # a name cut by the piece's edge is not found in it (哈尔滨市 in 江省哈尔滨)
    assert index.find_regions(2, 9) == find_regions(text[2:9])
