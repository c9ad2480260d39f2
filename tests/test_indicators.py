"""Indicator taxonomy (data/indicators.toml, normalize/indicators.py): what must map where,
what must stay unmapped, and the integrity of the table itself."""

from __future__ import annotations

import json
import re
import time
import tomllib
from importlib import resources

import pytest

from plantrack.normalize.indicators import (
    MEASURES,
    Indicator,
    IndicatorMatch,
    IndicatorTableError,
    Taxonomy,
    indicator_by_id,
    indicator_family,
    indicators,
    map_indicator,
    match_indicator,
    normalize_phrase,
    parse_indicators,
)
from tests.conftest import SHARED

# ─────────────────────────── positives: (phrase, unit, id) ───────────────────────────
# At least one per indicator, and together one per pattern (test_every_pattern_is_used).
POSITIVE: list[tuple[str, str, str]] = [
    # NEV vehicles
    ("新能源汽车年产量", "辆", "nev.production"),
    ("新能源汽车总产量", "辆", "nev.production"),
    ("新能源汽车产量", "辆", "nev.production"),
    ("新能源汽车产量(期初)", "辆", "nev.production"),
    ("新能源汽车年产量力争", "辆", "nev.production"),
    ("生产新能源汽车", "辆", "nev.production"),
    ("新能源汽车产量同比增长率", "%", "nev.production_growth"),
    ("新能源汽车产量增长率", "%", "nev.production_growth"),
    ("生产新能源汽车同比增长率", "%", "nev.production_growth"),
    ("新能源汽车产量占全省汽车产量的比例", "%", "nev.production_share"),
    ("占全省汽车产量的比例", "%", "nev.production_share"),
    ("新能源汽车产量占比", "%", "nev.production_share"),
    ("新能源汽车产能", "辆", "nev.production_capacity"),
    ("新能源汽车销量", "辆", "nev.sales"),
    ("新能源汽车国内销量", "辆", "nev.sales"),
    ("电动汽车销量", "辆", "nev.sales"),
    ("新能源汽车销量同比增长率", "%", "nev.sales_growth"),
    ("新能源汽车前三季度累计销量同比增长率", "%", "nev.sales_growth"),
    ("农村地区新能源汽车销量增长率", "%", "nev.sales_growth"),
    ("电动汽车销量增长率", "%", "nev.sales_growth"),
    ("双桥市一季度新能源乘用车零售", "辆", "nev.passenger_retail_sales"),
    ("二季度全市新能源乘用车零售量", "辆", "nev.passenger_retail_sales"),
    ("3月份全市新能源乘用车零售同比增长率", "%", "nev.passenger_retail_sales_growth"),
    ("新能源汽车渗透率", "%", "nev.penetration"),
    ("新能源汽车零售渗透率", "%", "nev.penetration"),
    ("新能源汽车新车销量占比", "%", "nev.penetration"),
    ("新能源汽车新车销售量占比", "%", "nev.penetration"),
    ("新车销售中新能源汽车占比", "%", "nev.penetration"),
    ("新能源汽车销量占比", "%", "nev.penetration"),
    ("新能源汽车保有量", "辆", "nev.fleet"),
    ("新能源汽车数量", "辆", "nev.fleet"),
    ("新能源汽车保有量同比增长率", "%", "nev.fleet_growth"),
    ("新能源汽车数量同比增长率", "%", "nev.fleet_growth"),
    ("累计推广新能源汽车", "辆", "nev.promotion"),
    ("新能源汽车推广应用", "辆", "nev.promotion"),
    ("新能源汽车出口量", "辆", "nev.exports"),
    ("新能源汽车出口量同比增长率", "%", "nev.exports_growth"),
    ("公交车中新能源车辆占比", "%", "nev.public_sector_share"),
    ("新增和更新的城市公交车、巡游出租车中新能源汽车比例", "%", "nev.public_sector_share"),
    ("党政机关新购公务用车中新能源汽车比例原则上", "%", "nev.public_sector_share"),
    ("环卫、邮政、城市物流等公共领域新增车辆中新能源汽车比例", "%", "nev.public_sector_share"),
    ("推广燃料电池汽车", "辆", "nev.fuel_cell_vehicles"),
    ("推广氢燃料电池汽车", "辆", "nev.fuel_cell_vehicles"),
    ("燃料电池汽车推广量", "辆", "nev.fuel_cell_vehicles"),
    ("氢燃料电池汽车保有量", "辆", "nev.fuel_cell_vehicles"),
    ("氢燃料电池汽车推广数量力争", "辆", "nev.fuel_cell_vehicles"),
    ("燃料电池汽车", "辆", "nev.fuel_cell_vehicles"),
    ("燃料电池汽车销量", "辆", "nev.fuel_cell_vehicle_sales"),
    ("新能源汽车生产企业", "家", "nev.vehicle_makers"),
    ("新能源汽车零售额", "元", "nev.retail_value"),
    ("新能源汽车零售额同比增长率", "%", "nev.retail_value_growth"),
    # charging, swapping, hydrogen
    ("充电桩", "个", "nev.charging_piles"),
    ("充电桩保有量", "个", "nev.charging_piles"),
    ("充电基础设施数量", "台", "nev.charging_piles"),
    ("公共充电桩", "个", "nev.public_charging_piles"),
    ("双桥市累计建成公共充电桩", "个", "nev.public_charging_piles"),
    ("公共充电桩数量", "个", "nev.public_charging_piles"),
    ("公共充电设施", "台", "nev.public_charging_piles"),
    ("直流快充桩", "个", "nev.fast_charging_piles"),
    ("直流充电桩", "个", "nev.fast_charging_piles"),
    ("超充桩", "根", "nev.fast_charging_piles"),
    ("大功率充电桩", "个", "nev.fast_charging_piles"),
    ("新建公共充电桩", "个", "nev.charging_piles_added"),
    ("新增公共充电桩", "个", "nev.charging_piles_added"),
    ("新建和改造充电桩", "个", "nev.charging_piles_added"),
    ("冬季公共充电桩平均时间利用率", "%", "nev.charging_pile_utilisation"),
    ("充电站", "座", "nev.charging_stations"),
    ("充电站保有量", "个", "nev.charging_stations"),
    ("集中式充(换)电站", "座", "nev.charging_stations"),
    ("集中式充（换）电站", "座", "nev.charging_stations"),
    ("充换电站", "座", "nev.charging_stations"),
    ("高速公路服务区超充站", "座", "nev.charging_stations"),
    ("公共充电场站", "个", "nev.charging_stations"),
    ("中心城区新建公共充电站", "座", "nev.charging_stations_added"),
    ("换电站", "座", "nev.battery_swap_stations"),
    ("换电站保有量", "个", "nev.battery_swap_stations"),
    ("换电站数量", "座", "nev.battery_swap_stations"),
    ("新建换电站", "座", "nev.battery_swap_stations_added"),
    ("新增换电站", "座", "nev.battery_swap_stations_added"),
    ("新建和改造换电站", "座", "nev.battery_swap_stations_added"),
    ("在出租车和重型卡车集中区域新建换电站", "座", "nev.battery_swap_stations_added"),
    ("加氢站", "座", "nev.hydrogen_stations"),
    ("加氢站数量", "座", "nev.hydrogen_stations"),
    ("新建加氢站", "座", "nev.hydrogen_stations_added"),
    ("在青川经济技术开发区和松岭物流园各新建加氢站", "座", "nev.hydrogen_stations_added"),
    # batteries
    ("动力电池产能", "千瓦时", "battery.capacity"),
    ("锂电池产能", "千瓦时", "battery.capacity"),
    ("动力电池装车量", "千瓦时", "battery.installations"),
    ("动力电池装车量同比增长率", "%", "battery.installations_growth"),
    ("动力电池需求量", "千瓦时", "battery.demand"),
    ("负极材料产能", "吨", "battery.anode_capacity"),
    ("园区负极材料产值", "元", "battery.anode_output_value"),
    ("动力电池产业集群", "元", "battery.cluster_scale"),
    ("动力电池集群规模", "元", "battery.cluster_scale"),
    # NEV industry
    ("全产业链主营业务收入", "元", "nev.revenue"),
    ("新能源汽车相关产业营业收入", "元", "nev.revenue"),
    ("新能源汽车营业收入", "元", "nev.revenue"),
    ("新能源汽车产业营收", "元", "nev.revenue"),
    ("新能源汽车相关产业营业收入增长率", "%", "nev.revenue_growth"),
    ("新能源汽车产值", "元", "nev.output_value"),
    ("园区新能源汽车产值", "元", "nev.output_value"),
    ("新能源汽车产业集群", "元", "nev.cluster_scale"),
    ("新能源汽车集群规模", "元", "nev.cluster_scale"),
    ("重型载货车辆、工程车辆绿色替代率", "%", "nev.green_replacement_rate"),
    ("公交车新能源替代率", "%", "nev.green_replacement_rate"),
    ("城市物流配送车辆电动化比例", "%", "nev.green_replacement_rate"),
    ("整车企业本地配套率", "%", "nev.local_supporting_rate"),
    ("二是动力电池、驱动电机等核心部件本地配套率仅", "%", "nev.local_supporting_rate"),
    # motor vehicles
    ("汽车产量", "辆", "auto.production"),
    ("整车产量", "辆", "auto.production"),
    ("汽车产量同比增长率", "%", "auto.production_growth"),
    ("乘用车零售销量", "辆", "auto.passenger_retail_sales"),
    ("乘用车市场零售销量同比增长率", "%", "auto.passenger_retail_sales_growth"),
    ("汽车及零部件产业营业收入", "元", "auto.revenue"),
    ("汽车产业营业收入", "元", "auto.revenue"),
    ("汽车及零部件产业营业收入同比增长率", "%", "auto.revenue_growth"),
    ("全省汽车整车产值", "元", "auto.output_value"),
    ("汽车产业产值", "元", "auto.output_value"),
    ("整车总产值", "元", "auto.output_value"),
    ("零部件及配套产值", "元", "auto.parts_output_value"),
    ("汽车零部件产值", "元", "auto.parts_output_value"),
    ("整车产能利用率", "%", "auto.capacity_utilisation"),
    ("整车生产企业", "家", "auto.vehicle_makers"),
    ("汽车零部件配套企业", "家", "auto.parts_firms"),
    ("一季度全市汽车零售额", "元", "auto.retail_value"),
    ("一季度全市汽车零售额同比增长率", "%", "auto.retail_value_growth"),
    # hydrogen
    ("氢能产业产值", "元", "h2.output_value"),
    ("氢能产业总产值", "元", "h2.output_value"),
    ("氢能相关企业", "家", "h2.firms"),
    ("可再生能源制氢能力", "吨", "h2.production_capacity"),
    ("工业副产氢年产量", "吨", "h2.hydrogen_output"),
    ("制氢量", "吨", "h2.hydrogen_output"),
    # enterprises, talent, science
    ("专精特新中小企业", "家", "ent.specialised_smes"),
    ("省级以上专精特新中小企业", "家", "ent.specialised_smes"),
    ("国家级专精特新“小巨人”企业", "家", "ent.little_giants"),
    ("引进新能源汽车产业链优质企业", "家", "ent.firms_attracted"),
    ("规模以上工业企业", "家", "ent.above_scale_industrial_firms"),
    ("高新技术企业", "家", "sci.high_tech_firms"),
    ("规模以上新能源汽车企业研发投入强度", "%", "ent.rd_intensity"),
    ("研发经费支出占营业收入比重", "%", "ent.rd_intensity"),
    ("高技能人才", "人", "talent.high_skilled_workers"),  # 名 is read as 人
    ("研发投入强度", "%", "sci.rd_intensity"),
    ("R&D经费投入强度", "%", "sci.rd_intensity"),
    ("研发经费支出占地区生产总值比重", "%", "sci.rd_intensity"),
    ("研发经费投入年均增长率", "%", "sci.rd_spending_growth"),
    ("每万人口高价值发明专利拥有量", "件", "sci.high_value_patents_per_10k"),
    ("技术合同成交额年均增长率", "%", "sci.tech_contract_value_growth"),
    ("软件业务收入", "元", "digi.software_revenue"),
    ("电子信息产业营业收入", "元", "digi.electronic_information_revenue"),
    # economy
    ("地区生产总值", "元", "econ.gdp"),
    ("GDP", "美元", "econ.gdp"),
    ("地区生产总值增速", "%", "econ.gdp_growth"),
    ("生产总值增速", "%", "econ.gdp_growth"),
    ("GDP增速", "%", "econ.gdp_growth"),
    ("国内生产总值增速", "%", "econ.gdp_growth"),
    ("地区生产总值增长率", "%", "econ.gdp_growth"),
    ("规上工业增加值", "元", "econ.industrial_value_added"),
    ("规上工业增加值同比增长率", "%", "econ.industrial_value_added_growth"),
    ("规模以上工业增加值增速", "%", "econ.industrial_value_added_growth"),
    ("规上工业总产值", "元", "econ.industrial_output"),
    ("工业总产值同比增长率", "%", "econ.industrial_output_growth"),
    ("固定资产投资", "元", "econ.fixed_asset_investment"),
    ("固定资产投资增速", "%", "econ.fixed_asset_investment_growth"),
    ("工业投资", "元", "econ.industrial_investment"),
    ("工业投资增长率", "%", "econ.industrial_investment_growth"),
    ("社会消费品零售总额", "元", "econ.retail_sales"),
    ("社零总额", "元", "econ.retail_sales"),
    ("社会消费品零售总额同比增长率", "%", "econ.retail_sales_growth"),
    ("外贸进出口总额", "元", "econ.trade"),
    ("进出口额", "美元", "econ.trade"),
    ("进出口", "元", "econ.trade"),
    ("外贸进出口", "元", "econ.trade"),
    ("外贸进出口同比增长率", "%", "econ.trade_growth"),
    ("出口额", "元", "econ.exports"),
    ("外贸出口", "美元", "econ.exports"),
    ("货物出口", "元", "econ.exports"),
    ("出口额同比增长率", "%", "econ.exports_growth"),
    ("进口总额", "美元", "econ.imports"),
    ("外贸进口", "元", "econ.imports"),
    ("货物进口", "元", "econ.imports"),
    ("实际使用外资", "美元", "econ.foreign_investment"),
    ("实际使用外资(人民币)", "元", "econ.foreign_investment"),
    ("外商直接投资", "美元", "econ.foreign_investment"),
    ("城镇调查失业率", "%", "econ.unemployment_rate"),
    ("城镇新增就业", "人", "econ.new_urban_jobs"),
    ("新增城镇就业", "人", "econ.new_urban_jobs"),
    ("常住人口城镇化率", "%", "econ.urbanisation_rate"),
    ("居民消费价格涨幅", "%", "econ.cpi_inflation"),
    ("CPI涨幅", "%", "econ.cpi_inflation"),
    ("居民人均可支配收入", "元", "econ.disposable_income_per_capita"),
    ("农村居民人均可支配收入", "元", "econ.rural_disposable_income_per_capita"),
    ("城镇居民人均可支配收入", "元", "econ.urban_disposable_income_per_capita"),
    ("战略性新兴产业产值占比", "%", "ind.strategic_emerging_share"),
    # energy and environment
    ("可再生能源装机容量", "千瓦", "energy.renewable_capacity"),
    ("新能源发电装机", "千瓦", "energy.renewable_capacity"),
    ("光伏发电装机容量", "千瓦", "energy.solar_capacity"),
    ("光伏电站装机", "千瓦", "energy.solar_capacity"),
    ("风电装机容量", "千瓦", "energy.wind_capacity"),
    ("新型储能装机规模", "千瓦", "energy.new_storage_power"),
    ("新型储能功率规模", "千瓦", "energy.new_storage_power"),
    ("新型储能容量规模", "千瓦时", "energy.new_storage_energy"),
    ("新型储能装机规模", "千瓦时", "energy.new_storage_energy"),
    ("非化石能源消费占能源消费总量比重", "%", "energy.non_fossil_share"),
    ("可再生能源发电量占比", "%", "energy.renewable_power_share"),
    ("煤炭消费量占能源消费总量比重", "%", "energy.coal_share"),
    ("单位地区生产总值能耗降幅", "%", "energy.energy_intensity_reduction"),
    ("单位国内生产总值能源消耗降幅", "%", "energy.energy_intensity_reduction"),
    ("单位地区生产总值能耗同比降幅", "%", "energy.energy_intensity_reduction"),
    ("能耗强度下降", "%", "energy.energy_intensity_reduction"),
    ("单位国内生产总值二氧化碳排放降幅", "%", "energy.co2_intensity_reduction"),
    ("碳排放强度降幅", "%", "energy.co2_intensity_reduction"),
    ("单位地区生产总值二氧化碳排放强度", "吨/万元", "energy.co2_intensity"),
    ("细颗粒物（PM2.5）平均浓度", "微克/立方米", "env.pm25_concentration"),
    ("细颗粒物（PM2.5）平均浓度", "吨", "env.pm25_concentration"),
    ("地级及以上城市PM2.5浓度降幅", "%", "env.pm25_reduction"),
    ("空气质量优良天数比例", "%", "env.good_air_days"),
    ("万元地区生产总值用水量降幅", "%", "env.water_intensity_reduction"),
    ("万元地区生产总值用水量", "立方米", "env.water_intensity"),
    ("化学需氧量排放总量降幅", "%", "env.cod_reduction"),
    ("氨氮排放总量降幅", "%", "env.ammonia_nitrogen_reduction"),
    ("森林覆盖率", "%", "env.forest_coverage"),
    # digital, transport, agriculture
    ("5G基站", "个", "digi.5g_base_stations"),
    ("5G基站数量", "个", "digi.5g_base_stations"),
    ("新建5G基站", "个", "digi.5g_base_stations_added"),
    ("高速公路通车里程", "公里", "transport.expressway_length"),
    ("粮食产量", "吨", "agri.grain_output"),
]


