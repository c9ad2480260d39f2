"""The HTML reader: main text, headings, furniture, metadata, encodings, hostile pages."""

from __future__ import annotations

import time
from datetime import date, datetime, timedelta

import pytest

from plantrack.errors import EmptyInputError, InputError, NoTextError
from plantrack.ingest import html as reader
from plantrack.model import BlockRole, SourceDocument, SourceFormat

NOTICE = """<!DOCTYPE html>
<html lang="zh-CN">
<head>
<meta charset="utf-8">
<title>示例市工业和信息化局关于印发《示例市智能制造三年行动方案》的通知_示例市人民政府门户网站</title>
<meta name="PubDate" content="2023-03-15 09:30">
<meta name="ContentSource" content="示例市工业和信息化局">
<link rel="canonical" href="https://www.shili.gov.cn/zwgk/tzgg/2023/0315/123.html">
<script>alert("页头脚本文字不能出现");</script>
<style>.hidden-box { color: red; } 样式文字不能出现</style>
</head>
<body>
<div class="nav">
  <ul><li><a href="/">网站首页</a></li><li><a href="/zwgk">政务公开</a></li>
  <li><a href="/hdjl">互动交流</a></li><li><a href="/bsfw">办事服务</a></li></ul>
</div>
<div class="article">
  <h1>示例市工业和信息化局关于印发《示例市智能制造三年行动方案》的通知</h1>
  <div class="info">发布时间：2023-03-15 09:30　来源：示例市工业和信息化局　浏览次数：2048</div>
  <div class="content">
    <p>各县（市、区）工业和信息化主管部门，市直有关单位：</p>
    <p>　　现将《示例市智能制造三年行动方案》印发给你们，请结合实际认真组织实施。</p>
    <h2>一、主要目标</h2>
    <p>到2025年，全市规模以上工业企业智能化改造覆盖率达到75%，建成智能工厂30家、数字化车间120个。</p>
    <script>document.write("正文里的脚本文字不能出现");</script>
    <div style="display: none">隐藏样式的统计文字</div>
    <p hidden>隐藏属性的段落文字</p>
    <h3>（一）培育标杆企业</h3>
    <p>每年遴选10家智能制造标杆企业，给予不超过200万元的奖励。</p>
    <h2>二、保障措施</h2>
    <ul><li>加强组织领导，建立市级工作专班。</li><li>加大财政支持，设立专项资金5亿元。</li></ul>
    <p>示例市工业和信息化局</p>
    <p>2023年3月15日</p>
  </div>
  <div class="tools">分享到：微信 微博
    <a href="javascript:window.print()">打印本页</a>
    <a href="javascript:window.close()">关闭窗口</a></div>
</div>
<div class="footer">主办单位：示例市人民政府办公室　网站标识码：0000000000</div>
</body>
</html>
"""

FORBIDDEN = (
    "页头脚本文字",
    "样式文字",
    "正文里的脚本文字",
    "隐藏样式的统计文字",
    "隐藏属性的段落文字",
    "alert",
    "document.write",
)


def read_html(markup: str | bytes, name: str = "page.html") -> SourceDocument:
    data = markup.encode("utf-8") if isinstance(markup, str) else markup
    return reader.read(data, name=name, content_hash="0" * 64)


def all_text(doc: SourceDocument) -> str:
    return "\n".join(b.text for b in doc.blocks)


def body_text(doc: SourceDocument) -> str:
    return "\n".join(b.text for b in doc.body_blocks)


@pytest.fixture(scope="module")
def notice() -> SourceDocument:
    return read_html(NOTICE)


def test_notice_main_text_and_format(notice: SourceDocument) -> None:
    assert notice.format is SourceFormat.HTML
    assert notice.size == len(NOTICE.encode("utf-8"))
    text = body_text(notice)
    assert "到2025年，全市规模以上工业企业智能化改造覆盖率达到75%" in text
    assert "加大财政支持，设立专项资金5亿元。" in text
    # leading full-width spaces of a paragraph are stripped
    assert any(b.text.startswith("现将《示例市智能制造三年行动方案》") for b in notice.blocks)


