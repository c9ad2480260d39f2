"""The PDF reader: text per page, metadata, and refusals (encrypted, damaged, no text)."""

from __future__ import annotations

import io
from datetime import UTC, date, datetime, timedelta, timezone

import pikepdf
import pytest
from reportlab.lib.pagesizes import A4
from reportlab.pdfbase import pdfmetrics
from reportlab.pdfbase.cidfonts import UnicodeCIDFont
from reportlab.pdfgen import canvas

from plantrack.errors import BrokenFileError, EmptyInputError, NoTextError
from plantrack.ingest import pdf as reader
from plantrack.model import BlockRole, SourceDocument, SourceFormat

SONG = "STSong-Light"
pdfmetrics.registerFont(UnicodeCIDFont(SONG))

PAGES = [
    [
        "示例市先进制造业发展规划（2021—2025年）",
        "第一章 发展基础",
        "“十三五”期间，全市工业增加值年均增长7.2%。",
    ],
    [
        "第二章 发展目标",
        "到2025年，规模以上工业增加值突破3000亿元，",
        "战略性新兴产业产值占比达到40%。",
    ],
    [
        "第三章 重点任务",
        "培育钢铁、化工、装备三大千亿级产业集群。",
        "人才引进：张镕、王堃等专家领衔攻关。",
    ],
]


def make_pdf(
    pages: list[list[str]],
    *,
    title: str | None = None,
    font: str = SONG,
    draw_only: bool = False,
) -> bytes:
    buf = io.BytesIO()
    c = canvas.Canvas(buf, pagesize=A4)
    if title is not None:
        c.setTitle(title)
    for lines in pages:
        if draw_only:
            c.rect(100, 400, 300, 200, stroke=1, fill=1)
        else:
            c.setFont(font, 12)
            for i, line in enumerate(lines):
                c.drawString(72, 780 - 20 * i, line)
        c.showPage()
    c.save()
    return buf.getvalue()


def read_pdf(data: bytes) -> SourceDocument:
    return reader.read(data, name="plan.pdf", content_hash="0" * 64)


@pytest.fixture(scope="module")
def plan_bytes() -> bytes:
    return make_pdf(PAGES, title="示例市先进制造业发展规划")


def test_chinese_text_is_extracted_page_by_page(plan_bytes: bytes) -> None:
    doc = read_pdf(plan_bytes)
    assert doc.format is SourceFormat.PDF
    assert doc.page_count == 3
    assert doc.size == len(plan_bytes)
    assert [b.page for b in doc.blocks] == [1, 2, 3]
    assert all(b.role is BlockRole.BODY for b in doc.blocks)
    for block, lines in zip(doc.blocks, PAGES, strict=True):
        for line in lines:
            assert line in block.text
    # characters outside GB2312 survive the CID font round trip
    assert "张镕、王堃" in doc.blocks[2].text


def test_page_text_keeps_line_breaks_but_not_carriage_returns(plan_bytes: bytes) -> None:
    doc = read_pdf(plan_bytes)
    second = doc.blocks[1].text
    assert "\r" not in second
    assert "规模以上工业增加值突破3000亿元，\n战略性新兴产业产值占比达到40%。" in second


def test_metadata_title_and_date(plan_bytes: bytes) -> None:
    md = read_pdf(plan_bytes).metadata
    assert md["title"] == "示例市先进制造业发展规划"
    assert isinstance(md["pdf_created"], datetime)
    assert md["pdf_created"].tzinfo is not None
    assert "date" not in md  # when the file was made is not when it was published
    assert "author" not in md  # reportlab writes "anonymous"


@pytest.mark.parametrize(
    "title",
    ["Microsoft Word - 规划初稿.docx", "", "   ", "无标题", "2021-05.pdf", "12345"],
)
def test_meaningless_titles_are_dropped(title: str) -> None:
    md = read_pdf(make_pdf(PAGES[:1], title=title)).metadata
    assert "title" not in md


def test_gbk_mojibake_title_is_repaired() -> None:
    garbled = "示例市工业规划".encode("gbk").decode("latin-1")
    assert reader._meaningful_title(garbled) == "示例市工业规划"
    assert reader._meaningful_title("Café Résumé") == "Café Résumé"