@pytest.mark.parametrize(("phrase", "unit", "expected"), POSITIVE)
def test_positive(phrase: str, unit: str, expected: str) -> None:
    found = map_indicator(phrase, unit)
    assert found is not None, f"{phrase} ({unit}) stayed unmapped"
    assert found.id == expected


def test_every_indicator_has_a_positive_case() -> None:
    covered = {expected for _, _, expected in POSITIVE}
    missing = [ind.id for ind in indicators() if ind.id not in covered]
    assert not missing, f"no positive case for {missing}"
    unknown = covered - {ind.id for ind in indicators()}
    assert not unknown, f"positive cases name unknown ids {unknown}"


def test_every_pattern_is_used() -> None:
    """Each pattern decides at least one positive case: no dead or shadowed patterns."""
    used = set()
    for phrase, unit, _ in POSITIVE:
        found = match_indicator(phrase, unit)
        if found is not None:
            used.add((found.indicator.id, found.pattern))
    dead = [(i.id, p) for i in indicators() for p in i.patterns if (i.id, p) not in used]
    assert not dead, f"patterns no positive case uses: {dead}"


# ───────────── confusables: (phrase, unit, expected id or None, id it must not be) ─────────────
CONFUSABLE: list[tuple[str, str, str | None, str]] = [
    # 充电桩 / 充电站 / 换电站 / 加氢站
    ("充电桩", "个", "nev.charging_piles", "nev.charging_stations"),
    ("充电站", "座", "nev.charging_stations", "nev.charging_piles"),
    ("换电站", "座", "nev.battery_swap_stations", "nev.charging_stations"),
    ("充(换)电站", "座", "nev.charging_stations", "nev.battery_swap_stations"),
    ("充换电站", "座", "nev.charging_stations", "nev.battery_swap_stations"),
    ("加氢站", "座", "nev.hydrogen_stations", "nev.charging_stations"),
    ("公共充电桩", "个", "nev.public_charging_piles", "nev.charging_piles"),
    ("直流快充桩", "个", "nev.fast_charging_piles", "nev.charging_piles"),
    ("新建公共充电桩", "个", "nev.charging_piles_added", "nev.public_charging_piles"),
    ("新增充电桩", "个", "nev.charging_piles_added", "nev.charging_piles"),
    ("新建加氢站", "座", "nev.hydrogen_stations_added", "nev.hydrogen_stations"),
    ("新建换电站", "座", "nev.battery_swap_stations_added", "nev.battery_swap_stations"),
    # 产量 / 产量占比 / 产量增长率 / 产能
    ("新能源汽车产量", "辆", "nev.production", "nev.production_share"),
    ("新能源汽车产量占全省汽车产量的比例", "%", "nev.production_share", "nev.production"),
    ("新能源汽车产量同比增长率", "%", "nev.production_growth", "nev.production_share"),
    ("新能源汽车产量占全省汽车产量的比例", "%", "nev.production_share", "nev.production_growth"),
    ("新能源汽车产能", "辆", "nev.production_capacity", "nev.production"),
    ("新能源汽车产量", "辆", "nev.production", "auto.production"),
    ("汽车产量", "辆", "auto.production", "nev.production"),
    # 营业收入 in 元 vs its growth in %
    ("新能源汽车相关产业营业收入", "元", "nev.revenue", "nev.revenue_growth"),
    ("新能源汽车相关产业营业收入增长率", "%", "nev.revenue_growth", "nev.revenue"),
    ("汽车及零部件产业营业收入", "元", "auto.revenue", "nev.revenue"),
    ("新能源汽车产业营业收入", "元", "nev.revenue", "auto.revenue"),
    # sales vs penetration vs retail
    ("新能源汽车销量", "辆", "nev.sales", "nev.penetration"),
    ("新能源汽车销量占比", "%", "nev.penetration", "nev.sales"),
    ("新能源乘用车零售", "辆", "nev.passenger_retail_sales", "nev.sales"),
    ("乘用车零售销量", "辆", "auto.passenger_retail_sales", "nev.passenger_retail_sales"),
    ("新能源汽车零售额", "元", "nev.retail_value", "auto.retail_value"),
    # fleet vs fuel-cell vs promotion
    ("氢燃料电池汽车保有量", "辆", "nev.fuel_cell_vehicles", "nev.fleet"),
    ("推广氢燃料电池汽车", "辆", "nev.fuel_cell_vehicles", "nev.promotion"),
    ("燃料电池汽车销量", "辆", "nev.fuel_cell_vehicle_sales", "nev.fuel_cell_vehicles"),
    # output value: NEV / whole vehicle industry / parts / hydrogen
    ("新能源汽车产值", "元", "nev.output_value", "auto.output_value"),
    ("汽车零部件产值", "元", "auto.parts_output_value", "auto.output_value"),
    # clusters
    ("动力电池产业集群", "元", "battery.cluster_scale", "nev.cluster_scale"),
    # R&D intensity: region (of GDP) vs firms (of revenue)
    ("研发投入强度", "%", "sci.rd_intensity", "ent.rd_intensity"),
    ("规上工业企业研发投入强度", "%", "ent.rd_intensity", "sci.rd_intensity"),
    # GDP and its growth; intensity reductions are not GDP figures
    ("地区生产总值", "元", "econ.gdp", "econ.gdp_growth"),
    ("地区生产总值增速", "%", "econ.gdp_growth", "econ.gdp"),
    ("单位地区生产总值能耗降幅", "%", "energy.energy_intensity_reduction", "econ.gdp_growth"),
    ("单位国内生产总值二氧化碳排放降幅", "%", "energy.co2_intensity_reduction", "econ.gdp_growth"),
    # storage: power vs energy decided by the unit
    ("新型储能装机规模", "千瓦", "energy.new_storage_power", "energy.new_storage_energy"),
    ("新型储能装机规模", "千瓦时", "energy.new_storage_energy", "energy.new_storage_power"),
    # specialised SMEs vs little giants
    ("国家级专精特新“小巨人”企业", "家", "ent.little_giants", "ent.specialised_smes"),
    ("专精特新中小企业", "家", "ent.specialised_smes", "ent.little_giants"),
    # trade vs exports vs imports
    ("外贸进出口总额", "元", "econ.trade", "econ.exports"),
    ("出口总额", "元", "econ.exports", "econ.trade"),
    ("进口总额", "元", "econ.imports", "econ.trade"),
    # firms: NEV makers vs all vehicle makers
    ("新能源汽车生产企业", "家", "nev.vehicle_makers", "auto.vehicle_makers"),
    ("整车生产企业", "家", "auto.vehicle_makers", "nev.vehicle_makers"),
]


