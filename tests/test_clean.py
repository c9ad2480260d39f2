"""Clean stage: PDF debris, spaces, full-width forms, and the offset map."""

from __future__ import annotations

import random
import re

import pytest

from plantrack.clean import clean
from plantrack.clean import normalize as N
from plantrack.clean.normalize import clean_pieces, normalize_chars
from plantrack.clean.pdf_debris import clean_pdf_lines, split_lines
from plantrack.model import Block, BlockRole, SourceDocument, SourceFormat
from tests.conftest import source_of


def _pdf_text(raw: str) -> SourceDocument:
    return source_of(raw, fmt=SourceFormat.PDF_TEXT)


def _paragraphs(raw: str) -> list[str]:
    result = clean_pdf_lines(split_lines(raw, 0, None))
    return ["".join(t for t, _ in clean_pieces(p, pdf=True)) for p, _ in result.paragraphs]


FULL = "这是一行完整宽度的中文文本用来确定典型行宽度的参考"  # 26 characters


def test_watermark_and_page_number_inside_a_sentence_are_dropped() -> None:
    raw = f"{FULL}\n\n{FULL}以传\n\n征\n求\n意\n见\n稿\n\n\n\n7 \n\n \n\n统汽车工业为支撑。 \n\n"
    paras = _paragraphs(raw)
    assert paras == [f"{FULL}{FULL}以传统汽车工业为支撑。"]


def test_a_short_run_of_single_characters_is_not_a_watermark() -> None:
    raw = "甲\n乙\n"  # two lone characters: could be a table column, keep them
    result = clean_pdf_lines(split_lines(raw, 0, None))
    assert "watermark" not in result.removed


@pytest.mark.parametrize("line", ["7", "- 12 -", "第 3 页", "3/40", "第3页 共40页", "—5—"])
def test_page_number_lines(line: str) -> None:
    result = clean_pdf_lines(split_lines(f"{FULL}\n{line}\n{FULL}。", 0, None))
    assert result.removed["page_number"] == [line]


@pytest.mark.parametrize("line", ["2025", "1000", "2.5", "100%"])
def test_lone_numbers_that_are_not_page_numbers_are_kept(line: str) -> None:
    result = clean_pdf_lines(split_lines(f"{FULL}\n{line}\n{FULL}。", 0, None))
    assert "page_number" not in result.removed


def test_paragraph_ends_after_short_line_with_full_stop() -> None:
    raw = f"{FULL}\n短的结尾。\n{FULL}\n又一段。"
    assert _paragraphs(raw) == [f"{FULL}短的结尾。", f"{FULL}又一段。"]


def test_full_width_line_ending_with_full_stop_continues_unless_closed_by_space() -> None:
    full_stop = FULL[:-1] + "。"
    assert len(_paragraphs(f"{full_stop}\n{FULL}\n结尾。")) == 1
    assert len(_paragraphs(f"{full_stop} \n{FULL}\n结尾。")) == 2


def test_heading_lines_are_their_own_paragraphs() -> None:
    raw = f" 一、发展目标 \n{FULL}\n（一）总体要求\n1. 加快建设。{FULL}\n专栏 2  充电工程\n{FULL}。"
    paras = _paragraphs(raw)
    assert paras[0] == "一、发展目标"
    assert paras[2] == "（一）总体要求"
    assert paras[3].startswith("1.加快建设。")
    assert paras[4] == "专栏2充电工程"


def test_spaces_next_to_chinese_go_latin_spaces_stay() -> None:
    raw = "期限为 2022—2025 年，增长 138 %，采用 DHT 混动系统和 Volvo XC40 车型。"
    assert _paragraphs(raw) == ["期限为2022—2025年，增长138 %，采用DHT混动系统和Volvo XC40车型。"]


def test_latin_words_broken_over_lines_get_a_space() -> None:
    assert _paragraphs(f"{FULL}与Volvo\nCars合作。") == [f"{FULL}与Volvo Cars合作。"]
    assert _paragraphs(f"{FULL}2018\n 年突破。") == [f"{FULL}2018年突破。"]


def test_full_width_digits_letters_and_percent_are_normalised() -> None:
    assert normalize_chars("２０２５年ＧＷｈ４０％（含）") == "2025年GWh40%（含）"


def test_web_text_keeps_spaces_between_chinese_phrases() -> None:
    doc = source_of("研究组建集团 整合资源，2021 年增长 7.5%", fmt=SourceFormat.HTML)
    assert clean(doc).text == "研究组建集团 整合资源，2021年增长7.5%"


def test_zero_width_characters_are_removed() -> None:
    doc = source_of("充电\u200b桩\ufeff15万个", fmt=SourceFormat.HTML)
    assert clean(doc).text == "充电桩15万个"


def test_offset_map_points_back_into_the_source() -> None:
    line = FULL[:21] + "建成加氢站"
    raw = f"{FULL}\n\n{line}\n\n征\n求\n意\n见\n稿\n\n3\n\n 5 座，充电桩 2.5 万个。 \n"
    ct = clean(_pdf_text(raw))
    assert ct.text == f"{FULL}{line}5座，充电桩2.5万个。"
    for phrase in ("加氢站", "5座", "2.5", "万个。"):
        i = ct.text.index(phrase)
        j = ct.offset_map.to_source(i)
        assert j is not None and raw[j] == phrase[0]


