"""The quantity parser: what must parse (value, unit, range, comparator, scale), what must
be rejected, bare numerals, and properties over generated text."""

from __future__ import annotations

import itertools
from decimal import Decimal

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from plantrack.extract.quantities import (
    NumeralError,
    Quantity,
    find_numbers,
    find_quantities,
    parse_numeral,
)

D = Decimal


def only(text: str) -> Quantity:
    found = find_quantities(text)
    assert len(found) == 1, f"{text!r}: {[q.text for q in found]}"
    return found[0]


# -- must parse: (text, value, unit, high, comparator, scale) ------------------------------------

NUMERALS_WITH_UNITS = [
    # Arabic, with multipliers
    ("新能源汽车年产量150万辆", "1500000", "辆"),
    ("累计建成充电桩2.5万个", "25000", "个"),
    ("营业收入407.7亿元", "40770000000", "元"),
    ("1,200家企业", "1200", "家"),
    ("达到1,200.5万吨", "12005000", "吨"),
    ("规模达到1.2万亿元", "1200000000000", "元"),
    # Chinese
    ("一百五十万辆", "1500000", "辆"),
    ("两千亿元", "200000000000", "元"),
    ("三千五百辆", "3500", "辆"),
    ("一百零五家", "105", "家"),
    ("十二项", "12", "项"),
    ("二十五座", "25", "座"),
    ("一万零五百户", "10500", "户"),
    ("四亿五千六百四十二万零一十五元", "456420015", "元"),
    ("拾万零五十六元", "100056", "元"),
    ("壹仟玖佰圆整", "1900", "元"),
    ("三点五万吨", "35000", "吨"),
    # mixed and colloquial
    ("13万2千辆", "132000", "辆"),
    ("三千五辆", "3500", "辆"),
    ("一万五千亿元", "1500000000000", "元"),
    ("5万4千6百个", "54600", "个"),
    ("2千零30万元", "20300000", "元"),
    ("3万4000辆", "34000", "辆"),
    ("年产百万辆", "1000000", "辆"),
    # traditional characters, full-width digits
    ("150萬輛", "1500000", "辆"),
    ("3個", "3", "个"),
    ("5億元", "500000000", "元"),
    ("壹佰伍拾萬元", "1500000", "元"),
    ("１５０万辆", "1500000", "辆"),
    ("２５％", "25", "%"),
    ("增长１２.５％", "12.5", "%"),
    # units and their canonical forms
    ("4家", "4", "家"),
    ("62户", "62", "户"),
    ("30项", "30", "项"),
    ("建成换电站20座", "20", "座"),
    ("10亿元", "1000000000", "元"),
    ("500万元", "5000000", "元"),
    ("15元", "15", "元"),
    ("40%", "40", "%"),
    ("10万吨", "100000", "吨"),
    ("500公斤", "500", "公斤"),
    ("2000万千瓦", "20000000", "千瓦"),
    ("5000万千瓦时", "50000000", "千瓦时"),
    ("15GWh", "15000000", "千瓦时"),
    ("10 GWh".replace(" ", ""), "10000000", "千瓦时"),
    ("20MW", "20000", "千瓦"),
    ("20兆瓦", "20000", "千瓦"),
    ("3GW", "3000000", "千瓦"),
    ("100公里", "100", "公里"),
    ("100亿美元", "10000000000", "美元"),
    ("5亿欧元", "500000000", "欧元"),
    ("3亿港元", "300000000", "港元"),
    ("1.5个百分点", "1.5", "百分点"),
    ("六个百分点", "6", "百分点"),
    ("25个基点", "25", "基点"),
    ("上证指数上涨50点", "50", "点"),
    ("1000万度电", "10000000", "千瓦时"),
    ("387万亩", "3870000", "亩"),
    ("一吨", "1", "吨"),
    ("两美元", "2", "美元"),
    ("十块钱", "10", "元"),
    ("4人民币", "4", "元"),
    ("8亿元人民币", "800000000", "元"),
    ("5000台套", "5000", "台套"),
    ("2000台次", "2000", "台次"),
    ("5万吨人造石墨", "50000", "吨"),
    # percentages
    ("百分之四十", "40", "%"),
    ("百分之百", "100", "%"),
    ("百分之2.4", "2.4", "%"),
    ("千分之五", "5", "‰"),
    ("万分之三", "0.03", "%"),
    ("四成", "40", "%"),
    ("九成以上", "90", "%"),
    ("三成半", "35", "%"),
    ("9.5成", "95", "%"),
    ("打八折", "80", "%"),
    ("75折", "75", "%"),
    ("增长-3.2%", "-3.2", "%"),
    ("负3.9%", "-3.9", "%"),
    # symbols before the number
    ("$20", "20", "美元"),
    ("￥300", "300", "元"),
    ("港币两千九百六十元", "2960", "港元"),
]