@pytest.mark.parametrize(("phrase", "unit", "expected", "not_id"), CONFUSABLE)
def test_confusable(phrase: str, unit: str, expected: str | None, not_id: str) -> None:
    found = map_indicator(phrase, unit)
    got = found.id if found is not None else None
    assert got == expected
    assert got != not_id


# ──────────────────────────── must stay unmapped: (phrase, unit) ────────────────────────────
UNMAPPED: list[tuple[str, str]] = [
    # the unit is not one the indicator allows
    ("新能源汽车产量", "%"),  # a share or growth without saying which
    ("充电桩", "元"),  # money on a count indicator
    ("新能源汽车相关产业营业收入", "家"),  # a count on a money indicator
    ("地区生产总值", "家"),
    ("千亿级新能源汽车产业集群", "个"),  # a count of clusters, not a scale in 元
    ("新能源汽车产量同比增长倍数", "倍"),
    ("研发投入强度提高幅度", "个百分点"),
    ("新能源汽车新车销量占比提升幅度", "个百分点"),
    ("规上工业增加值增速高于全国平均水平的幅度", "个百分点"),
    ("加氢站日加注能力", "吨"),
    ("充电桩市场规模", "元"),
    ("专精特新中小企业一次性奖励", "元"),
    ("换电站建设补贴", "元"),
    # a change phrase never maps to a level, a level never to a change
    ("新能源汽车产量增长", "辆"),
    ("新能源汽车保有量增加", "辆"),
    ("规模以上工业企业增加数", "家"),
    ("动力电池装车量同比降幅", "%"),  # a reduction is not a (negative) growth
    ("原煤产量同比降幅", "%"),
    ("公共充电桩数量同比增长率", "%"),
    ("新能源汽车产量占全省比重同比提高", "%"),
    # additions never map to a stock
    ("新增专精特新中小企业", "家"),
    ("新增国家级专精特新“小巨人”企业", "家"),
    ("新增规上工业企业", "家"),
    ("提出全市新增新能源汽车", "辆"),
    # subsets and other populations
    ("纯电动汽车产量", "辆"),
    ("插电式混合动力汽车产量", "辆"),
    ("新能源商用车年产量", "辆"),
    ("新能源乘用车出口量", "辆"),
    ("新能源汽车销量占全球比重", "%"),
    ("新能源汽车产量占全省比重", "%"),  # a place's share of a larger area, not of all vehicles
    ("锂电池产量占全国比重", "%"),
    ("纯电动车型占新能源乘用车零售量的比重", "%"),
    ("高新技术产品出口额", "美元"),
    ("跨境电商进出口额", "美元"),
    ("汽车出口额", "日元"),
    ("自中国进口电动汽车金额", "欧元"),
    ("限额以上单位消费品零售额同比增长率", "%"),
    ("营业收入超百亿元的氢能企业", "家"),
    ("规模以上汽车零部件企业", "家"),
    ("为中国一汽集团配套企业", "家"),
    ("道路机动车辆生产企业", "家"),
    ("户籍人口城镇化率", "%"),
    ("新增氢燃料电池公交车", "辆"),
    ("光伏组件产量", "千瓦"),
    ("农村户用光伏安装", "户"),
    ("储能产业集群规模", "元"),
    ("电池项目规划产能", "千瓦时"),
    ("新能源汽车零部件产值", "元"),
    ("整车主营业务收入", "元"),
    ("销售及增值服务营业收入", "元"),
    ("数字经济核心产业营业收入", "元"),
    ("新签约外资项目", "个"),
    ("新设立外商投资企业", "家"),
    # too bare to say what they measure
    ("渗透率", "%"),
    ("销量", "辆"),
    ("年销量", "辆"),
    ("产值", "元"),
    ("总投资", "元"),
    ("项目总投资", "元"),
    ("推广", "辆"),
    ("年产", "辆"),
    ("复合增长率", "%"),
    ("相关产业营业收入", "元"),
    ("整车", "元"),
    ("", "辆"),
    # not indicators of the taxonomy at all
    ("上证指数收盘点位", "点"),
    ("5年期以上LPR", "%"),
    ("10年期国债收益率", "%"),
    ("电池级碳酸锂现货均价", "元/吨"),
    ("新能源汽车行业平均毛利率", "%"),
    ("新建住宅小区固定车位", "%"),
    ("城市建成区公共充电服务半径", "公里"),
    ("乡镇公共充电站覆盖率", "%"),
    ("高速公路服务区充电设施覆盖率", "%"),
    ("新建住宅配建停车位建设充电设施比例", "%"),
    ("燃料电池汽车示范应用城市", "个"),
    ("项目总投资", "元"),
]