def test_notice_headings_have_levels(notice: SourceDocument) -> None:
    headings = [(b.text, b.level) for b in notice.blocks if b.role is BlockRole.HEADING]
    assert ("一、主要目标", 2) in headings
    assert ("（一）培育标杆企业", 3) in headings
    assert ("二、保障措施", 2) in headings
    body = [b for b in notice.blocks if b.role is BlockRole.BODY]
    assert all(b.level is None for b in body)


def test_blocks_keep_document_order(notice: SourceDocument) -> None:
    texts = [b.text for b in notice.body_blocks]
    first = texts.index("一、主要目标")
    second = texts.index("二、保障措施")
    target = next(i for i, t in enumerate(texts) if t.startswith("到2025年"))
    assert first < target < second


def test_scripts_styles_and_hidden_elements_never_become_text(notice: SourceDocument) -> None:
    text = all_text(notice)
    for forbidden in FORBIDDEN:
        assert forbidden not in text


def test_source_and_date_lines_are_not_body(notice: SourceDocument) -> None:
    body = body_text(notice)
    for furniture in ("来源：", "发布时间：", "浏览次数", "打印本页", "关闭窗口", "分享到"):
        assert furniture not in body
    assert any("来源：示例市工业和信息化局" in b.text for b in notice.furniture)


def test_navigation_is_not_body(notice: SourceDocument) -> None:
    body = body_text(notice)
    assert "互动交流" not in body
    assert "办事服务" not in body


def test_source_start_points_at_the_text(notice: SourceDocument) -> None:
    html = NOTICE  # ASCII-compatible UTF-8: decoded text equals the literal
    located = [b for b in notice.body_blocks if b.source_start is not None]
    assert len(located) >= len(notice.body_blocks) - 1
    for block in located:
        assert html[block.source_start :].startswith(block.text.split(" | ")[0][:2])
    full = [b for b in located if html.startswith(b.text, b.source_start)]
    assert len(full) >= len(located) - 1
    starts = [b.source_start for b in located]
    assert starts == sorted(starts)


def test_notice_metadata(notice: SourceDocument) -> None:
    md = notice.metadata
    assert md["title"] == "示例市工业和信息化局关于印发《示例市智能制造三年行动方案》的通知"
    assert md["date"] == datetime(2023, 3, 15, 9, 30, tzinfo=reader.CST)
    assert md["date"].utcoffset() == timedelta(hours=8)
    assert md["publisher"] == "示例市工业和信息化局"
    assert md["url"] == "https://www.shili.gov.cn/zwgk/tzgg/2023/0315/123.html"
    assert md["encoding"] == "utf-8"
    assert notice.encoding == "utf-8"
    assert NOTICE.startswith(md["title"], md["title_offset"])


def test_gb2312_declared_page_with_characters_outside_gb2312() -> None:
    markup = (
        '<html><head><meta charset="gb2312"><title>关于表彰先进个人的通知</title></head>'
        "<body><div class='content'><h1>关于表彰先进个人的通知</h1>"
        "<p>经研究，决定对张镕、李堃等同志予以通报表扬，希望受表彰的同志再接再厉。</p>"
        "<p>各单位要以先进为榜样，扎实推进制造业转型升级各项工作，确保完成年度目标任务。</p>"
        "</div></body></html>"
    )
    data = markup.encode("gbk")
    with pytest.raises(UnicodeDecodeError):
        data.decode("gb2312")  # the test is meaningful: 镕 and 堃 are not in GB2312
    doc = read_html(data)
    assert doc.encoding == "gb18030"
    assert doc.metadata["encoding"] == "gb18030"
    assert "张镕、李堃等同志" in body_text(doc)


@pytest.mark.parametrize(
    ("head", "expected"),
    [
        (b'<meta charset="GB2312">', "GB2312"),
        (b"<meta charset=gbk>", "gbk"),
        (b'<meta http-equiv="Content-Type" content="text/html; charset=gb18030">', "gb18030"),
        (b'<?xml version="1.0" encoding="GBK"?>', "GBK"),
        (b"<title>no charset</title>", None),
    ],
)
def test_sniff_charset(head: bytes, expected: str | None) -> None:
    assert reader.sniff_charset(b"<html><head>" + head + b"</head><body></body></html>") == expected