@pytest.mark.parametrize(("text", "value", "unit"), NUMERALS_WITH_UNITS)
def test_value_and_unit(text: str, value: str, unit: str) -> None:
    q = only(text)
    assert q.value == D(value)
    assert q.unit == unit


QUALIFIED = [
    # (text, value, high, comparator, cue)
    # ranges
    ("3-5万辆", "30000", "50000", None, None),
    ("30%—40%", "30", "40", None, None),
    ("25%~30%", "25", "30", None, None),
    ("1万-5万元", "10000", "50000", None, None),
    ("1万元--5万元", "10000", "50000", None, None),
    ("2.6万辆至2.9万辆", "26000", "29000", None, None),
    ("百分之三十到百分之四十", "30", "40", None, None),
    ("两到三千辆", "2000", "3000", None, None),
    ("八到九百亿元", "800000000", "90000000000", None, None),
    ("从8500到3万港元", "8500", "30000", None, None),
    ("1万(含)-5万元", "10000", "50000", None, None),
    # approximations
    ("约10万辆", "100000", None, "=", "约"),
    ("20%左右", "20", None, "=", "左右"),
    ("近50亿元", "5000000000", None, "=", "近"),
    ("接近50亿元", "5000000000", None, "=", "接近"),
    ("300余家", "300", None, ">", "余"),
    ("100多家", "100", None, ">", "多"),
    ("100多万辆", "1000000", None, ">", "多"),
    ("1000余万元", "10000000", None, ">", "余"),
    ("约为14.8%", "14.8", None, "=", "约"),
    # direction words
    ("5000座以上", "5000", None, ">=", "以上"),
    ("超过40%", "40", None, ">", "超过"),
    ("突破150万辆", "1500000", None, ">", "突破"),
    ("逾100万辆", "1000000", None, ">", "逾"),
    ("不低于80%", "80", None, ">=", "不低于"),
    ("不少于3000个", "3000", None, ">=", "不少于"),
    ("至少有10家", "10", None, ">=", "至少"),
    ("超过了80%", "80", None, ">", "超过"),
    ("10%以下", "10", None, "<=", "以下"),
    ("不超过100万元", "1000000", None, "<=", "不超过"),
    ("低于3%", "3", None, "<", "低于"),
    ("不足8%", "8", None, "<", "不足"),
    ("控制在5%以内", "5", None, "<=", "控制在…以内"),
    ("不低于60%以上", "60", None, ">=", "不低于…以上"),
    ("约10%以上", "10", None, ">=", "约…以上"),
    ("10亿元（含）以上", "1000000000", None, ">=", "以上"),
    ("三分之一以上", str(D(100) / 3), None, ">=", "以上"),
    (
        "公路运输占交通运输碳排放的85%[数据来源：中国环境与发展国际合作委员会]以上",
        "85",
        None,
        ">=",
        "以上",
    ),
]


@pytest.mark.parametrize(("text", "value", "high", "comparator", "cue"), QUALIFIED)
def test_ranges_approximations_and_directions(
    text: str, value: str, high: str | None, comparator: str | None, cue: str | None
) -> None:
    q = only(text)
    assert q.value == D(value)
    assert q.high == (D(high) if high is not None else None)
    assert q.comparator == comparator
    assert q.cue == cue


SCALES = [
    ("努力建成3000亿级新能源汽车产业集群", "300000000000", "元"),
    ("加快形成千亿级动力电池产业集群", "100000000000", "元"),
    ("打造万亿级产业", "1000000000000", "元"),
    ("3000亿元级", "300000000000", "元"),
    ("百万辆级产能", "1000000", "辆"),
]


@pytest.mark.parametrize(("text", "value", "unit"), SCALES)
def test_scales(text: str, value: str, unit: str) -> None:
    q = only(text)
    assert (q.value, q.unit, q.scale) == (D(value), unit, True)


def test_exact_figure_is_not_a_scale() -> None:
    assert only("3000亿元").scale is False


def test_spans_of_a_qualified_quantity() -> None:
    text = "到2025年，新能源汽车年产量突破150万辆，力争达到200万辆。"
    first, second = find_quantities(text)
    assert first.text == "突破150万辆"
    assert text[first.start : first.end] == first.text
    assert text[first.number_start :].startswith("150万辆")
    assert text[first.amount_start : first.amount_end] == "150万辆"
    assert second.text == "200万辆" and second.comparator is None


