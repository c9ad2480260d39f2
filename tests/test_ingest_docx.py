"""The DOCX reader: body order with tables, heading styles, metadata, damaged files."""

from __future__ import annotations

import io
import zipfile
from datetime import datetime

import docx
import pytest
from docx.enum.style import WD_STYLE_TYPE
from docx.oxml import parse_xml
from docx.oxml.ns import nsdecls

from plantrack.errors import BrokenFileError, EmptyInputError, NoTextError, TooLargeError
from plantrack.ingest import docx as reader
from plantrack.model import BlockRole, SourceDocument, SourceFormat

WPS = 'xmlns:wps="http://schemas.microsoft.com/office/word/2010/wordprocessingShape"'


def save(document: docx.document.Document) -> bytes:
    buf = io.BytesIO()
    document.save(buf)
    return buf.getvalue()


def read_docx(data: bytes) -> SourceDocument:
    return reader.read(data, name="plan.docx", content_hash="0" * 64)


def plan_document() -> docx.document.Document:
    d = docx.Document()
    d.core_properties.title = "示例市数字经济发展实施方案"
    d.core_properties.author = "示例市发展和改革委员会"
    d.core_properties.created = datetime(2022, 8, 1, 9, 0)
    d.add_heading("示例市数字经济发展实施方案", 0)
    d.add_heading("一、发展目标", 1)
    d.add_paragraph("到2025年，全市数字经济核心产业增加值占地区生产总值比重达到12%。")
    table = d.add_table(rows=3, cols=3)
    for r, row in enumerate(
        [
            ("指标", "2021年", "2025年"),
            ("5G基站（个）", "3000", "12000"),
            ("上云企业（家）", "", "5000"),
        ]
    ):
        for c, value in enumerate(row):
            table.cell(r, c).text = value
    d.add_heading("（一）数字产业化", 2)
    p = d.add_paragraph("培育软件和信息服务业，")
    p.add_run().add_break()
    p.add_run("营业收入突破500亿元。")
    d.add_paragraph("")  # an empty paragraph is skipped
    d.add_paragraph("附件：重点项目清单")
    return d


@pytest.fixture(scope="module")
def plan() -> SourceDocument:
    return read_docx(save(plan_document()))


def test_blocks_in_body_order_with_table_rows_in_place(plan: SourceDocument) -> None:
    assert plan.format is SourceFormat.DOCX
    assert [b.text for b in plan.blocks] == [
        "示例市数字经济发展实施方案",
        "一、发展目标",
        "到2025年，全市数字经济核心产业增加值占地区生产总值比重达到12%。",
        "指标 | 2021年 | 2025年",
        "5G基站（个） | 3000 | 12000",
        "上云企业（家） | 5000",
        "（一）数字产业化",
        "培育软件和信息服务业，\n营业收入突破500亿元。",
        "附件：重点项目清单",
    ]


def test_heading_roles_and_levels(plan: SourceDocument) -> None:
    roles = [(b.role, b.level) for b in plan.blocks]
    assert roles[0] == (BlockRole.HEADING, 1)  # Title
    assert roles[1] == (BlockRole.HEADING, 1)  # Heading 1
    assert roles[6] == (BlockRole.HEADING, 2)  # Heading 2
    assert all(
        b.role is BlockRole.BODY and b.level is None
        for i, b in enumerate(plan.blocks)
        if i not in (0, 1, 6)
    )


def test_metadata(plan: SourceDocument) -> None:
    md = plan.metadata
    assert md["title"] == "示例市数字经济发展实施方案"
    assert md["author"] == "示例市发展和改革委员会"
    assert md["date"].date() == datetime(2022, 8, 1).date()
    assert md["date"].tzinfo is not None


def test_title_from_first_heading_when_properties_have_none() -> None:
    d = docx.Document()
    d.core_properties.title = ""
    d.add_paragraph("说明：本文件为示例。")
    d.add_heading("示例县招商引资工作要点", 1)
    d.add_paragraph("全年引进亿元以上项目20个。")
    md = read_docx(save(d)).metadata
    assert md["title"] == "示例县招商引资工作要点"