@pytest.mark.parametrize(("phrase", "unit"), UNMAPPED)
def test_unmapped(phrase: str, unit: str) -> None:
    found = match_indicator(phrase, unit)
    assert found is None, f"{phrase} ({unit}) mapped to {found.indicator.id} by {found.pattern!r}"


def test_a_unit_outside_the_indicator_units_never_maps() -> None:
    """For every positive case, the same phrase in a unit the indicator does not allow
    maps elsewhere or nowhere (never to the same id)."""
    for phrase, unit, expected in POSITIVE:
        ind = indicator_by_id(expected)
        assert ind is not None
        for other in ("元", "辆", "%", "家", "千瓦时", "点"):
            if other in ind.units:
                continue
            found = map_indicator(phrase, other)
            assert found is None or found.id != expected, (phrase, unit, other)


# ─────────────────────────────── the seed gold ───────────────────────────────
# Indicators of ../shared/eval/gold/seeds.jsonl and what they should map to.
GOLD: list[tuple[str, str, str | None]] = [
    ("新能源汽车年产量", "辆", "nev.production"),
    ("新能源汽车产量占全省汽车产量的比例", "%", "nev.production_share"),
    ("新能源汽车产业集群规模", "元", "nev.cluster_scale"),
    ("全省汽车整车产值", "元", "auto.output_value"),
    ("零部件及配套产值", "元", "auto.parts_output_value"),
    ("销售及增值服务营业收入", "元", None),
    ("集中式充(换)电站", "座", "nev.charging_stations"),
    ("充电桩", "个", "nev.charging_piles"),
    ("加氢站", "座", "nev.hydrogen_stations"),
    ("重型载货车辆、工程车辆绿色替代率", "%", "nev.green_replacement_rate"),
    ("动力电池产业集群规模", "元", "battery.cluster_scale"),
    ("新能源汽车前三季度累计销量同比增长率", "%", "nev.sales_growth"),
    ("新能源汽车市场2020—2025年复合增长率", "%", None),
    ("新能源汽车销量", "辆", "nev.sales"),
    ("新能源汽车渗透率", "%", "nev.penetration"),
    ("交通运输碳排放占全国碳排放比例", "%", None),
    ("公路运输占交通运输碳排放比例", "%", None),
    ("汽车及零部件产业营业收入", "元", "auto.revenue"),
    ("汽车及零部件产业营业收入同比增长率", "%", "auto.revenue_growth"),
    ("道路机动车辆生产企业", "家", None),
    ("汽车零部件配套企业", "家", "auto.parts_firms"),
    ("为中国一汽集团配套企业", "家", None),
    ("为中国一汽集团配套额", "元", None),
    ("新能源汽车生产企业", "家", "nev.vehicle_makers"),
    ("石墨资源储量占世界总储量比例", "%", None),
    ("规模以上石墨企业", "户", None),
    ("新能源汽车数量", "辆", "nev.fleet"),
    ("新能源汽车数量同比增长率", "%", "nev.fleet_growth"),
    ("充电站保有量", "个", "nev.charging_stations"),
    ("充电桩保有量", "个", "nev.charging_piles"),
    ("换电站保有量", "个", "nev.battery_swap_stations"),
    ("新能源汽车总产量", "辆", "nev.production"),
    ("全产业链主营业务收入", "元", "nev.revenue"),
    ("整车主营业务收入", "元", None),
    ("零部件主营业务收入", "元", None),
    ("汽车后市场主营业务收入", "元", None),
    ("专精特新中小企业", "家", "ent.specialised_smes"),
    ("引进新能源汽车产业链优质企业", "家", "ent.firms_attracted"),
    ("累计推广新能源汽车", "辆", "nev.promotion"),
    ("换电站", "座", "nev.battery_swap_stations"),
    ("新建加氢站", "座", "nev.hydrogen_stations_added"),
]