def test_span_of_a_citation_and_percent_words() -> None:
    text = "占比85%[数据来源：IEA]以上，百分之四十"
    a, b = find_quantities(text)
    assert a.text == "85%[数据来源：IEA]以上"
    assert text[a.amount_start : a.amount_end] == "85%"
    assert text[b.amount_start : b.amount_end] == "百分之四十"
    assert text[b.number_start : b.amount_end] == "四十"


def test_rate_keeps_its_denominator() -> None:
    q = only("电池包均价有望降至0.6元/Wh以下")
    assert (q.value, q.unit, q.per, q.comparator) == (D("0.6"), "元", "Wh", "<=")
    assert only("制氢能力1万吨/年").per == "年"
    assert only("1万吨").per is None


def test_half_after_a_physical_unit() -> None:
    assert only("一吨半").value == D("1.5")
    assert only("两米半").value == D("2.5")
    assert find_quantities("用3个半月完成") == []


def test_change_is_not_a_range() -> None:
    found = find_quantities("渗透率由20%到30%")
    assert [(q.value, q.high) for q in found] == [(D(20), None), (D(30), None)]


def test_a_rejected_range_leaves_two_figures_and_no_minus_sign() -> None:
    found = find_quantities("10万辆-5万辆")  # the upper end is below the lower one
    assert [(q.text, q.value, q.high) for q in found] == [
        ("10万辆", D(100000), None),
        ("5万辆", D(50000), None),
    ]


def test_a_citation_does_not_cross_a_sentence_end() -> None:
    found = find_quantities("0[。新增150万辆。]")
    assert [(q.text, q.value) for q in found] == [("150万辆", D(1500000))]


def test_several_in_one_sentence() -> None:
    text = "充电桩和换电站保有量分别为7070个和2个，新能源汽车数量28850辆，同比增长28.74%。"
    assert [(q.value, q.unit) for q in find_quantities(text)] == [
        (D(7070), "个"),
        (D(2), "个"),
        (D(28850), "辆"),
        (D("28.74"), "%"),
    ]


# -- units as the annotation conventions write them (SCHEMA.md 7, 8, 12–15, 22, 24, 25) ----------

CONVENTION_UNITS = [
    # (text, value, unit): our own sentences, one per rule
    # percentage points, with or without 个, are 百分点
    ("城镇化率比上年提升2.3个百分点", "2.3", "百分点"),
    ("调查失业率回落0.4百分点", "0.4", "百分点"),
    ("增速高出全国1.2個百分點", "1.2", "百分点"),
    # kept as written: only the numeral's 万/亿 scales the value
    ("全县夏粮总产达到6.8亿斤", "680000000", "斤"),
    ("全年粮食产量稳定在1.35万亿斤", "1350000000000", "斤"),
    ("蔬菜日供应量3.5万公斤", "35000", "公斤"),
    ("人均年消费牛肉5.2千克", "5.2", "公斤"),
    ("储备冻猪肉86亿公斤", "8600000000", "公斤"),
    ("单位产值能耗降至0.42吨标准煤", "0.42", "吨标准煤"),
    ("婴儿死亡率降至4.8‰", "4.8", "‰"),
    ("新增供水能力12万立方米", "120000", "立方米"),
    ("治理水土流失面积860平方公里", "860", "平方公里"),
    ("改造农村公路3200公里", "3200", "公里"),
    ("高标准农田累计建成650万亩", "6500000", "亩"),
    ("新增造林面积4.2万公顷", "42000", "公顷"),
    ("开通国际货运航线15条", "15", "条"),
    ("推广新能源农机800台", "800", "台"),
    ("受理专利申请2.1万件", "21000", "件"),
    ("新建改扩建幼儿园36所", "36", "所"),
    ("整治黑臭水体47处", "47", "处"),
    ("引进蔬菜新品种120种", "120", "种"),
    ("接待游客4500万人次", "45000000", "人次"),
    ("本次拟发行新股3.6亿股", "360000000", "股"),
    ("全年实施运载火箭发射23发", "23", "发"),
    ("北斗组网卫星达到30颗", "30", "颗"),
    ("生猪存栏稳定在2800万头", "28000000", "头"),
    ("议案以1560票获得通过", "1560", "票"),
    ("人均预期寿命提高到79.5岁", "79.5", "岁"),
    ("原油日均产量1150万桶", "11500000", "桶"),
    ("储氢瓶工作压力达到70MPa", "70", "MPa"),
    ("乘用车油耗降至4.5升", "4.5", "升"),
    # Latin units convert, with the value scaled
    ("屋顶光伏装机1200kW", "1200", "千瓦"),
    ("年发电量36万kWh", "360000", "千瓦时"),
    ("年产正极材料8万t", "80000", "吨"),
    ("全年能耗折合12亿t标准煤", "1200000000", "吨标准煤"),
    ("海上风电装机8.5GW", "8500000", "千瓦"),
    ("新建光伏电站300MW", "300000", "千瓦"),
    # 名 counts people
    ("选举产生人大代表517名", "517", "人"),
    ("培养高技能人才5000名", "5000", "人"),
    # foreign money keeps its currency; 人民币 is 元
    ("海外营收折合9.6亿欧元", "960000000", "欧元"),
    ("利用外资25亿美元", "2500000000", "美元"),
    ("发行债券80亿港元", "8000000000", "港元"),
    ("获得贷款300亿日元", "30000000000", "日元"),
    ("单价下降了3美分", "3", "美分"),
    ("募集资金5.4亿元人民币", "540000000", "元"),
    ("捐赠人民币300万元", "3000000", "元"),
    # fractions in Chinese numerals
    ("出生缺陷率控制在千分之三点二以内", "3.2", "‰"),
    ("覆盖率达到百分之六十五", "65", "%"),
    ("误差不超过万分之三", "0.03", "%"),
    # thousands separators: groups of exactly three digits
    ("累计投资2,345万元", "23450000", "元"),
    ("新增就业岗位3,600个", "3600", "个"),
    ("奖励资金1,234,567元", "1234567", "元"),
]