def test_charset_declared_after_4kb_is_not_trusted_but_utf8_still_decodes() -> None:
    markup = "<html><head><!--" + "x" * 5000 + '--><meta charset="gbk"></head>'
    markup += (
        "<body><p>示例市发布工业经济运行情况，一季度规上工业增加值同比增长6.5%。</p></body></html>"
    )
    assert reader.sniff_charset(markup.encode()) is None
    doc = read_html(markup)
    assert doc.encoding == "utf-8"
    assert "同比增长6.5%" in body_text(doc)


def test_date_and_publisher_from_text_when_meta_is_missing() -> None:
    markup = """<html><head>
    <title>示例区关于开展中小企业服务月活动的通知 - 示例区政府网</title></head>
    <body><div class="main"><h1>示例区关于开展中小企业服务月活动的通知</h1>
    <div>信息来源：示例区经济发展局　发布日期：2021年6月8日</div>
    <p>为进一步优化营商环境，区里决定于6月开展中小企业服务月活动，服务企业不少于500家。</p>
    <p>各街道要高度重视，精心组织，确保活动取得实效，并于6月30日前报送工作总结。</p>
    </div></body></html>"""
    doc = read_html(markup)
    assert doc.metadata["title"] == "示例区关于开展中小企业服务月活动的通知"
    assert doc.metadata["date"] == date(2021, 6, 8)
    assert type(doc.metadata["date"]) is date  # no time given: a date, not a datetime
    assert doc.metadata["publisher"] == "示例区经济发展局"
    assert "url" not in doc.metadata
    assert "信息来源" not in body_text(doc)


def test_title_falls_back_to_h1_when_title_tag_is_only_the_site_name() -> None:
    markup = """<html><head><title>示例市人民政府门户网站</title>
    <meta property="og:site_name" content="示例市人民政府"></head>
    <body><h1>示例市新能源汽车产业发展规划</h1>
    <p>到2027年，全市新能源汽车年产量突破50万辆，产业链产值达到2000亿元。</p>
    <p>围绕整车、动力电池、电机电控三大环节，培育一批具有核心竞争力的企业。</p></body></html>"""
    doc = read_html(markup)
    assert doc.metadata["title"] == "示例市新能源汽车产业发展规划"
    assert doc.metadata["publisher"] == "示例市人民政府"


@pytest.mark.parametrize(
    ("title", "expected"),
    [
        ("关于印发行动方案的通知_示例省人民政府门户网站", "关于印发行动方案的通知"),
        ("关于加快发展工业互联网的意见 - 示例新闻网", "关于加快发展工业互联网的意见"),
        ("示例市加快发展工业互联网", "示例市加快发展工业互联网"),
        ("关于开展专项行动的通知_政策文件_示例市工业和信息化局", "关于开展专项行动的通知"),
        ("示例市人民政府 | 关于做好安全生产工作的通知", "关于做好安全生产工作的通知"),
        ("关于推进5G-A应用的实施意见 - www.shili.gov.cn", "关于推进5G-A应用的实施意见"),
    ],
)
def test_strip_site_name(title: str, expected: str) -> None:
    assert reader.strip_site_name(title) == expected


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("2022-05-20", date(2022, 5, 20)),
        ("2022年5月20日", date(2022, 5, 20)),
        ("发布时间：2022.05.20", date(2022, 5, 20)),
        ("2022/5/20 10:30", datetime(2022, 5, 20, 10, 30, tzinfo=reader.CST)),
        ("2022-05-20T02:30:00Z", datetime(2022, 5, 20, 10, 30, tzinfo=reader.CST)),
        ("2022-05-20T10:30:00+08:00", datetime(2022, 5, 20, 10, 30, tzinfo=reader.CST)),
        ("2022-13-45", None),
        ("没有日期", None),
    ],
)
def test_parse_date(text: str, expected: date | None) -> None:
    got = reader.parse_date(text)
    assert got == expected
    if isinstance(got, datetime):
        assert got.tzinfo is not None