@pytest.mark.parametrize(("phrase", "unit", "expected"), GOLD)
def test_gold_seed_indicators(phrase: str, unit: str, expected: str | None) -> None:
    found = map_indicator(phrase, unit)
    assert (found.id if found is not None else None) == expected


@pytest.mark.seeds
def test_gold_list_covers_the_seed_gold() -> None:
    """GOLD above lists every non-ignore indicator of the seed gold file."""
    path = SHARED / "eval" / "gold" / "seeds.jsonl"
    if not path.is_file():
        pytest.skip(f"needs {path}")
    listed = {(p, u) for p, u, _ in GOLD}
    records = [json.loads(line) for line in path.read_text("utf-8").splitlines() if line.strip()]
    missing = {
        (r["indicator"], r["unit"])
        for r in records
        if r["kind"] != "ignore" and (r["indicator"], r["unit"]) not in listed
    }
    assert not missing


# ────────────────────────────── the text fallback ──────────────────────────────


def test_text_is_used_when_the_phrase_maps_nothing() -> None:
    # the extractor kept 新能源汽车新车销量 as the phrase of a share
    found = match_indicator("新能源汽车新车销量", "%", text="新能源汽车新车销量占比达到25%以上")
    assert found is not None
    assert found.indicator.id == "nev.penetration"
    assert found.source == "text"
    # the phrase lost its verb 引进
    found = match_indicator(
        "新能源汽车产业链上的优质企业", "家", text="争取引进10家新能源汽车产业链上的优质企业"
    )
    assert found is not None and found.indicator.id == "ent.firms_attracted"
    # an empty phrase
    assert map_indicator("", "辆", text="到2025年新能源汽车年产量力争达到8万辆") == indicator_by_id(
        "nev.production"
    )