@pytest.mark.parametrize(("text", "value", "unit"), CONVENTION_UNITS)
def test_units_as_the_conventions_write_them(text: str, value: str, unit: str) -> None:
    q = only(text)
    assert (q.value, q.unit) == (D(value), unit)
    assert q.bare is False


def test_a_range_of_permille() -> None:
    q = only("自然增长率在千分之二至千分之三之间")
    assert (q.value, q.high, q.unit) == (D(2), D(3), "‰")


def test_a_ratio_to_one_is_dimensionless() -> None:
    for text, value in [
        ("城乡居民收入比缩小到2.35∶1", "2.35"),
        ("高中阶段生师比为13:1", "13"),
        ("两地人均收入之比2.6：1以内", "2.6"),
    ]:
        q = only(text)
        assert (q.value, q.unit, q.kind) == (D(value), "", "ratio"), text
    assert only("两地人均收入之比2.6：1以内").comparator == "<="


def test_a_dimensionless_index_needs_its_word() -> None:
    q = only("新建数据中心PUE不高于1.25")
    assert (q.value, q.unit, q.kind, q.comparator, q.bare) == (D("1.25"), "", "index", "<=", True)
    assert only("居民收入基尼系数降至0.46").value == D("0.46")
    assert only("改造后PUE 1.2").value == D("1.2")
    assert only("电能利用效率（PUE）值降到1.3以下").comparator == "<="


def test_a_bare_count_of_people() -> None:
    for text, value, comparator in [
        ("全市常住人口增加了12.6万", "126000", None),
        ("注册会员数突破3200万", "32000000", ">"),
        ("城镇新增就业95万以上", "950000", ">="),
        ("5G用户达到1.1亿", "110000000", None),
        ("带动就业1.5万", "15000", None),
    ]:
        q = only(text)
        assert (q.value, q.unit, q.bare, q.comparator) == (D(value), "人", True, comparator), text


def test_ages_of_a_life_expectancy_or_an_age() -> None:
    q = only("全省人均期望寿命达到81岁以上，")
    assert (q.value, q.unit, q.comparator) == (D(81), "岁", ">=")
    assert only("从业人员平均年龄38岁").value == D(38)
    found = find_quantities("人均预期寿命达到79岁，65岁以上人口占比14%")
    assert [(q.value, q.unit) for q in found] == [(D(79), "岁"), (D(14), "%")]
    found = find_quantities("平均寿命由75.1岁提高到77.6岁")
    assert [q.value for q in found] == [D("75.1"), D("77.6")]


def test_years_of_schooling() -> None:
    q = only("新增劳动力平均受教育年限提高到13.8年")
    assert (q.value, q.unit, q.text) == (D("13.8"), "年", "13.8年")
    found = find_quantities("劳动年龄人口受教育年限由10.6年提高到11.2年")
    assert [(q.value, q.unit) for q in found] == [(D("10.6"), "年"), (D("11.2"), "年")]
    # in the same sentence, past a comma; but never a year, a streak or a period
    found = find_quantities("受教育年限达到11年，比2010年提高了1.2年，连续5年领先，用3年时间")
    assert [(q.value, q.unit) for q in found] == [(D(11), "年"), (D("1.2"), "年")]
    assert only("受教育年限稳定在12年左右").comparator == "="