def test_truncated_pdf_is_broken(plan_bytes: bytes) -> None:
    with pytest.raises(BrokenFileError, match="damaged or cut off") as info:
        read_pdf(plan_bytes[: len(plan_bytes) // 2])
    assert "%%EOF" in str(info.value)


def test_garbage_bytes_with_pdf_header_are_broken() -> None:
    with pytest.raises(BrokenFileError, match="damaged or cut off"):
        read_pdf(b"%PDF-1.7\n" + b"\x00\x01 not really a pdf " * 50)


def test_encrypted_pdf_needs_a_password(plan_bytes: bytes) -> None:
    out = io.BytesIO()
    with pikepdf.open(io.BytesIO(plan_bytes)) as pdf:
        pdf.save(out, encryption=pikepdf.Encryption(owner="owner-secret", user="secret"))
    with pytest.raises(BrokenFileError, match="encrypted and needs a password"):
        read_pdf(out.getvalue())


def test_pdf_encrypted_without_user_password_is_read(plan_bytes: bytes) -> None:
    out = io.BytesIO()
    with pikepdf.open(io.BytesIO(plan_bytes)) as pdf:
        pdf.save(out, encryption=pikepdf.Encryption(owner="owner-secret", user=""))
    doc = read_pdf(out.getvalue())
    assert "到2025年，规模以上工业增加值突破3000亿元" in doc.blocks[1].text


def test_pdf_without_text_layer() -> None:
    data = make_pdf([[], []], draw_only=True)
    with pytest.raises(NoTextError, match=r"no text layer \(scanned\?\); OCR is not supported"):
        read_pdf(data)


def test_pdf_with_only_page_numbers_has_no_real_text() -> None:
    data = make_pdf([[f"- {n} -"] for n in range(1, 5)], font="Helvetica")
    with pytest.raises(NoTextError, match="no text layer"):
        read_pdf(data)


def test_pdf_whose_text_is_cid_garbage() -> None:
    junk = "(cid:4512)(cid:873)(cid:21)(cid:3301)(cid:77)(cid:1024)"
    data = make_pdf([[junk, junk, "2025 " + junk]], font="Helvetica")
    with pytest.raises(NoTextError, match="garbage"):
        read_pdf(data)


@pytest.mark.parametrize(
    "text",
    [
        "\ue000\ue001\ue002\ue003示例规划\ue004\ue005",  # private-use glyphs
        "示例\ufffd\ufffd\ufffd规划\ufffd\ufffd",  # replacement characters
        "！@#￥%……&*（）——+！@#￥%……&*（）——+规",  # almost no letters
    ],
)
def test_text_layer_checks(text: str) -> None:
    with pytest.raises(NoTextError, match="garbage"):
        reader._check_text_layer(reader._text_stats(text * 5), page_count=1)


def test_normal_text_passes_the_checks() -> None:
    text = "第一章 总体要求\n到2025年，全市工业增加值达到3000亿元（年均增长8%）。"
    reader._check_text_layer(reader._text_stats(text), page_count=1)


def test_ten_page_pdf_reads_every_page() -> None:
    pages = [[f"第{n}页：示例文本，到2025年完成投资{n}0亿元。"] * 30 for n in range(1, 11)]
    doc = read_pdf(make_pdf(pages))
    assert doc.page_count == 10
    assert [b.page for b in doc.blocks] == list(range(1, 11))
    assert "第10页：示例文本，到2025年完成投资100亿元。" in doc.blocks[9].text


@pytest.mark.parametrize(
    ("value", "expected"),
    [
        (
            "D:20230315093000+08'00'",
            datetime(2023, 3, 15, 9, 30, tzinfo=timezone(timedelta(hours=8))),
        ),
        ("D:20230315013000Z", datetime(2023, 3, 15, 1, 30, tzinfo=UTC)),
        ("D:20230315093000", date(2023, 3, 15)),
        ("D:2023", date(2023, 1, 1)),
        ("D:20231345", None),
        ("yesterday", None),
        ("", None),
    ],
)
def test_parse_pdf_date(value: str, expected: date | None) -> None:
    assert reader.parse_pdf_date(value) == expected


def test_empty_input() -> None:
    with pytest.raises(EmptyInputError):
        read_pdf(b"")


def test_page_that_cannot_be_loaded_makes_the_file_broken(
    plan_bytes: bytes, monkeypatch: pytest.MonkeyPatch
) -> None:
    real_getitem = reader.pdfium.PdfDocument.__getitem__

    def failing_getitem(self: reader.pdfium.PdfDocument, index: int) -> object:
        if index == 1:
            raise reader.pdfium.PdfiumError("Failed to load page.")
        return real_getitem(self, index)

    monkeypatch.setattr(reader.pdfium.PdfDocument, "__getitem__", failing_getitem)
    with pytest.raises(BrokenFileError, match=r"damaged or cut off: page 2 of 3 cannot be read"):
        read_pdf(plan_bytes)


def test_diagonal_watermark_characters_are_dropped() -> None:
    import io

    from reportlab.pdfbase import pdfmetrics
    from reportlab.pdfbase.cidfonts import UnicodeCIDFont
    from reportlab.pdfgen import canvas

    from plantrack.ingest import read_bytes

    pdfmetrics.registerFont(UnicodeCIDFont("STSong-Light"))
    buf = io.BytesIO()
    c = canvas.Canvas(buf, invariant=1)
    body = [
        "到2025年，全市新能源汽车年产量达到5万辆，",
        "累计建成公共充电桩8000个以上，换电站20座，",
        "新建加氢站3座，氢燃料电池汽车推广500辆。",
    ]
    c.setFont("STSong-Light", 12)
    for k, line in enumerate(body):
        c.drawString(60, 700 - 16 * k, line)
    c.saveState()
    c.translate(150, 640)
    c.rotate(35)
    c.setFont("STSong-Light", 48)
    c.setFillGray(0.85)
    c.drawString(0, 0, "征求意见稿")
    c.restoreState()
    c.showPage()
    c.save()
    doc = read_bytes(buf.getvalue(), "wm.pdf")
    text = doc.blocks[0].text
    for ch in "征求意见稿":
        assert ch not in text
    assert "累计建成公共充电桩8000个以上，换电站20座，" in text