def test_hostile_markup_never_leaks_script_text() -> None:
    markup = """<html><body>
    <script>alert('恶意脚本一')</script>
    <img src="x" onerror="alert('恶意脚本二')">
    <a href="javascript:alert('恶意脚本三')">查看原文</a>
    <noscript>请启用浏览器脚本</noscript>
    <template><p>模板里的文字</p></template>
    <iframe src="javascript:alert(1)">框架里的文字</iframe>
    <svg><text>矢量图里的文字</text></svg>
    <div aria-hidden="true">读屏隐藏文字</div>
    <div style="VISIBILITY:hidden">不可见的文字</div>
    <p>本办法自2024年1月1日起施行，有效期五年，由示例市发展和改革委员会负责解释。</p>
    <SCRIPT type="text/template"><p>大写脚本标签里的文字</p></SCRIPT>
    <script>var s = "<\\/script><p>脚本里的假结束标记</p>";</script>
    </body></html>"""
    doc = read_html(markup)
    text = all_text(doc)
    assert "本办法自2024年1月1日起施行" in text
    for leaked in ("恶意脚本", "alert", "请启用浏览器脚本", "模板里的文字", "框架里的文字"):
        assert leaked not in text
    for leaked in ("矢量图里的文字", "读屏隐藏文字", "不可见的文字", "大写脚本", "假结束标记"):
        assert leaked not in text


def test_deeply_nested_tags_are_read_quickly() -> None:
    depth = 100_000
    markup = (
        "<html><body>"
        + "<div>" * depth
        + "<p>嵌套很深的段落：到2030年，全市数字经济核心产业增加值占比达到15%。</p>"
        + "</div>" * depth
        + "</body></html>"
    )
    started = time.perf_counter()
    doc = read_html(markup)
    assert time.perf_counter() - started < 10  # unflattened, lexbor alone needs minutes
    assert "数字经济核心产业增加值占比达到15%" in body_text(doc)


def test_a_megabyte_of_tags_does_not_crash() -> None:
    filler = "<span><b><i>标</i></b></span>" * 30_000 + "<p>段落</p>" * 30_000
    markup = (
        "<html><body>"
        + filler
        + "<p>最后的正文：新增上市企业20家，培育专精特新企业300家。</p>"
        + "<script>"
        + "var x='脚本';" * 20_000
        + "</script></body></html>"
    )
    assert len(markup.encode()) > 1_000_000
    started = time.perf_counter()
    doc = read_html(markup)
    assert time.perf_counter() - started < 20
    text = all_text(doc)
    assert "培育专精特新企业300家" in text
    assert "脚本" not in text


def test_limit_depth_keeps_text_and_balances_tags() -> None:
    markup = "<div>" * 300 + "正文" + "</div>" * 300
    flat, tags = reader._limit_depth(markup)
    assert tags == 300
    assert flat.count("<div>") == reader._MAX_DEPTH
    assert flat.count("</div>") == reader._MAX_DEPTH
    assert "正文" in flat


def test_short_page_with_layout_table_and_line_breaks() -> None:
    markup = """<html><body><table><tr><td>
    一、全年完成工业投资100亿元。<br>二、新增规上企业50家。<br>三、技改投资增长10%。
    </td></tr></table></body></html>"""
    doc = read_html(markup)
    text = body_text(doc)
    for line in (
        "一、全年完成工业投资100亿元。",
        "二、新增规上企业50家。",
        "三、技改投资增长10%。",
    ):
        assert line in text