def test_title_becomes_first_paragraph_and_furniture_is_not_text() -> None:
    doc = source_of(
        "正文。",
        Block(text="返回首页", role=BlockRole.FURNITURE, title="navigation"),
        fmt=SourceFormat.JEKYLL,
        title="标题",
    )
    ct = clean(doc)
    assert ct.text == "标题\n正文。"
    assert ct.paragraphs[0].role is BlockRole.TITLE
    assert ct.removed == {"navigation": ["返回首页"]}


# -- one pass per document: the same result as paragraph by paragraph ------------------

# The patterns as they were first written (one lookbehind each); the module's fast
# versions must delete exactly what these do.
_SPACE = " \t\u3000\u00a0\u2002\u2003\u2009"
_TONED = "āáǎàēéěèīíǐìōóǒòūúǔùǖǘǚǜ"
_REFERENCE = {
    "pdf": re.compile(rf"(?<=[{N.CJK}])[{_SPACE}]+|[{_SPACE}]+(?=[{N.CJK}])"),
    "web": re.compile(
        rf"(?<=[0-9%])[{_SPACE}]+(?=[\u4e00-\u9fff])|(?<=[\u4e00-\u9fff])[{_SPACE}]+(?=[0-9])"
    ),
    "extra": re.compile(rf"(?<=[{_SPACE}])[{_SPACE}]+"),
    "edges": re.compile(rf"(?<![^\n])[{_SPACE}]+|[{_SPACE}]+(?=\n)"),
    "debris": re.compile(
        "[\u200b\u200c\u200d\u2060\ufeff\u00ad\x00-\x08\x0e-\x1f\x7f]+"
        rf"|(?<=[\u4e00-\u9fff])[(（](?=[a-zü {_TONED}]*[{_TONED}])"
        rf"[a-zü{_TONED}]+(?: [a-zü{_TONED}]+){{0,3}}[)）]"
        "|" + "|".join(f"(?<={re.escape(c)}){re.escape(c)}+" for c in "，。、；：！？%")
    ),
}
_FAST = {
    "pdf": (N._FAST_PDF_SPACES,),
    "web": (N._FAST_WEB_SPACES,),
    "extra": (N._FAST_EXTRA_SPACES,),
    "debris": N._FAST_DEBRIS,
    "edges": (N._PARAGRAPH_EDGES,),
}
# characters that the patterns look at, and some they do not
_ALPHABET = (
    "中国年發展萬輛𠁞😀 \u3000\u00a0\t，，。。、；：！？%%(（)）abcāáǎàū 0189０１２ＡＢｚ％"
    "\u200b\ufeff\xad\x01\r\n-.—"
)


def _random_text(rng: random.Random, n: int) -> str:
    return "".join(rng.choice(_ALPHABET) for _ in range(rng.randint(0, n)))


@pytest.mark.parametrize("name", sorted(_REFERENCE))
def test_fast_patterns_delete_what_the_reference_patterns_delete(name: str) -> None:
    rng = random.Random(name)
    texts = [_random_text(rng, 30) for _ in range(5000)] + ["充电桩(zhuāng)，时期(shí qī)。。"]
    for text in texts:
        want = [m.span() for m in _REFERENCE[name].finditer(text)]
        got = sorted(m.span() for p in _FAST[name] for m in p.finditer(text))
        assert got == want, text


@pytest.mark.parametrize("pdf", [True, False])
def test_clean_paragraphs_is_clean_pieces_of_each_paragraph(pdf: bool) -> None:
    rng = random.Random(int(pdf))
    for _ in range(1500):
        paragraphs = [
            [(_random_text(rng, 12).replace("\n", ""), rng.randint(0, 999)) for _ in range(3)]
            for _ in range(rng.randint(0, 5))
        ]
        for para in paragraphs:
            if rng.random() < 0.2:
                para.append((rng.choice(["１２，３４５，６７８", "，３４５", "6", " 　"]), 5))
        want = [clean_pieces(p, pdf=pdf) for p in paragraphs]
        assert N.clean_paragraphs(paragraphs, pdf=pdf) == want, paragraphs
    # a line break inside a piece: paragraph by paragraph
    paragraphs = [[("a\n b", 0)], [(" 中 国 ", 9)]]
    assert N.clean_paragraphs(paragraphs, pdf=pdf) == [clean_pieces(p, pdf=pdf) for p in paragraphs]


def test_digit_group_comma_is_read_inside_each_piece() -> None:
    assert normalize_chars("１，２００万") == "1,200万"
    assert normalize_chars("1，2000") == "1，2000"
    # the next piece's digit does not count: each piece is normalised as a text of its own
    pieces = [("增长1，234", 0), ("5个", 20), ("，", 30), ("678", 40)]
    assert clean_pieces(pieces, pdf=False) == [
        ("增长1,234", 0),
        ("5个", 20),
        ("，", 30),
        ("678", 40),
    ]
    assert N.clean_paragraphs([pieces], pdf=False) == [clean_pieces(pieces, pdf=False)]


def test_traditional_characters_become_simplified_one_for_one() -> None:
    assert normalize_chars("萬輛增長發展𠁞") == "万辆增长发展𠀾"
    assert N.to_simplified("臺灣") == "台湾"
    assert normalize_chars("😀中国") == "😀中国"


def test_the_t2s_table_is_opencc_on_each_character_alone() -> None:
    """The table is built by one OpenCC call over all characters, a line each; it must
    say what a call on each character alone says."""
    import opencc

    converter = opencc.OpenCC("t2s")
    sample = [chr(c) for c in [*range(0x3400, 0xD800, 7), *range(0xF900, 0xFB00)]]
    for ch in sample:
        out = converter.convert(ch)
        assert N.to_simplified(ch) == (out if len(out) == 1 else ch), ch