def test_chinese_style_names_and_outline_levels() -> None:
    d = docx.Document()
    d.styles.add_style("标题 2", WD_STYLE_TYPE.PARAGRAPH)
    custom = d.styles.add_style("公文一级标题", WD_STYLE_TYPE.PARAGRAPH)
    custom.element.get_or_add_pPr().append(parse_xml(f'<w:outlineLvl {nsdecls("w")} w:val="0"/>'))
    d.add_paragraph("一、基本情况", style="公文一级标题")
    d.add_paragraph("（一）产业规模", style="标题 2")
    para = d.add_paragraph("（二）直接设定大纲级别的段落")
    para._p.get_or_add_pPr().append(parse_xml(f'<w:outlineLvl {nsdecls("w")} w:val="2"/>'))
    d.add_paragraph("正文：全市工业总产值达到5000亿元。")
    blocks = read_docx(save(d)).blocks
    assert [(b.role, b.level) for b in blocks] == [
        (BlockRole.HEADING, 1),
        (BlockRole.HEADING, 2),
        (BlockRole.HEADING, 3),
        (BlockRole.BODY, None),
    ]


def test_tracked_changes_hyperlinks_and_text_boxes() -> None:
    d = docx.Document()
    p = d.add_paragraph("产值目标为")
    p._p.append(
        parse_xml(
            f'<w:ins {nsdecls("w")} w:id="1" w:author="a"><w:r><w:t>1000亿元</w:t></w:r></w:ins>'
        )
    )
    p._p.append(
        parse_xml(
            f'<w:del {nsdecls("w")} w:id="2" w:author="a"><w:r><w:delText>800亿元</w:delText>'
            "</w:r></w:del>"
        )
    )
    p._p.append(
        parse_xml(f"<w:hyperlink {nsdecls('w')}><w:r><w:t>（详见附件）</w:t></w:r></w:hyperlink>")
    )
    # a text box: a paragraph inside a run's drawing must not be read into this one
    p._p.append(
        parse_xml(
            f"<w:r {nsdecls('w')} {WPS}><w:drawing><wps:txbx><w:txbxContent>"
            "<w:p><w:r><w:t>文本框文字</w:t></w:r></w:p>"
            "</w:txbxContent></wps:txbx></w:drawing></w:r>"
        )
    )
    blocks = read_docx(save(d)).blocks
    assert [b.text for b in blocks] == ["产值目标为1000亿元（详见附件）"]


def test_nested_table_is_read_with_its_cell() -> None:
    d = docx.Document()
    outer = d.add_table(rows=1, cols=2)
    outer.cell(0, 0).text = "重点项目"
    inner = outer.cell(0, 1).add_table(rows=1, cols=2)
    inner.cell(0, 0).text = "智能工厂"
    inner.cell(0, 1).text = "30家"
    blocks = read_docx(save(d)).blocks
    assert [b.text for b in blocks] == ["重点项目 | 智能工厂 30家"]


def test_truncated_docx_is_broken() -> None:
    data = save(plan_document())
    with pytest.raises(BrokenFileError, match="damaged"):
        read_docx(data[: len(data) // 2])


def test_docx_with_invalid_xml_is_broken() -> None:
    src = zipfile.ZipFile(io.BytesIO(save(plan_document())))
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w") as dst:
        for info in src.infolist():
            body = src.read(info)
            if info.filename == "word/document.xml":
                body = body[: len(body) // 2]  # cut in the middle of the XML
            dst.writestr(info, body)
    with pytest.raises(BrokenFileError, match="damaged and cannot be opened"):
        read_docx(out.getvalue())


def test_zip_without_a_word_document_is_broken() -> None:
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w") as z:
        z.writestr("readme.txt", "不是Word文档")
    with pytest.raises(BrokenFileError, match="damaged"):
        read_docx(out.getvalue())


def test_package_that_expands_too_far_is_refused(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(reader, "_MAX_UNPACKED_BYTES", 1000)
    with pytest.raises(TooLargeError, match="expands to"):
        read_docx(save(plan_document()))


def test_document_without_text() -> None:
    d = docx.Document()
    d.add_paragraph("")
    d.add_table(rows=2, cols=2)
    with pytest.raises(NoTextError, match="has no text"):
        read_docx(save(d))


def test_empty_input() -> None:
    with pytest.raises(EmptyInputError):
        read_docx(b"")