def test_table_rows_join_cells() -> None:
    markup = """<html><body><div class="content">
    <p>示例市“十四五”工业发展主要指标如下表所示，各项指标均为预期性指标。</p>
    <table><tr><th>指标</th><th>2020年</th><th>2025年</th></tr>
    <tr><td>规上工业增加值（亿元）</td><td>1200</td><td>1800</td></tr></table>
    <p>各地区各部门要按照职责分工，将指标任务分解落实到年度工作计划之中。</p>
    </div></body></html>"""
    doc = read_html(markup)
    rows = [b.text for b in doc.body_blocks if " | " in b.text]
    assert "规上工业增加值（亿元） | 1200 | 1800" in rows


@pytest.mark.parametrize(
    "markup",
    [
        "<html><head><title>空页面</title></head><body></body></html>",
        "<html><body><script>var a = '只有脚本的页面';</script><style>p{}</style></body></html>",
        "<html><body><div style='display:none'>全部隐藏</div><br><hr></body></html>",
        "<html><body><p>打印本页</p><p>关闭窗口</p></body></html>",
    ],
)
def test_page_without_readable_text(markup: str) -> None:
    with pytest.raises(NoTextError, match="the page has no readable text") as info:
        read_html(markup)
    assert isinstance(info.value, InputError)


def test_empty_input() -> None:
    with pytest.raises(EmptyInputError):
        read_html(b"  \n ")


def test_breadcrumb_and_info_table_lines_are_furniture() -> None:
    markup = """<html><head><title>示例市推进工业4.0示范工程实施意见</title></head><body>
    <div class="location">当前位置：首页 > 政务公开 > 政策文件</div>
    <table class="info"><tr><td>索引号：</td><td>000000-2022-00001</td></tr></table>
    <div class="content">
    <p>为加快推进工业4.0示范工程，到2026年全市建成示范工厂20家，带动投资80亿元。</p>
    <p>各有关单位要加强协同配合，按季度报送工作进展，确保各项目标按期完成。</p>
    </div></body></html>"""
    doc = read_html(markup)
    assert doc.metadata["title"] == "示例市推进工业4.0示范工程实施意见"
    body = body_text(doc)
    assert "当前位置" not in body
    assert "索引号" not in body
    assert "到2026年全市建成示范工厂20家" in body


def test_element_matched_twice_as_invisible_is_removed_once() -> None:
    markup = """<html><body>
    <iframe hidden style="display:none">框架文字</iframe>
    <div style="display:none" hidden><script aria-hidden="true">alert('嵌套隐藏')</script></div>
    <p>示例县今年计划新建标准厂房20万平方米，新增入驻企业30家以上。</p>
    </body></html>"""
    doc = read_html(markup)
    assert "新增入驻企业30家以上" in body_text(doc)
    assert "嵌套隐藏" not in all_text(doc)


def test_paragraph_scan_when_trafilatura_fails(monkeypatch: pytest.MonkeyPatch) -> None:
    def broken(*args: object, **kwargs: object) -> None:
        raise ValueError("simulated extractor failure")

    monkeypatch.setattr(reader.trafilatura, "bare_extraction", broken)
    doc = read_html(NOTICE)
    headings = [(b.text, b.level) for b in doc.blocks if b.role is BlockRole.HEADING]
    assert ("一、主要目标", 2) in headings
    text = body_text(doc)
    assert "建成智能工厂30家、数字化车间120个" in text
    assert "加大财政支持，设立专项资金5亿元。" in text
    assert "互动交流" not in text  # navigation pruned before the scan
    for forbidden in FORBIDDEN:
        assert forbidden not in all_text(doc)
    assert not any("来源：" in b.text for b in doc.body_blocks)


@pytest.mark.parametrize(
    "filler",
    [
        "<select>" + "<option>选项</option>" * 50_000 + "</select>",  # quadratic with DOM events
        "<a " * 100_000,  # tags that never close: the depth scan must stay linear
    ],
)
def test_pathological_markup_is_read_quickly(filler: str) -> None:
    markup = "<html><body><p>示例市全年新增高新技术企业120家，研发投入强度达到2.8%。</p>" + filler
    started = time.perf_counter()
    doc = read_html(markup)
    assert time.perf_counter() - started < 5
    assert "研发投入强度达到2.8%" in body_text(doc)
    assert "选项" not in all_text(doc)