def test_text_is_not_used_when_the_phrase_maps() -> None:
    found = match_indicator("换电站保有量", "个", text="充电桩和换电站保有量分别为7070个和2个")
    assert found is not None
    assert found.indicator.id == "nev.battery_swap_stations"
    assert found.source == "phrase"


def test_text_fitting_several_indicators_maps_nothing() -> None:
    assert map_indicator("保有量", "个", text="充电桩和换电站保有量分别为7070个和2个") is None


def test_text_alone_without_a_fitting_unit_maps_nothing() -> None:
    assert map_indicator("", "元", text="新能源汽车年产量力争达到8万辆") is None
    assert map_indicator("", "%", text="提高到35%以上") is None


def test_a_level_reached_is_not_a_change() -> None:
    # 提高到 / 降至 name the level: the share still maps from the text
    found = map_indicator("", "%", text="整车企业本地配套率提高到35%以上")
    assert found is not None and found.id == "nev.local_supporting_rate"
    assert map_indicator("", "%", text="整车企业本地配套率提高5%") is None


# ───────────────────────────── normalisation and rules ─────────────────────────────


def test_normalize_phrase() -> None:
    assert normalize_phrase("集中式充（换）电站") == "集中式充(换)电站"
    assert normalize_phrase("国家级专精特新“小巨人”企业") == "国家级专精特新小巨人企业"
    assert normalize_phrase(" 新能源汽车 产量\n") == "新能源汽车产量"
    assert normalize_phrase("ＰＭ２．５浓度") == "PM2.5浓度"