def test_a_price_per_measure_keeps_the_currency() -> None:
    # 每桶, 每加仑 go to the indicator (convention 25), not into the unit
    q = only("布伦特原油每桶报81.3美元")
    assert (q.value, q.unit, q.per) == (D("81.3"), "美元", None)
    q = only("汽油零售价每加仑回落4.5美分")
    assert (q.value, q.unit, q.per) == (D("4.5"), "美分", None)


RATES_AS_WRITTEN = [
    # (text, canonical value, canonical unit, per, value as written, unit as written)
    ("全市路网密度提高到612公里/万平方公里", "612", "公里", "万平方公里", "612", "公里/万平方公里"),
    ("农村公路密度为48.6公里/百平方公里", "48.6", "公里", "百平方公里", "48.6", "公里/百平方公里"),
    ("万元产值能耗0.35吨标准煤/万元", "0.35", "吨标准煤", "万元", "0.35", "吨标准煤/万元"),
    ("人均产值2.4万元/人", "24000", "元", "人", "24000", "元/人"),
    ("电芯能量密度300Wh/kg", "0.3", "千瓦时", "kg", "300", "Wh/kg"),
    ("百公里油耗3.8升/百公里", "3.8", "升", "百公里", "3.8", "升/百公里"),
    ("碳酸锂报价7.6万元／吨", "76000", "元", "吨", "76000", "元/吨"),
    ("进口均价报$2300/吨", "2300", "美元", "吨", "2300", "美元/吨"),
]


@pytest.mark.parametrize(
    ("text", "value", "unit", "per", "rate_value", "rate_unit"), RATES_AS_WRITTEN
)
def test_rates_keep_their_unit_as_written(
    text: str, value: str, unit: str, per: str, rate_value: str, rate_unit: str
) -> None:
    q = only(text)
    assert (q.value, q.unit, q.per) == (D(value), unit, per)
    assert (q.rate_value, q.rate_unit) == (D(rate_value), rate_unit)


def test_a_price_per_share_is_not_read_as_a_rate() -> None:
    q = only("本次定增价12元/股")  # single-stock prices are never statements (convention 12)
    assert (q.value, q.unit, q.per, q.end) == (D(12), "元", None, len("本次定增价12元"))


def test_no_rate_fields_without_a_slash() -> None:
    q = only("新建充电桩3000个")
    assert (q.per, q.rate_value, q.rate_unit, q.bare) == (None, None, None, False)


NOT_QUANTITIES_BY_CONVENTION = [
    # years stay dates and durations
    "连续8年位居全国第一",
    "用两年时间基本完成",
    "用3年时间",
    "2030年前实现碳达峰",
    "企业经营年限满5年",
    "服务期限为3年",
    # age classes
    "60岁以上老年人口",
    "3至6岁儿童",
    "0-3岁婴幼儿照护",
    "65周岁及以上",
    "年满18岁",
    "年龄在65岁以上的老年人",
    # ratios that are not X∶1
    "三次产业结构调整为8:37:55",
    "男女比例为1:3",
    "会议于14:30开始",
    # numbers without a unit and without an index word or a people noun
    "综合能效降到1.3以下",
    "能效比达到3.2",
    "GDP总量达到1.2万亿",
    "居民人均可支配收入达到4.5万",
    "人口密度超过1.1万",
    "营业收入3000万",
    # words that begin with a new measure word
    "前10股东持股比例",
    "新建2发射工位",
    "培育5头部企业",
    "建设3种植基地",
    "指数由3升至5",
    "完成3升级改造",
    # a list of small numbers is not one number
    "编号2,4,6",
]


@pytest.mark.parametrize("text", NOT_QUANTITIES_BY_CONVENTION)
def test_not_quantities_by_convention(text: str) -> None:
    assert find_quantities(text) == [], [q.text for q in find_quantities(text)]


def test_a_comma_list_of_small_numbers_is_not_one_number() -> None:
    assert [q.value for q in find_quantities("第12,34个")] == [D(34)]
    assert [q.value for q in find_quantities("分3,5,8个批次")] == [D(8)]


# -- must be rejected ------------------------------------------------------------------------