def test_latin_letters_match_in_any_case() -> None:
    assert map_indicator("gdp增速", "%") == indicator_by_id("econ.gdp_growth")
    assert map_indicator("ＧＤＰ增速", "%") == indicator_by_id("econ.gdp_growth")
    assert map_indicator("新建5g基站", "个") == indicator_by_id("digi.5g_base_stations_added")


def _toy(*entries: tuple[str, str]) -> Taxonomy:
    """A taxonomy of (id, pattern) entries in this order, all counted in 个."""
    return Taxonomy.from_toml(
        "".join(
            f"""
[[indicator]]
id = "{ident}"
name = "名"
measure = "stock"
units = ["个"]
canonical_unit = "个"
patterns = ['{pattern}']
"""
            for ident, pattern in entries
        )
    )


def test_priority_the_match_that_ends_last_wins() -> None:
    toy = _toy(("x.a", "甲"), ("x.b", "乙"))
    assert _id(toy.match("甲乙", "个")) == "x.b"
    assert _id(toy.match("乙甲", "个")) == "x.a"
    # in the real table: the head of the phrase decides
    assert map_indicator("新能源汽车产业集群营业收入", "元") == indicator_by_id("nev.revenue")
    assert map_indicator("新能源汽车产业集群", "元") == indicator_by_id("nev.cluster_scale")


def test_priority_then_the_longer_match_wins() -> None:
    toy = _toy(("x.a", "充电桩"), ("x.b", "公共充电桩"))
    assert _id(toy.match("公共充电桩", "个")) == "x.b"
    assert _id(toy.match("充电桩", "个")) == "x.a"


def test_priority_then_the_first_entry_wins() -> None:
    assert _id(_toy(("x.a", "甲"), ("x.b", "甲")).match("甲", "个")) == "x.a"
    assert _id(_toy(("x.b", "甲"), ("x.a", "甲")).match("甲", "个")) == "x.b"


def test_match_says_why() -> None:
    found = match_indicator("新能源汽车产量占全省汽车产量的比例", "%")
    assert found is not None
    assert found.indicator.id == "nev.production_share"
    assert found.pattern in found.indicator.patterns
    assert found.matched == "新能源汽车产量占全省汽车产量"
    assert found.source == "phrase"


def _id(found: IndicatorMatch | None) -> str | None:
    return found.indicator.id if found is not None else None


def test_mapping_is_deterministic_and_cached() -> None:
    first = match_indicator("公共充电桩", "个")
    assert first is match_indicator("公共充电桩", "个")
    assert map_indicator("公共充电桩", "个") is indicator_by_id("nev.public_charging_piles")


def test_mapping_is_fast() -> None:
    phrases = [f"第{i}号园区{p}" for i in range(400) for p, _, _ in POSITIVE[:10]]
    match_indicator.cache_clear()
    start = time.perf_counter()
    for phrase in phrases:
        map_indicator(phrase, "辆")
    elapsed = time.perf_counter() - start
    assert elapsed < 2.0, f"{len(phrases)} mappings took {elapsed:.2f}s"


# ───────────────────────────────── the table itself ─────────────────────────────────


def _raw_table() -> list[dict[str, object]]:
    text = resources.files("plantrack").joinpath("data/indicators.toml").read_text("utf-8")
    entries = tomllib.loads(text)["indicator"]
    assert isinstance(entries, list)
    return entries


def _known_units() -> set[str]:
    text = resources.files("plantrack").joinpath("data/units.toml").read_text("utf-8")
    canon = {u["canonical"] for u in tomllib.loads(text)["unit"]}
    # compound units that SCHEMA keeps as written
    return canon | {"微克/立方米", "吨/万元"}


def test_table_has_enough_indicators_nev_first() -> None:
    inds = indicators()
    assert len(inds) >= 40
    assert inds[0].id == "nev.production"
    groups = [i.group for i in inds]
    assert groups.index("econ") > max(i for i, g in enumerate(groups) if g == "nev")


def test_ids_are_unique_and_well_formed() -> None:
    ids = [str(e["id"]) for e in _raw_table()]
    assert len(ids) == len(set(ids))
    for ident in ids:
        assert re.fullmatch(r"[a-z][a-z0-9]*(\.[a-z0-9][a-z0-9_]*)+", ident), ident


def test_every_pattern_compiles() -> None:
    for entry in _raw_table():
        for key in ("patterns", "excludes"):
            for pattern in entry.get(key, []):  # type: ignore[attr-defined]
                re.compile(pattern)


def test_every_entry_is_complete() -> None:
    known = _known_units()
    for ind in indicators():
        assert ind.name and ind.description, ind.id
        assert ind.patterns, ind.id
        assert ind.canonical_unit in ind.units, ind.id
        assert ind.measure in MEASURES, ind.id
        assert not ind.change or ind.measure == "rate", ind.id
        assert set(ind.units) <= known, (ind.id, set(ind.units) - known)
        # a growth rate or reduction is in %; an id that says so is a change
        if ind.id.endswith(("_growth", "_reduction")):
            assert ind.change and ind.units == ("%",), ind.id


def test_indicator_by_id() -> None:
    ind = indicator_by_id("nev.charging_piles")
    assert isinstance(ind, Indicator)
    assert ind.name == "充电桩"
    assert ind.canonical_unit == "个"
    assert ind.group == "nev"
    assert indicator_by_id("nev.no_such_thing") is None


def test_indicator_family_rolls_children_up() -> None:
    assert indicator_family("nev.charging_piles") == (
        "nev.charging_piles",
        "nev.public_charging_piles",
        "nev.fast_charging_piles",
        "nev.charging_piles_added",
    )
    assert indicator_family("nev.hydrogen_stations") == (
        "nev.hydrogen_stations",
        "nev.hydrogen_stations_added",
    )
    assert indicator_family("nev.production") == ("nev.production",)
    assert indicator_family("no.such_id") == ()
    # a child keeps its own id when mapped
    assert map_indicator("新建加氢站", "座") == indicator_by_id("nev.hydrogen_stations_added")


def test_parents_share_the_canonical_unit_and_are_roots() -> None:
    for ind in indicators():
        if ind.parent is None:
            continue
        parent = indicator_by_id(ind.parent)
        assert parent is not None, ind.id
        assert parent.parent is None, ind.id
        assert parent.canonical_unit == ind.canonical_unit, ind.id
        assert not ind.change and not parent.change, ind.id


# ─────────────────────────────── table validation ───────────────────────────────

_GOOD = """
[[indicator]]
id = "x.a"
name = "甲"
measure = "stock"
units = ["个"]
canonical_unit = "个"
patterns = ['甲']
description = "a"
"""


def test_parse_accepts_a_good_table() -> None:
    (ind,) = parse_indicators(_GOOD)
    assert ind.id == "x.a"
    assert ind.excludes == ()
    assert ind.change is False


@pytest.mark.parametrize(
    ("change", "message"),
    [
        (("x.a", "x.a"), "duplicate id"),
        (("x.a", "X A"), "group.snake_case"),
        (("['甲']", "['甲(']"), "bad pattern"),
        (('canonical_unit = "个"', 'canonical_unit = "辆"'), "not in units"),
        (('measure = "stock"', 'measure = "level"'), "measure"),
        (('measure = "stock"', 'measure = "stock"\nchange = true'), "change indicator is a rate"),
        (('description = "a"', 'description = "a"\npriority = 3'), "unknown field"),
        (("patterns = ['甲']", "patterns = []"), "'patterns' is empty"),
        (('units = ["个"]', ""), "missing 'units'"),
        (('name = "甲"', 'name = ""'), "'name'"),
        (('description = "a"', 'description = "a"\nparent = "x.z"'), "unknown parent"),
        (('description = "a"', 'description = "a"\nparent = "x.a"'), "has a parent"),
    ],
)
def test_parse_rejects_a_bad_table(change: tuple[str, str], message: str) -> None:
    old, new = change
    bad = _GOOD + _GOOD if message == "duplicate id" else _GOOD.replace(old, new)
    if message == "has a parent":  # x.b → x.a → x.a: a parent may not have a parent
        bad = bad + _GOOD.replace("x.a", "x.b").replace('description = "a"', 'parent = "x.a"')
    with pytest.raises(IndicatorTableError, match=re.escape(message)):
        parse_indicators(bad)


def test_parse_rejects_a_parent_in_another_unit() -> None:
    child = _GOOD.replace("x.a", "x.b").replace("个", "座") + 'parent = "x.a"\n'
    with pytest.raises(IndicatorTableError, match="canonical unit differs"):
        parse_indicators(_GOOD + child)
    (_, ok) = parse_indicators(_GOOD + child.replace("座", "个"))
    assert ok.parent == "x.a"


def test_parse_rejects_broken_toml() -> None:
    with pytest.raises(IndicatorTableError, match="not valid TOML"):
        parse_indicators("[[indicator]\nid = ")
    with pytest.raises(IndicatorTableError, match="no \\[\\[indicator\\]\\] entries"):
        parse_indicators("")


def test_patterns_that_cannot_be_combined_still_match() -> None:
    # the combined screens fall back to trying each pattern: a backreference, and a
    # group name used by two patterns
    toy = Taxonomy.from_toml(
        """
[[indicator]]
id = "x.again"
name = "名"
measure = "stock"
units = ["个"]
canonical_unit = "个"
patterns = ['(甲)\\1', '(?P<w>丙)']

[[indicator]]
id = "x.other"
name = "名"
measure = "stock"
units = ["个"]
canonical_unit = "个"
patterns = ['(?P<w>乙)', '丁']
"""
    )
    assert _id(toy.match("甲甲", "个")) == "x.again"
    assert toy.match("甲乙甲", "个") is not None and _id(toy.match("甲乙甲", "个")) == "x.other"
    assert toy.match("甲", "个") is None
    assert _id(toy.match("丙", "个")) == "x.again"
    assert _id(toy.match("丁", "个")) == "x.other"


def test_a_unit_with_no_pattern_in_the_words_maps_nothing() -> None:
    assert map_indicator("天气晴朗", "%") is None
    assert map_indicator("新能源汽车产量", "微克/立方米") is None