REJECTED = [
    # years and dates
    "2025年",
    "到2025年",
    "二〇二五年",
    "2021—2035年",
    "期限为2022—2025年",
    "5月20日",
    "2022-05-20",
    "2022年5月",
    # names with digits
    "5G基站",
    "“863”电动车重大专项计划",
    "863计划",
    "863项目",
    "“十四五”期间",
    "十四五规划",
    "党的十九大",
    "十三五时期",
    "“1+2+3”产业布局",
    "V2X",
    "特斯拉Model 3",
    "蔚来ES6",
    "第十四个五年规划",
    # ordinals, list markers, document numbers, page numbers, phone numbers
    "第3条",
    "第一批",
    "一是",
    "（一）",
    "1.国内外新能源汽车产业发展概况",
    "〔2023〕12号",
    "黑政办规〔2022〕12号",
    "— 12 —",
    "第5页",
    "电话：0451-86612345",
    "13912345678",
    # markup and notation
    'width="578"',
    '<td colspan="2">',
    "比例为20:50:30",
    "时间为10:15",
    "https://www.test.com/search?q=30%25%2020%",
    # one-character Chinese numerals before measure words, and words with numerals
    "一个",
    "两家企业",
    "三大工程",
    "三元锂电池",
    "一度出现",
    "打通最后一公里",
    "七台河",
    "千家万户",
    "亿万人民",
    "万辆",
    "千万家庭",
    "一成不变",
    "一波三折",
    "3点半",
    "三点五",
    "30度高温",
    # malformed numerals
    "二三十个百分点",
    "百分之二三十",
    "五十千元",
    # no unit
    "13万2",
    "3000级",
    "基站总数是10000",
]


@pytest.mark.parametrize("text", REJECTED)
def test_rejected(text: str) -> None:
    assert find_quantities(text) == [], [q.text for q in find_quantities(text)]


NOT_SWALLOWED = [
    # (text, the only quantity's text): words next to a quantity stay out of it
    ("2025年新增5万辆", "5万辆"),
    ("2020年全省汽车及零部件产业实现营业收入407.7亿元", "407.7亿元"),
    ("年产5万吨人造石墨负极材料", "5万吨"),
    ("建设5个多式联运枢纽", "5个"),
    ("带动100家上下游企业", "100家"),
    ("负责5个项目", "5个"),
    ("2018年突破100万辆", "突破100万辆"),
    ("其中为中国一汽集团配套企业13家", "13家"),
    ("建成集中式充(换)电站5000座以上", "5000座以上"),
    ("截至2021年底，省内新能源汽车数量28850辆", "28850辆"),
]


@pytest.mark.parametrize(("text", "expected"), NOT_SWALLOWED)
def test_neighbours_are_not_swallowed(text: str, expected: str) -> None:
    assert only(text).text == expected


# -- numerals --------------------------------------------------------------------------------

NUMERAL_VALUES = [
    ("150万", "1500000"),
    ("2.5万", "25000"),
    ("一百五十万", "1500000"),
    ("两千亿", "200000000000"),
    ("1,200", "1200"),
    ("13万2", "132000"),
    ("一万五", "15000"),
    ("三千五", "3500"),
    ("一百五", "150"),
    ("千三", "1300"),
    ("十五", "15"),
    ("一千零一", "1001"),
    ("一百零十万", "1100000"),
    ("一万零二百五十", "10250"),
    ("一万二百五十", "10250"),
    ("五亿零六", "500000006"),
    ("4.78万亿", "4780000000000"),
    ("10万万", "1000000000"),
    ("五兆六十二亿四万五千二", "5006200045200"),
    ("二〇二五", "2025"),
    ("三点五", "3.5"),
    ("零点五", "0.5"),
    ("两千三点一", "2300.1"),
    ("100多万", "1000000"),
    ("十几万", "100000"),
    ("负三十二", "-32"),
    ("-10000", "-10000"),
    ("１２.５", "12.5"),
    ("壹佰伍拾", "150"),
    ("倆千两百贰拾二", "2222"),
]


@pytest.mark.parametrize(("text", "value"), NUMERAL_VALUES)
def test_parse_numeral(text: str, value: str) -> None:
    assert parse_numeral(text) == D(value)


BAD_NUMERALS = ["", "  ", "万亿元", "五十千", "十四五", "两两", "九九", "二三十", "一千百"]
BAD_NUMERALS += ["1千2000", "一万两万", "abc", "3点", "点五", "一" * 100]


@pytest.mark.parametrize("text", BAD_NUMERALS)
def test_parse_numeral_rejects(text: str) -> None:
    with pytest.raises(NumeralError):
        parse_numeral(text)


def test_parse_numeral_rejects_non_strings() -> None:
    with pytest.raises(NumeralError):
        parse_numeral(None)


NUMBERS = [
    ("2025年5月20日", [("2025", 2025), ("5", 5), ("20", 20)]),
    ("第3条", [("3", 3)]),
    ("一只", [("一", 1)]),
    ("199个", [("199", 199)]),
    ("百分之五十五点五七九", [("五十五点五七九", "55.579")]),
    ("五分之一", [("五分之一", "0.2")]),
    ("3又一千分之23", [("3又一千分之23", "3.023")]),
    ("负一又二分之一", [("负一又二分之一", "-1.5")]),
    ("2222.2222.22222.222", [("2222", 2222), ("2222", 2222), ("22222", 22222), ("222", 222)]),
    ("1, 234, 567", [("1", 1), ("234", 234), ("567", 567)]),
    ("...9", [("9", 9)]),
    (".5", [(".5", "0.5")]),
    ("两百点两", [("两百", 200), ("两", 2)]),
    ("四百多", [("四百", 400)]),
    ("一千多万", [("一千多万", 10000000)]),
    ("一百零一万一千", [("一百零一万一千", 1011000)]),
    ("十四五", []),
    ("万", []),
    ("万万", []),
    ("两两", []),
    ("一切", []),
    ("四川", []),
    ("统一", []),
    ("这是我的队伍", []),
    ("小明拾起石子", []),
    ("岛屿远离陆地", []),
    ("美味十足", []),
    ("三的另一种写法是叁", [("三", 3), ("一", 1), ("叁", 3)]),
]


@pytest.mark.parametrize(("text", "expected"), NUMBERS)
def test_find_numbers(text: str, expected: list[tuple[str, object]]) -> None:
    got = [(text[a:b], v) for a, b, v in find_numbers(text)]
    assert got == [(s, D(str(v))) for s, v in expected]


# -- robustness ------------------------------------------------------------------------------


@pytest.mark.parametrize("junk", [None, 5, b"150\xe4\xb8\x87", "", "\x00" * 10, "万" * 500])
def test_never_raises_on_junk(junk: object) -> None:
    assert find_quantities(junk) == []
    assert find_numbers(junk) == []


def test_long_runs_of_numeral_characters_are_handled() -> None:
    # Runs that would make a backtracking grammar explode; their speed is measured by
    # benchmarks/peer_suites.py --speed, this checks that they come back sane.
    text = "一" * 20000 + "5" * 20000 + "万" * 20000 + "1-" * 10000 + "百分之" * 5000
    found = find_quantities(text)
    assert all(0 <= q.start < q.end <= len(text) for q in found)
    assert all(a.end <= b.start for a, b in itertools.pairwise(found))
    assert all(0 <= s < e <= len(text) for s, e, _ in find_numbers(text))


# -- properties ------------------------------------------------------------------------------

DIGITS = "零一二三四五六七八九"
# No example database on disk: these tests leave nothing behind in the working tree.
# No per-example deadline and no too-slow check: CI machines are shared and noisy, and
# speed is measured by benchmarks/peer_suites.py --speed, not here.
_CALM = {"database": None, "deadline": None, "suppress_health_check": [HealthCheck.too_slow]}
QUICK = settings(**_CALM)
THOROUGH = settings(max_examples=300, **_CALM)


def to_chinese(n: int, liang: bool = False) -> str:
    """A standard Chinese numeral for 0 < n < 10**12 (万/亿 grouping, 零 for gaps)."""

    def section(g: int, leading: bool) -> str:
        out, gap, started = [], False, False
        for place, name in ((1000, "千"), (100, "百"), (10, "十"), (1, "")):
            d = g // place % 10
            if d == 0:
                gap = gap or started
                continue
            if gap:
                out.append("零")
                gap = False
            if d == 1 and name == "十" and leading and not started:
                out.append("十")  # 十五, not 一十五, at the very start
            elif d == 2 and liang and name in ("千", "百") and not started:
                out.append("两" + name)
            else:
                out.append(DIGITS[d] + name)
            started = True
        return "".join(out)

    groups = ((n // 10**8, "亿"), (n // 10**4 % 10**4, "万"), (n % 10**4, ""))
    out: list[str] = []
    started = gap = False
    for g, name in groups:
        if g == 0:
            gap = gap or started
            continue
        if started and (gap or g < 1000):
            out.append("零")
        out.append(section(g, leading=not started) + name)
        started, gap = True, False
    return "".join(out)


def test_the_writer_itself() -> None:
    assert to_chinese(1500000) == "一百五十万"
    assert to_chinese(10010) == "一万零一十"
    assert to_chinese(100000010) == "一亿零一十"
    assert to_chinese(15) == "十五"
    assert to_chinese(2200, liang=True) == "两千二百"


@QUICK
@given(st.integers(min_value=1, max_value=10**12 - 1), st.booleans())
def test_chinese_numerals_round_trip(n: int, liang: bool) -> None:
    assert parse_numeral(to_chinese(n, liang)) == n


@QUICK
@given(st.integers(min_value=1, max_value=10**12 - 1))
def test_chinese_numerals_with_a_unit_round_trip(n: int) -> None:
    numeral = to_chinese(n)
    text = f"新增{numeral}辆。"
    found = find_quantities(text)
    if len(numeral) == 1:  # 新增一辆: a lone character is an article, not a figure
        assert found == []
    else:
        assert [(q.value, q.unit, q.text) for q in found] == [(n, "辆", numeral + "辆")]


MULTIPLIERS = {"": 1, "万": 10**4, "亿": 10**8, "万亿": 10**12, "千": 1000, "百": 100}


@QUICK
@given(
    st.decimals(min_value=D("0.01"), max_value=D("9999.99"), places=2),
    st.sampled_from(sorted(MULTIPLIERS)),
)
def test_arabic_with_multipliers_round_trip(x: Decimal, mult: str) -> None:
    numeral = f"{x}{mult}"
    assert parse_numeral(numeral) == x * MULTIPLIERS[mult]
    found = find_quantities(f"投资{numeral}元")
    assert [(q.value, q.unit) for q in found] == [(x * MULTIPLIERS[mult], "元")]


@QUICK
@given(st.integers(min_value=1000, max_value=10**15))
def test_thousands_separators_round_trip(n: int) -> None:
    assert parse_numeral(f"{n:,}") == n
    assert only(f"{n:,}个").value == n


SOUP = st.lists(
    st.sampled_from(
        list(
            "0123456789.,-—~%％万亿千百十零一二两三五九点分之成折半负约超过以上下左右多余级第年月日"
        )
        + list("辆个元吨千瓦时GWhMWkgm/[]（）()“”：:，。 \n$￥")
        + ["百分之", "个百分点", "亿元", "万辆", "[数据来源：IEA]", "不低于", "控制在", "以内"]
    ),
    max_size=40,
).map("".join)
CJK_TEXT = st.text(
    alphabet=st.characters(
        codec="utf-8",
        include_characters="0123456789%.,-万亿千百十一二三两零点",
        categories=("Lo", "Nd", "Po", "Pd", "Sm", "Zs", "Ll", "Lu"),
    ),
    max_size=80,
)


def _check_spans(text: str, found: list[Quantity]) -> None:
    last = 0
    for q in found:
        assert 0 <= q.start < q.end <= len(text)
        assert q.start >= last, "overlap or out of order"
        assert text[q.start : q.end] == q.text
        assert q.start <= q.number_start < q.end
        assert q.start <= q.amount_start < q.amount_end <= q.end
        assert isinstance(q.value, Decimal) and q.value.is_finite()
        assert q.high is None or q.high > q.value
        assert q.comparator in (None, ">=", ">", "<=", "<", "=")
        last = q.end


@THOROUGH
@given(st.one_of(SOUP, CJK_TEXT, st.text(max_size=60)))
def test_find_quantities_never_raises_and_spans_are_sound(text: str) -> None:
    _check_spans(text, find_quantities(text))


@THOROUGH
@given(st.one_of(SOUP, CJK_TEXT, st.text(max_size=60)))
def test_find_numbers_never_raises_and_spans_are_sound(text: str) -> None:
    last = 0
    for a, b, v in find_numbers(text):
        assert last <= a < b <= len(text)
        assert isinstance(v, Decimal) and v.is_finite()
        last = b


@QUICK
@given(SOUP, SOUP)
def test_context_after_a_sentence_end_does_not_change_a_quantity(left: str, right: str) -> None:
    """A quantity reads the same whatever stands beyond the sentence boundaries."""
    text = f"{left}。新增150万辆。{right}"
    mine = [q for q in find_quantities(text) if q.text == "150万辆"]
    assert len(mine) == 1 and mine[0].value == 1500000


# -- the seed documents ------------------------------------------------------------------------


@pytest.mark.seeds
def test_every_gold_figure_of_the_seeds_is_a_quantity(seed_plan, seed_news) -> None:
    import json

    from tests.conftest import SHARED

    gold_path = SHARED / "eval" / "gold" / "seeds.jsonl"
    if not gold_path.is_file():
        pytest.skip("no gold annotations")
    texts = {"004_0a1f08db3fe563dd.txt": seed_plan.text, "000_b58980958191a88d.txt": seed_news.text}
    found = {name: find_quantities(text) for name, text in texts.items()}
    for line in gold_path.read_text("utf-8").splitlines():
        gold = json.loads(line)
        if gold["doc"] not in found:
            continue
        want = D(str(gold["value"]))
        hits = [q for q in found[gold["doc"]] if q.unit == gold["unit"] and q.value == want]
        assert hits, f"{gold['text']}: {want} {gold['unit']} not found"
